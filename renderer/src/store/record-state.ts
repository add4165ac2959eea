/**
 * The engine's records folded into what the screens show. Pure functions over plain data (no
 * DOM, no React), so the merge rules are unit-tested directly.
 *
 * Merge rules: a flow record replaces the earlier copy with the same flowId; a leak record
 * replaces the earlier copy with the same leakId (its count has grown); DNS records and
 * anomalies append; stats and summary keep the latest. Arrays are copied once per applied batch
 * when they change, so React sees a new reference exactly when there is something to redraw.
 * The id → position maps are shared between successive states: positions never move, so an
 * older state's array stays consistent with them.
 */
import type {
  AnomalyRecord,
  DnsRecord,
  EngineRecord,
  FlowRecord,
  LeakRecord,
  StatsRecord,
  SummaryRecord,
} from '../../../shared/events';
import { looksLikeAddress } from '../lib/endpoint';

/** Names learned from the records, used to label destinations. */
export interface NameIndex {
  /** Address → the name a DNS query for it asked (the queried name, not the CNAME target). */
  byAddress: Map<string, string>;
  /** flowId → TLS SNI or HTTP Host seen on that flow. */
  byFlow: Map<number, string>;
}

/** Anomalies are counted by name; only the most recent ones are kept in full. */
export const RECENT_ANOMALIES = 500;

export interface RecordState {
  flows: FlowRecord[];
  flowIndex: Map<number, number>;
  leaks: LeakRecord[];
  leakIndex: Map<number, number>;
  dns: DnsRecord[];
  /** A new wrapper object whenever a name was learned (the maps inside are shared). */
  names: NameIndex;
  tlsCount: number;
  httpCount: number;
  anomalyCount: number;
  anomalyCounts: Record<string, number>;
  recentAnomalies: AnomalyRecord[];
  stats: StatsRecord | null;
  summary: SummaryRecord | null;
}

export function emptyRecordState(): RecordState {
  return {
    flows: [],
    flowIndex: new Map(),
    leaks: [],
    leakIndex: new Map(),
    dns: [],
    names: { byAddress: new Map(), byFlow: new Map() },
    tlsCount: 0,
    httpCount: 0,
    anomalyCount: 0,
    anomalyCounts: {},
    recentAnomalies: [],
    stats: null,
    summary: null,
  };
}

/** Strips the port from an HTTP Host header value ("example.com:8080", "[::1]:80"). */
function hostWithoutPort(host: string): string {
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    return close > 0 ? host.slice(1, close) : host;
  }
  const colon = host.lastIndexOf(':');
  return colon > 0 && host.indexOf(':') === colon ? host.slice(0, colon) : host;
}

/**
 * Applies records[from, to) to `prev` and returns the next state. `prev` is not modified, except
 * for the shared index maps described in the header.
 */
export function applyRecords(
  prev: RecordState,
  records: readonly EngineRecord[],
  from = 0,
  to = records.length,
): RecordState {
  if (from >= to) return prev;
  let flows: FlowRecord[] | null = null;
  let leaks: LeakRecord[] | null = null;
  let dns: DnsRecord[] | null = null;
  let anomalies: AnomalyRecord[] | null = null;
  let anomalyCounts: Record<string, number> | null = null;
  const next: RecordState = { ...prev };
  let namesChanged = false;

  for (let i = from; i < to; i++) {
    const r = records[i];
    switch (r.type) {
      case 'flow': {
        flows ??= prev.flows.slice();
        const at = next.flowIndex.get(r.flowId);
        if (at === undefined) {
          next.flowIndex.set(r.flowId, flows.length);
          flows.push(r);
        } else {
          flows[at] = r;
        }
        break;
      }
      case 'leak': {
        leaks ??= prev.leaks.slice();
        const at = next.leakIndex.get(r.leakId);
        if (at === undefined) {
          next.leakIndex.set(r.leakId, leaks.length);
          leaks.push(r);
        } else {
          leaks[at] = r;
        }
        break;
      }
      case 'dns': {
        dns ??= prev.dns.slice();
        dns.push(r);
        if (r.response && r.answers) {
          for (const answer of r.answers) {
            if (looksLikeAddress(answer)) {
              next.names.byAddress.set(answer, r.qname);
              namesChanged = true;
            }
          }
        }
        break;
      }
      case 'tls':
        next.tlsCount++;
        if (r.sni) {
          next.names.byFlow.set(r.flowId, r.sni);
          namesChanged = true;
        }
        break;
      case 'http':
        next.httpCount++;
        // SNI names the flow more reliably than a Host header a client may have made up.
        if (r.host && !next.names.byFlow.has(r.flowId)) {
          next.names.byFlow.set(r.flowId, hostWithoutPort(r.host));
          namesChanged = true;
        }
        break;
      case 'anomaly':
        anomalies ??= prev.recentAnomalies.slice();
        anomalyCounts ??= { ...prev.anomalyCounts };
        anomalies.push(r);
        anomalyCounts[r.name] = (anomalyCounts[r.name] ?? 0) + 1;
        next.anomalyCount++;
        break;
      case 'stats':
        next.stats = r;
        break;
      case 'summary':
        next.summary = r;
        break;
    }
  }

  if (flows) next.flows = flows;
  if (leaks) next.leaks = leaks;
  if (dns) next.dns = dns;
  if (anomalies) {
    next.recentAnomalies =
      anomalies.length > RECENT_ANOMALIES ? anomalies.slice(anomalies.length - RECENT_ANOMALIES) : anomalies;
  }
  if (anomalyCounts) next.anomalyCounts = anomalyCounts;
  if (namesChanged) next.names = { ...next.names };
  return next;
}
