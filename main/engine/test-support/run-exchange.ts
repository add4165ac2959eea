/**
 * Test support: one client → server TCP exchange, built frame by frame with the fixture packet
 * builders, run through a fresh Engine; returns every record the engine produced.
 */
import type { EngineRecord, LeakRecord } from '../../../shared/events';
import type { Identifier } from '../../../shared/identifier-types';
import { Clock, TcpConnection, te, type Frame, type Host } from '../../../e2e/fixtures/lib/packet-builder';
import { Engine } from '../engine';

const PHONE: Host = { mac: '02:00:00:00:00:02', ip: '192.0.2.2' };
const GW: Host = { mac: '02:00:00:00:00:01', ip: '192.0.2.1' };

export function runExchange(request: Uint8Array, identifiers: Identifier[], mss = 1400): EngineRecord[] {
  const frames: Frame[] = [];
  new TcpConnection(frames, new Clock(1_700_000_000), PHONE, GW, '198.51.100.7', 40000, 80)
    .handshake()
    .send(true, request, 'request', mss)
    .send(false, te.encode('HTTP/1.1 204 No Content\r\n\r\n'))
    .close();
  const engine = new Engine({ identifiers });
  frames.forEach((f, i) =>
    engine.pushPacket({
      frame: i + 1,
      interfaceId: 0,
      linkType: 1,
      tsSec: f.tsSec,
      tsNsec: f.tsNsec,
      capLen: f.data.length,
      origLen: f.data.length,
      data: f.data,
      fileOffset: 0,
    }),
  );
  engine.end();
  return engine.drain();
}

/** The final copy of each deduplicated leak. */
export function finalLeaks(records: EngineRecord[]): LeakRecord[] {
  const byId = new Map<number, LeakRecord>();
  for (const r of records) if (r.type === 'leak') byId.set(r.leakId, r);
  return [...byId.values()];
}
