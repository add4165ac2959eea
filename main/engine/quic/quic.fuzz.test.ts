/**
 * Property tests (fast-check) for the QUIC Initial reader: random datagrams, mutated real
 * Initials (which mostly fail authentication, so they exercise the header parsing), and
 * correctly protected Initials with random or mutated plaintext (which exercise the frame
 * walker and the CRYPTO reassembly behind the decryption). Nothing may throw, every run ends
 * (vitest's timeout bounds each property), and state stays within the configured limits.
 * A last property splits the RFC ClientHello into random overlapping pieces over random
 * packets: the hello is reported exactly once if and only if every byte arrived.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hexBytes } from '../app/test-support/annotated-hex';
import { QuicInitialTracker } from './quic-initial-tracker';
import { concat, cryptoFrame, protectInitial } from './test-support/protect-initial';
import { CLIENT_CRYPTO_FRAME, V1_CLIENT_PACKET, V2_CLIENT_PACKET } from './test-support/rfc-vectors';

const RUNS = { numRuns: 300 };
const LIMITS = { maxConnections: 4, maxCryptoBytes: 4096, maxCryptoPieces: 64 };
const HELLO = hexBytes(CLIENT_CRYPTO_FRAME).subarray(4);
const DCIDS = [1, 2, 3, 4, 5, 6].map((i) => Uint8Array.of(i, i, i, i, i, i, i, i));

/** A valid input changed at a few places, cut or extended. */
function mutated(base: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc
    .record({
      edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      cut: fc.nat({ max: base.length }),
      keepAll: fc.boolean(),
      extra: fc.uint8Array({ maxLength: 64 }),
    })
    .map(({ edits, cut, keepAll, extra }) => {
      const out = concat(base, extra);
      for (const [at, value] of edits) out[at % out.length] = value;
      return keepAll ? out : out.subarray(0, cut);
    });
}

function checkBounds(t: QuicInitialTracker): void {
  expect(t.size).toBeLessThanOrEqual(LIMITS.maxConnections);
  expect(t.bufferedBytes).toBeLessThanOrEqual(LIMITS.maxConnections * LIMITS.maxCryptoBytes);
}

describe('fuzz: QuicInitialTracker', () => {
  it('random and mutated datagrams, either direction, never throw', () => {
    const datagram = fc.oneof(
      fc.uint8Array({ maxLength: 1500 }),
      fc.uint8Array({ minLength: 1, maxLength: 300 }).map((b) => concat(Uint8Array.of(0xc0 | b[0]), b)),
      mutated(hexBytes(V1_CLIENT_PACKET)),
      mutated(hexBytes(V2_CLIENT_PACKET)),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(datagram, fc.boolean()), { maxLength: 8 }), (datagrams) => {
        const t = new QuicInitialTracker(() => {}, LIMITS);
        for (const [d, fromClient] of datagrams)
          expect(t.push(d, fromClient, 1).length).toBeLessThanOrEqual(2);
        checkBounds(t);
      }),
      RUNS,
    );
  });

  it('protected Initials with hostile plaintext (random frames, huge offsets, mutated CRYPTO) never throw', () => {
    const plaintext = fc.oneof(
      fc.uint8Array({ maxLength: 600 }),
      mutated(hexBytes(CLIENT_CRYPTO_FRAME)),
      // CRYPTO frames with 8-byte varint offsets and lengths, then random bytes.
      fc
        .tuple(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ maxLength: 100 }))
        .map(([numbers, rest]) => concat(Uint8Array.of(0x06, 0xc0 | numbers[0]), numbers.subarray(1), rest)),
    );
    const packet = fc.record({
      dcid: fc.constantFrom(...DCIDS),
      plaintext,
      pn: fc.nat({ max: 2 ** 30 }),
      pnLength: fc.integer({ min: 1, max: 4 }),
      version: fc.constantFrom(0x00000001, 0x6b3343cf, 0xff00001d, 0x54303531),
    });
    fc.assert(
      fc.property(fc.array(packet, { minLength: 1, maxLength: 10 }), (packets) => {
        const t = new QuicInitialTracker(() => {}, LIMITS);
        for (const [i, p] of packets.entries()) {
          const bytes = protectInitial({
            version: p.version,
            dcid: p.dcid,
            scid: new Uint8Array(0),
            packetNumber: p.pn % 2 ** (8 * p.pnLength),
            pnLength: p.pnLength,
            payload: p.plaintext,
          });
          expect(t.push(bytes, true, i + 1).length).toBeLessThanOrEqual(2);
          checkBounds(t);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('random overlapping pieces of the hello over random packets: reported once exactly when every byte arrived', () => {
    const piece = fc
      .tuple(fc.nat({ max: HELLO.length - 1 }), fc.integer({ min: 1, max: 120 }))
      .map(([from, length]) => [from, Math.min(HELLO.length, from + length)] as [number, number]);
    fc.assert(
      fc.property(
        fc.array(fc.array(piece, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        (packets) => {
          const anomalies: string[] = [];
          const t = new QuicInitialTracker((name) => anomalies.push(name), LIMITS);
          const covered = new Uint8Array(HELLO.length);
          const reports: number[] = [];
          for (const [i, pieces] of packets.entries()) {
            const frames = pieces.map(([from, to]) => cryptoFrame(from, HELLO.subarray(from, to)));
            const bytes = protectInitial({
              version: 1,
              dcid: DCIDS[0],
              scid: new Uint8Array(0),
              packetNumber: i,
              payload: concat(...frames),
            });
            for (const r of t.push(bytes, true, i + 1)) {
              expect(r.hello.sni).toBe('example.com');
              reports.push(r.frame);
            }
            for (const [from, to] of pieces) covered.fill(1, from, to);
          }
          expect(reports.length).toBe(covered.every((c) => c === 1) ? 1 : 0);
          expect(anomalies).toEqual([]);
        },
      ),
      RUNS,
    );
  });
});
