/**
 * Test support: fixture frames (e2e/fixtures/lib/packet-builder) as captured packets, run through
 * a fresh Engine; and one client → server TCP exchange built that way. Each returns every record
 * the engine produced.
 */
import type { EngineRecord, LeakRecord } from '../../../shared/events';
import type { Identifier } from '../../../shared/identifier-types';
import { Clock, TcpConnection, te, type Frame, type Host } from '../../../e2e/fixtures/lib/packet-builder';
import { Engine } from '../engine';
import type { CapturedPacket } from '../pcap/types';

const PHONE: Host = { mac: '02:00:00:00:00:02', ip: '192.0.2.2' };
const GW: Host = { mac: '02:00:00:00:00:01', ip: '192.0.2.1' };

export function runExchange(request: Uint8Array, identifiers: Identifier[], mss = 1400): EngineRecord[] {
  const frames: Frame[] = [];
  new TcpConnection(frames, new Clock(1_700_000_000), PHONE, GW, '198.51.100.7', 40000, 80)
    .handshake()
    .send(true, request, 'request', mss)
    .send(false, te.encode('HTTP/1.1 204 No Content\r\n\r\n'))
    .close();
  return runFrames(frames, identifiers);
}

/** A fixture frame as the capture reader would hand it over: Ethernet, whole, numbered `frame`. */
export function capturedFrame(f: Pick<Frame, 'tsSec' | 'tsNsec' | 'data'>, frame: number): CapturedPacket {
  return {
    frame,
    interfaceId: 0,
    linkType: 1,
    tsSec: f.tsSec,
    tsNsec: f.tsNsec,
    capLen: f.data.length,
    origLen: f.data.length,
    data: f.data,
    fileOffset: 0,
  };
}

/** Every frame through a fresh Engine, numbered from 1; all its records. */
export function runFrames(frames: readonly Frame[], identifiers: Identifier[]): EngineRecord[] {
  const engine = new Engine({ identifiers });
  frames.forEach((f, i) => engine.pushPacket(capturedFrame(f, i + 1)));
  engine.end();
  return engine.drain();
}

/** The final copy of each deduplicated leak. */
export function finalLeaks(records: EngineRecord[]): LeakRecord[] {
  const byId = new Map<number, LeakRecord>();
  for (const r of records) if (r.type === 'leak') byId.set(r.leakId, r);
  return [...byId.values()];
}
