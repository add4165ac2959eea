/**
 * Long-header parsing on hand-annotated packets (field layouts from RFC 9000 §17.2 and RFC
 * 9369 §3.2) and on the RFC 9001 A.2 / A.3 headers.
 */
import { describe, expect, it } from 'vitest';
import { annotatedHex, hexBytes } from '../app/test-support/annotated-hex';
import { parseLongHeader } from './long-header';
import { V1_CLIENT_PACKET, V1_SERVER_PACKET } from './test-support/rfc-vectors';

function collect() {
  const names: string[] = [];
  return { names, sink: (name: string) => void names.push(name) };
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('parseLongHeader', () => {
  it('RFC 9001 A.2 client Initial: 8-byte DCID, empty SCID, no token, Length 1182, PN at 18', () => {
    const h = parseLongHeader(hexBytes(V1_CLIENT_PACKET), 0, () => {})!;
    expect(h.kind).toBe('initial');
    expect(h.version).toBe(1);
    expect(hex(h.dcid)).toBe('8394c8f03e515708');
    expect(h.scid.length).toBe(0);
    expect(h.pnOffset).toBe(18);
    expect(h.end).toBe(1200);
  });

  it('RFC 9001 A.3 server Initial: empty DCID, 8-byte SCID, Length 0x75, PN at 18', () => {
    const h = parseLongHeader(hexBytes(V1_SERVER_PACKET), 0, () => {})!;
    expect([h.kind, hex(h.scid), h.pnOffset, h.end]).toEqual(['initial', 'f067a5502a4262b5', 18, 135]);
  });

  const coalesced = annotatedHex(`
    c3                  // Initial (v1 type 0), 4-byte packet number (still protected in real life)
    00000001            // version 1
    04 0a0b0c0d         // DCID length 4, DCID
    02 e1e2             // SCID length 2, SCID
    03 aabbcc           // Token Length 3, Token
    4006                // Length 6 (two-byte varint)
    000000010203        // packet number and payload (6 bytes)
    e0                  // Handshake (v1 type 2)
    00000001            // version 1
    04 0a0b0c0d         // DCID length 4, DCID
    00                  // SCID length 0
    03                  // Length 3 (one-byte varint), no token in a Handshake packet
    010203              // packet number and payload
    40 11223344         // a short-header packet: form bit clear
  `).bytes;

  it('walks coalesced packets: an Initial with a token, then a Handshake packet, then a short header', () => {
    const first = parseLongHeader(coalesced, 0, () => {})!;
    expect([first.kind, hex(first.dcid), hex(first.scid), first.pnOffset, first.end]).toEqual([
      'initial',
      '0a0b0c0d',
      'e1e2',
      19,
      25,
    ]);
    const second = parseLongHeader(coalesced, first.end, () => {})!;
    expect([second.kind, second.start, second.pnOffset, second.end]).toEqual(['handshake', 25, 37, 40]);
    expect(coalesced[second.end] & 0x80).toBe(0);
  });

  it('v2 rotates the type bits: 0b01 is Initial, 0b00 Retry, 0b11 Handshake, 0b10 0-RTT', () => {
    const v2 = (first: number) =>
      parseLongHeader(Uint8Array.of(first, 0x6b, 0x33, 0x43, 0xcf, 0, 0, 0, 1, 0), 0, () => {})?.kind;
    expect(v2(0xd0)).toBe('initial');
    expect(v2(0xc0)).toBe('retry');
    expect(v2(0xf0)).toBe('handshake');
    expect(v2(0xe0)).toBe('0-rtt');
    // The same first bytes under v1: 0b01 is 0-RTT, 0b00 Initial.
    const v1 = (first: number) =>
      parseLongHeader(Uint8Array.of(first, 0, 0, 0, 1, 0, 0, 0, 1, 0), 0, () => {})?.kind;
    expect(v1(0xd0)).toBe('0-rtt');
    expect(v1(0xf0)).toBe('retry');
  });

  it('Version Negotiation (version 0) and unknown versions take the rest of the datagram', () => {
    const vn = annotatedHex(`
      80            // long header, unused bits
      00000000      // version 0: Version Negotiation
      01 aa         // DCID length 1, DCID
      01 bb         // SCID length 1, SCID
      00000001      // supported version 1
      6b3343cf      // supported version 2
    `).bytes;
    const h = parseLongHeader(vn, 0, () => {})!;
    expect([h.kind, h.end, h.pnOffset]).toEqual(['version-negotiation', vn.length, -1]);
    const other = parseLongHeader(Uint8Array.of(0xc0, 0x12, 0x34, 0x56, 0x78, 0, 0, 9, 9), 0, () => {})!;
    expect([other.kind, other.version, other.end]).toEqual(['unsupported', 0x12345678, 9]);
  });

  it('Retry has no Length: it ends the datagram', () => {
    const retry = annotatedHex(`
      f0                                // Retry (v1 type 3)
      00000001                          // version 1
      02 aaaa                           // DCID length 2, DCID
      04 01020304                       // SCID length 4, SCID: the ID the client must use next
      746f6b656e                        // Retry Token "token"
      00112233445566778899aabbccddeeff  // Retry Integrity Tag
    `).bytes;
    const h = parseLongHeader(retry, 0, () => {})!;
    expect([h.kind, hex(h.scid), h.end]).toEqual(['retry', '01020304', retry.length]);
  });

  it('reports a header cut short, a connection ID over 20 bytes and a Length past the datagram', () => {
    const cut = collect();
    expect(parseLongHeader(coalesced.subarray(0, 9), 0, cut.sink)).toBeNull();
    expect(parseLongHeader(coalesced.subarray(0, 18), 0, cut.sink)).toBeNull(); // inside the Length field
    expect(cut.names).toEqual(['quic-long-header-truncated', 'quic-long-header-truncated']);

    const long = collect();
    expect(
      parseLongHeader(Uint8Array.of(0xc0, 0, 0, 0, 1, 21, ...new Uint8Array(21), 0, 0, 0), 0, long.sink),
    ).toBeNull();
    expect(long.names).toEqual(['quic-connection-id-too-long']);

    const past = collect();
    expect(parseLongHeader(coalesced.subarray(0, 24), 0, past.sink)).toBeNull();
    expect(past.names).toEqual(['quic-packet-length-exceeds-datagram']);
  });
});
