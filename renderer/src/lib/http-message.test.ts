import { describe, expect, it } from 'vitest';
import type { DecodedChunk } from './flow-bytes';
import { dechunk, findAll, findHttpMessage, streamRun, windowAround, type StreamRun } from './http-message';

const te = new TextEncoder();
const chunk = (direction: 'out' | 'in', start: number, text: string, frame = 1): DecodedChunk => ({
  direction,
  frame,
  start,
  bytes: te.encode(text),
});
const run = (text: string, start = 0): StreamRun => ({ direction: 'out', start, bytes: te.encode(text) });
const td = new TextDecoder();
const text = (r: StreamRun, s: { start: number; end: number }) =>
  td.decode(r.bytes.subarray(s.start - r.start, s.end - r.start));

describe('streamRun', () => {
  it('joins adjacent TCP chunks of one direction and skips the other direction', () => {
    const chunks = [
      chunk('out', 0, 'POST /a HT'),
      chunk('in', 0, 'HTTP/1.1 200'),
      chunk('out', 10, 'TP/1.1\r\n'),
    ];
    const r = streamRun(chunks, 'out', 12, 'tcp');
    expect(r && [r.start, td.decode(r.bytes)]).toEqual([0, 'POST /a HTTP/1.1\r\n']);
  });

  it('stops at a gap and trims a retransmitted overlap', () => {
    const chunks = [chunk('out', 0, 'abcd'), chunk('out', 2, 'cdef'), chunk('out', 100, 'xyz')];
    expect(td.decode(streamRun(chunks, 'out', 5, 'tcp')!.bytes)).toBe('abcdef');
    expect(streamRun(chunks, 'out', 50, 'tcp')).toBeNull();
    expect(streamRun(chunks, 'out', 101, 'tcp')!.start).toBe(100);
  });

  it('keeps each UDP datagram on its own', () => {
    const chunks = [chunk('out', 0, 'one'), chunk('out', 3, 'two')];
    expect(td.decode(streamRun(chunks, 'out', 4, 'udp')!.bytes)).toBe('two');
  });
});

describe('findHttpMessage', () => {
  const first = 'GET /a?imei=1 HTTP/1.1\r\nHost: x.example\r\n\r\n';
  const body = 'imei=865301020304057';
  const second = `POST /b HTTP/1.1\r\nHost: y.example\r\nContent-Length: ${body.length}\r\n\r\n${body}`;

  it('walks keep-alive requests to the one holding the offset', () => {
    const r = run(first + second, 1000);
    const at = 1000 + first.length + second.indexOf('865301');
    const msg = findHttpMessage(r, at)!;
    expect(text(r, msg.startLine)).toBe('POST /b HTTP/1.1');
    expect(msg.headers.map((h) => [h.name, h.value])).toEqual([
      ['Host', 'y.example'],
      ['Content-Length', String(body.length)],
    ]);
    expect(text(r, msg.body)).toBe(body);
    expect([msg.start, msg.end]).toEqual([1000 + first.length, 1000 + first.length + second.length]);
    expect(text(r, findHttpMessage(r, 1005)!.startLine)).toBe('GET /a?imei=1 HTTP/1.1');
  });

  it('finds the message start after a gap cut the run mid-message', () => {
    const r = run(`\r\n\r\nleftover body\r\n${second}`);
    const msg = findHttpMessage(r, r.bytes.length - 3)!;
    expect(text(r, msg.startLine)).toBe('POST /b HTTP/1.1');
  });

  it('frames a chunked, gzip-coded body and reads a response to the end', () => {
    const chunked =
      'POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Encoding: GZIP\r\n\r\n4\r\nabcd\r\n0\r\n\r\n';
    const r = run(chunked + 'GET /next HTTP/1.1\r\n\r\n');
    const msg = findHttpMessage(r, 80)!;
    expect([msg.chunked, msg.coding, text(r, msg.body)]).toEqual([true, 'gzip', '4\r\nabcd\r\n0\r\n\r\n']);
    expect(msg.end).toBe(chunked.length);
    const resp = run('HTTP/1.1 200 OK\r\nServer: s\r\n\r\nno length given');
    expect(text(resp, findHttpMessage(resp, 35)!.body)).toBe('no length given');
  });

  it('returns null for bytes that are not HTTP', () => {
    expect(findHttpMessage(run('\x16\x03\x01\x02\x00 not http at all\n'), 3)).toBeNull();
    expect(findHttpMessage(run('GET / HTTP/1.1\r\nHost: unterminated'), 3)).toBeNull();
    expect(findHttpMessage(run('GET / HTTP/1.1\r\n\r\n'), 99)).toBeNull();
  });
});

describe('dechunk', () => {
  it('removes chunk framing (RFC 9112 §7.1), with extensions and trailers', () => {
    const r = dechunk(te.encode('5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n'));
    expect([td.decode(r.bytes), r.complete]).toEqual(['hello world', true]);
  });

  it('keeps what it decoded before broken framing', () => {
    const r = dechunk(te.encode('5\r\nhello\r\nzz\r\n'));
    expect([td.decode(r.bytes), r.complete]).toEqual(['hello', false]);
    expect(dechunk(te.encode('ffffffffffffffffffff\r\n')).bytes.length).toBe(0);
  });
});

describe('windowAround and findAll', () => {
  it('widens the window to the line the match is on', () => {
    const r = run('line one\nimei=123 here\nline three\n', 50);
    const w = windowAround(r, 50 + 14, 3, 4);
    expect(text(r, w)).toBe('imei=123 here\n');
  });

  it('finds every non-overlapping occurrence', () => {
    expect(findAll(te.encode('aaaa'), te.encode('aa'))).toEqual([0, 2]);
    expect(findAll(te.encode('abc'), te.encode(''))).toEqual([]);
  });
});
