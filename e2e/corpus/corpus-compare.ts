/**
 * Compare the engine's records for one capture with the tshark oracle beside it
 * (../shared/corpus/README.md describes the oracle). Each field is compared as a multiset of
 * keys, so duplicates count, and the frame number is part of the key: a record reported at the
 * wrong frame is both a false positive and a false negative.
 */
import type { EngineRecord, SummaryRecord } from '../../shared/events';

export interface Oracle {
  file: string;
  packet_count: number;
  tls: { sni: { frame: number; sni: string }[] };
  quic: { sni: { frame: number; version: string; sni: string }[] };
  dns: { query_names: { frame: number; name: string; response: boolean }[] };
  http: { requests: { frame: number; method: string; host: string | null; uri: string; proto: string }[] };
  anomalies: { file_cut_short: boolean; file_corrupt: boolean };
}

export interface FieldScore {
  tp: number;
  fp: number;
  fn: number;
  /** The keys of each kind of miss (at most MAX_LISTED of each), for the report. */
  falsePositives: string[];
  falseNegatives: string[];
}

/** Misses listed per file and field; the counts are always complete. */
const MAX_LISTED = 100;

export const FIELDS = ['packets', 'tls_sni', 'quic_sni', 'dns_qname', 'http_request'] as const;
export type Field = (typeof FIELDS)[number];

function score(expected: string[], actual: string[]): FieldScore {
  const want = new Map<string, number>();
  for (const k of expected) want.set(k, (want.get(k) ?? 0) + 1);
  let tp = 0;
  const falsePositives: string[] = [];
  let fp = 0;
  for (const k of actual) {
    const n = want.get(k) ?? 0;
    if (n > 0) {
      tp++;
      want.set(k, n - 1);
    } else {
      fp++;
      if (falsePositives.length < MAX_LISTED) falsePositives.push(k);
    }
  }
  const falseNegatives: string[] = [];
  let fn = 0;
  for (const [k, n] of want) {
    fn += n;
    for (let i = 0; i < n && falseNegatives.length < MAX_LISTED; i++) falseNegatives.push(k);
  }
  return { tp, fp, fn, falsePositives, falseNegatives };
}

export function compareWithOracle(
  oracle: Oracle,
  records: EngineRecord[],
  summary: SummaryRecord,
): Record<Field, FieldScore> {
  const ours = {
    tls: [] as string[],
    quic: [] as string[],
    dns: [] as string[],
    http: [] as string[],
  };
  for (const r of records) {
    if (r.type === 'tls' && r.sni)
      (r.transport === 'quic' ? ours.quic : ours.tls).push(`${r.frame} ${r.sni}`);
    if (r.type === 'dns') {
      const names = r.questions ? r.questions.map((q) => q.name) : r.qname || r.qtype ? [r.qname] : [];
      for (const n of names) ours.dns.push(`${r.frame} ${r.response ? 'R' : 'Q'} ${n}`);
    }
    if (r.type === 'http') ours.http.push(`${r.frame} ${r.method} ${r.host ?? ''} ${r.uri}`);
  }
  const packets: FieldScore =
    summary.packets === oracle.packet_count
      ? { tp: oracle.packet_count, fp: 0, fn: 0, falsePositives: [], falseNegatives: [] }
      : {
          tp: Math.min(summary.packets, oracle.packet_count),
          fp: Math.max(0, summary.packets - oracle.packet_count),
          fn: Math.max(0, oracle.packet_count - summary.packets),
          falsePositives: [],
          falseNegatives: [`ours ${summary.packets} vs tshark ${oracle.packet_count}`],
        };
  return {
    packets,
    tls_sni: score(
      oracle.tls.sni.map((s) => `${s.frame} ${s.sni}`),
      ours.tls,
    ),
    quic_sni: score(
      oracle.quic.sni.map((s) => `${s.frame} ${s.sni}`),
      ours.quic,
    ),
    dns_qname: score(
      oracle.dns.query_names.map((q) => `${q.frame} ${q.response ? 'R' : 'Q'} ${q.name}`),
      ours.dns,
    ),
    http_request: score(
      oracle.http.requests.map((h) => `${h.frame} ${h.method} ${h.host ?? ''} ${h.uri}`),
      ours.http,
    ),
  };
}

export function ratio(n: number, d: number): number {
  return d === 0 ? 1 : n / d;
}
