import { describe, expect, it } from 'vitest';
import { FrameClock } from './frame-clock';

describe('FrameClock', () => {
  it('has no time for anything without anchors', () => {
    expect(FrameClock.from([]).timeOf(5)).toBeNull();
  });

  it('returns exact anchor times and interpolates linearly between anchors', () => {
    // Anchors given out of order, as records of different kinds arrive interleaved.
    const clock = FrameClock.from([
      [30, 130],
      [10, 100],
      [20, 110],
    ]);
    expect(clock.timeOf(10)).toBe(100);
    expect(clock.timeOf(20)).toBe(110);
    expect(clock.timeOf(15)).toBe(105);
    // A quarter of the way from frame 20 (t=110) to frame 30 (t=130).
    expect(clock.timeOf(22.5)).toBe(115);
    expect(clock.timeOf(25)).toBe(120);
  });

  it('clamps frames outside the anchors to the nearest anchor time', () => {
    const clock = FrameClock.from([
      [10, 100],
      [20, 110],
    ]);
    expect(clock.timeOf(1)).toBe(100);
    expect(clock.timeOf(999)).toBe(110);
  });

  it('keeps the first time of a frame given twice and ignores non-finite anchors', () => {
    const clock = FrameClock.from([
      [10, 100],
      [10, 999],
      [20, Number.NaN],
      [30, 120],
    ]);
    expect(clock.size).toBe(2);
    expect(clock.timeOf(10)).toBe(100);
    expect(clock.timeOf(20)).toBe(110);
  });
});
