import { describe, expect, it } from 'vitest';
import type { MarkerRecord } from '../../../shared/events';
import { cutLabel, MAX_LABEL, placeMarkerLabels } from './marker-labels';

const marker = (id: number, ts: number, label: string): MarkerRecord => ({
  type: 'marker',
  id,
  ts,
  label,
  frame: null,
});
// One unit per second from t=0 at x=0; every character 1 unit wide plus 2 of padding.
const xOf = (ts: number) => ts;
const measure = (text: string) => Array.from(text).length + 2;

describe('placeMarkerLabels', () => {
  it('starts labels at their line and moves overlapping ones down a row', () => {
    const placed = placeMarkerLabels(
      [marker(2, 14, 'second'), marker(1, 10, 'first'), marker(3, 40, 'far')],
      xOf,
      measure,
      0,
      100,
    );
    expect(placed.map((p) => [p.text, p.x, p.left, p.row])).toEqual([
      ['first', 10, 10, 0],
      // "first" spans 10..17, so the label at 14 cannot share row 0.
      ['second', 14, 14, 1],
      // By 40 both rows are free again: the first row is reused.
      ['far', 40, 40, 0],
    ]);
  });

  it('flips a label left of its line near the right edge and skips markers off the plot', () => {
    const placed = placeMarkerLabels(
      [marker(1, 98, 'edge'), marker(2, 150, 'after the end'), marker(3, -5, 'before')],
      xOf,
      measure,
      0,
      100,
    );
    expect(placed.map((p) => [p.text, p.left, p.width])).toEqual([['edge', 92, 6]]);
  });

  it('cuts long labels by characters, not UTF-16 units', () => {
    const long = '📱'.repeat(MAX_LABEL + 5);
    const cut = cutLabel(long);
    expect(Array.from(cut)).toHaveLength(MAX_LABEL);
    expect(cut.endsWith('…')).toBe(true);
    expect(cutLabel('sent SMS')).toBe('sent SMS');
  });
});
