/**
 * The timeline's series: bytes per second (sent and received) and leak sightings per second,
 * over fixed-width buckets covering the capture.
 *
 * The UI knows each flow's byte totals and its first and last packet time, not when each byte
 * went, so a flow's bytes are spread evenly over its lifetime (a flow within one bucket puts all
 * its bytes there). Totals are exact; the shape inside a long flow is an estimate. Spreading
 * uses a difference array, so a flow costs O(1) whatever its length: 100,000 flows over a
 * day-long capture bucket in milliseconds.
 *
 * Buckets are one second wide unless that would make more than `maxBuckets`; then the width is
 * the next "round" step (2 s, 5 s, 10 s, ... 1 day), and values stay per second (bucket total
 * divided by width).
 */
import type { FlowRecord, LeakRecord } from '../../../shared/events';
import type { FrameClock } from './frame-clock';
import { forEachSighting } from './leak-sightings';

export const BUCKET_STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
] as const;

export const DEFAULT_MAX_BUCKETS = 3000;

export interface TimelineDomain {
  start: number;
  end: number;
}

export interface TimelineSeries {
  /** Seconds per bucket. */
  width: number;
  /** Start time of each bucket (seconds since the epoch). */
  times: Float64Array;
  bytesOut: Float64Array;
  bytesIn: Float64Array;
  /** Leak sightings per second. */
  leaks: Float64Array;
  totalBytes: number;
  totalOut: number;
  totalIn: number;
  /** Sightings placed on the timeline. */
  placedSightings: number;
  /** Sightings past the engine's 1,000 kept frames per leak, which have no time. */
  unplacedSightings: number;
}

/** The smallest round bucket width that covers `duration` seconds in at most `maxBuckets`. */
export function bucketWidth(duration: number, maxBuckets = DEFAULT_MAX_BUCKETS): number {
  for (const step of BUCKET_STEPS) if (duration / step < maxBuckets) return step;
  return Math.ceil(duration / maxBuckets / 86400) * 86400;
}

/** First and last time of anything in the records, or null when there is nothing with a time. */
export function timelineDomain(
  flows: readonly FlowRecord[],
  instants: readonly { ts: number }[][],
): TimelineDomain | null {
  let start = Infinity;
  let end = -Infinity;
  for (const f of flows) {
    if (f.firstTs < start) start = f.firstTs;
    if (f.lastTs > end) end = f.lastTs;
  }
  for (const list of instants) {
    for (const r of list) {
      if (r.ts < start) start = r.ts;
      if (r.ts > end) end = r.ts;
    }
  }
  return Number.isFinite(start) && Number.isFinite(end) ? { start, end } : null;
}

export function bucketTimeline(
  flows: readonly FlowRecord[],
  leaks: readonly LeakRecord[],
  clock: FrameClock,
  domain: TimelineDomain,
  maxBuckets = DEFAULT_MAX_BUCKETS,
): TimelineSeries {
  const width = bucketWidth(Math.max(0, domain.end - domain.start), maxBuckets);
  const origin = Math.floor(domain.start / width) * width;
  const count = Math.max(1, Math.floor((domain.end - origin) / width) + 1);
  const last = count - 1;
  const index = (ts: number): number => Math.min(last, Math.max(0, Math.floor((ts - origin) / width)));

  const out = new Float64Array(count);
  const inb = new Float64Array(count);
  // Per-bucket rate changes for the buckets a flow covers completely (prefix-summed below).
  const outDiff = new Float64Array(count + 1);
  const inDiff = new Float64Array(count + 1);
  let totalOut = 0;
  let totalIn = 0;

  for (const f of flows) {
    totalOut += f.bytesOut;
    totalIn += f.bytesIn;
    const a = Math.max(f.firstTs, origin);
    const b = Math.min(Math.max(f.lastTs, a), origin + count * width);
    const i0 = index(a);
    const i1 = index(b);
    if (i0 === i1 || b <= a) {
      out[i0] += f.bytesOut;
      inb[i0] += f.bytesIn;
      continue;
    }
    const span = b - a;
    const head = (origin + (i0 + 1) * width - a) / span;
    const tail = (b - (origin + i1 * width)) / span;
    const full = width / span;
    out[i0] += f.bytesOut * head;
    inb[i0] += f.bytesIn * head;
    out[i1] += f.bytesOut * tail;
    inb[i1] += f.bytesIn * tail;
    if (i1 > i0 + 1) {
      outDiff[i0 + 1] += f.bytesOut * full;
      outDiff[i1] -= f.bytesOut * full;
      inDiff[i0 + 1] += f.bytesIn * full;
      inDiff[i1] -= f.bytesIn * full;
    }
  }

  const times = new Float64Array(count);
  const leakSeries = new Float64Array(count);
  let runOut = 0;
  let runIn = 0;
  for (let i = 0; i < count; i++) {
    runOut += outDiff[i];
    runIn += inDiff[i];
    times[i] = origin + i * width;
    out[i] = (out[i] + runOut) / width;
    inb[i] = (inb[i] + runIn) / width;
  }

  let placed = 0;
  let unplaced = 0;
  for (const leak of leaks) {
    unplaced += forEachSighting(leak, clock, (ts) => {
      leakSeries[index(ts)] += 1;
      placed++;
    });
  }
  if (width !== 1) for (let i = 0; i < count; i++) leakSeries[i] /= width;

  return {
    width,
    times,
    bytesOut: out,
    bytesIn: inb,
    leaks: leakSeries,
    totalBytes: totalOut + totalIn,
    totalOut,
    totalIn,
    placedSightings: placed,
    unplacedSightings: unplaced,
  };
}
