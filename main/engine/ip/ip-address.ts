/**
 * IP address text as tshark prints it: dotted quad for IPv4, RFC 5952 canonical form for IPv6
 * (lower-case hex, no leading zeros, the longest run of two or more zero groups shown as "::",
 * the first such run on a tie, and IPv4-mapped / IPv4-compatible addresses ending in a dotted
 * quad, as glibc's inet_ntop does).
 * A capture holds few distinct addresses and every packet needs two, so small direct-mapped
 * caches return the same string for repeats instead of formatting it again.
 */

const CACHE_SLOTS = 2048;

const v4Keys = new Float64Array(CACHE_SLOTS).fill(-1);
const v4Text: string[] = new Array<string>(CACHE_SLOTS).fill('');

/** Formats the 4 bytes at data[offset..offset+4); the caller guarantees they are in bounds. */
export function formatIpv4(data: Uint8Array, offset: number): string {
  const key =
    ((data[offset] << 24) | (data[offset + 1] << 16) | (data[offset + 2] << 8) | data[offset + 3]) >>> 0;
  const slot = (key ^ (key >>> 11) ^ (key >>> 22)) & (CACHE_SLOTS - 1);
  if (v4Keys[slot] === key) return v4Text[slot];
  const text = data[offset] + '.' + data[offset + 1] + '.' + data[offset + 2] + '.' + data[offset + 3];
  v4Keys[slot] = key;
  v4Text[slot] = text;
  return text;
}

const v6Keys = new Int32Array(CACHE_SLOTS * 4);
const v6Used = new Uint8Array(CACHE_SLOTS);
const v6Text: string[] = new Array<string>(CACHE_SLOTS).fill('');
const groups = new Uint16Array(8);

function word(data: Uint8Array, offset: number): number {
  return (data[offset] << 24) | (data[offset + 1] << 16) | (data[offset + 2] << 8) | data[offset + 3];
}

/** Formats the 16 bytes at data[offset..offset+16); the caller guarantees they are in bounds. */
export function formatIpv6(data: Uint8Array, offset: number): string {
  const w0 = word(data, offset);
  const w1 = word(data, offset + 4);
  const w2 = word(data, offset + 8);
  const w3 = word(data, offset + 12);
  const mixed = w0 ^ Math.imul(w1, 0x9e3779b1) ^ Math.imul(w2, 0x85ebca6b) ^ Math.imul(w3, 0xc2b2ae35);
  const slot = (mixed ^ (mixed >>> 15)) & (CACHE_SLOTS - 1);
  const base = slot * 4;
  if (
    v6Used[slot] === 1 &&
    v6Keys[base] === w0 &&
    v6Keys[base + 1] === w1 &&
    v6Keys[base + 2] === w2 &&
    v6Keys[base + 3] === w3
  ) {
    return v6Text[slot];
  }
  const text = formatIpv6Uncached(data, offset);
  v6Used[slot] = 1;
  v6Keys[base] = w0;
  v6Keys[base + 1] = w1;
  v6Keys[base + 2] = w2;
  v6Keys[base + 3] = w3;
  v6Text[slot] = text;
  return text;
}

function formatIpv6Uncached(data: Uint8Array, offset: number): string {
  for (let i = 0; i < 8; i++) groups[i] = (data[offset + 2 * i] << 8) | data[offset + 2 * i + 1];
  // Find the longest run of zero groups; runs of one group are not compressed (RFC 5952 4.2.2).
  let bestStart = -1;
  let bestLength = 0;
  let runStart = -1;
  for (let i = 0; i <= 8; i++) {
    if (i < 8 && groups[i] === 0) {
      if (runStart < 0) runStart = i;
    } else if (runStart >= 0) {
      const length = i - runStart;
      if (length > bestLength) {
        bestStart = runStart;
        bestLength = length;
      }
      runStart = -1;
    }
  }
  if (bestLength < 2) bestStart = -1;
  let text = '';
  for (let i = 0; i < 8; i++) {
    if (bestStart >= 0 && i >= bestStart && i < bestStart + bestLength) {
      if (i === bestStart) text += ':';
      continue;
    }
    if (i !== 0) text += ':';
    // ::a.b.c.d (IPv4-compatible) and ::ffff:a.b.c.d (IPv4-mapped), as inet_ntop prints them.
    if (i === 6 && bestStart === 0 && (bestLength === 6 || (bestLength === 5 && groups[5] === 0xffff))) {
      text += data[offset + 12] + '.' + data[offset + 13] + '.' + data[offset + 14] + '.' + data[offset + 15];
      return text;
    }
    text += groups[i].toString(16);
  }
  if (bestStart >= 0 && bestStart + bestLength === 8) text += ':';
  return text;
}

/** "ip:port", with IPv6 addresses in brackets ("[2001:db8::1]:443"), as the NDJSON contract says. */
export function endpointText(ip: string, port: number): string {
  return ip.includes(':') ? '[' + ip + ']:' + port : ip + ':' + port;
}
