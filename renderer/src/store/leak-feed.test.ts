import { describe, expect, it } from 'vitest';
import type { HttpRecord, StructuralRecord, SuspectRecord } from '../../../shared/events';
import { deriveFeed, stepLeak, type FeedOptions } from './leak-feed';
import { applyRecords, emptyRecordState } from './record-state';
import { dnsAnswer, flow, leak } from './test-fixtures';

const options = (overrides: Partial<FeedOptions> = {}): FeedOptions => ({
  order: 'newest',
  search: '',
  range: null,
  ...overrides,
});

const post = (flowId: number, frame: number): HttpRecord => ({
  type: 'http',
  frame,
  frames: [frame],
  ts: 1,
  transport: 'tcp',
  client: '192.0.2.10:40000',
  server: '198.51.100.10:80',
  method: 'POST',
  host: 'api.account.xiaomi.com',
  uri: '/pass/v2/activation/report',
  version: 'HTTP/1.1',
  flowId,
});

const suspect: SuspectRecord = {
  type: 'suspect',
  frame: 30,
  ts: 5,
  kind: 'imei',
  key: 'device_imei',
  reason: 'A Luhn-valid 15-digit number under the key "device_imei".',
  protocol: 'http',
  where: 'query',
  client: '192.0.2.10:40001',
  server: '203.0.113.9:80',
  host: null,
  direction: 'out',
  context: 'device_imei=•••',
  flowId: 3,
};

const structural: StructuralRecord = {
  type: 'structural',
  frame: 1,
  ts: 1,
  kind: 'mac',
  label: 'Wi-Fi MAC',
  identifier: 5,
  protocol: 'dhcp',
  field: 'chaddr',
  count: 2,
};

function state() {
  return applyRecords(emptyRecordState(), [
    dnsAnswer('tracker.example', ['203.0.113.9']),
    flow(1, {
      server: '198.51.100.10:80',
      host: 'api.account.xiaomi.com',
      country: 'CN',
      asOrg: 'Xiaomi Communications',
      asn: 4837,
      tracker: null,
    }),
    flow(3, { server: '203.0.113.9:80', tracker: 'Example Ads' }),
    post(1, 12),
    leak(1, {
      flowId: 1,
      ts: 10,
      frame: 12,
      where: 'body',
      encoding: 'plain',
      host: 'api.account.xiaomi.com',
    }),
    leak(2, {
      flowId: 1,
      ts: 10,
      frame: 12,
      where: 'body',
      encoding: 'url(phone-e164)',
      host: 'api.account.xiaomi.com',
      kind: 'phone',
      label: 'own number',
    }),
    leak(3, {
      flowId: 3,
      ts: 20,
      frame: 40,
      where: 'query',
      encoding: 'md5-hex',
      host: null,
      server: '203.0.113.9:80',
    }),
    suspect,
    structural,
  ]);
}

describe('deriveFeed', () => {
  it('describes each leak in words, with destination, owner, country and tracker', () => {
    const feed = deriveFeed(state(), options());
    const byId = new Map(feed.leaks.map((v) => [v.leak.leakId, v]));
    expect(byId.get(1)).toMatchObject({
      sentence: 'IMEI in the body of an HTTP POST',
      host: 'api.account.xiaomi.com',
      country: 'CN',
      countryName: 'China',
      owner: 'Xiaomi Communications',
      asn: 4837,
      tracker: null,
    });
    // No Host on the leak: the destination is the DNS name of the address.
    expect(byId.get(3)).toMatchObject({ host: 'tracker.example', tracker: 'Example Ads', owner: null });
    // The HTTP record says GET/POST; a leak on a flow with no request record says "request".
    expect(byId.get(3)?.sentence).toBe('MD5 of IMEI in the query of an HTTP request');
  });

  it('lists newest first (later leakId first at equal times), then suspects, then the structural note', () => {
    const feed = deriveFeed(state(), options());
    expect(feed.items.map((i) => i.key)).toEqual([
      'leak:3',
      'leak:2',
      'leak:1',
      'suspects',
      'suspect:0:30',
      'structural',
    ]);
    expect(feed.items.find((i) => i.type === 'suspect')).toMatchObject({ host: 'tracker.example' });
  });

  it('groups by destination, the destination with most leaks first', () => {
    const feed = deriveFeed(state(), options({ order: 'destination' }));
    const head = feed.items.filter((i) => i.type === 'group' || i.type === 'leak').map((i) => i.key);
    expect(head).toEqual([
      'group:api.account.xiaomi.com',
      'leak:2',
      'leak:1',
      'group:tracker.example',
      'leak:3',
    ]);
    expect(feed.items[0]).toMatchObject({ leaks: 2, countryName: 'China', owner: 'Xiaomi Communications' });
    expect(feed.leaks.map((v) => v.leak.leakId)).toEqual([2, 1, 3]);
  });

  it('filters by every search word over the descriptions, never the identifier value', () => {
    expect(deriveFeed(state(), options({ search: 'china post' })).leaks.map((v) => v.leak.leakId)).toEqual([
      2, 1,
    ]);
    expect(deriveFeed(state(), options({ search: 'MD5' })).leaks.map((v) => v.leak.leakId)).toEqual([3]);
    expect(deriveFeed(state(), options({ search: 'own number' })).leaks.map((v) => v.leak.leakId)).toEqual([
      2,
    ]);
    const none = deriveFeed(state(), options({ search: 'nowhere.example' }));
    expect([none.leaks.length, none.total, none.suspects]).toEqual([0, 3, 0]);
  });

  it("keeps only leaks and suspects inside the timeline's range", () => {
    const feed = deriveFeed(state(), options({ range: { from: 9, to: 11 } }));
    expect(feed.leaks.map((v) => v.leak.leakId)).toEqual([2, 1]);
    expect(feed.suspects).toBe(0);
  });
});

describe('stepLeak', () => {
  it('moves through the shown order and stops at the ends', () => {
    const { leaks } = deriveFeed(state(), options());
    expect(stepLeak(leaks, null, 1)?.leak.leakId).toBe(3);
    expect(stepLeak(leaks, null, -1)?.leak.leakId).toBe(1);
    expect(stepLeak(leaks, 3, 1)?.leak.leakId).toBe(2);
    expect(stepLeak(leaks, 1, 1)?.leak.leakId).toBe(1);
    expect(stepLeak(leaks, 3, -1)?.leak.leakId).toBe(3);
    expect(stepLeak([], null, 1)).toBeNull();
  });
});
