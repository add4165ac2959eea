/**
 * When a deduplicated leak was seen. The engine keeps the completing frame of the first 1,000
 * sightings (occurrenceFrames) and the exact time of the first; the others are placed with the
 * FrameClock. Sightings past the first 1,000 have no frame and cannot be placed in time.
 */
import type { LeakRecord } from '../../../shared/events';
import type { TimeRange } from '../store/time-range';
import type { FrameClock } from './frame-clock';

/** Calls `visit` with the time of every sighting that can be placed; returns how many could not. */
export function forEachSighting(leak: LeakRecord, clock: FrameClock, visit: (ts: number) => void): number {
  const frames = leak.occurrenceFrames;
  if (frames.length === 0) {
    visit(leak.ts);
    return Math.max(0, leak.count - 1);
  }
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i];
    visit(f === leak.frame ? leak.ts : (clock.timeOf(f) ?? leak.ts));
  }
  return Math.max(0, leak.count - frames.length);
}

/** True when at least one sighting of the leak falls inside the range (always, for no range). */
export function leakInRange(leak: LeakRecord, range: TimeRange | null, clock: FrameClock): boolean {
  if (range === null) return true;
  if (leak.ts >= range.from && leak.ts <= range.to) return true;
  let hit = false;
  forEachSighting(leak, clock, (ts) => {
    if (ts >= range.from && ts <= range.to) hit = true;
  });
  return hit;
}
