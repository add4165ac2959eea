/**
 * A live capture's memory stays flat however long it runs: the engine keeps no payload beyond
 * its reassembly windows. 160 MB of a phone's traffic (eight long-lived plaintext sessions that
 * never end, and a short HTTP exchange that opens and closes each round, both carrying the IMEI
 * now and then) go through the worker's live engine. After a warm-up, memory may grow only by
 * what the engine keeps per frame by design (evidence-index.ts: where each frame sits in the
 * file and which flow it belongs to, ~20 bytes, in arrays that grow by doubling) — not by the
 * ~1,100 bytes of payload an average frame here carries. The figure is the heap plus the memory outside it that holds array
 * buffers, after a full garbage collection, so the test does not depend on the machine's speed.
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { Clock, TcpConnection, te, type Frame, type Host } from '../../e2e/fixtures/lib/packet-builder';
import { enhancedPacket, interfaceDescription, sectionHeader } from '../engine/pcap/pcapng-writer';
import { LIVE_COUNTERS, LIVE_POSTED } from './engine-worker-protocol';
import { LiveEngineRun } from './live-engine-run';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const IMEI = '865301020304057';
const PHONE: Host = { mac: '02:00:00:00:00:02', ip: '10.9.0.2' };
const GW: Host = { mac: '02:00:00:00:00:01', ip: '10.9.0.1' };
const MB = 1 << 20;
const WARM_UP = 32 * MB;
const TOTAL = 160 * MB;
/** Bytes of growth allowed per frame after the warm-up: the evidence index with its doubling slack. */
const ALLOWED_PER_FRAME = 64;

function heapAfterGc(): number {
  gc();
  gc();
  // Packet bytes kept in Uint8Arrays live outside the JS heap: `external` counts them.
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

describe('live engine memory', () => {
  it('stays flat over 160 MB of long-lived and short flows', async () => {
    const clock = new Clock(1_700_000_000);
    const frames: Frame[] = [];
    const counters = new SharedArrayBuffer(LIVE_COUNTERS * 8);
    const shared = new BigInt64Array(counters);
    let leaks = 0;
    let flows = 0;
    const run = new LiveEngineRun({
      identifiers: [{ kind: 'imei', value: IMEI }],
      counters,
      enrich: null,
      onRecords: (records) => {
        for (const r of records) {
          if (r.type === 'leak') leaks++;
          else if (r.type === 'flow') flows++;
        }
      },
      now: () => clock.stamp().tsSec,
    });
    const push = (bytes: Uint8Array): void => {
      Atomics.add(shared, LIVE_POSTED, BigInt(bytes.length));
      run.push(bytes);
    };
    try {
      push(
        Uint8Array.from([
          ...sectionHeader({}),
          ...interfaceDescription({ linkType: 1, snapLen: 65535, tsResolNs: true }),
        ]),
      );
      const sessions = Array.from({ length: 8 }, (_, i) =>
        new TcpConnection(frames, clock, PHONE, GW, `203.0.113.${10 + i}`, 41000 + i, 5222).handshake(),
      );
      const stanza = (round: number, i: number) =>
        te.encode(
          `<message id="${round}-${i}" to="friend@example.org"><body>${'x'.repeat(1200)}${
            round % 50 === 0 ? ` device ${IMEI}` : ''
          }</body></message>`.repeat(12),
        );
      let pushed = 0;
      let baseline = 0;
      let frameCount = 0;
      let framesAtBaseline = 0;
      for (let round = 0; pushed < TOTAL; round++) {
        sessions.forEach((s, i) =>
          s.send(true, stanza(round, i)).send(false, te.encode('<ack/>'.repeat(300))),
        );
        new TcpConnection(frames, clock, PHONE, GW, '203.0.113.99', 50000 + (round % 10000), 80)
          .handshake()
          .send(
            true,
            te.encode(
              `POST /activate HTTP/1.1\r\nHost: api.example\r\nContent-Length: 27\r\n\r\n{"imei":"${IMEI}"}`,
            ),
          )
          .send(false, te.encode('HTTP/1.1 204 No Content\r\n\r\n'))
          .close();
        const blocks = frames.map((f) =>
          enhancedPacket(
            { interfaceId: 0, tsSec: f.tsSec, tsNsec: f.tsNsec, data: f.data, origLen: f.data.length },
            1e9,
          ),
        );
        frameCount += frames.length;
        frames.length = 0;
        const chunk = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
        let at = 0;
        for (const b of blocks) {
          chunk.set(b, at);
          at += b.length;
        }
        push(chunk);
        const before = pushed;
        pushed += chunk.length;
        // The worker's drain runs between messages; let it, as the event loop would.
        await new Promise((r) => setImmediate(r));
        if (before < WARM_UP && pushed >= WARM_UP) {
          baseline = heapAfterGc();
          framesAtBaseline = frameCount;
        }
      }
      await new Promise((r) => setImmediate(r));
      const growth = heapAfterGc() - baseline;
      const perFrame = growth / (frameCount - framesAtBaseline);
      console.log(
        `live-memory: ${(pushed / MB).toFixed(0)} MB pushed, ${frameCount} frames; after the ${WARM_UP / MB} MB warm-up ` +
          `memory grew ${(growth / MB).toFixed(1)} MB, ${perFrame.toFixed(1)} bytes a frame; ${leaks} leaks, ${flows} flow records`,
      );
      expect(leaks).toBeGreaterThan(100); // the engine did its work: every POST's IMEI is a leak
      expect(flows).toBeGreaterThan(1000); // and the short flows closed
      expect(perFrame).toBeLessThan(ALLOWED_PER_FRAME);
    } finally {
      run.abandon();
    }
  }, 120_000);
});
