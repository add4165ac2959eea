import { describe, expect, it } from 'vitest';
import { deriveDestinations } from './destinations';
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
});
