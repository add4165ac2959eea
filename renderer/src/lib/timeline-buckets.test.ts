import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameClock } from './frame-clock';
import { bucketTimeline, bucketWidth, timelineDomain } from './timeline-buckets';
import { flow, leak } from '../store/test-fixtures';

const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);

describe('bucketWidth', () => {
  it('uses one-second buckets until there would be too many, then round steps', () => {
    expect(bucketWidth(0)).toBe(1);
    expect(bucketWidth(2999)).toBe(1);
    expect(bucketWidth(3000)).toBe(2);
    expect(bucketWidth(3600 * 24)).toBe(30);
    expect(bucketWidth(100, 10)).toBe(15);
  });
});

describe('bucketTimeline', () => {
  const empty = FrameClock.from([]);

  it('puts a flow inside one second entirely into that second', () => {
    const flows = [flow(1, { firstTs: 1000.2, lastTs: 1000.7, bytesOut: 300, bytesIn: 700 })];
    const s = bucketTimeline(flows, [], empty, { start: 1000.2, end: 1003.5 });
    expect(s.width).toBe(1);
    expect(Array.from(s.times)).toEqual([1000, 1001, 1002, 1003]);
    expect(Array.from(s.bytesOut)).toEqual([300, 0, 0, 0]);
    expect(Array.from(s.bytesIn)).toEqual([700, 0, 0, 0]);
    expect(s.totalBytes).toBe(1000);
  });

  it('spreads a long flow evenly over the seconds it lasted', () => {
    // 4,000 bytes sent from t=10.5 to t=14.5: 1,000 bytes/s, so half-seconds at each end.
    const flows = [flow(1, { firstTs: 10.5, lastTs: 14.5, bytesOut: 4000, bytesIn: 0 })];
    const s = bucketTimeline(flows, [], empty, { start: 10, end: 15 });
    expect(Array.from(s.bytesOut)).toEqual([500, 1000, 1000, 1000, 500, 0]);
  });

  it('keeps every byte whatever the flows look like (bucket sums times width = totals)', () => {
    const arbFlow = fc
      .tuple(
        fc.double({ min: 0, max: 5000, noNaN: true }),
        fc.double({ min: 0, max: 5000, noNaN: true }),
        fc.nat(1e6),
        fc.nat(1e6),
      )
      .map(([a, d, o, i]) => flow(1, { firstTs: 1e9 + a, lastTs: 1e9 + a + d, bytesOut: o, bytesIn: i }));
    fc.assert(
      fc.property(
        fc.array(arbFlow, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 5, max: 500 }),
        (flows, max) => {
          const domain = timelineDomain(flows, [])!;
          const s = bucketTimeline(flows, [], empty, domain, max);
          expect(s.times.length).toBeLessThanOrEqual(max + 1);
          const out = flows.reduce((n, f) => n + f.bytesOut, 0);
          const inn = flows.reduce((n, f) => n + f.bytesIn, 0);
          expect(sum(s.bytesOut) * s.width).toBeCloseTo(out, 0);
          expect(sum(s.bytesIn) * s.width).toBeCloseTo(inn, 0);
          expect(Math.min(...s.bytesOut, ...s.bytesIn)).toBeGreaterThanOrEqual(-1e-6);
        },
      ),
    );
  });

  it('counts every kept sighting of a leak in the second it happened', () => {
    const clock = FrameClock.from([
      [1, 100],
      [11, 110],
    ]);
    const leaks = [
      leak(1, { frame: 1, ts: 100.1, occurrenceFrames: [1, 6, 11], count: 3 }),
      leak(2, { frame: 11, ts: 110, occurrenceFrames: [11], count: 1200 }),
    ];
    const s = bucketTimeline([], leaks, clock, { start: 100, end: 110 });
    const perSecond = Array.from(s.leaks);
    expect(perSecond[0]).toBe(1);
    expect(perSecond[5]).toBe(1);
    expect(perSecond[10]).toBe(2);
    expect(sum(s.leaks)).toBe(4);
    expect(s.placedSightings).toBe(4);
    expect(s.unplacedSightings).toBe(1199);
  });

  it('reports rates per second in wider buckets', () => {
    const flows = [flow(1, { firstTs: 0, lastTs: 0, bytesOut: 100, bytesIn: 0 })];
    const leaks = [leak(1, { ts: 1, frame: 1, occurrenceFrames: [1] })];
    const s = bucketTimeline(flows, leaks, FrameClock.from([]), { start: 0, end: 100 }, 10);
    expect(s.width).toBe(15);
    expect(s.bytesOut[0]).toBeCloseTo(100 / 15);
    expect(s.leaks[0]).toBeCloseTo(1 / 15);
  });

  it('finds the domain from flows and instants', () => {
    expect(timelineDomain([], [])).toBeNull();
    expect(timelineDomain([flow(1, { firstTs: 5, lastTs: 9 })], [[{ ts: 3 }], [{ ts: 12 }]])).toEqual({
      start: 3,
      end: 12,
    });
  });
});
