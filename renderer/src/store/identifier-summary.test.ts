import { describe, expect, it } from 'vitest';
import type { Identifier } from '../../../shared/identifier-types';
import { summarizeIdentifiers } from './identifier-summary';
import { deriveFeed } from './leak-feed';
import { applyRecords, emptyRecordState } from './record-state';
import { leak } from './test-fixtures';

describe('summarizeIdentifiers', () => {
  it('counts leaks, sightings, destinations and encodings per identifier, including those that never leaked', () => {
    const identifiers: Identifier[] = [
      { kind: 'imei', value: '865301020304057', label: 'IMEI' },
      { kind: 'mac', value: '64:09:80:3c:5e:21', label: 'Wi-Fi MAC' },
      { kind: 'phone', value: '+8613800138000', label: 'own number' },
    ];
    const s = applyRecords(emptyRecordState(), [
      leak(1, { identifier: 0, host: 'a.example', encoding: 'plain', count: 2, ts: 30 }),
      leak(2, { identifier: 0, host: 'b.example', encoding: 'md5-hex', count: 1, ts: 20 }),
      leak(3, { identifier: 0, host: 'b.example', encoding: 'plain', count: 4, ts: 25 }),
      {
        type: 'structural',
        frame: 1,
        ts: 1,
        kind: 'mac',
        label: 'Wi-Fi MAC',
        identifier: 1,
        protocol: 'ethernet',
        field: 'source address',
        count: 9,
      },
    ]);
    const views = deriveFeed(s, { order: 'newest', search: '', range: null }).leaks;
    const [imei, mac, phone] = summarizeIdentifiers(identifiers, views, s.structural);
    expect([imei.leaks, imei.sightings, imei.destinations, imei.encodings, imei.firstTs]).toEqual([
      3,
      7,
      ['b.example', 'a.example'],
      ['md5-hex', 'plain'],
      20,
    ]);
    expect([mac.leaks, mac.structural.map((r) => r.count)]).toEqual([0, [9]]);
    expect([phone.leaks, phone.firstTs, phone.destinations]).toEqual([0, null, []]);
  });
});
