/**
 * looksLikeDnsDatagram on a real DNSCrypt certificate query (frame 1 of the nDPI capture
 * dnscrypt-v1-and-resolver-pings.pcap, sent to port 443), on other real DNS messages, and on
 * near misses; tshark's DNS-over-UDP heuristic is the oracle for messages off port 53.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { looksLikeDnsDatagram } from './dns-heuristic';
import { annotatedHex, hexBytes } from './test-support/annotated-hex';
import { hasCorpus, udpPayloads } from './test-support/corpus';
import { hasTshark, pcapOf, run, tempFile } from './test-support/tools';

const DNSCRYPT_CERT_QUERY = annotatedHex(`
  7f 47                 // header: ID 0x7f47
  01 00                 // header: QR=0 (query), opcode 0, RD
  00 01                 // header: QDCOUNT 1
  00 00                 // header: ANCOUNT 0
  00 00                 // header: NSCOUNT 0
  00 01                 // header: ARCOUNT 1
  01 32                 // question: label "2"
  0d 64 6e 73 63 72 79 70 74 2d 63 65 72 74   // question: label "dnscrypt-cert"
  08 64 6e 73 63 72 79 70 74   // question: label "dnscrypt"
  04 63 61 2d 32        // question: label "ca-2"
  00                    // question: root label
  00 10                 // question: QTYPE TXT
  00 01                 // question: QCLASS IN
  00                    // additional: root name
  00 00                 // additional: TYPE 0 (as the client sent it)
  00 00 00 00 00 00 00 00   // additional: CLASS, TTL, RDLENGTH 0
`).bytes;

const RESPONSE = hexBytes(
  '0001 8180 0001 0001 0000 0000 07 6578616d706c65 03 636f6d 00 0001 0001 c00c 0001 0001 0000003c 0004 c0000201',
);

describe('looksLikeDnsDatagram', () => {
  it('accepts a DNSCrypt certificate query and an ordinary response', () => {
    expect(looksLikeDnsDatagram(DNSCRYPT_CERT_QUERY)).toBe(true);
    expect(looksLikeDnsDatagram(RESPONSE)).toBe(true);
  });

  it('refuses near misses', () => {
    const variant = (edit: (b: Uint8Array) => void) => {
      const b = DNSCRYPT_CERT_QUERY.slice();
      edit(b);
      return looksLikeDnsDatagram(b);
    };
    expect(
      variant((b) => (b[2] |= 0x28)),
      'opcode 5 (UPDATE)',
    ).toBe(false);
    expect(
      variant((b) => (b[5] = 2)),
      'a query with two questions',
    ).toBe(false);
    expect(
      variant((b) => (b[7] = 1)),
      'a query with an answer',
    ).toBe(false);
    expect(
      variant((b) => (b[11] = 101)),
      'more than 100 additional records',
    ).toBe(false);
    expect(
      variant((b) => (b[12] = 0x41)),
      'a first label longer than 63',
    ).toBe(false);
    expect(
      variant((b) => (b[12] = 0xc0)),
      'a pointer in the first name',
    ).toBe(false);
    expect(looksLikeDnsDatagram(DNSCRYPT_CERT_QUERY.subarray(0, 12)), 'header only').toBe(false);
    expect(looksLikeDnsDatagram(DNSCRYPT_CERT_QUERY.subarray(0, 40)), 'name without QTYPE').toBe(false);
    // A response announcing more records than its bytes could hold.
    const big = RESPONSE.slice();
    big[7] = 50;
    expect(looksLikeDnsDatagram(big)).toBe(false);
    // QUIC, TLS and text never pass.
    expect(looksLikeDnsDatagram(hexBytes('c3 00000001 08 0102030405060708 00 0041'))).toBe(false);
    expect(looksLikeDnsDatagram(new TextEncoder().encode('M-SEARCH * HTTP/1.1\r\nHOST: x\r\n\r\n'))).toBe(
      false,
    );
  });

  it('never throws and reads nothing past the datagram', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const r = looksLikeDnsDatagram(b);
        return typeof r === 'boolean';
      }),
      { numRuns: 5000 },
    );
  });
});

/** Off port 53 tshark decodes by its heuristic: what it calls DNS we should, and the reverse. */
describe.skipIf(!hasTshark)('looksLikeDnsDatagram agrees with tshark off the DNS ports', () => {
  it('on real and near-miss messages sent to UDP port 443', () => {
    const cases = [
      DNSCRYPT_CERT_QUERY,
      RESPONSE,
      hexBytes('0002 0100 0001 0001 0000 0000 00 0001 0001'),
      hexBytes('0003 2800 0001 0000 0000 0000 00 0001 0001'),
      hexBytes('0004 8180 0002 0000 0000 0000 00 0001 0001 00 0001 0001'),
      hexBytes('0005 0100 0001 0000 0000 0000 0161 00 0001 0001'),
    ];
    const file = tempFile(
      'dns-heuristic.pcap',
      pcapOf(cases.map((payload) => ({ proto: 'udp', sport: 40001, dport: 443, payload }))),
    );
    const out = run('tshark', ['-r', file, '-n', '-T', 'fields', '-e', 'frame.number', '-e', 'dns.id']);
    const theirs = out
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\t')[1] !== '');
    expect(cases.map((c) => looksLikeDnsDatagram(c))).toEqual(theirs);
  });
});

/*
 * On real captures, every datagram off the DNS ports: what tshark decodes as DNS must pass, the
 * rest (DNSCrypt's encrypted queries on the same port 443, QUIC, STUN, RTP, ...) must not.
 */
describe.skipIf(!hasCorpus)('looksLikeDnsDatagram on the corpus, off the DNS ports', () => {
  const FILES = [
    'ndpi__dnscrypt-v1-and-resolver-pings.pcap', // DNSCrypt certificate queries and encrypted DNS on 443
    'ndpi__signal.pcap', // QUIC, STUN and RTP
    'ndpi__whatsapp_login_call.pcap', // a phone's call: STUN, RTP, relays
    'ndpi__dropbox.pcap', // LAN sync broadcasts
  ];
  const OFF_PORT = '!(udp.port == 53 || udp.port == 5353 || udp.port == 5355 || udp.port == 137)';
  for (const file of FILES) {
    it(file, () => {
      const dns = udpPayloads(file, `udp && dns && ${OFF_PORT} && !icmp`);
      const other = udpPayloads(file, `udp && !dns && ${OFF_PORT} && !icmp`);
      expect(dns.filter(([, p]) => !looksLikeDnsDatagram(p)).map(([f]) => f)).toEqual([]);
      expect(other.filter(([, p]) => looksLikeDnsDatagram(p)).map(([f]) => f)).toEqual([]);
      expect(dns.length + other.length).toBeGreaterThan(0);
    });
  }
});
