import { describe, expect, it } from 'vitest';
import type { Highlight } from '../../../shared/api';
import { leak } from '../store/test-fixtures';
import { evidenceHighlights, leakInRawStream, spanSegments } from './evidence-marks';

const h = (offset: number, length: number): Highlight => ({
  direction: 'out',
  offset,
  length,
  kind: 'imei',
  encoding: 'plain',
});

describe('evidenceHighlights', () => {
  it("adds the leak's own range when the services did not mark it", () => {
    const l = leak(1, { direction: 'out', offset: 40, length: 15 });
    expect(evidenceHighlights([h(5, 3)], l).map((x) => [x.offset, x.length])).toEqual([
      [5, 3],
      [40, 15],
    ]);
    expect(evidenceHighlights([h(40, 15)], l)).toHaveLength(1);
  });

  it('never marks names inside DNS or SNI, nor matches inside a decoded body', () => {
    expect(leakInRawStream(leak(1, { where: 'dns-query' }))).toBe(false);
    expect(leakInRawStream(leak(1, { where: 'sni' }))).toBe(false);
    expect(leakInRawStream(leak(1, { where: 'body', encoding: 'gzip:plain' }))).toBe(false);
    expect(leakInRawStream(leak(1, { where: 'body', encoding: 'base64' }))).toBe(true);
    expect(evidenceHighlights([], leak(1, { where: 'body', encoding: 'chunked:plain' }))).toEqual([]);
  });
});

describe('spanSegments', () => {
  it('splits a span of the run at the marks, in run indices', () => {
    // Run starts at stream offset 100; the span is stream 102..110; the mark covers 104..107.
    const run = { direction: 'out' as const, start: 100, bytes: new TextEncoder().encode('0123456789ab') };
    expect(spanSegments(run, { start: 102, end: 110 }, [h(104, 3)])).toEqual([
      { start: 2, end: 4, highlight: null },
      { start: 4, end: 7, highlight: 0 },
      { start: 7, end: 10, highlight: null },
    ]);
    expect(spanSegments(run, { start: 200, end: 210 }, [])).toEqual([]);
  });
});
