/**
 * Text forms of IP addresses found inside application payloads (DNS A/AAAA records).
 *
 * Threat model: the caller has already checked that 4 or 16 bytes exist at `off`; these
 * functions only read that many bytes and allocate one short string.
 *
 * IPv6 follows RFC 5952 §4 (lowercase hex, no leading zeros, the longest run of two or more
 * zero groups becomes "::", the first run on a tie) and, like BSD inet_ntop() and tshark,
 * writes the last 32 bits as a dotted quad for IPv4-mapped (::ffff:a.b.c.d, RFC 5952 §5)
 * and IPv4-compatible (::a.b.c.d) addresses.
 */

export function formatIpv4(b: Uint8Array, off: number): string {
  return `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
}

export function formatIpv6(b: Uint8Array, off: number): string {
  const words = new Array<number>(8);
  for (let i = 0; i < 8; i++) words[i] = (b[off + 2 * i] << 8) | b[off + 2 * i + 1];

  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      if (curBase < 0) {
        curBase = i;
        curLen = 1;
      } else {
        curLen++;
      }
      if (curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
    } else {
      curBase = -1;
      curLen = 0;
    }
  }
  // RFC 5952 §4.2.2: a single zero group is never shortened to "::".
  if (bestLen < 2) bestBase = -1;

  const embedsV4 = bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff));
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestBase) {
      out += i === 0 ? '::' : ':';
      i += bestLen - 1;
      continue;
    }
    if (embedsV4 && i === 6) {
      out += formatIpv4(b, off + 12);
      break;
    }
    out += words[i].toString(16);
    if (i < 7) out += ':';
  }
  return out;
}
