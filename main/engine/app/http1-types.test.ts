import { describe, expect, it } from 'vitest';
import { OPEN_END, rangeHolds } from './http1-types';

describe('rangeHolds', () => {
  it('holds [start, end) of a closed range', () => {
    const r = { start: 10, end: 20 };
    expect([9, 10, 19, 20].map((o) => rangeHolds(r, o))).toEqual([false, true, true, false]);
  });

  it('holds every offset from the start of an open range', () => {
    const r = { start: 10, end: OPEN_END };
    expect([0, 9, 10, 11, 2 ** 40].map((o) => rangeHolds(r, o))).toEqual([false, false, true, true, true]);
  });
});
