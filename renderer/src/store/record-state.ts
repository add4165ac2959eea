/**
 * The engine's records folded into what the screens show. Pure functions over plain data (no
 * DOM, no React), so the merge rules are unit-tested directly.
 *
 * Merge rules: a flow record replaces the earlier copy with the same flowId; a leak record
 * replaces the earlier copy with the same leakId (its count has grown); a device record the one
 * with the same MAC; a structural record the one with the same identifier, protocol and field; a marker
 * the one with the same id. DNS records, suspects and anomalies append; stats, capture-stats and
 * summary keep the latest. Arrays are copied once per applied batch
 * when they change, so React sees a new reference exactly when there is something to redraw.
 * The id → position maps are shared between successive states: positions never move, so an
 * older state's array stays consistent with them.
 */
import type {
  AnomalyRecord,
  CaptureStatsRecord,
  DeviceRecord,
  DnsRecord,
  EngineRecord,
  FlowRecord,
  LeakRecord,
  MarkerRecord,
  StatsRecord,
  StructuralRecord,
  SummaryRecord,
  SuspectRecord,
} from '../../../shared/events';
import { looksLikeAddress } from '../lib/endpoint';

/** Names learned from the records, used to label destinations. */
export interface NameIndex {
  /** Address → the name a DNS query for it asked (the queried name, not the CNAME target). */
  byAddress: Map<string, string>;
  /** flowId → TLS SNI or HTTP Host seen on that flow. */
  byFlow: Map<number, string>;
}

/** One HTTP request on a flow: enough to name a leak's message ("an HTTP POST"). */
export interface RequestRef {
  /** The frame that completed the request (body included). */
  frame: number;
  method: string;
}

/** flowId → its HTTP requests in order. A new wrapper whenever one was added (the map is shared). */
export interface RequestIndex {
  byFlow: Map<number, RequestRef[]>;
}

/** Anomalies are counted by name; only the most recent ones are kept in full. */
export const RECENT_ANOMALIES = 500;

export interface RecordState {
  flows: FlowRecord[];
  flowIndex: Map<number, number>;
  leaks: LeakRecord[];
  leakIndex: Map<number, number>;
  dns: DnsRecord[];
  /** Suspected identifiers, in the order found; kept apart from leaks. */
  suspects: SuspectRecord[];
  /** MACs in places every joining device produces them (not leaks). */
  structural: StructuralRecord[];
  structuralIndex: Map<string, number>;
  /** Devices the engine saw, by MAC, first-seen order. */
  deviceRecords: DeviceRecord[];
  deviceIndex: Map<string, number>;
  /** The user's timeline markers, in the order they were set. */
  markers: MarkerRecord[];
  markerIndex: Map<number, number>;
  /** The latest live-capture counters, or null. */
  captureStats: CaptureStatsRecord | null;
  requests: RequestIndex;
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
    suspects: [],
    structural: [],
    structuralIndex: new Map(),
    deviceRecords: [],
    deviceIndex: new Map(),
    markers: [],
    markerIndex: new Map(),
    captureStats: null,
    requests: { byFlow: new Map() },
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

/** Replaces the element with the same key, or appends it, recording its position. */
function upsert<K, T>(list: T[], index: Map<K, number>, key: K, item: T): void {
  const at = index.get(key);
  if (at === undefined) {
    index.set(key, list.length);
    list.push(item);
  } else {
    list[at] = item;
  }
}

/**
 * The key a structural record is deduplicated by: the engine keeps one per identifier, protocol
 * and field (the Ethernet source and destination address are two records).
 */
export function structuralKey(r: StructuralRecord): string {
  return `${r.identifier}|${r.protocol}|${r.field}`;
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
  let suspects: SuspectRecord[] | null = null;
  let structural: StructuralRecord[] | null = null;
  let devices: DeviceRecord[] | null = null;
  let markers: MarkerRecord[] | null = null;
  let anomalies: AnomalyRecord[] | null = null;
  let anomalyCounts: Record<string, number> | null = null;
  const next: RecordState = { ...prev };
  let namesChanged = false;
  let requestsChanged = false;

  for (let i = from; i < to; i++) {
    const r = records[i];
    switch (r.type) {
      case 'flow':
        flows ??= prev.flows.slice();
        upsert(flows, next.flowIndex, r.flowId, r);
        break;
      case 'leak':
        leaks ??= prev.leaks.slice();
        upsert(leaks, next.leakIndex, r.leakId, r);
        break;
      case 'suspect':
        suspects ??= prev.suspects.slice();
        suspects.push(r);
        break;
      case 'structural':
        structural ??= prev.structural.slice();
        upsert(structural, next.structuralIndex, structuralKey(r), r);
        break;
      case 'device':
        devices ??= prev.deviceRecords.slice();
        upsert(devices, next.deviceIndex, r.mac, r);
        break;
      case 'marker':
        markers ??= prev.markers.slice();
        upsert(markers, next.markerIndex, r.id, r);
        break;
      case 'capture-stats':
        next.captureStats = r;
        break;
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
      case 'http': {
        next.httpCount++;
        const list = next.requests.byFlow.get(r.flowId);
        if (list) list.push({ frame: r.frame, method: r.method });
        else next.requests.byFlow.set(r.flowId, [{ frame: r.frame, method: r.method }]);
        requestsChanged = true;
        // SNI names the flow more reliably than a Host header a client may have made up.
        if (r.host && !next.names.byFlow.has(r.flowId)) {
          next.names.byFlow.set(r.flowId, hostWithoutPort(r.host));
          namesChanged = true;
        }
        break;
      }
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
  if (suspects) next.suspects = suspects;
  if (structural) next.structural = structural;
  if (devices) next.deviceRecords = devices;
  if (markers) next.markers = markers;
  if (anomalies) {
    next.recentAnomalies =
      anomalies.length > RECENT_ANOMALIES ? anomalies.slice(anomalies.length - RECENT_ANOMALIES) : anomalies;
  }
  if (anomalyCounts) next.anomalyCounts = anomalyCounts;
  if (namesChanged) next.names = { ...next.names };
  if (requestsChanged) next.requests = { ...next.requests };
  return next;
}

/**
 * The HTTP request a match at `frame` on a flow belongs to: the first request on the flow that
 * completed at or after that frame (a match in the headers comes before the request completes),
 * else the flow's last request, else null.
 */
export function requestAt(requests: RequestIndex, flowId: number, frame: number): RequestRef | null {
  const list = requests.byFlow.get(flowId);
  if (!list || list.length === 0) return null;
  for (const r of list) if (r.frame >= frame) return r;
  return list[list.length - 1];
}
