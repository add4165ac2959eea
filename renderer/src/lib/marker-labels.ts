/**
 * Where the timeline draws its markers' labels: each label starts at its marker's line (or ends
 * there, when it would run past the plot's right edge), and a label that would overlap one
 * already placed moves down a row. Long labels are cut with an ellipsis. Pure geometry, so the
 * canvas code only paints what this returns.
 */
import type { MarkerRecord } from '../../../shared/events';

/** Longest marker label drawn, in characters; the marker list below the chart has the rest. */
export const MAX_LABEL = 40;

export interface PlacedLabel {
  marker: MarkerRecord;
  /** The marker line's position. */
  x: number;
  /** Left edge of the label box. */
  left: number;
  width: number;
  row: number;
  text: string;
}

export function cutLabel(label: string, max = MAX_LABEL): string {
  const chars = Array.from(label);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : label;
}

/**
 * Places the labels of the markers whose line falls inside [plotLeft, plotRight]. `xOf` maps a
 * time to a position, `measure` gives a text's width (padding included).
 */
export function placeMarkerLabels(
  markers: readonly MarkerRecord[],
  xOf: (ts: number) => number,
  measure: (text: string) => number,
  plotLeft: number,
  plotRight: number,
): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  const rowEnds: number[] = [];
  for (const marker of [...markers].sort((a, b) => a.ts - b.ts || a.id - b.id)) {
    const x = Math.round(xOf(marker.ts));
    if (!(x >= plotLeft && x <= plotRight)) continue;
    const text = cutLabel(marker.label);
    const width = measure(text);
    const left = x + width > plotRight ? Math.max(plotLeft, x - width) : x;
    let row = rowEnds.findIndex((end) => end <= left);
    if (row < 0) row = rowEnds.length;
    rowEnds[row] = left + width;
    placed.push({ marker, x, left, width, row, text });
  }
  return placed;
}
