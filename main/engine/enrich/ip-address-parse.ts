/**
 * IP address text or bytes → 32-bit words, for the range tables.
 *
 * Threat model: the text usually comes from the engine's own formatter, but the lookup API takes
 * any string (a user's input, a record read back from a file), so anything that is not exactly
 * a dotted quad (RFC 791 notation, decimal octets 0-255 with no leading zeros) or RFC 4291 §2.2
 * IPv6 text is rejected rather than guessed at. The parser looks at each character once and
 * allocates nothing.
 *
 * RFC 4291 §2.2 text forms accepted:
 *   x:x:x:x:x:x:x:x          eight groups of 1-4 hex digits
 *   x:x::x                   "::" stands for one or more zero groups, at most once
 *   x:x:x:x:x:x:d.d.d.d      the low 32 bits as a dotted quad (also after "::")
 * A zone suffix ("%eth0", RFC 4007 §11) is ignored: it names a link, not a different address.
 */

/** Parsed into out[0] (IPv4) or out[0..4) (IPv6, most significant word first). */
export type IpVersion = 0 | 4 | 6;

export function parseIpAddress(text: string, out: Uint32Array): IpVersion {
  const percent = text.indexOf('%');
  const end = percent >= 0 ? percent : text.length;
  if (text.indexOf(':') < 0) {
    if (percent >= 0) return 0;
    const v4 = parseDottedQuad(text, 0, end);
    if (v4 < 0) return 0;
    out[0] = v4;
    return 4;
  }
  return parseIpv6(text, end, out) ? 6 : 0;
}

/** 4 or 16 bytes of a packet header; any other length is not an address. */
export function ipWordsFromBytes(bytes: Uint8Array, out: Uint32Array): IpVersion {
  if (bytes.length === 4) {
    out[0] = word(bytes, 0);
    return 4;
  }
  if (bytes.length === 16) {
    for (let i = 0; i < 4; i++) out[i] = word(bytes, 4 * i);
    return 6;
  }
  return 0;
}

function word(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

/** The u32 value of text[start..end) as a dotted quad, or -1. */
function parseDottedQuad(text: string, start: number, end: number): number {
  let value = 0;
  let octets = 0;
  let i = start;
  while (octets < 4) {
    const from = i;
    let octet = 0;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      octet = octet * 10 + (c - 48);
      i++;
      if (i - from > 3) return -1;
    }
    const digits = i - from;
    // "01" is refused: some parsers read a leading zero as octal, so its meaning is unclear.
    if (digits === 0 || octet > 255 || (digits > 1 && text.charCodeAt(from) === 48)) return -1;
    value = value * 256 + octet;
    octets++;
    if (octets < 4) {
      if (i >= end || text.charCodeAt(i) !== 46) return -1;
      i++;
    }
  }
  return i === end ? value : -1;
}

const groups = new Uint16Array(8);

function parseIpv6(text: string, end: number, out: Uint32Array): boolean {
  let count = 0;
  let gap = -1;
  let i = 0;
  if (end >= 2 && text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return false;
    gap = 0;
    i = 2;
  }
  while (i < end) {
    const from = i;
    let value = 0;
    while (i < end && i - from < 5) {
      const h = hexValue(text.charCodeAt(i));
      if (h < 0) break;
      value = (value << 4) | h;
      i++;
    }
    const digits = i - from;
    if (i < end && text.charCodeAt(i) === 46) {
      // The dotted-quad tail: it fills the last two groups and ends the address.
      if (count > 6) return false;
      const v4 = parseDottedQuad(text, from, end);
      if (v4 < 0) return false;
      groups[count++] = v4 >>> 16;
      groups[count++] = v4 & 0xffff;
      i = end;
      break;
    }
    if (digits === 0 || digits > 4 || count >= 8) return false;
    groups[count++] = value;
    if (i === end) break;
    if (text.charCodeAt(i) !== 58) return false;
    i++;
    if (i < end && text.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = count;
      i++;
    } else if (i === end) {
      return false;
    }
  }
  if (gap < 0 ? count !== 8 : count > 7) return false;
  const zeros = 8 - count;
  let w = 0;
  let g = 0;
  for (let k = 0; k < 8; k++) {
    const group = gap >= 0 && k >= gap && k < gap + zeros ? 0 : groups[g++];
    if (k % 2 === 0) {
      w = group << 16;
    } else {
      out[k >> 1] = (w | group) >>> 0;
    }
  }
  return true;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}
