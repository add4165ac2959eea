/**
 * The frame walker on hand-annotated plaintexts (frame layouts from RFC 9000 §19) and on the
 * RFC 9001 A.3 server payload (ACK then CRYPTO).
 */
import { describe, expect, it } from 'vitest';
import { annotatedHex, hexBytes } from '../app/test-support/annotated-hex';
import { walkInitialFrames } from './initial-frames';
import { V1_SERVER_PAYLOAD } from './test-support/rfc-vectors';

function walk(payload: Uint8Array, gquic = false) {
  const crypto: [number, string][] = [];
  const anomalies: string[] = [];
  const complete = walkInitialFrames(
    payload,
    gquic,
    (offset, data) => crypto.push([offset, Buffer.from(data).toString('hex')]),
    (name) => anomalies.push(name),
  );
  return { complete, crypto, anomalies };
}

const mixed = annotatedHex(`
  0000                // PADDING x2
  01                  // PING
  03                  // ACK_ECN
  4102                // Largest Acknowledged 258 (two-byte varint)
  05                  // ACK Delay 5
  02                  // ACK Range Count 2
  00                  // First ACK Range 0
  01 02               // ACK Range 1: Gap 1, ACK Range Length 2
  03 04               // ACK Range 2: Gap 3, ACK Range Length 4
  07 08 09            // ECN Counts: ECT0 7, ECT1 8, ECN-CE 9
  06                  // CRYPTO
  4010                // Offset 16 (two-byte varint)
  03                  // Length 3
  aabbcc              // Crypto Data
  1c                  // CONNECTION_CLOSE (transport)
  0a                  // Error Code PROTOCOL_VIOLATION
  06                  // Frame Type 6
  02 6869             // Reason Phrase Length 2, "hi"
  1d                  // CONNECTION_CLOSE (application): no Frame Type field
  00                  // Error Code 0
  00                  // Reason Phrase Length 0
  06 00 02 ddee       // CRYPTO at offset 0, length 2, data
  000000              // PADDING to the end
`).bytes;

describe('walkInitialFrames', () => {
  it('skips PADDING, PING, ACK with ranges and ECN counts, both CONNECTION_CLOSE forms; hands out CRYPTO', () => {
    expect(walk(mixed)).toEqual({
      complete: true,
      crypto: [
        [16, 'aabbcc'],
        [0, 'ddee'],
      ],
      anomalies: [],
    });
  });

  it('reads the RFC 9001 A.3 server payload: ACK, then CRYPTO of 0x5a bytes at offset 0', () => {
    const r = walk(hexBytes(V1_SERVER_PAYLOAD));
    expect(r.complete).toBe(true);
    expect(r.crypto.map(([o, d]) => [o, d.length / 2])).toEqual([[0, 0x5a]]);
  });

  it('stops at a frame type not allowed in Initial packets (STREAM 0x08) with an anomaly', () => {
    const r = walk(
      annotatedHex(`
      06 00 01 aa     // CRYPTO offset 0, length 1
      08 00 01 bb     // STREAM: not allowed in an Initial
      06 01 01 cc     // CRYPTO that is never reached
    `).bytes,
    );
    expect(r).toEqual({ complete: false, crypto: [[0, 'aa']], anomalies: ['quic-initial-unexpected-frame'] });
  });

  it('reports a CRYPTO frame longer than the payload, and an ACK range count the payload cannot hold', () => {
    expect(walk(hexBytes('06 00 05 aabb')).anomalies).toEqual(['quic-frame-truncated']);
    expect(walk(hexBytes('06 00 05 aabb')).crypto).toEqual([]);
    // ACK Range Count 2^30-1 (four-byte varint) with two bytes of ranges.
    expect(walk(hexBytes('02 01 00 bfffffff 00 0101')).anomalies).toEqual(['quic-frame-truncated']);
    // A frame type varint cut after its first byte.
    expect(walk(hexBytes('40')).anomalies).toEqual(['quic-frame-truncated']);
  });

  it('gQUIC T05x framing: PING is 0x07, CRYPTO 0x08; an ACK (0x40) ends the walk', () => {
    const t051 = annotatedHex(`
      07              // gQUIC PING
      08 00 02 abcd   // gQUIC CRYPTO: offset 0, length 2, data
      0000            // PADDING
      40 01 08c5 01 00 // gQUIC ACK: not read
    `).bytes;
    expect(walk(t051, true)).toEqual({
      complete: false,
      crypto: [[0, 'abcd']],
      anomalies: ['quic-initial-unexpected-frame'],
    });
  });
});
