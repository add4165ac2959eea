import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anomalyRecorder } from '../link/hex-fixture';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from './tcp-header';
import { TcpDirection, type StreamSink, type TcpLimits } from './tcp-reassembler';

const text = (s: string) => new TextEncoder().encode(s);

interface Event {
  kind: 'data' | 'gap';
  offset: number;
  length: number;
  text?: string;
  frame?: number;
  bytes?: Uint8Array;
}

function setup(limits: Partial<TcpLimits> = {}) {
  const events: Event[] = [];
  const sink: StreamSink = {
    onData: (bytes, offset, frame) =>
      events.push({
        kind: 'data',
        offset,
        length: bytes.length,
        text: new TextDecoder().decode(bytes),
        frame,
        bytes,
      }),
    onGap: (offset, length) => events.push({ kind: 'gap', offset, length }),
  };
  const recorder = anomalyRecorder();
  const direction = new TcpDirection(sink, limits, recorder.sink);
  const stream = () =>
    events
      .filter((e) => e.kind === 'data')
      .map((e) => e.text)
      .join('');
  return { direction, events, anomalies: recorder.names, stream };
}

/** A segment at `at` bytes past the first data byte, acknowledging `ack` bytes past it (peer side). */
interface Segment {
  at: number;
  length: number;
  flags: number;
  ack: number | null;
}

describe('TcpDirection', () => {
  it('delivers in-order data at once, as views of the segment', () => {
    const { direction, events } = setup();
    direction.push(1000, TCP_SYN, new Uint8Array(0), 1);
    const first = text('abc');
    direction.push(1001, TCP_ACK, first, 2);
    direction.push(1004, TCP_ACK, text('def'), 3);
    expect(events.map(({ kind, offset, text: t, frame }) => ({ kind, offset, text: t, frame }))).toEqual([
      { kind: 'data', offset: 0, text: 'abc', frame: 2 },
      { kind: 'data', offset: 3, text: 'def', frame: 3 },
    ]);
    expect(events[0].bytes?.buffer).toBe(first.buffer);
  });

  it('buffers out-of-order data until the hole fills', () => {
    const { direction, events } = setup();
    direction.push(1000, TCP_SYN, new Uint8Array(0), 1);
    direction.push(1004, TCP_ACK, text('def'), 3);
    expect(events).toEqual([]);
    direction.push(1001, TCP_ACK, text('abc'), 2);
    expect(events.map((e) => [e.offset, e.text, e.frame])).toEqual([
      [0, 'abc', 2],
      [3, 'def', 3],
    ]);
  });

  it('drops retransmissions and identical overlaps without anomalies', () => {
    const { direction, stream, anomalies } = setup();
    direction.push(0, TCP_SYN, new Uint8Array(0), 1);
    direction.push(1, TCP_ACK, text('hello'), 2);
    direction.push(1, TCP_ACK, text('hello'), 3); // full retransmission
    direction.push(9, TCP_ACK, text('rld'), 4); // out of order
    direction.push(8, TCP_ACK, text('orl'), 5); // overlaps the buffered segment with the same bytes
    direction.push(4, TCP_ACK, text('lo wo'), 6); // starts inside delivered data
    expect(stream()).toBe('hello world');
    expect(anomalies).toEqual([]);
    expect(direction.stats.retransmissions).toBeGreaterThanOrEqual(3);
  });

  it('keeps the first copy of conflicting overlaps and reports them', () => {
    const { direction, stream, anomalies } = setup();
    direction.push(1000, TCP_SYN, new Uint8Array(0), 1);
    direction.push(1004, TCP_ACK, text('def'), 2); // buffered first: offsets 3-5
    direction.push(1001, TCP_ACK, text('abcXY'), 3); // offsets 0-4: "XY" contradicts "de"
    expect(stream()).toBe('abcdef');
    expect(anomalies).toEqual(['tcp-overlap-conflict']);
  });

  it('follows the sequence space across 2^32', () => {
    const { direction, stream, events, anomalies } = setup();
    direction.push(0xfffffffd, TCP_SYN, new Uint8Array(0), 1); // data starts at 0xfffffffe
    direction.push(2, TCP_ACK, text('ef'), 4); // past the wrap, before anything else arrived
    direction.push(0xfffffffe, TCP_ACK, text('ab'), 2); // 0xfffffffe, 0xffffffff
    direction.push(0, TCP_ACK, text('cd'), 3); // fills 0, 1
    direction.push(0xffffffff, TCP_ACK, text('bcd'), 5); // retransmission straddling the wrap
    direction.push(4, TCP_ACK, text('g'), 6);
    expect(stream()).toBe('abcdefg');
    expect(events.map((e) => e.offset)).toEqual([0, 2, 4, 6]);
    expect(anomalies).toEqual([]);
  });

  it('copies out-of-order data, since the capture reader reuses packet buffers', () => {
    const { direction, stream } = setup();
    direction.push(0, TCP_SYN, new Uint8Array(0), 1);
    const packetBuffer = text('later');
    direction.push(4, TCP_ACK, packetBuffer, 3);
    packetBuffer.fill(0x21); // the reader overwrote the packet
    direction.push(1, TCP_ACK, text('abc'), 2);
    expect(stream()).toBe('abclater');
  });

  it('starts at the first data byte when the handshake was not captured', () => {
    const { direction, events, stream } = setup();
    direction.push(5000, TCP_ACK, new Uint8Array(0), 1); // pure ACK: does not start the stream
    direction.push(5000, TCP_ACK, text('hello'), 2);
    direction.push(4990, TCP_ACK, text('0123456789'), 3); // before the start: dropped
    direction.push(5005, TCP_ACK, text(' world'), 4);
    expect(stream()).toBe('hello world');
    expect(events[0].offset).toBe(0);
  });

  it('reads data carried by the SYN (TCP Fast Open) after the SYN sequence number', () => {
    const { direction, events } = setup();
    direction.push(77, TCP_SYN, text('GET'), 1);
    direction.push(81, TCP_ACK, text(' /'), 2);
    expect(events.map((e) => [e.offset, e.text])).toEqual([
      [0, 'GET'],
      [3, ' /'],
    ]);
  });

  it('ignores keep-alives (one byte below the next sequence number)', () => {
    const { direction, stream, anomalies } = setup();
    direction.push(0, TCP_SYN, new Uint8Array(0), 1);
    direction.push(1, TCP_ACK, text('abc'), 2);
    direction.push(3, TCP_ACK, text('\0'), 3); // keep-alive with one garbage byte
    direction.push(3, TCP_ACK, new Uint8Array(0), 4);
    direction.push(4, TCP_ACK, text('d'), 5);
    expect(stream()).toBe('abcd');
    expect(anomalies).toEqual([]);
  });

  it('declares a gap when buffered segments exceed the limit, then continues', () => {
    const { direction, events, anomalies } = setup({ maxBufferedSegments: 2 });
    direction.push(0, TCP_SYN, new Uint8Array(0), 1);
    direction.push(11, TCP_ACK, text('BBBBBBBBBB'), 3); // offsets 10-19; 0-9 were never captured
    direction.push(21, TCP_ACK, text('CCCCCCCCCC'), 4);
    expect(events).toEqual([]);
    direction.push(31, TCP_ACK, text('DDDDDDDDDD'), 5); // third segment: over the limit
    expect(events.map((e) => [e.kind, e.offset, e.length])).toEqual([
      ['gap', 0, 10],
      ['data', 10, 10],
      ['data', 20, 10],
      ['data', 30, 10],
    ]);
    expect(anomalies).toEqual(['tcp-gap']);
    direction.push(41, TCP_ACK, text('E'), 6);
    expect(events.at(-1)).toMatchObject({ kind: 'data', offset: 40, text: 'E' });
    direction.push(1, TCP_ACK, text('AAAAAAAAAA'), 2); // the lost segment, too late
    expect(events).toHaveLength(5);
  });

  it('declares a gap when buffered bytes exceed the limit', () => {
    const { direction, events } = setup({ maxBufferedBytes: 15 });
    direction.push(0, TCP_SYN, new Uint8Array(0), 1);
    direction.push(6, TCP_ACK, text('0123456789'), 2);
    direction.push(16, TCP_ACK, text('0123456789'), 3);
    expect(events[0]).toEqual({ kind: 'gap', offset: 0, length: 5 });
  });

  it('gaps every hole on flush', () => {
    const { direction, events } = setup();
    direction.push(0, TCP_SYN, new Uint8Array(0), 1);
    direction.push(1, TCP_ACK, text('ab'), 2);
    direction.push(5, TCP_ACK, text('ef'), 3);
    direction.push(9, TCP_ACK, text('ij'), 4);
    direction.flush();
    expect(events.map((e) => [e.kind, e.offset, e.length])).toEqual([
      ['data', 0, 2],
      ['gap', 2, 2],
      ['data', 4, 2],
      ['gap', 6, 2],
      ['data', 8, 2],
    ]);
  });

  it('waits one segment after a FIN for a reordered segment before gapping', () => {
    const filled = setup();
    filled.direction.push(0, TCP_SYN, new Uint8Array(0), 1);
    filled.direction.push(4, TCP_ACK | TCP_FIN, text('def'), 3); // FIN after offset 5, offsets 0-2 missing
    filled.direction.push(1, TCP_ACK, text('abc'), 2); // the reordered segment arrives next
    expect(filled.stream()).toBe('abcdef');
    expect(filled.direction.closed).toBe(true);
    expect(filled.anomalies).toEqual([]);

    const lost = setup();
    lost.direction.push(0, TCP_SYN, new Uint8Array(0), 1);
    lost.direction.push(4, TCP_ACK | TCP_FIN, text('def'), 3);
    lost.direction.push(8, TCP_ACK, new Uint8Array(0), 4); // the next segment does not fill the hole
    expect(lost.events.map((e) => [e.kind, e.offset, e.length])).toEqual([
      ['gap', 0, 3],
      ['data', 3, 3],
    ]);
    expect(lost.anomalies).toEqual(['tcp-gap']);
  });

  it('gaps a hole the peer has acknowledged', () => {
    const { direction, events } = setup();
    direction.push(100, TCP_SYN, new Uint8Array(0), 1);
    direction.push(111, TCP_ACK, text('later'), 3); // offsets 10-14
    direction.peerAcknowledged(105); // acknowledges less than the buffered data: the hole may still come
    expect(events).toEqual([]);
    direction.peerAcknowledged(116); // acknowledges the buffered data: the hole reached the peer
    expect(events.map((e) => [e.kind, e.offset, e.length])).toEqual([
      ['gap', 0, 10],
      ['data', 10, 5],
    ]);
  });

  it('flushes and stops on RST', () => {
    const { direction, events } = setup();
    direction.push(0, TCP_SYN, new Uint8Array(0), 1);
    direction.push(5, TCP_ACK, text('xy'), 2);
    direction.push(7, TCP_RST, text('reset reason'), 3);
    direction.push(1, TCP_ACK, text('abcd'), 4);
    expect(events.map((e) => [e.kind, e.offset, e.length])).toEqual([
      ['gap', 0, 4],
      ['data', 4, 2],
    ]);
    expect(direction.closed).toBe(true);
  });

  it('drops segments implausibly far ahead', () => {
    const { direction, anomalies, events } = setup();
    direction.push(0, TCP_SYN, new Uint8Array(0), 1);
    direction.push(0x60000000, TCP_ACK, text('far'), 2);
    direction.flush();
    expect(anomalies).toEqual(['tcp-seq-out-of-window']);
    expect(events).toEqual([]);
  });

  it('rebuilds any stream from shuffled, duplicated and overlapping segments', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 4000 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(300)), { maxLength: 20 }),
        fc.nat(),
        fc.integer(),
        fc.boolean(),
        (data, cuts, extras, isn, seed, withSyn) => {
          const bounds = [0, ...new Set(cuts.map((c) => c % data.length))]
            .filter((b, i) => i === 0 || b > 0)
            .sort((a, b) => a - b);
          bounds.push(data.length);
          const segments: [number, number][] = [];
          for (let i = 0; i + 1 < bounds.length; i++)
            if (bounds[i] < bounds[i + 1]) segments.push([bounds[i], bounds[i + 1]]);
          for (const [start, size] of extras) {
            const from = start % data.length;
            segments.push([from, Math.min(data.length, from + size + 1)]);
          }
          // Shuffle all but the first segment when the handshake is missing, since then the first
          // data byte seen defines offset 0.
          let state = seed >>> 0;
          const first = withSyn ? 0 : 1;
          for (let i = segments.length - 1; i > first; i--) {
            state = (Math.imul(state, 1103515245) + 12345) >>> 0;
            const j = first + (state % (i - first + 1));
            [segments[i], segments[j]] = [segments[j], segments[i]];
          }
          const received = new Uint8Array(data.length);
          let expectedOffset = 0;
          const sink: StreamSink = {
            onData: (bytes, offset) => {
              expect(offset).toBe(expectedOffset);
              received.set(bytes, offset);
              expectedOffset += bytes.length;
            },
            onGap: (offset, length) => {
              throw new Error(`unexpected gap of ${length} at ${offset}`);
            },
          };
          const recorder = anomalyRecorder();
          const direction = new TcpDirection(
            sink,
            { maxBufferedSegments: 1000, maxBufferedBytes: 1 << 20 },
            recorder.sink,
          );
          const base = isn >>> 0;
          if (withSyn) direction.push((base - 1) >>> 0, TCP_SYN, new Uint8Array(0), 0);
          segments.forEach(([from, to], index) =>
            direction.push((base + from) >>> 0, TCP_ACK, data.slice(from, to), index + 1),
          );
          direction.flush();
          expect(expectedOffset).toBe(data.length);
          expect(received).toEqual(data);
          expect(recorder.names).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('behaves the same wherever the sequence space starts, given seq and ack as uint32 or int32', () => {
    // Only differences modulo 2^32 matter: a stream that crosses 2^31 or 2^32, its numbers given
    // unsigned or as int32 (`| 0`, as a caller may hold them), must come out exactly as one that
    // starts far from both.
    const run = (isn: number, form: (n: number) => number, segments: Segment[]) => {
      const { direction, events, anomalies } = setup({ maxBufferedBytes: 4096, maxBufferedSegments: 6 });
      direction.push(form(isn), TCP_SYN, new Uint8Array(0), 0);
      for (const [index, s] of segments.entries()) {
        const payload = new Uint8Array(s.length).fill(index & 0xff);
        direction.push(form(isn + 1 + s.at), s.flags, payload, index + 1);
        if (s.ack !== null) direction.peerAcknowledged(form(isn + 1 + s.ack));
      }
      direction.flush();
      return {
        events: events.map(({ kind, offset, length, frame }) => [kind, offset, length, frame]),
        anomalies: [...anomalies],
        closed: direction.closed,
        offset: direction.streamOffset,
      };
    };
    const uint32 = (n: number) => n >>> 0;
    const int32 = (n: number) => n | 0;
    fc.assert(
      fc.property(
        fc.constantFrom(0x7fffff00, 0xffffff00, 0x7ffffffe, 0xfffffffe),
        fc.array(
          fc.record({
            at: fc.nat(2000),
            length: fc.nat(600),
            flags: fc.constantFrom(TCP_ACK, TCP_ACK | TCP_FIN, TCP_ACK, TCP_RST),
            ack: fc.option(fc.nat(3000)),
          }),
          { maxLength: 30 },
        ),
        (isn, segments) => {
          const reference = run(1000, uint32, segments);
          expect(run(isn, uint32, segments)).toEqual(reference);
          expect(run(isn, int32, segments)).toEqual(reference);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps its output contiguous and its buffer bounded on arbitrary segments', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ seq: fc.nat(), flags: fc.nat(0x1ff), length: fc.nat(3000), ack: fc.option(fc.nat()) }),
          { maxLength: 150 },
        ),
        (segments) => {
          let next = 0;
          const sink: StreamSink = {
            onData: (bytes, offset) => {
              expect(offset).toBe(next);
              next += bytes.length;
            },
            onGap: (offset, length) => {
              expect(offset).toBe(next);
              expect(length).toBeGreaterThan(0);
              next += length;
            },
          };
          const direction = new TcpDirection(sink, { maxBufferedBytes: 8192, maxBufferedSegments: 8 });
          for (const [index, s] of segments.entries()) {
            direction.push(s.seq, s.flags, new Uint8Array(s.length).fill(index & 0xff), index);
            if (s.ack !== null) direction.peerAcknowledged(s.ack);
            const internal = direction as unknown as { buffer: unknown[]; bufferedBytes: number };
            expect(internal.buffer.length).toBeLessThanOrEqual(8);
            expect(internal.bufferedBytes).toBeLessThanOrEqual(8192);
          }
          direction.flush();
          expect(direction.streamOffset).toBe(next);
        },
      ),
      { numRuns: 300 },
    );
  });
});
