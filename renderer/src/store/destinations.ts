/**
 * Destinations: the servers the phone talked to, one row per name. A flow's server is named by
 * the engine's best guess (flow.host), else the TLS SNI or HTTP Host seen on it, else the name a
 * DNS answer gave its address, else the bare address.
 */
import type { FlowRecord, LeakRecord } from '../../../shared/events';
import { addressOf } from '../lib/endpoint';
import type { NameIndex } from './record-state';

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
}

export function flowHost(
  flow: FlowRecord,
  names: NameIndex,
  address = addressOf(flow.server),
): string | null {
  return flow.host ?? names.byFlow.get(flow.flowId) ?? names.byAddress.get(address) ?? null;
}

interface Accumulator extends Omit<Destination, 'addresses' | 'protocols'> {
  addresses: Set<string>;
  protocols: Set<string>;
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
  };
}

/** Groups flows and leaks by destination; sorted by leaks, then by bytes, then by name. */
export function deriveDestinations(
  flows: readonly FlowRecord[],
  leaks: readonly LeakRecord[],
  flowIndex: ReadonlyMap<number, number>,
  names: NameIndex,
): Destination[] {
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
    const address = addressOf(flow.server);
    const acc = get(flowHost(flow, names, address), address);
    acc.addresses.add(address);
    acc.flows++;
    acc.bytesOut += flow.bytesOut;
    acc.bytesIn += flow.bytesIn;
    acc.protocols.add(flow.protocol);
  }

  for (const leak of leaks) {
    const at = flowIndex.get(leak.flowId);
    const flow = at === undefined ? undefined : flows[at];
    const address = addressOf(leak.server);
    const host = flow ? flowHost(flow, names) : (leak.host ?? names.byAddress.get(address) ?? null);
    const acc = get(host, address);
    acc.addresses.add(address);
    acc.leaks++;
    acc.leakSightings += leak.count;
  }

  return Array.from(byHost.values(), (acc) => ({
    ...acc,
    addresses: Array.from(acc.addresses).sort(),
    protocols: Array.from(acc.protocols).sort(),
  })).sort(
    (a, b) =>
      b.leaks - a.leaks ||
      b.bytesOut + b.bytesIn - (a.bytesOut + a.bytesIn) ||
      // Code-point order: localeCompare is far too slow for tens of thousands of hosts.
      (a.host < b.host ? -1 : a.host > b.host ? 1 : 0),
  );
}
