/**
 * Filtering and sort keys of the Destinations view. The text filter is a case-insensitive
 * substring of anything the row shows: name, addresses, countries, AS numbers and
 * organisations, tracker owner, protocols.
 */
import type { Destination } from '../store/destinations';
import type { SortKeyOf } from './table-sort';

export interface DestinationFilter {
  text: string;
  trackersOnly: boolean;
  leaksOnly: boolean;
}

export const NO_DESTINATION_FILTER: DestinationFilter = { text: '', trackersOnly: false, leaksOnly: false };

function textMatches(d: Destination, needle: string): boolean {
  if (d.host.toLowerCase().includes(needle)) return true;
  if (d.addresses.some((a) => a.toLowerCase().includes(needle))) return true;
  if (d.countries.some((c) => c.toLowerCase() === needle)) return true;
  if (d.asns.some((a) => `as${a.asn}` === needle || (a.org?.toLowerCase().includes(needle) ?? false)))
    return true;
  if (d.tracker?.toLowerCase().includes(needle)) return true;
  return d.protocols.some((p) => p.toLowerCase() === needle);
}

export function filterDestinations(
  rows: readonly Destination[],
  filter: DestinationFilter,
): readonly Destination[] {
  const needle = filter.text.trim().toLowerCase();
  if (!needle && !filter.trackersOnly && !filter.leaksOnly) return rows;
  return rows.filter(
    (d) =>
      (!filter.trackersOnly || d.tracker !== null) &&
      (!filter.leaksOnly || d.leaks > 0) &&
      (!needle || textMatches(d, needle)),
  );
}

export const DESTINATION_SORT_KEYS: Record<string, SortKeyOf<Destination>> = {
  host: (d) => d.host.toLowerCase(),
  addresses: (d) => d.addresses[0],
  country: (d) => d.countries[0],
  asn: (d) => d.asns[0]?.org?.toLowerCase() ?? (d.asns[0] ? `as${d.asns[0].asn}` : null),
  tracker: (d) => d.tracker?.toLowerCase(),
  protocols: (d) => d.protocols.join(','),
  flows: (d) => d.flows,
  up: (d) => d.bytesOut,
  down: (d) => d.bytesIn,
  first: (d) => d.firstTs,
  last: (d) => d.lastTs,
  leaks: (d) => d.leaks * 1e9 + d.leakSightings,
};
