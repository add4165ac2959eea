import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anomalyRecorder } from '../link/hex-fixture';
import { FragmentReassembler, type IpFragment } from './fragment-reassembler';

/** A 64-byte datagram payload whose every byte tells its position. */
const ORIGINAL = Uint8Array.from({ length: 64 }, (_, i) => i);

function fragment(
  offset: number,
  length: number,
  more: boolean,
  extra: Partial<IpFragment> = {},
): IpFragment {
  return {
    version: 4,
    src: '192.0.2.1',
    dst: '198.51.100.2',
    id: 7,
    protocol: 17,
    hopLimit: 64,
    offset,
    more,
    length,
    data: ORIGINAL.subarray(offset, offset + length),
    frame: offset / 8 + 1,
    ts: 1000,
    ...extra,
  };
}

function setup(limits = {}) {
  const recorder = anomalyRecorder();
  return { reasm: new FragmentReassembler(recorder.sink, limits), anomalies: recorder.names };
}

describe('FragmentReassembler', () => {
  it('reassembles fragments in order', () => {
    const { reasm, anomalies } = setup();
    expect(reasm.add(fragment(0, 24, true))).toBeNull();
    expect(reasm.add(fragment(24, 24, true))).toBeNull();
    const datagram = reasm.add(fragment(48, 16, false));
    expect(datagram).toMatchObject({
      version: 4,
      src: '192.0.2.1',
      dst: '198.51.100.2',
      protocol: 17,
      fragmented: true,
    });
    expect(datagram?.payload).toEqual(ORIGINAL);
    expect(datagram?.frames).toEqual([1, 4, 7]);
    expect(anomalies).toEqual([]);
    expect(reasm.pending).toBe(0);
    expect(reasm.stats).toMatchObject({ fragments: 3, reassembled: 1 });
  });

  it('reassembles fragments in reverse order and takes the header from the first fragment', () => {
    const { reasm } = setup();
    expect(reasm.add(fragment(48, 16, false, { hopLimit: 3 }))).toBeNull();
    expect(reasm.add(fragment(24, 24, true, { hopLimit: 3 }))).toBeNull();
    const datagram = reasm.add(fragment(0, 24, true, { hopLimit: 60 }));
    expect(datagram?.payload).toEqual(ORIGINAL);
    expect(datagram?.hopLimit).toBe(60);
    expect(datagram?.frames).toEqual([1, 4, 7]);
  });

  it('accepts overlapping fragments with identical bytes silently', () => {
    const { reasm, anomalies } = setup();
    reasm.add(fragment(0, 32, true));
    reasm.add(fragment(16, 32, true)); // bytes 16..48, half already held
    reasm.add(fragment(8, 8, true)); // fully inside the first
    const datagram = reasm.add(fragment(40, 24, false));
    expect(datagram?.payload).toEqual(ORIGINAL);
    expect(anomalies).toEqual([]);
  });

  it('keeps the first copy of conflicting overlaps and reports the conflict once', () => {
    const { reasm, anomalies } = setup();
    const forged = new Uint8Array(32).fill(0xee);
    reasm.add(fragment(0, 32, true));
    reasm.add(fragment(16, 32, true, { data: forged })); // differs from what 16..32 already holds
    reasm.add(fragment(8, 16, true, { data: forged.subarray(0, 16) })); // differs again
    const datagram = reasm.add(fragment(48, 16, false));
    const expected = ORIGINAL.slice();
    expected.fill(0xee, 32, 48); // only the bytes nobody had sent before come from the forgery
    expect(datagram?.payload).toEqual(expected);
    expect(anomalies).toEqual(['ip-fragment-overlap-conflict']);
  });

  it('times a datagram with a missing piece out by packet time', () => {
    const { reasm, anomalies } = setup();
    reasm.add(fragment(0, 24, true, { ts: 1000 }));
    reasm.add(fragment(48, 16, false, { ts: 1001 }));
    reasm.expire(1029);
    expect(reasm.pending).toBe(1);
    reasm.expire(1031);
    expect(reasm.pending).toBe(0);
    expect(anomalies).toEqual(['ip-fragment-timeout']);
    // The missing piece arriving late starts a new datagram that cannot complete.
    expect(reasm.add(fragment(24, 24, true, { ts: 1032 }))).toBeNull();
    expect(reasm.stats.timedOut).toBe(1);
  });

  it('keeps datagrams apart by addresses, id and (for IPv4) protocol', () => {
    const { reasm } = setup();
    reasm.add(fragment(0, 32, true));
    reasm.add(fragment(0, 32, true, { id: 8 }));
    reasm.add(fragment(0, 32, true, { protocol: 6 }));
    reasm.add(fragment(0, 32, true, { src: '192.0.2.9' }));
    expect(reasm.pending).toBe(4);
    expect(reasm.add(fragment(32, 32, false, { id: 8 }))?.payload).toEqual(ORIGINAL);
    expect(reasm.pending).toBe(3);
  });

  it('keys IPv6 datagrams without the protocol (only the first fragment names it)', () => {
    const { reasm } = setup();
    reasm.add(fragment(0, 32, true, { version: 6, src: '2001:db8::1', dst: '2001:db8::2', protocol: 60 }));
    const datagram = reasm.add(
      fragment(32, 32, false, { version: 6, src: '2001:db8::1', dst: '2001:db8::2', protocol: 17 }),
    );
    expect(datagram).toMatchObject({ version: 6, protocol: 60 });
  });

  it('rejects datagrams larger than the limit', () => {
    const { reasm, anomalies } = setup();
    reasm.add(fragment(0, 32, true));
    const huge = { ...fragment(0, 8, true), offset: 65528, length: 16, data: new Uint8Array(16) };
    expect(reasm.add(huge)).toBeNull();
    expect(anomalies).toEqual(['ip-fragment-too-large']);
    expect(reasm.pending).toBe(0);
  });

  it('evicts the oldest datagram beyond maxPending', () => {
    const { reasm, anomalies } = setup({ maxPending: 2 });
    reasm.add(fragment(0, 32, true, { id: 1 }));
    reasm.add(fragment(0, 32, true, { id: 2 }));
    reasm.add(fragment(0, 32, true, { id: 3 }));
    expect(anomalies).toEqual(['ip-fragment-evicted']);
    expect(reasm.pending).toBe(2);
    expect(reasm.add(fragment(32, 32, false, { id: 2 }))?.payload).toEqual(ORIGINAL);
    expect(reasm.add(fragment(32, 32, false, { id: 3 }))?.payload).toEqual(ORIGINAL);
    expect(reasm.add(fragment(32, 32, false, { id: 1 }))).toBeNull(); // id 1 was evicted
  });

  it('evicts under the memory cap', () => {
    const { reasm, anomalies } = setup({ maxBufferedBytes: 100 });
    reasm.add(fragment(0, 48, true, { id: 1 }));
    reasm.add(fragment(0, 48, true, { id: 2 }));
    expect(anomalies).toEqual([]);
    reasm.add(fragment(0, 48, true, { id: 3 })); // 144 bytes held: the oldest goes
    expect(anomalies).toEqual(['ip-fragment-evicted']);
    expect(reasm.pending).toBe(2);
  });

  it('reports data past the end the last fragment set, and conflicting ends', () => {
    const { reasm, anomalies } = setup();
    reasm.add(fragment(0, 48, true));
    expect(reasm.add(fragment(32, 8, false))?.payload).toEqual(ORIGINAL.subarray(0, 40));
    expect(anomalies).toEqual(['ip-fragment-past-end']);
  });

  it('waits on a fragment the capture cut short, and flush reports it', () => {
    const { reasm, anomalies } = setup();
    reasm.add(fragment(0, 32, true));
    reasm.add({ ...fragment(32, 32, false), data: ORIGINAL.subarray(32, 40) }); // 8 of 32 bytes captured
    expect(reasm.pending).toBe(1);
    reasm.flush();
    expect(anomalies).toEqual(['ip-fragment-incomplete']);
    expect(reasm.pending).toBe(0);
  });

  it('rebuilds any shuffled, duplicated, overlapping cover of a datagram', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 3000 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.integer(),
        (payload, cuts, extras, seed) => {
          // Fragments from a partition of the payload (8-byte aligned), plus overlapping extra
          // copies of real bytes, in a shuffled order; the last one must come out identical.
          const units = Math.ceil(payload.length / 8);
          const points = [...new Set(cuts.map((cut) => (cut % units) * 8))]
            .filter((p) => p > 0)
            .sort((a, b) => a - b);
          const bounds = [0, ...points, payload.length];
          const pieces: [number, number][] = [];
          for (let i = 0; i + 1 < bounds.length; i++) pieces.push([bounds[i], bounds[i + 1]]);
          for (const extra of extras) {
            const start = (extra % units) * 8;
            pieces.push([start, Math.min(payload.length, start + 8 + (extra % 64))]);
          }
          let state = seed >>> 0;
          for (let i = pieces.length - 1; i > 0; i--) {
            state = (Math.imul(state, 1103515245) + 12345) >>> 0;
            const j = state % (i + 1);
            [pieces[i], pieces[j]] = [pieces[j], pieces[i]];
          }
          const { reasm, anomalies } = setup();
          let result = null;
          for (const [start, end] of pieces) {
            const out = reasm.add({
              ...fragment(0, 0, true),
              offset: start,
              length: end - start,
              more: end < payload.length,
              data: payload.subarray(start, end),
            });
            if (out) result = out;
          }
          expect(result?.payload).toEqual(payload);
          expect(anomalies).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws and stays within its limits on random fragments', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.nat(5),
            offset: fc.nat(70000),
            length: fc.nat(2000),
            captured: fc.nat(2000),
            more: fc.boolean(),
            ts: fc.nat(200),
          }),
          { maxLength: 200 },
        ),
        (fragments) => {
          const { reasm } = setup({ maxPending: 3, maxBufferedBytes: 10000, maxPiecesPerDatagram: 16 });
          for (const f of fragments) {
            const data = new Uint8Array(Math.min(f.length, f.captured));
            const out = reasm.add({
              ...fragment(0, 0, f.more),
              id: f.id,
              offset: f.offset,
              length: f.length,
              data,
              ts: f.ts,
            });
            if (out) expect(out.payload.length).toBeLessThanOrEqual(65535);
            expect(reasm.pending).toBeLessThanOrEqual(3);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
