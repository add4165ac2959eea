import { describe, expect, it } from 'vitest';
import type { EngineRecord, FlowRecord } from '../../../shared/events';
import { Clock, TcpConnection, te, type Frame, type Host } from '../../../e2e/fixtures/lib/packet-builder';
import { Engine } from '../engine';
import { capturedFrame } from '../test-support/run-exchange';
import { createEnricher, type Enricher } from './enricher';
import type { IpPlace, IpRanges } from './ip-ranges';
import { TrackerList } from './trackers';

const PHONE: Host = { mac: '02:00:00:00:00:02', ip: '192.0.2.2' };
const GW: Host = { mac: '02:00:00:00:00:01', ip: '192.0.2.1' };
const GOOGLE: IpPlace = { country: 'US', asn: 15169, asOrg: 'Google LLC' };

/** An IpRanges stand-in that knows one address and counts the questions it is asked. */
function countingRanges(): { ranges: IpRanges; asked: string[] } {
  const asked: string[] = [];
  const ranges = {
    lookup: (ip: string) => {
      asked.push(ip);
      return ip === '8.8.8.8' ? GOOGLE : null;
    },
  } as unknown as IpRanges;
  return { ranges, asked };
}

const { list: trackers } = TrackerList.fromJson({
  entries: [{ domain: 'google-analytics.com', owner: 'Google', category: 'analytics' }],
});

function httpExchange(frames: Frame[], clock: Clock, server: string, sport: number, host: string): void {
  new TcpConnection(frames, clock, PHONE, GW, server, sport, 80)
    .handshake()
    .send(true, te.encode(`GET /collect HTTP/1.1\r\nHost: ${host}\r\n\r\n`))
    .send(false, te.encode('HTTP/1.1 204 No Content\r\n\r\n'))
    .close();
}

function run(enrich: Enricher | null): FlowRecord[] {
  const frames: Frame[] = [];
  const clock = new Clock(1_700_000_000);
  httpExchange(frames, clock, '8.8.8.8', 40000, 'www.google-analytics.com');
  httpExchange(frames, clock, '8.8.8.8', 40001, 'example.org');
  httpExchange(frames, clock, '198.51.100.7', 40002, 'www.google-analytics.com');
  const engine = new Engine({ enrich });
  const records: EngineRecord[] = [];
  frames.forEach((f, i) => {
    engine.pushPacket(capturedFrame(f, i + 1));
    // Drain as the services do, so flows are re-emitted while they grow.
    if (i % 3 === 0) records.push(...engine.drain());
  });
  engine.end();
  records.push(...engine.drain());
  const last = new Map<number, FlowRecord>();
  for (const r of records) if (r.type === 'flow') last.set(r.flowId, r);
  return [...last.values()];
}

describe('flow enrichment in the engine', () => {
  it("fills country, AS and tracker owner from the server's address and host", () => {
    const { ranges } = countingRanges();
    const [first, second, third] = run(createEnricher({ ipRanges: ranges, trackers }));
    expect(first).toMatchObject({
      server: '8.8.8.8:80',
      country: 'US',
      asn: 15169,
      asOrg: 'Google LLC',
      tracker: 'Google',
    });
    expect(second).toMatchObject({ country: 'US', asn: 15169, host: 'example.org' });
    expect(second.tracker).toBeUndefined();
    // A documentation address has no place; the host alone still names the tracker.
    expect(third.tracker).toBe('Google');
    expect('country' in third || 'asn' in third || 'asOrg' in third).toBe(false);
  });

  it('asks about each server address once, however often flows are re-emitted', () => {
    const { ranges, asked } = countingRanges();
    run(createEnricher({ ipRanges: ranges, trackers }));
    expect(asked.sort()).toEqual(['198.51.100.7', '8.8.8.8']);
  });

  it('leaves the fields out without an enricher or without data', () => {
    const plain = run(null);
    expect(plain).toHaveLength(3);
    for (const flow of plain)
      expect(['country', 'asn', 'asOrg', 'tracker'].filter((k) => k in flow)).toEqual([]);
    const none = run(createEnricher({ ipRanges: null, trackers: null }));
    expect(none.every((f) => f.country === undefined && f.tracker === undefined)).toBe(true);
  });
});
