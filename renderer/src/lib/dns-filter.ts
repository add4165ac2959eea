/**
 * Filtering and sort keys of the DNS view. A DNS message "has a leak" when an identifier was
 * found in it: a leak in a DNS query whose sightings include the message's frame.
 */
import type { DnsRecord, LeakRecord } from '../../../shared/events';
import type { TimeRange } from '../store/time-range';
import type { SortKeyOf } from './table-sort';
import { inRange } from './time-range-filter';

export interface DnsRow {
  /** Position in capture order; the row's stable key. */
  key: number;
  record: DnsRecord;
  leaking: boolean;
}

export interface DnsFilter {
  /** Case-insensitive substring of name or answers, or an exact record type ("AAAA"). */
  text: string;
  /** 'dns', 'mdns', 'llmnr', or '' for any. */
  protocol: string;
  /** Exact name asked, or exact answer (an address or CNAME target), case-insensitive; '' for any. */
  host: string;
  leaksOnly: boolean;
  range: TimeRange | null;
}

const DNS_PROTOCOLS = new Set(['dns', 'mdns', 'llmnr']);

/** Frames of every sighting of an identifier in a DNS message. */
export function dnsLeakFrames(leaks: readonly LeakRecord[]): Set<number> {
  const frames = new Set<number>();
  for (const l of leaks) {
    if (l.where !== 'dns-query' && !DNS_PROTOCOLS.has(l.protocol)) continue;
    frames.add(l.frame);
    for (const f of l.occurrenceFrames) frames.add(f);
  }
  return frames;
}

export function toDnsRows(dns: readonly DnsRecord[], leakFrames: ReadonlySet<number>): DnsRow[] {
  return dns.map((record, key) => ({ key, record, leaking: leakFrames.has(record.frame) }));
}

export function filterDns(rows: readonly DnsRow[], filter: DnsFilter): readonly DnsRow[] {
  const needle = filter.text.trim().toLowerCase();
  const host = filter.host.trim().toLowerCase();
  const { protocol, leaksOnly, range } = filter;
  if (!needle && !host && !protocol && !leaksOnly && !range) return rows;
  return rows.filter(({ record: r, leaking }) => {
    if (protocol && r.proto !== protocol) return false;
    if (leaksOnly && !leaking) return false;
    if (!inRange(r.ts, range)) return false;
    if (
      host &&
      r.qname.toLowerCase() !== host &&
      !(r.answers?.some((a) => a.toLowerCase() === host) ?? false)
    ) {
      return false;
    }
    return (
      !needle ||
      r.qname.toLowerCase().includes(needle) ||
      r.qtype.toLowerCase() === needle ||
      (r.answers?.some((a) => a.toLowerCase().includes(needle)) ?? false)
    );
  });
}

export const DNS_SORT_KEYS: Record<string, SortKeyOf<DnsRow>> = {
  frame: (r) => r.record.frame,
  time: (r) => r.record.ts,
  kind: (r) => (r.record.response ? 'answer' : 'query'),
  qname: (r) => r.record.qname.toLowerCase(),
  qtype: (r) => r.record.qtype,
  answers: (r) => r.record.answers?.[0],
  server: (r) => r.record.server,
  leaks: (r) => (r.leaking ? 1 : 0),
};
