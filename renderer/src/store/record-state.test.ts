import { describe, expect, it } from 'vitest';
import type {
  AnomalyRecord,
  CaptureStatsRecord,
  DeviceRecord,
  HttpRecord,
  MarkerRecord,
  StructuralRecord,
  SuspectRecord,
  TlsRecord,
} from '../../../shared/events';
import { applyRecords, emptyRecordState, RECENT_ANOMALIES, requestAt } from './record-state';
import { dnsAnswer, flow, leak } from './test-fixtures';

describe('applyRecords', () => {
  it('keeps one row per flowId, in first-seen order, with the last copy winning', () => {
    const s = applyRecords(emptyRecordState(), [
      flow(7, { packets: 1 }),
      flow(3, { packets: 1 }),
      flow(7, { packets: 9, host: 'late.example' }),
    ]);
    expect(s.flows.map((f) => [f.flowId, f.packets, f.host])).toEqual([
      [7, 9, 'late.example'],
      [3, 1, null],
    ]);
  });

  it('replaces a leak by leakId so its count updates in place', () => {
    const first = applyRecords(emptyRecordState(), [leak(1, { count: 1 }), leak(2, { count: 1 })]);
    const second = applyRecords(first, [leak(1, { count: 4, occurrenceFrames: [5, 8, 9, 12] })]);
    expect(second.leaks.map((l) => [l.leakId, l.count])).toEqual([
      [1, 4],
      [2, 1],
    ]);
    expect(first.leaks[0].count).toBe(1);
  });

  it('returns new arrays only for the kinds of record that changed', () => {
    const a = applyRecords(emptyRecordState(), [flow(1), leak(1), dnsAnswer('x.example', ['198.51.100.1'])]);
    const b = applyRecords(a, [flow(1, { packets: 2 })]);
    expect(b.flows).not.toBe(a.flows);
    expect(b.leaks).toBe(a.leaks);
    expect(b.dns).toBe(a.dns);
    expect(applyRecords(a, [])).toBe(a);
  });

  it('learns names from DNS address answers, TLS SNI and HTTP Host (SNI first)', () => {
    const tls: TlsRecord = {
      type: 'tls',
      frame: 3,
      frames: [3],
      ts: 1,
      transport: 'tcp',
      client: '192.0.2.10:40000',
      server: '203.0.113.5:443',
      sni: 'sni.example',
      alpn: [],
      versions: [],
      ech: false,
      esni: false,
      flowId: 4,
    };
    const empty = emptyRecordState();
    const s = applyRecords(empty, [
      dnsAnswer('cdn.example', ['edge.cdn.example', '198.51.100.7', '2001:db8::7']),
      tls,
      {
        type: 'http',
        frame: 5,
        frames: [5],
        ts: 1,
        transport: 'tcp',
        client: '192.0.2.10:40001',
        server: '203.0.113.5:443',
        method: 'GET',
        host: 'other.example:8443',
        uri: '/',
        version: 'HTTP/1.1',
        flowId: 4,
      },
      {
        type: 'http',
        frame: 6,
        frames: [6],
        ts: 1,
        transport: 'tcp',
        client: '192.0.2.10:40002',
        server: '203.0.113.6:80',
        method: 'GET',
        host: 'plain.example:8080',
        uri: '/',
        version: 'HTTP/1.1',
        flowId: 5,
      },
    ]);
    expect(s.names.byAddress.get('198.51.100.7')).toBe('cdn.example');
    expect(s.names.byAddress.get('2001:db8::7')).toBe('cdn.example');
    expect(s.names.byAddress.has('edge.cdn.example')).toBe(false);
    expect(s.names.byFlow.get(4)).toBe('sni.example');
    expect(s.names.byFlow.get(5)).toBe('plain.example');
    expect([s.tlsCount, s.httpCount]).toEqual([1, 2]);
    expect(s.names).not.toBe(empty.names);
    expect(applyRecords(s, [flow(1)]).names).toBe(s.names);
  });

  it('counts anomalies by name and keeps only the most recent in full', () => {
    const many: AnomalyRecord[] = Array.from({ length: RECENT_ANOMALIES + 10 }, (_, i) => ({
      type: 'anomaly',
      name: i % 2 ? 'tcp-bad-offset' : 'dns-malformed',
      frame: i + 1,
    }));
    const s = applyRecords(emptyRecordState(), many);
    expect(s.anomalyCount).toBe(RECENT_ANOMALIES + 10);
    expect(s.anomalyCounts['dns-malformed'] + s.anomalyCounts['tcp-bad-offset']).toBe(RECENT_ANOMALIES + 10);
    expect(s.recentAnomalies).toHaveLength(RECENT_ANOMALIES);
    expect(s.recentAnomalies[0].frame).toBe(11);
  });

  it('applies only the requested slice of a batch', () => {
    const s = applyRecords(emptyRecordState(), [flow(1), flow(2), flow(3)], 1, 2);
    expect(s.flows.map((f) => f.flowId)).toEqual([2]);
  });
});

describe('applyRecords: live and reporter records', () => {
  const device = (mac: string, overrides: Partial<DeviceRecord> = {}): DeviceRecord => ({
    type: 'device',
    mac,
    frame: 1,
    firstTs: 1,
    lastTs: 1,
    vendor: null,
    randomized: false,
    hostname: null,
    vendorClass: null,
    ipv4: [],
    ipv6: [],
    sources: ['arp'],
    ...overrides,
  });
  const structural = (
    identifier: number,
    protocol: StructuralRecord['protocol'],
    count: number,
    field = 'source address',
  ): StructuralRecord => ({
    type: 'structural',
    frame: count,
    ts: 1,
    kind: 'mac',
    label: 'Wi-Fi MAC',
    identifier,
    protocol,
    field,
    count,
  });
  const stats = (packets: number): CaptureStatsRecord => ({
    type: 'capture-stats',
    ts: packets,
    packets,
    bytes: packets * 100,
    kernelDropped: 0,
    interfaceDropped: null,
    engineDropped: 0,
    dropSource: 'pcap_stats',
    backlogBytes: 0,
  });

  it('keeps one device per MAC, the last copy winning, in first-seen order', () => {
    const s = applyRecords(emptyRecordState(), [
      device('64:09:80:3c:5e:21'),
      device('02:00:00:00:00:01', { randomized: true }),
      device('64:09:80:3c:5e:21', { hostname: 'Redmi-1S', ipv4: ['10.42.0.23'] }),
    ]);
    expect(s.deviceRecords.map((d) => [d.mac, d.hostname, d.ipv4])).toEqual([
      ['64:09:80:3c:5e:21', 'Redmi-1S', ['10.42.0.23']],
      ['02:00:00:00:00:01', null, []],
    ]);
  });

  it('keeps one structural record per identifier, protocol and field, with the latest count', () => {
    const s = applyRecords(emptyRecordState(), [
      structural(5, 'ethernet', 1),
      structural(5, 'dhcp', 1, 'chaddr'),
      structural(5, 'ethernet', 1, 'destination address'),
      structural(5, 'ethernet', 40),
    ]);
    expect(s.structural.map((r) => [r.protocol, r.field, r.count])).toEqual([
      ['ethernet', 'source address', 40],
      ['dhcp', 'chaddr', 1],
      ['ethernet', 'destination address', 1],
    ]);
  });

  it('appends suspects, replaces markers by id, and keeps the latest capture counters', () => {
    const suspect: SuspectRecord = {
      type: 'suspect',
      frame: 9,
      ts: 1,
      kind: 'imei',
      key: 'imei',
      reason: 'A Luhn-valid 15-digit number under the key "imei".',
      protocol: 'http',
      where: 'query',
      client: '192.0.2.10:40000',
      server: '203.0.113.5:80',
      host: 'x.example',
      direction: 'out',
      context: 'imei=•••',
      flowId: 1,
    };
    const marker = (id: number, label: string): MarkerRecord => ({
      type: 'marker',
      id,
      ts: id,
      label,
      frame: null,
    });
    const s = applyRecords(emptyRecordState(), [
      suspect,
      marker(1, 'rebooted'),
      stats(10),
      { ...suspect, frame: 12 },
      marker(2, 'sent SMS'),
      marker(1, 'rebooted the phone'),
      stats(20),
    ]);
    expect(s.suspects.map((r) => r.frame)).toEqual([9, 12]);
    expect(s.markers.map((m) => [m.id, m.label])).toEqual([
      [1, 'rebooted the phone'],
      [2, 'sent SMS'],
    ]);
    expect(s.captureStats?.packets).toBe(20);
  });

  it("finds the HTTP request a leak's frame belongs to", () => {
    const http = (flowId: number, frame: number, method: string): HttpRecord => ({
      type: 'http',
      frame,
      frames: [frame],
      ts: 1,
      transport: 'tcp',
      client: '192.0.2.10:40000',
      server: '203.0.113.5:80',
      method,
      host: null,
      uri: '/',
      version: 'HTTP/1.1',
      flowId,
    });
    const a = applyRecords(emptyRecordState(), [http(1, 4, 'GET')]);
    const b = applyRecords(a, [http(1, 9, 'POST')]);
    expect(b.requests).not.toBe(a.requests);
    expect(applyRecords(b, [flow(1)]).requests).toBe(b.requests);
    expect(requestAt(b.requests, 1, 3)?.method).toBe('GET');
    expect(requestAt(b.requests, 1, 4)?.method).toBe('GET');
    expect(requestAt(b.requests, 1, 7)?.method).toBe('POST');
    expect(requestAt(b.requests, 1, 50)?.method).toBe('POST');
    expect(requestAt(b.requests, 2, 1)).toBeNull();
  });
});
