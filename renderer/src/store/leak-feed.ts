/**
 * The leak feed as the reporter reads it: each deduplicated leak with its destination, owner,
 * country and a sentence saying what was sent where; filtered by the search box and the
 * timeline's range; newest first or grouped by destination; suspects and structural MACs in
 * their own sections after the leaks. The result is one flat list of items so the feed can be
 * virtualised as a single scrolling list.
 */
import type { FlowRecord, LeakRecord, StructuralRecord, SuspectRecord } from '../../../shared/events';
import { countryName } from '../lib/country';
import { addressOf } from '../lib/endpoint';
import { kindNoun, leakSentence } from '../lib/leak-phrase';
import { flowHost } from './destinations';
import { requestAt, type NameIndex, type RecordState } from './record-state';
import type { FeedOrder } from './ui-store';

/** What the feed, the evidence view and the presentation view show about one leak. */
export interface LeakView {
  leak: LeakRecord;
  /** Where it went: the name the phone used, else the flow's best name, else the address. */
  host: string;
  /** "MD5 of IMEI in the query of an HTTP GET". */
  sentence: string;
  method: string | null;
  country: string | null;
  countryName: string | null;
  owner: string | null;
  asn: number | null;
  tracker: string | null;
}

export interface DestinationFacts {
  country: string | null;
  countryName: string | null;
  owner: string | null;
  tracker: string | null;
}

export type FeedItem =
  | ({ type: 'group'; key: string; host: string; leaks: number } & DestinationFacts)
  | { type: 'leak'; key: string; view: LeakView }
  | { type: 'suspects-heading'; key: string; count: number }
  | { type: 'suspect'; key: string; suspect: SuspectRecord; host: string }
  | { type: 'structural'; key: string; records: StructuralRecord[] };

export interface Feed {
  items: FeedItem[];
  /** The leaks shown, in display order (for next/previous). */
  leaks: LeakView[];
  /** Leaks before search and time filtering. */
  total: number;
  suspects: number;
}

export interface FeedOptions {
  order: FeedOrder;
  search: string;
  range: { from: number; to: number } | null;
}

type FeedSource = Pick<
  RecordState,
  'leaks' | 'flows' | 'flowIndex' | 'names' | 'requests' | 'suspects' | 'structural'
>;

function flowOf(s: Pick<RecordState, 'flows' | 'flowIndex'>, flowId: number): FlowRecord | undefined {
  const at = s.flowIndex.get(flowId);
  return at === undefined ? undefined : s.flows[at];
}

function hostOf(host: string | null, server: string, flow: FlowRecord | undefined, names: NameIndex): string {
  const address = addressOf(server);
  return host ?? (flow ? flowHost(flow, names, address) : null) ?? names.byAddress.get(address) ?? address;
}

export function leakView(s: FeedSource, leak: LeakRecord): LeakView {
  const flow = flowOf(s, leak.flowId);
  const method =
    leak.protocol === 'http' ? (requestAt(s.requests, leak.flowId, leak.frame)?.method ?? null) : null;
  const country = flow?.country ?? null;
  return {
    leak,
    host: hostOf(leak.host, leak.server, flow, s.names),
    sentence: leakSentence(leak.kind, {
      where: leak.where,
      protocol: leak.protocol,
      transport: leak.transport,
      direction: leak.direction,
      method,
      encoding: leak.encoding,
    }),
    method,
    country,
    countryName: countryName(country),
    owner: flow?.asOrg ?? null,
    asn: flow?.asn ?? null,
    tracker: flow?.tracker ?? null,
  };
}

function inRange(ts: number, range: FeedOptions['range']): boolean {
  return range === null || (ts >= range.from && ts <= range.to);
}

/** Every search word must appear in one of the leak's describing texts (never its value). */
function matcher(search: string): ((texts: (string | null)[]) => boolean) | null {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  return (texts) => {
    const haystack = texts
      .filter((t) => t !== null)
      .join('\n')
      .toLowerCase();
    return words.every((w) => haystack.includes(w));
  };
}

function newestFirst(a: LeakView, b: LeakView): number {
  return b.leak.ts - a.leak.ts || b.leak.leakId - a.leak.leakId;
}

export function deriveFeed(s: FeedSource, options: FeedOptions): Feed {
  const match = matcher(options.search);
  const views: LeakView[] = [];
  for (const leak of s.leaks) {
    if (!inRange(leak.ts, options.range)) continue;
    const v = leakView(s, leak);
    if (
      match &&
      !match([
        leak.label,
        leak.kind,
        kindNoun(leak.kind),
        leak.encoding,
        v.sentence,
        v.host,
        leak.server,
        v.country,
        v.countryName,
        v.owner,
        v.tracker,
      ])
    ) {
      continue;
    }
    views.push(v);
  }
  views.sort(newestFirst);

  const items: FeedItem[] = [];
  let ordered = views;
  if (options.order === 'destination') {
    const groups = new Map<string, LeakView[]>();
    for (const v of views) {
      const g = groups.get(v.host);
      if (g) g.push(v);
      else groups.set(v.host, [v]);
    }
    const sorted = Array.from(groups.values()).sort(
      (a, b) => b.length - a.length || (a[0].host < b[0].host ? -1 : a[0].host > b[0].host ? 1 : 0),
    );
    ordered = [];
    for (const group of sorted) {
      const first = group.find((v) => v.country !== null || v.owner !== null) ?? group[0];
      items.push({
        type: 'group',
        key: `group:${first.host}`,
        host: first.host,
        leaks: group.length,
        country: first.country,
        countryName: first.countryName,
        owner: first.owner,
        tracker: group.find((v) => v.tracker !== null)?.tracker ?? null,
      });
      for (const v of group) {
        items.push({ type: 'leak', key: `leak:${v.leak.leakId}`, view: v });
        ordered.push(v);
      }
    }
  } else {
    for (const v of views) items.push({ type: 'leak', key: `leak:${v.leak.leakId}`, view: v });
  }

  const suspects = s.suspects.filter((r) => {
    if (!inRange(r.ts, options.range)) return false;
    const host = hostOf(r.host, r.server, flowOf(s, r.flowId), s.names);
    return !match || match([r.kind, kindNoun(r.kind), r.key, r.reason, host, r.server, r.protocol]);
  });
  if (suspects.length > 0) {
    items.push({ type: 'suspects-heading', key: 'suspects', count: suspects.length });
    suspects
      .slice()
      .sort((a, b) => b.ts - a.ts)
      .forEach((r, i) =>
        items.push({
          type: 'suspect',
          key: `suspect:${i}:${r.frame}`,
          suspect: r,
          host: hostOf(r.host, r.server, flowOf(s, r.flowId), s.names),
        }),
      );
  }
  if (s.structural.length > 0) items.push({ type: 'structural', key: 'structural', records: s.structural });

  return { items, leaks: ordered, total: s.leaks.length, suspects: suspects.length };
}

/** The leak after (step 1) or before (step -1) the selected one; the first when none is. */
export function stepLeak(leaks: readonly LeakView[], selected: number | null, step: 1 | -1): LeakView | null {
  if (leaks.length === 0) return null;
  const at = selected === null ? -1 : leaks.findIndex((v) => v.leak.leakId === selected);
  if (at < 0) return step === 1 ? leaks[0] : leaks[leaks.length - 1];
  return leaks[Math.min(leaks.length - 1, Math.max(0, at + step))];
}
