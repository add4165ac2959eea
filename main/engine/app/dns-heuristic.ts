/**
 * Recognises a DNS message in a UDP datagram on a port that is not a DNS port: DNSCrypt
 * resolvers answer their certificate queries (plain DNS TXT queries for
 * `2.dnscrypt-cert.<provider>`) on port 443, and resolvers and malware use other ports too.
 *
 * Threat model: the datagram is untrusted and usually not DNS at all, so the test must be
 * cheap (it runs on every datagram of an unidentified UDP flow) and hard to pass by chance.
 * It reads at most the header and the first question name, with every read bounds-checked,
 * and allocates nothing.
 *
 * The header rules are those of Wireshark's DNS-over-UDP heuristic (so the oracle and the
 * engine agree on what counts), plus one of our own: the first name (the question's, or the
 * first answer's when there is no question) must be a well-formed name (RFC 1035 §3.1 labels of at most 63 octets, at most 255 octets in all,
 * ending in the root label; pointers, which a first name has nothing earlier to point to, are
 * refused) followed by room for QTYPE and QCLASS. A DNS message whose first name cannot be
 * read is not unmistakably DNS.
 */

/*
 * RFC 1035 §4.1.1 header: ID (16) | QR, Opcode (4), AA, TC, RD, RA, Z (3), RCODE (4) |
 * QDCOUNT (16) | ANCOUNT (16) | NSCOUNT (16) | ARCOUNT (16).
 */
const HEADER_LEN = 12;
/** Wireshark's bound on the answer, authority and additional counts of a plausible message. */
const MAX_RECORDS = 100;
/** The smallest question (root name, QTYPE, QCLASS) and resource record (root name + 10). */
const MIN_QUESTION = 6;
const MIN_RECORD = 11;
const MAX_NAME = 255;

/**
 * True when `p` is, beyond reasonable doubt, a DNS message with opcode QUERY: a query with one
 * question and no answers, or a response with at most one question and a plausible number of
 * records, large enough to hold them, whose first name is well-formed.
 */
export function looksLikeDnsDatagram(p: Uint8Array): boolean {
  const len = p.length;
  if (len <= HEADER_LEN) return false;
  const flags = (p[2] << 8) | p[3];
  if ((flags & 0x7800) !== 0) return false;
  const qd = (p[4] << 8) | p[5];
  const an = (p[6] << 8) | p[7];
  const ns = (p[8] << 8) | p[9];
  const ar = (p[10] << 8) | p[11];
  if ((flags & 0x8000) === 0) {
    if (qd !== 1 || an !== 0 || ns !== 0) return false;
  } else if (qd > 1 || an > MAX_RECORDS || ns > MAX_RECORDS) {
    return false;
  }
  if (ar > MAX_RECORDS || qd + an === 0) return false;
  if (qd * MIN_QUESTION + (an + ns + ar) * MIN_RECORD > len - HEADER_LEN) return false;
  // The first name is the question's, or with no question the first answer's (RFC 1035 §4.1.3:
  // TYPE, CLASS, TTL and RDLENGTH follow it).
  const end = nameEnd(p, HEADER_LEN);
  return end > 0 && end + (qd === 1 ? 4 : 10) <= len;
}

/** Offset just past an uncompressed name starting at `start`, or -1 if it is not one. */
function nameEnd(p: Uint8Array, start: number): number {
  let i = start;
  while (i < p.length) {
    const label = p[i];
    if (label === 0) return i + 1;
    if (label > 63) return -1;
    i += 1 + label;
    if (i - start >= MAX_NAME) return -1;
  }
  return -1;
}
