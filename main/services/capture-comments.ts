/**
 * The comments PhoneHome writes into a saved pcapng: one packet comment per leak on every frame
 * that carried it (naming kind, encoding, place and destination, never the value), one per
 * marker on the last frame captured when it was set, and section comments that sum up the
 * analysis and, for a live capture, its markers and counters. Wireshark shows all of them.
 */
import type { CaptureStatsRecord, EngineRecord, LeakRecord, MarkerRecord } from '../../shared/events';
import type { Identifier } from '../../shared/identifier-types';
import { formatMarkerComment } from '../../shared/marker-comment';

/** At most this many markers are listed in the section header (each has its packet comment). */
const MAX_LISTED_MARKERS = 100;

export function leakComment(l: LeakRecord): string {
  const dest = l.host ?? l.server;
  return `PhoneHome leak: ${l.kind} (${l.encoding}) in ${l.where} of ${l.protocol} ${l.direction === 'out' ? 'to' : 'from'} ${dest}`;
}

export function markerComment(m: MarkerRecord): string {
  return formatMarkerComment(m.label, m.ts, m.frame === null);
}

export interface CaptureComments {
  commentsByFrame: Map<number, string[]>;
  sectionComments: string[];
}

export interface LiveCaptureSummary {
  interfaceName: string;
  backend: string;
  filter: string;
  startedAt: number;
  stoppedAt: number;
  stats: CaptureStatsRecord | null;
}

/**
 * Comments for the records of a session. `packets` is the number of frames in the file: a
 * marker set before the first packet goes on frame 1, and with no packet at all only the
 * section comment names it.
 */
export function captureComments(
  name: string,
  records: readonly EngineRecord[],
  identifiers: readonly Identifier[],
  packets: number,
  live: LiveCaptureSummary | null,
): CaptureComments {
  const commentsByFrame = new Map<number, string[]>();
  const add = (frame: number, comment: string): void => {
    const list = commentsByFrame.get(frame) ?? [];
    if (!list.includes(comment)) list.push(comment);
    commentsByFrame.set(frame, list);
  };
  let leaks = 0;
  const markers: MarkerRecord[] = [];
  for (const r of records) {
    if (r.type === 'leak') {
      leaks++;
      const comment = leakComment(r);
      for (const f of r.occurrenceFrames) add(f, comment);
    } else if (r.type === 'marker') {
      markers.push(r);
      if (packets > 0) add(Math.min(Math.max(r.frame ?? 1, 1), packets), markerComment(r));
    }
  }
  const sectionComments = [
    `PhoneHome analysis of ${name}: ${leaks} leak(s), identifiers searched: ${
      identifiers.map((i) => i.kind).join(', ') || 'none'
    }. Leak frames carry a packet comment.`,
  ];
  if (live) sectionComments.push(liveSummary(live));
  if (markers.length) {
    const listed = markers
      .slice(0, MAX_LISTED_MARKERS)
      .map((m) => `${new Date(m.ts * 1000).toISOString()} "${m.label}" (frame ${m.frame ?? 'none'})`);
    const more =
      markers.length > MAX_LISTED_MARKERS ? `; and ${markers.length - MAX_LISTED_MARKERS} more` : '';
    sectionComments.push(`PhoneHome markers: ${listed.join('; ')}${more}.`);
  }
  return { commentsByFrame, sectionComments };
}

function liveSummary(live: LiveCaptureSummary): string {
  const s = live.stats;
  const from = new Date(live.startedAt).toISOString();
  const to = new Date(live.stoppedAt).toISOString();
  const counts = s
    ? `${s.packets} packets; dropped by the kernel: ${s.kernelDropped ?? 'unknown'}, by the interface: ${
        s.interfaceDropped ?? 'unknown'
      }, not analysed live by PhoneHome: ${s.engineDropped} (all are in this file) [${s.dropSource}]`
    : 'no counters';
  return `PhoneHome live capture on ${live.interfaceName} (${live.backend}${
    live.filter ? `, filter "${live.filter}"` : ''
  }) from ${from} to ${to}: ${counts}.`;
}
