/**
 * Destinations: the servers the phone talked to, one row per name. A flow's server is named by
 * the engine's best guess (flow.host: DNS answers, SNI, HTTP Host, certificate names), else the
 * TLS SNI or HTTP Host seen on it, else the name a DNS answer gave its address, else the bare
 * address. Each row also carries where its addresses are registered (country, AS) and the
 * tracker list's owner, as the engine attached them to the flows.
 *
 * With a time range, only flows active during it and leaks sighted during it count.
 */
import type { FlowRecord, LeakRecord } from '../../../shared/events';
import { addressOf } from '../lib/endpoint';
import { FrameClock } from '../lib/frame-clock';
import { leakInRange } from '../lib/leak-sightings';
import { overlapsRange } from '../lib/time-range-filter';
import type { NameIndex } from './record-state';
import type { TimeRange } from './time-range';

export interface AutonomousSystem {
  asn: number;
  org: string | null;
}

export interface Destination {
  host: string;
  /** True when no name is known and `host` is the address itself. */
  unnamed: boolean;
  addresses: string[];
  flows: number;
  bytesOut: number;
  bytesIn: number;
  /** Distinct leaks (identifier, encoding, direction) to this destination. */
  leaks: number;
  /** Every sighting of those leaks. */
  leakSightings: number;
  protocols: string[];
  /** First and last packet time of its flows (its first leak's time when it has no flow). */
  firstTs: number;
  lastTs: number;
  /** Countries (ISO codes) its addresses are registered in, sorted. */
  countries: string[];
  /** Autonomous systems announcing its addresses, by number. */
  asns: AutonomousSystem[];
  /** Owner of the tracker-list entry its name matched, or null. */
  tracker: string | null;
}

export interface DeriveOptions {
  range?: TimeRange | null;
  /** Places leak sightings in time for the range; needed only with a range. */
  clock?: FrameClock;
}

export function flowHost(
  flow: FlowRecord,
  names: NameIndex,
  address = addressOf(flow.server),
): string | null {
  return flow.host ?? names.byFlow.get(flow.flowId) ?? names.byAddress.get(address) ?? null;
}

/** The destination a flow belongs to: its name, or its server address when it has none. */
export function destinationOf(flow: FlowRecord, names: NameIndex): string {
  const address = addressOf(flow.server);
  return flowHost(flow, names, address) ?? address;
}

interface Accumulator {
  host: string;
  unnamed: boolean;
  addresses: Set<string>;
  flows: number;
  bytesOut: number;
  bytesIn: number;
  leaks: number;
  leakSightings: number;
  protocols: Set<string>;
  firstTs: number;
  lastTs: number;
  countries: Set<string>;
  asns: Map<number, string | null>;
  tracker: string | null;
}

function accumulator(host: string, unnamed: boolean): Accumulator {
  return {
    host,
    unnamed,
    addresses: new Set(),
    flows: 0,
    bytesOut: 0,
    bytesIn: 0,
    leaks: 0,
    leakSightings: 0,
    protocols: new Set(),
    firstTs: Infinity,
    lastTs: -Infinity,
    countries: new Set(),
    asns: new Map(),
    tracker: null,
  };
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Groups flows and leaks by destination; sorted by leaks, then by bytes, then by name. */
export function deriveDestinations(
  flows: readonly FlowRecord[],
  leaks: readonly LeakRecord[],
  flowIndex: ReadonlyMap<number, number>,
  names: NameIndex,
  options: DeriveOptions = {},
): Destination[] {
  const range = options.range ?? null;
  const clock = options.clock ?? FrameClock.from([]);
  const byHost = new Map<string, Accumulator>();
  const get = (host: string | null, address: string): Accumulator => {
    const key = host ?? address;
    let acc = byHost.get(key);
    if (!acc) {
      acc = accumulator(key, host === null);
      byHost.set(key, acc);
    }
    return acc;
  };

  for (const flow of flows) {
    if (!overlapsRange(flow.firstTs, flow.lastTs, range)) continue;
    const address = addressOf(flow.server);
    const acc = get(flowHost(flow, names, address), address);
    acc.addresses.add(address);
    acc.flows++;
    acc.bytesOut += flow.bytesOut;
    acc.bytesIn += flow.bytesIn;
    acc.protocols.add(flow.protocol);
    if (flow.firstTs < acc.firstTs) acc.firstTs = flow.firstTs;
    if (flow.lastTs > acc.lastTs) acc.lastTs = flow.lastTs;
    if (flow.country) acc.countries.add(flow.country);
    if (flow.asn != null && !acc.asns.get(flow.asn)) acc.asns.set(flow.asn, flow.asOrg ?? null);
    if (flow.tracker && !acc.tracker) acc.tracker = flow.tracker;
  }

  for (const leak of leaks) {
    if (!leakInRange(leak, range, clock)) continue;
    const at = flowIndex.get(leak.flowId);
    const flow = at === undefined ? undefined : flows[at];
    const address = addressOf(leak.server);
    const host = flow ? flowHost(flow, names) : (leak.host ?? names.byAddress.get(address) ?? null);
    const acc = get(host, address);
    acc.addresses.add(address);
    acc.leaks++;
    acc.leakSightings += leak.count;
    if (leak.ts < acc.firstTs) acc.firstTs = leak.ts;
    if (leak.ts > acc.lastTs) acc.lastTs = leak.ts;
  }

  return Array.from(byHost.values(), (acc): Destination => ({
    ...acc,
    addresses: Array.from(acc.addresses).sort(byCodePoint),
    protocols: Array.from(acc.protocols).sort(byCodePoint),
    countries: Array.from(acc.countries).sort(byCodePoint),
    asns: Array.from(acc.asns, ([asn, org]) => ({ asn, org })).sort((a, b) => a.asn - b.asn),
  })).sort(
    (a, b) =>
      b.leaks - a.leaks ||
      b.bytesOut + b.bytesIn - (a.bytesOut + a.bytesIn) ||
      // Code-point order: localeCompare is far too slow for tens of thousands of hosts.
      byCodePoint(a.host, b.host),
  );
}
