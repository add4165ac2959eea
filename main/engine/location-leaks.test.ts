/**
 * A location leaks when the phone sends a position within the identifier's radius, however it
 * is written: as typed, longitude first, rounded, with more decimals, or as a GPS fix a few
 * metres off under JSON keys. A position outside the radius stays a suspect. Distances in the
 * comments are haversine figures worked by hand (1e-4° of latitude ≈ 11.1 m; of longitude at
 * 48.86° ≈ 7.3 m).
 */
import { describe, expect, it } from 'vitest';
import type { EngineRecord, SuspectRecord } from '../../shared/events';
import type { Identifier } from '../../shared/identifier-types';
import { te } from '../../e2e/fixtures/lib/packet-builder';
import { finalLeaks, runExchange } from './test-support/run-exchange';

const HOME: Identifier = { kind: 'location', value: '48.8584,2.2945', label: 'home' };
const get = (query: string) => te.encode(`GET /w?${query} HTTP/1.1\r\nHost: maps.example.com\r\n\r\n`);
const suspects = (records: EngineRecord[]) => records.filter((r): r is SuspectRecord => r.type === 'suspect');

describe('location leaks', () => {
  it.each([
    ['as typed', 'pos=48.8584,2.2945', 'plain'],
    ['longitude first', 'pos=2.2945,48.8584', 'location-lon-lat'],
    ['rounded to 3 decimals (~45 m away)', 'pos=48.858,2.295', 'location-rounded-3'],
    // 48.85852,2.29461: 1.2e-4° and 1.1e-4° off, about 15 m: a fix near the place, not its text.
    ['a GPS fix 15 m away under lat/lon keys', 'lat=48.85852&lon=2.29461', 'location-nearby'],
  ])('finds the location %s', (_name, query, encoding) => {
    const leaks = finalLeaks(runExchange(get(query), [HOME]));
    expect(leaks.map((l) => [l.kind, l.encoding])).toContainEqual(['location', encoding]);
  });

  it('keeps a position outside the radius a suspect, not a leak', () => {
    // 48.8650,2.3100 is about 1.4 km from the home point: far outside the default 150 m.
    const records = runExchange(get('lat=48.8650&lon=2.3100'), [HOME]);
    expect(finalLeaks(records)).toEqual([]);
    expect(suspects(records).map((s) => s.kind)).toEqual(['location']);
  });

  it('widens with the radius the reporter set', () => {
    const records = runExchange(get('lat=48.8650&lon=2.3100'), [{ ...HOME, radius: 2000 }]);
    expect(finalLeaks(records).map((l) => l.encoding)).toEqual(['location-nearby']);
    expect(suspects(records)).toEqual([]);
  });
});
