/**
 * Filtering and sort keys of the Flows view. A flow row carries the name it is shown under and
 * the destination it belongs to (name, or server address when unnamed), so the host filter set
 * by a click on a destination selects exactly that destination's flows.
 */
import type { FlowRecord } from '../../../shared/events';
import type { TimeRange } from '../store/time-range';
import type { SortKeyOf } from './table-sort';
import { overlapsRange } from './time-range-filter';

export interface FlowRow {
  flow: FlowRecord;
  /** Best known name of the server, or null. */
  host: string | null;
  /** host, or the server address when there is no name. */
  destination: string;
}

export interface FlowFilter {
  /** Case-insensitive substring of protocol, endpoints, name, country, AS, tracker; or "#id". */
  text: string;
  /** Exact protocol guess ("tls", "http", ...), or '' for any. */
  protocol: string;
  /** Exact destination (name or address, case-insensitive), or '' for any. */
  host: string;
  leaksOnly: boolean;
  range: TimeRange | null;
}

function textMatches(row: FlowRow, needle: string): boolean {
  const f = row.flow;
  if (needle.startsWith('#')) return `#${f.flowId}` === needle;
  return (
    String(f.flowId) === needle ||
    f.protocol.toLowerCase().includes(needle) ||
    f.transport === needle ||
    f.client.toLowerCase().includes(needle) ||
    f.server.toLowerCase().includes(needle) ||
    (row.host?.toLowerCase().includes(needle) ?? false) ||
    f.country?.toLowerCase() === needle ||
    (f.asn != null && `as${f.asn}` === needle) ||
    (f.asOrg?.toLowerCase().includes(needle) ?? false) ||
    (f.tracker?.toLowerCase().includes(needle) ?? false)
  );
}

export function filterFlows(rows: readonly FlowRow[], filter: FlowFilter): readonly FlowRow[] {
  const needle = filter.text.trim().toLowerCase();
  const host = filter.host.trim().toLowerCase();
  const { protocol, leaksOnly, range } = filter;
  if (!needle && !host && !protocol && !leaksOnly && !range) return rows;
  return rows.filter(
    (r) =>
      (!protocol || r.flow.protocol === protocol) &&
      (!leaksOnly || r.flow.leaks > 0) &&
      (!host || r.destination.toLowerCase() === host) &&
      overlapsRange(r.flow.firstTs, r.flow.lastTs, range) &&
      (!needle || textMatches(r, needle)),
  );
}

/** The protocols present, most common first, for the protocol filter's choices. */
export function protocolsOf(flows: readonly FlowRecord[]): string[] {
  const counts = new Map<string, number>();
  for (const f of flows) counts.set(f.protocol, (counts.get(f.protocol) ?? 0) + 1);
  return Array.from(counts)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([p]) => p);
}

export const FLOW_SORT_KEYS: Record<string, SortKeyOf<FlowRow>> = {
  id: (r) => r.flow.flowId,
  protocol: (r) => r.flow.protocol,
  client: (r) => r.flow.client,
  server: (r) => r.flow.server,
  host: (r) => r.host?.toLowerCase(),
  country: (r) => r.flow.country,
  start: (r) => r.flow.firstTs,
  duration: (r) => r.flow.lastTs - r.flow.firstTs,
  packets: (r) => r.flow.packets,
  bytes: (r) => r.flow.bytesOut + r.flow.bytesIn,
  leaks: (r) => r.flow.leaks,
};
