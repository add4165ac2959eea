/**
 * Per identifier: where it went and how — the reporter's "the IMEI went to three companies in
 * two encodings". Identifiers that never leaked are listed too, so the absence is visible.
 */
import type { StructuralRecord } from '../../../shared/events';
import type { Identifier } from '../../../shared/identifier-types';
import type { LeakView } from './leak-feed';

export interface IdentifierSummary {
  index: number;
  identifier: Identifier;
  /** Distinct leaks (destination, encoding, direction). */
  leaks: number;
  /** Every sighting of those leaks. */
  sightings: number;
  /** Destinations, most leaks first. */
  destinations: string[];
  encodings: string[];
  firstTs: number | null;
  structural: StructuralRecord[];
}

export function summarizeIdentifiers(
  identifiers: readonly Identifier[],
  views: readonly LeakView[],
  structural: readonly StructuralRecord[],
): IdentifierSummary[] {
  return identifiers.map((identifier, index) => {
    const mine = views.filter((v) => v.leak.identifier === index);
    const byHost = new Map<string, number>();
    for (const v of mine) byHost.set(v.host, (byHost.get(v.host) ?? 0) + 1);
    return {
      index,
      identifier,
      leaks: mine.length,
      sightings: mine.reduce((n, v) => n + v.leak.count, 0),
      destinations: Array.from(byHost)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .map(([host]) => host),
      encodings: Array.from(new Set(mine.map((v) => v.leak.encoding))).sort(),
      firstTs: mine.length ? Math.min(...mine.map((v) => v.leak.ts)) : null,
      structural: structural.filter((r) => r.identifier === index),
    };
  });
}
