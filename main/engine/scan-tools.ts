/**
 * The parts of leak and suspect reporting that depend only on the bytes being looked at and on
 * the user's identifiers: a match's masked context, and whether a suspect-shaped value is one of
 * the user's identifiers, a place near one of their locations, or a new suspect. The engine and
 * a flow shard (shard/recording-host.ts) both use them, so a session run on another thread
 * reports exactly what it would have reported in the engine.
 *
 * Threat model: the bytes are captured payload; everything here reads within bounds and only
 * through the matcher and the suspect finder, which bound their own work.
 */
import type { LeakPlace } from '../../shared/events';
import { distanceMetres } from '../../shared/geo-distance';
import { LOCATION_RADIUS_DEFAULT_M, type Identifier } from '../../shared/identifier-types';
import { latin1 } from './app/text-bytes';
import { contextExcerpt, type IdentifierMatcher, type Match } from './match/matcher';
import { findSuspects, type Suspect, type SuspectKind } from './match/suspects';

const CONTEXT_RADIUS = 40;

/** A user's location, for positions that are near it but not written like it. */
interface Place {
  index: number;
  lat: number;
  lon: number;
  radius: number;
}

/** What a suspect-shaped value turned out to be, ready to be reported by the engine. */
export type SuspectFinding =
  | { type: 'nearby'; match: Match; where: LeakPlace; context: string; frame: number }
  | {
      type: 'suspect';
      kind: SuspectKind;
      key: string | null;
      reason: string;
      /** The value's bytes as latin1 text (the dedupe key's last part). */
      value: string;
      where: LeakPlace;
      context: string;
      frame: number;
    };

/** How a suspect-shaped value is to be treated (context not yet computed: it costs a scan). */
export type SuspectVerdict =
  /** It is one of the user's identifiers: the matcher reports it as a leak. */
  { type: 'known' } | { type: 'nearby'; match: Match } | { type: 'suspect'; value: string };

export class ScanTools {
  private readonly places: Place[];

  constructor(
    readonly matcher: IdentifierMatcher | null,
    usable: readonly { identifier: Identifier; canonical: string; index: number }[],
  ) {
    this.places = usable.flatMap(({ identifier, canonical, index }) => {
      if (identifier.kind !== 'location') return [];
      const [lat, lon] = canonical.split(',').map(Number);
      return [{ index, lat, lon, radius: identifier.radius ?? LOCATION_RADIUS_DEFAULT_M }];
    });
  }

  /**
   * A printable excerpt around bytes[start..end) with that match masked — and every other
   * identifier in or overlapping the excerpt masked too, so a context never shows a value in
   * full (a leak's neighbours are often other identifiers).
   */
  context(bytes: Uint8Array, start: number, end: number): string {
    const others = (this.matcher ? this.matcher.scanBuffer(bytes) : []).filter(
      (m) => m.start !== start || m.end !== end,
    );
    return contextExcerpt(bytes, start, end, CONTEXT_RADIUS, others);
  }

  /**
   * Identifier-shaped values the user did not enter (match/suspects.ts) in `bytes`, in order:
   * places near the user's locations, and suspects for which `wanted(kind, value)` says yes
   * (not reported before) — asked before their context is taken, which costs a scan.
   */
  suspectFindings(
    bytes: Uint8Array,
    info: { protocol: string; placeAt: (index: number) => LeakPlace; frame: number },
    wanted: (kind: SuspectKind, value: string) => boolean,
  ): SuspectFinding[] {
    const findings: SuspectFinding[] = [];
    for (const s of findSuspects(bytes, info.protocol)) {
      const verdict = this.judge(bytes, s);
      if (verdict.type === 'known') continue;
      const where = info.placeAt(s.start);
      if (verdict.type === 'nearby') {
        const context = this.context(bytes, s.start, s.end);
        findings.push({ type: 'nearby', match: verdict.match, where, context, frame: info.frame });
        continue;
      }
      if (!wanted(s.kind, verdict.value)) continue;
      findings.push({
        type: 'suspect',
        kind: s.kind,
        key: s.key,
        reason: s.reason,
        value: verdict.value,
        where,
        context: this.context(bytes, s.start, s.end),
        frame: info.frame,
      });
    }
    return findings;
  }

  /**
   * A value that is one of the user's identifiers is a leak (the matcher reports it), not a
   * suspect; a GPS pair near one of the user's locations is that location.
   */
  private judge(bytes: Uint8Array, s: Suspect): SuspectVerdict {
    const value = bytes.subarray(s.start, s.end);
    if (this.matcher?.scanBuffer(value).some((m) => m.start === 0 && m.end === value.length)) {
      return { type: 'known' };
    }
    if (s.kind === 'location') {
      const match = this.nearbyPlace(bytes, s.start, s.end);
      if (match) return { type: 'nearby', match };
    }
    return { type: 'suspect', value: latin1(value, 0, value.length) };
  }

  /**
   * A GPS pair within the radius of one of the user's locations is that location, however it
   * is written (more decimals, a fix a few metres off, JSON keys between the halves). The pair's
   * order is not known from the text, so both readings are tried; a swapped pair landing within
   * metres of the place is not a coincidence worth worrying about.
   */
  private nearbyPlace(bytes: Uint8Array, start: number, end: number): Match | null {
    if (this.places.length === 0) return null;
    const numbers = latin1(bytes, start, end).match(/-?\d{1,3}\.\d+/g);
    if (!numbers || numbers.length < 2) return null;
    const a = Number(numbers[0]);
    const b = Number(numbers[numbers.length - 1]);
    for (const place of this.places) {
      const near =
        distanceMetres(place.lat, place.lon, a, b) <= place.radius ||
        distanceMetres(place.lat, place.lon, b, a) <= place.radius;
      if (near) return { identifier: place.index, encoding: 'location-nearby', kind: 'location', start, end };
    }
    return null;
  }
}
