import { describe, expect, it } from 'vitest';
import type { DnsRecord } from '../../../shared/events';
import { deriveDestinations, destinationOf, type Destination } from '../store/destinations';
import { applyRecords, emptyRecordState } from '../store/record-state';
import { dnsAnswer, flow, leak } from '../store/test-fixtures';
import { DESTINATION_SORT_KEYS, filterDestinations, NO_DESTINATION_FILTER } from './destination-filter';
import { dnsLeakFrames, filterDns, toDnsRows, DNS_SORT_KEYS, type DnsFilter } from './dns-filter';
import { filterFlows, FLOW_SORT_KEYS, protocolsOf, type FlowFilter, type FlowRow } from './flow-filter';
import { sortRows } from './table-sort';

function destinations(): Destination[] {
  const s = applyRecords(emptyRecordState(), [
    flow(1, {
      host: 'graph.facebook.com',
      server: '198.51.100.1:443',
      tracker: 'Facebook',
      country: 'US',
      asn: 32934,
      asOrg: 'FACEBOOK',
      bytesOut: 10,
      bytesIn: 10,
    }),
    flow(2, {
      host: 'api.example.com',
      server: '203.0.113.9:80',
      protocol: 'http',
      bytesOut: 5000,
      bytesIn: 1,
    }),
    flow(3, { server: '203.0.113.77:5000', protocol: 'udp', transport: 'udp', bytesOut: 1, bytesIn: 1 }),
    leak(1, { flowId: 2, host: 'api.example.com' }),
  ]);
  return deriveDestinations(s.flows, s.leaks, s.flowIndex, s.names);
}

describe('filterDestinations', () => {
  const all = destinations();
  const hosts = (rows: readonly Destination[]) => rows.map((d) => d.host);

  it('returns the same array when nothing filters', () => {
    expect(filterDestinations(all, NO_DESTINATION_FILTER)).toBe(all);
  });

  it('keeps trackers only, or leaking destinations only', () => {
    expect(hosts(filterDestinations(all, { ...NO_DESTINATION_FILTER, trackersOnly: true }))).toEqual([
      'graph.facebook.com',
    ]);
    expect(hosts(filterDestinations(all, { ...NO_DESTINATION_FILTER, leaksOnly: true }))).toEqual([
      'api.example.com',
    ]);
  });

  it('matches text in names, addresses, country codes, AS numbers and organisations', () => {
    const by = (text: string) => hosts(filterDestinations(all, { ...NO_DESTINATION_FILTER, text }));
    expect(by('EXAMPLE')).toEqual(['api.example.com']);
    expect(by('203.0.113.77')).toEqual(['203.0.113.77']);
    expect(by('us')).toEqual(['graph.facebook.com']);
    expect(by('as32934')).toEqual(['graph.facebook.com']);
    expect(by('facebook')).toEqual(['graph.facebook.com']);
    expect(by('nothing-like-this')).toEqual([]);
  });

  it('sorts by any column, missing values last', () => {
    const sorted = (column: string, direction: 'asc' | 'desc') =>
      hosts(sortRows(all, { column, direction }, DESTINATION_SORT_KEYS));
    expect(sorted('up', 'desc')).toEqual(['api.example.com', 'graph.facebook.com', '203.0.113.77']);
    expect(sorted('host', 'asc')).toEqual(['203.0.113.77', 'api.example.com', 'graph.facebook.com']);
    expect(sorted('country', 'desc')).toEqual(['graph.facebook.com', 'api.example.com', '203.0.113.77']);
    expect(sorted('tracker', 'asc')[0]).toBe('graph.facebook.com');
  });
});

describe('filterFlows', () => {
  const state = applyRecords(emptyRecordState(), [
    dnsAnswer('cdn.example.net', ['198.51.100.50']),
    flow(1, { host: 'api.example.com', server: '203.0.113.9:443', firstTs: 10, lastTs: 12 }),
    flow(2, { host: 'api.example.com.evil', server: '203.0.113.10:443', firstTs: 20, lastTs: 21, leaks: 2 }),
    flow(3, { server: '198.51.100.50:80', protocol: 'http', firstTs: 30, lastTs: 40 }),
    flow(4, { server: '192.0.2.200:9999', protocol: 'udp', transport: 'udp', firstTs: 50, lastTs: 50 }),
  ]);
  const rows: FlowRow[] = state.flows.map((f) => ({
    flow: f,
    host: f.host ?? state.names.byAddress.get(f.server.split(':')[0]) ?? null,
    destination: destinationOf(f, state.names),
  }));
  const none: FlowFilter = { text: '', protocol: '', host: '', leaksOnly: false, range: null };
  const ids = (f: Partial<FlowFilter>) => filterFlows(rows, { ...none, ...f }).map((r) => r.flow.flowId);

  it('returns the same array when nothing filters', () => {
    expect(filterFlows(rows, none)).toBe(rows);
  });

  it('filters by exact destination, including unnamed ones by address', () => {
    expect(ids({ host: 'API.example.com' })).toEqual([1]);
    expect(ids({ host: 'cdn.example.net' })).toEqual([3]);
    expect(ids({ host: '192.0.2.200' })).toEqual([4]);
  });

  it('filters by protocol, by leaks and by text (substring, or #id)', () => {
    expect(ids({ protocol: 'http' })).toEqual([3]);
    expect(ids({ leaksOnly: true })).toEqual([2]);
    expect(ids({ text: 'example.com' })).toEqual([1, 2]);
    expect(ids({ text: '#3' })).toEqual([3]);
    expect(ids({ text: ':9999' })).toEqual([4]);
  });

  it('keeps flows active at any moment of the time range', () => {
    expect(ids({ range: { from: 11, to: 35 } })).toEqual([1, 2, 3]);
    expect(ids({ range: { from: 41, to: 49 } })).toEqual([]);
    expect(ids({ range: { from: 11, to: 35 }, protocol: 'tls' })).toEqual([1, 2]);
  });

  it('lists protocols most common first and sorts by bytes and duration', () => {
    expect(protocolsOf(state.flows)).toEqual(['tls', 'http', 'udp']);
    const byDuration = sortRows(rows, { column: 'duration', direction: 'desc' }, FLOW_SORT_KEYS);
    expect(byDuration.map((r) => r.flow.flowId)).toEqual([3, 1, 2, 4]);
  });
});

describe('filterDns', () => {
  const q = (frame: number, qname: string, extra: Partial<DnsRecord> = {}): DnsRecord => ({
    ...dnsAnswer(qname, [], frame),
    response: false,
    answers: undefined,
    ts: frame,
    ...extra,
  });
  const records: DnsRecord[] = [
    q(1, 'imei-865301020304057.t.example'),
    { ...dnsAnswer('www.example.org', ['cdn.example.org', '198.51.100.4'], 2), ts: 2 },
    q(3, 'printer.local', { proto: 'mdns', qtype: 'PTR' }),
    q(4, 'www.example.org', { qtype: 'AAAA' }),
  ];
  const leakFrames = dnsLeakFrames([
    leak(1, { protocol: 'dns', where: 'dns-query', frame: 1, occurrenceFrames: [1] }),
    leak(2, { protocol: 'http', where: 'query', frame: 4, occurrenceFrames: [4] }),
  ]);
  const rows = toDnsRows(records, leakFrames);
  const none: DnsFilter = { text: '', protocol: '', host: '', leaksOnly: false, range: null };
  const frames = (f: Partial<DnsFilter>) => filterDns(rows, { ...none, ...f }).map((r) => r.record.frame);

  it('marks only messages that carried an identifier in DNS', () => {
    expect(rows.map((r) => r.leaking)).toEqual([true, false, false, false]);
    expect(frames({ leaksOnly: true })).toEqual([1]);
  });

  it('filters by protocol, exact name or answer, text, type and time range', () => {
    expect(frames({ protocol: 'mdns' })).toEqual([3]);
    expect(frames({ host: 'www.example.org' })).toEqual([2, 4]);
    expect(frames({ host: '198.51.100.4' })).toEqual([2]);
    expect(frames({ host: 'example.org' })).toEqual([]);
    expect(frames({ text: 'aaaa' })).toEqual([4]);
    expect(frames({ text: 'cdn.' })).toEqual([2]);
    expect(frames({ range: { from: 2, to: 3 } })).toEqual([2, 3]);
  });

  it('sorts by name and puts leaking messages first when sorting by leaks', () => {
    expect(
      sortRows(rows, { column: 'qname', direction: 'asc' }, DNS_SORT_KEYS).map((r) => r.record.frame),
    ).toEqual([1, 3, 2, 4]);
    expect(sortRows(rows, { column: 'leaks', direction: 'desc' }, DNS_SORT_KEYS)[0].record.frame).toBe(1);
  });
});
