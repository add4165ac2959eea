/**
 * What the engine knows about a flow's destination beyond its address: the country and AS the
 * server address belongs to (ip-ranges.ts) and the tracker-list owner of its host name
 * (trackers.ts). The services build one Enricher from the data files and pass it to every
 * Engine; answers are cached per address and per host, so a capture with many flows to the
 * same servers looks each one up once. Only types are imported from the lookup modules, so an
 * engine without an enricher never loads them.
 */
import type { FlowRecord } from '../../../shared/events';
import type { IpPlace, IpRanges } from './ip-ranges';
import type { TrackerList } from './trackers';

export interface Enricher {
  /** Country and AS of an address; null when private, reserved or not in the tables. */
  place(ip: string): IpPlace | null;
  /** Owner of the tracker-list entry covering a host name, or null. */
  trackerOwner(host: string): string | null;
}

/** Cached answers kept per Enricher; past this many the oldest are forgotten. */
const MAX_CACHED = 50_000;

/** An Enricher over whichever data is available; a missing part answers null. */
export function createEnricher(data: { ipRanges: IpRanges | null; trackers: TrackerList | null }): Enricher {
  const places = new Map<string, IpPlace | null>();
  const owners = new Map<string, string | null>();
  const { ipRanges, trackers } = data;
  return {
    place(ip) {
      if (!ipRanges) return null;
      let place = places.get(ip);
      if (place === undefined) {
        place = ipRanges.lookup(ip);
        remember(places, ip, place);
      }
      return place;
    },
    trackerOwner(host) {
      if (!trackers) return null;
      let owner = owners.get(host);
      if (owner === undefined) {
        owner = trackers.match(host)?.owner ?? null;
        remember(owners, host, owner);
      }
      return owner;
    },
  };
}

function remember<T>(cache: Map<string, T>, key: string, value: T): void {
  if (cache.size >= MAX_CACHED) {
    // Map iterates in insertion order, so the first key is the oldest.
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, value);
}

/** Adds what is known about the server to a flow record; unknown fields stay absent. */
export function enrichFlowRecord(record: FlowRecord, enricher: Enricher, serverIp: string): void {
  const place = enricher.place(serverIp);
  if (place) {
    if (place.country) record.country = place.country;
    if (place.asn !== null) record.asn = place.asn;
    if (place.asOrg) record.asOrg = place.asOrg;
  }
  if (record.host) {
    const owner = enricher.trackerOwner(record.host);
    if (owner) record.tracker = owner;
  }
}
