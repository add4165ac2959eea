/**
 * The worker's live engine: it sheds packets only while the queue between the service and the
 * engine is over its bound (and counts them in the shared counters), and it reports a leak at
 * the end of a quiet stream once the flow has been idle, with no further packet.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineRecord, LeakRecord } from '../../shared/events';
import { Clock, TcpConnection, te, type Frame, type Host } from '../../e2e/fixtures/lib/packet-builder';
import { enhancedPacket, interfaceDescription, sectionHeader } from '../engine/pcap/pcapng-writer';
import { LIVE_COUNTERS, LIVE_POSTED, LIVE_PROCESSED, LIVE_SHED } from './engine-worker-protocol';
import { LiveEngineRun, QUEUE_LIMIT_BYTES } from './live-engine-run';

const IMEI = '865301020304057';
const PHONE: Host = { mac: '02:00:00:00:00:02', ip: '10.9.0.2' };
const GW: Host = { mac: '02:00:00:00:00:01', ip: '10.9.0.1' };
const START = 1_700_000_000;

function stream(text: string): { head: Uint8Array; packets: Uint8Array[] } {
  const frames: Frame[] = [];
  new TcpConnection(frames, new Clock(START), PHONE, GW, '203.0.113.9', 40001, 5222)
    .handshake()
    .send(true, te.encode(text));
  return {
    head: Uint8Array.from([
      ...sectionHeader({}),
      ...interfaceDescription({ linkType: 1, snapLen: 65535, tsResolNs: true }),
    ]),
    packets: frames.map((f) =>
      enhancedPacket(
        { interfaceId: 0, tsSec: f.tsSec, tsNsec: f.tsNsec, data: f.data, origLen: f.data.length },
        1e9,
      ),
    ),
  };
}

let run: LiveEngineRun | null = null;
afterEach(() => run?.abandon());

function start(now: () => number) {
  const counters = new SharedArrayBuffer(LIVE_COUNTERS * 8);
  const shared = new BigInt64Array(counters);
  const records: EngineRecord[] = [];
  run = new LiveEngineRun({
    identifiers: [{ kind: 'imei', value: IMEI }],
    counters,
    enrich: null,
    onRecords: (r) => records.push(...r),
    now,
  });
  /** What the service does for each chunk: count it as posted, then the worker reads it. */
  const post = (bytes: Uint8Array, extraBacklog = 0) => {
    Atomics.add(shared, LIVE_POSTED, BigInt(bytes.length + extraBacklog));
    run!.push(bytes);
    Atomics.add(shared, LIVE_PROCESSED, BigInt(extraBacklog));
  };
  return { shared, records, post, run };
}

describe('LiveEngineRun', () => {
  it('sheds and counts packets only while the queue is over its bound', () => {
    const { shared, records, post, run } = start(() => START);
    const s = stream(`imei=${IMEI};`);
    post(s.head);
    // The first two packets arrive with the queue far over the bound, the rest with it empty.
    post(s.packets[0], QUEUE_LIMIT_BYTES + 1);
    post(s.packets[1], QUEUE_LIMIT_BYTES + 1);
    expect(run.engine.shedding).toBe(true);
    for (const p of s.packets.slice(2)) post(p);
    expect(run.engine.shedding).toBe(false);
    expect(Atomics.load(shared, LIVE_SHED)).toBe(2n);
    expect(Atomics.load(shared, LIVE_POSTED) - Atomics.load(shared, LIVE_PROCESSED)).toBe(0n);
    const { summary } = run.end();
    expect(summary.packets).toBe(s.packets.length);
    expect(records.filter((r) => r.type === 'flow')).not.toEqual([]);
  });

  it('reports the leak that ends a quiet stream once the flow is idle, with no packet after it', async () => {
    let now = START;
    const { records, post } = start(() => now);
    const s = stream(`<imei>${IMEI}`);
    post(s.head);
    for (const p of s.packets) post(p);
    await new Promise((r) => setTimeout(r, 150));
    expect(records.filter((r) => r.type === 'leak')).toEqual([]);
    now = START + 1;
    const deadline = Date.now() + 1000;
    while (!records.some((r) => r.type === 'leak') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const leak = records.find((r): r is LeakRecord => r.type === 'leak');
    expect(leak).toMatchObject({ kind: 'imei', encoding: 'plain', direction: 'out' });
  });
});
