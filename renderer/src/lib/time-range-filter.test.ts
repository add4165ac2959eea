import { describe, expect, it } from 'vitest';
import { FrameClock } from './frame-clock';
import { forEachSighting, leakInRange } from './leak-sightings';
import { inRange, normaliseRange, overlapsRange } from './time-range-filter';
import { leak } from '../store/test-fixtures';

describe('time range filters', () => {
  const range = { from: 10, to: 20 };

  it('treats no range as the whole capture', () => {
    expect(inRange(-5, null)).toBe(true);
    expect(overlapsRange(0, 1, null)).toBe(true);
  });

  it('includes instants on the edges and excludes those outside', () => {
    expect([9.999, 10, 15, 20, 20.001].map((t) => inRange(t, range))).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
  });

  it('includes a flow active at any moment of the range', () => {
    expect(overlapsRange(1, 9, range)).toBe(false);
    expect(overlapsRange(1, 10, range)).toBe(true);
    expect(overlapsRange(5, 25, range)).toBe(true);
    expect(overlapsRange(12, 13, range)).toBe(true);
    expect(overlapsRange(20, 30, range)).toBe(true);
    expect(overlapsRange(20.5, 30, range)).toBe(false);
  });

  it('orders a range dragged right to left and drops an empty one', () => {
    expect(normaliseRange(20, 10)).toEqual({ from: 10, to: 20 });
    expect(normaliseRange(10, 10)).toBeNull();
    expect(normaliseRange(Number.NaN, 10)).toBeNull();
  });
});

describe('leak sightings', () => {
  // Frame 100 at t=1000, frame 200 at t=1100: frame 150 is at t=1050 by interpolation.
  const clock = FrameClock.from([
    [100, 1000],
    [200, 1100],
  ]);

  it('places the first sighting at its exact time and later ones with the clock', () => {
    const times: number[] = [];
    const l = leak(1, { frame: 100, ts: 1000.25, occurrenceFrames: [100, 150, 200], count: 3 });
    expect(forEachSighting(l, clock, (t) => times.push(t))).toBe(0);
    expect(times).toEqual([1000.25, 1050, 1100]);
  });

  it('counts the sightings past the kept frames as unplaced', () => {
    const l = leak(1, { frame: 100, ts: 1000, occurrenceFrames: [100, 150], count: 1500 });
    expect(forEachSighting(l, clock, () => {})).toBe(1498);
  });

  it('is in a range when any sighting is', () => {
    const l = leak(1, { frame: 100, ts: 1000, occurrenceFrames: [100, 150], count: 2 });
    expect(leakInRange(l, { from: 1040, to: 1060 }, clock)).toBe(true);
    expect(leakInRange(l, { from: 1060, to: 1090 }, clock)).toBe(false);
    expect(leakInRange(l, null, clock)).toBe(true);
  });
});
