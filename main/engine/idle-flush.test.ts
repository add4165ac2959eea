/**
 * Live-mode behaviour of the engine: Engine.flushIdle settles matches that wait for bytes which
 * may never come once a flow has been quiet, and `shedding` counts packets without decoding them
 * while keeping frame numbers in step with the file.
 */
import { describe, expect, it } from 'vitest';
import type { EngineRecord, LeakRecord } from '../../shared/events';
import { Clock, TcpConnection, te, type Frame, type Host } from '../../e2e/fixtures/lib/packet-builder';
import { Engine } from './engine';
import { capturedFrame } from './test-support/run-exchange';

const IMEI = '865301020304057';
const PHONE: Host = { mac: '02:00:00:00:00:02', ip: '10.9.0.2' };
const GW: Host = { mac: '02:00:00:00:00:01', ip: '10.9.0.1' };
const START = 1_700_000_000;

function push(engine: Engine, frames: Frame[], from: number): number {
  frames.slice(from).forEach((f, i) => engine.pushPacket(capturedFrame(f, from + i + 1)));
  return frames.length;
}

/** An engine as a live capture drives it: flushIdle runs from the start. */
function live(): Engine {
  const engine = new Engine({ identifiers: [{ kind: 'imei', value: IMEI }] });
  engine.flushIdle(START, 0.3);
  return engine;
}

const leaks = (records: EngineRecord[]): LeakRecord[] =>
  records.filter((r): r is LeakRecord => r.type === 'leak');

/** A plain-text TCP stream (port 5222, no protocol reader) whose last bytes are the IMEI. */
function quietStream(...pieces: string[]) {
  const frames: Frame[] = [];
  const conn = new TcpConnection(frames, new Clock(START), PHONE, GW, '203.0.113.9', 40001, 5222).handshake();
  return { frames, conn, send: (i: number) => conn.send(true, te.encode(pieces[i])) };
}

describe('Engine.flushIdle', () => {
  it('reports an identifier that ends a stream once the flow has been quiet long enough', () => {
    const engine = live();
    const s = quietStream(`<device imei="x">${IMEI}`);
    s.send(0);
    push(engine, s.frames, 0);
    // The scanner holds the match for a look at the byte after it, which never comes.
    expect(leaks(engine.drain())).toEqual([]);
    const lastTs = s.frames[s.frames.length - 1].tsSec + s.frames[s.frames.length - 1].tsNsec / 1e9;
    engine.flushIdle(lastTs + 0.1, 0.3);
    expect(leaks(engine.drain())).toEqual([]);
    engine.flushIdle(lastTs + 0.5, 0.3);
    const found = leaks(engine.drain());
    expect(found.map((l) => [l.kind, l.encoding, l.direction])).toEqual([['imei', 'plain', 'out']]);
    // Settled once: a second flush of the same quiet flow reports nothing again.
    engine.flushIdle(lastTs + 2, 0.3);
    expect(leaks(engine.drain())).toEqual([]);
  });

  it('keeps the scanner state, so a value split across the pause still matches', () => {
    const engine = live();
    const s = quietStream(`id=${IMEI.slice(0, 7)}`, `${IMEI.slice(7)};`);
    s.send(0);
    const pushed = push(engine, s.frames, 0);
    engine.flushIdle(START + 5, 0.3);
    expect(leaks(engine.drain())).toEqual([]);
    s.send(1);
    push(engine, s.frames, pushed);
    engine.end();
    expect(leaks(engine.drain()).map((l) => l.kind)).toEqual(['imei']);
  });

  it('does not report a value that turns out to be the prefix of a longer number without a pause', () => {
    const engine = live();
    const s = quietStream(`n=${IMEI}`, '99;');
    s.send(0);
    s.send(1);
    push(engine, s.frames, 0);
    engine.flushIdle(START + 10, 0.3);
    engine.end();
    expect(leaks(engine.drain())).toEqual([]);
  });
});

describe('Engine.shedding', () => {
  it('counts shed packets, decodes none of them, and keeps numbering frames as the file does', () => {
    const engine = live();
    const s = quietStream(`imei=${IMEI};`);
    s.send(0);
    engine.shedding = true;
    push(engine, s.frames, 0);
    engine.shedding = false;
    engine.end();
    const records = engine.drain();
    expect(engine.droppedPackets).toBe(s.frames.length);
    expect(records.filter((r) => r.type === 'flow' || r.type === 'leak')).toEqual([]);
    const summary = records.find((r) => r.type === 'summary');
    expect(summary).toMatchObject({ packets: s.frames.length, flows: 0 });
  });
});
