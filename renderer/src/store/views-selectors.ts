/**
 * What the data views (Destinations, Flows, DNS, Timeline) read from the session store: the
 * record lists, throttled while a capture is being read or captured, and the time range of the
 * current session.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DnsRecord, FlowRecord, LeakRecord, MarkerRecord } from '../../../shared/events';
import { useSession } from '../app-context';
import { FrameClock } from '../lib/frame-clock';
import { useThrottledValue } from '../lib/use-throttled-value';
import type { Destination } from './destinations';
import type { NameIndex } from './record-state';
import { useTimeRange, type TimeRange } from './time-range';

/** How often the views re-derive their rows while records stream in. */
export const LIVE_REFRESH_MS = 300;

export interface ViewRecords {
  flows: FlowRecord[];
  flowIndex: Map<number, number>;
  leaks: LeakRecord[];
  dns: DnsRecord[];
  names: NameIndex;
  markers: MarkerRecord[];
  destinations: Destination[];
}

/** True while records are still arriving (a file being read, or a live capture). */
export function useStreaming(): boolean {
  return useSession((s) => s.phase === 'loading' || s.phase === 'capturing');
}

export function useViewRecords(): ViewRecords {
  const streaming = useStreaming();
  const records = useSession(
    useShallow((s): ViewRecords => ({
      flows: s.flows,
      flowIndex: s.flowIndex,
      leaks: s.leaks,
      dns: s.dns,
      names: s.names,
      markers: s.markers,
      destinations: s.destinations,
    })),
  );
  return useThrottledValue(records, streaming ? LIVE_REFRESH_MS : 0);
}

/** The brushed time range, or null; a range from an earlier session is dropped. */
export function useSessionRange(): TimeRange | null {
  const generation = useSession((s) => s.generation);
  const forgetFor = useTimeRange((s) => s.forgetFor);
  const range = useTimeRange((s) => s.range);
  const rangeGeneration = useTimeRange((s) => s.generation);
  useEffect(() => forgetFor(generation), [generation, forgetFor]);
  return rangeGeneration === null || rangeGeneration === generation ? range : null;
}

/** Places frames in time from every record that has both (see FrameClock). */
export function frameClockOf(
  flows: readonly FlowRecord[],
  dns: readonly DnsRecord[],
  leaks: readonly LeakRecord[],
): FrameClock {
  const anchors = new Array<[number, number]>(flows.length + dns.length + leaks.length);
  let n = 0;
  for (const f of flows) anchors[n++] = [f.firstFrame, f.firstTs];
  for (const d of dns) anchors[n++] = [d.frame, d.ts];
  for (const l of leaks) anchors[n++] = [l.frame, l.ts];
  return FrameClock.from(anchors);
}
