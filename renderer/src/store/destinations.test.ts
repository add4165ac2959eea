import { describe, expect, it } from 'vitest';
import { FrameClock } from '../lib/frame-clock';
import { deriveDestinations, destinationOf } from './destinations';
import { applyRecords, emptyRecordState } from './record-state';
import { dnsAnswer, flow, leak } from './test-fixtures';

describe('deriveDestinations', () => {
  it('groups flows by name: engine host, else DNS name of the address, else the address', () => {
    const s = applyRecords(emptyRecordState(), [
      dnsAnswer('tracker.example', ['198.51.100.7']),
      flow(1, { host: 'api.example', server: '203.0.113.5:443', bytesOut: 100, bytesIn: 1000 }),
      flow(2, { host: 'api.example', server: '203.0.113.6:443', bytesOut: 1, bytesIn: 2 }),
      flow(3, { server: '198.51.100.7:443', bytesOut: 5, bytesIn: 5 }),
      flow(4, { server: '[2001:db8::9]:443', bytesOut: 1, bytesIn: 1 }),
    ]);
    const d = deriveDestinations(s.flows, s.leaks, s.flowIndex, s.names);
    expect(d.map((x) => [x.host, x.addresses, x.flows, x.bytesOut, x.bytesIn, x.unnamed])).toEqual([
      ['api.example', ['203.0.113.5', '203.0.113.6'], 2, 101, 1002, false],
      ['tracker.example', ['198.51.100.7'], 1, 5, 5, false],
      ['2001:db8::9', ['2001:db8::9'], 1, 1, 1, true],
    ]);
    expect(s.flows.map((f) => destinationOf(f, s.names))).toEqual([
      'api.example',
      'api.example',
      'tracker.example',
      '2001:db8::9',
    ]);
  });

  it("attributes leaks to their flow's destination and sorts leaking destinations first", () => {
    const s = applyRecords(emptyRecordState(), [
      flow(1, { host: 'big.example', bytesIn: 1_000_000 }),
      flow(2, { host: 'leaky.example', server: '198.51.100.1:80' }),
      leak(1, { flowId: 2, host: 'ignored-when-flow-known.example', count: 3 }),
      leak(2, { flowId: 2, encoding: 'md5-hex', count: 1 }),
    ]);
    const d = deriveDestinations(s.flows, s.leaks, s.flowIndex, s.names);
    expect(d.map((x) => [x.host, x.leaks, x.leakSightings])).toEqual([
      ['leaky.example', 2, 4],
      ['big.example', 0, 0],
    ]);
  });

  it('spans first to last packet and collects countries, AS and tracker owner', () => {
    const s = applyRecords(emptyRecordState(), [
      flow(1, {
        host: 'ads.example',
        server: '198.51.100.1:443',
        firstTs: 50,
        lastTs: 60,
        country: 'US',
        asn: 64500,
      }),
      flow(2, {
        host: 'ads.example',
        server: '198.51.100.2:443',
        firstTs: 40,
        lastTs: 45,
        country: 'IE',
        asn: 64501,
        asOrg: 'Example Ads Ltd',
        tracker: 'Example Ads',
      }),
      flow(3, {
        host: 'ads.example',
        server: '198.51.100.1:443',
        firstTs: 70,
        lastTs: 90,
        country: 'US',
        asn: 64500,
        asOrg: 'Example Inc',
      }),
      flow(4, { host: 'plain.example', country: null, asn: null, asOrg: null, tracker: null }),
    ]);
    const [ads, plain] = deriveDestinations(s.flows, s.leaks, s.flowIndex, s.names).sort((a, b) =>
      a.host < b.host ? -1 : 1,
    );
    expect([ads.firstTs, ads.lastTs]).toEqual([40, 90]);
    expect(ads.countries).toEqual(['IE', 'US']);
    // The organisation is filled in by a later flow when the first one lacked it.
    expect(ads.asns).toEqual([
      { asn: 64500, org: 'Example Inc' },
      { asn: 64501, org: 'Example Ads Ltd' },
    ]);
    expect(ads.tracker).toBe('Example Ads');
    expect([plain.countries, plain.asns, plain.tracker]).toEqual([[], [], null]);
  });

  it('counts only flows active in the time range and leaks sighted in it', () => {
    const s = applyRecords(emptyRecordState(), [
      flow(1, { host: 'early.example', firstTs: 100, lastTs: 110, firstFrame: 1 }),
      flow(2, { host: 'late.example', firstTs: 200, lastTs: 210, firstFrame: 100 }),
      // First sighted early (frame 2), again late (frame 101): in the late range too.
      leak(1, { flowId: 2, frame: 2, ts: 101, occurrenceFrames: [2, 101], count: 2 }),
      leak(2, { flowId: 1, encoding: 'base64', frame: 3, ts: 102, occurrenceFrames: [3], count: 1 }),
    ]);
    const clock = FrameClock.from(s.flows.map((f) => [f.firstFrame, f.firstTs] as const));
    const late = deriveDestinations(s.flows, s.leaks, s.flowIndex, s.names, {
      range: { from: 195, to: 205 },
      clock,
    });
    expect(late.map((x) => [x.host, x.flows, x.leaks])).toEqual([['late.example', 1, 1]]);
    const early = deriveDestinations(s.flows, s.leaks, s.flowIndex, s.names, {
      range: { from: 100, to: 105 },
      clock,
    });
    expect(early.map((x) => [x.host, x.flows, x.leaks])).toEqual([
      ['early.example', 1, 1],
      ['late.example', 0, 1],
    ]);
  });
});
