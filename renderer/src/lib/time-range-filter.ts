/**
 * Whether a record falls inside the time range brushed on the timeline. A null range is the
 * whole capture. Flows span time, so a flow belongs to a range when it was active at any moment
 * of it; a DNS message or a leak sighting is an instant.
 */
import type { TimeRange } from '../store/time-range';

export function inRange(ts: number, range: TimeRange | null): boolean {
  return range === null || (ts >= range.from && ts <= range.to);
}

export function overlapsRange(firstTs: number, lastTs: number, range: TimeRange | null): boolean {
  return range === null || (firstTs <= range.to && lastTs >= range.from);
}

/** A range with `from` ≤ `to`, whichever way the user dragged; null for an empty range. */
export function normaliseRange(a: number, b: number): TimeRange | null {
  if (!Number.isFinite(a) || !Number.isFinite(b) || a === b) return null;
  return a < b ? { from: a, to: b } : { from: b, to: a };
}
