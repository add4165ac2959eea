/**
 * Bodies as the application sees them: an identifier hidden by chunk framing or by gzip,
 * deflate (zlib and raw) or brotli is found once, in the body, with its coding named; a
 * decompression bomb and a corrupt stream become named anomalies.
 * Inputs are hand-built HTTP exchanges over generated TCP frames.
 */
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { AnomalyRecord } from '../../shared/events';
import { te } from '../../e2e/fixtures/lib/packet-builder';
import { finalLeaks, runExchange } from './test-support/run-exchange';

const IMEI = '865301020304057';
const run = (request: Uint8Array, mss = 1400) =>
  runExchange(request, [{ kind: 'imei', value: IMEI, label: 'imei' }], mss);

function post(headers: string[], body: Uint8Array): Uint8Array {
  const head = te.encode(`POST /upload HTTP/1.1\r\nHost: api.example.com\r\n${headers.join('\r\n')}\r\n\r\n`);
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

const json = te.encode(`{"device":{"imei":"${IMEI}","os":"android"}}`);

describe('HTTP bodies are scanned decoded', () => {
  it('finds an IMEI that chunk framing splits in two, once', () => {
    // Chunk 1 ends inside the IMEI: the raw stream reads "8653010\r\n8\r\n20304057".
    const cut = 22;
    const text = new TextDecoder().decode(json);
    const body = te.encode(
      `${cut.toString(16)}\r\n${text.slice(0, cut)}\r\n${(text.length - cut).toString(16)}\r\n${text.slice(cut)}\r\n0\r\n\r\n`,
    );
    const leaks = finalLeaks(run(post(['Transfer-Encoding: chunked'], body)));
    expect(leaks).toHaveLength(1);
    expect(leaks[0]).toMatchObject({ kind: 'imei', encoding: 'chunked:plain', where: 'body', count: 1 });
    expect(leaks[0].context).not.toContain(IMEI);
  });

  it('reports a value not split by the framing once, not twice', () => {
    const text = new TextDecoder().decode(json);
    const body = te.encode(`${text.length.toString(16)}\r\n${text}\r\n0\r\n\r\n`);
    const leaks = finalLeaks(run(post(['Transfer-Encoding: chunked'], body)));
    expect(leaks).toHaveLength(1);
    expect(leaks[0].count).toBe(1);
  });

  const codings: [string, string, Uint8Array][] = [
    ['gzip', 'gzip', gzipSync(json)],
    ['x-gzip', 'gzip', gzipSync(json)],
    ['deflate (zlib)', 'deflate', deflateSync(json)],
    ['deflate (raw)', 'deflate', deflateRawSync(json)],
    ['br', 'br', brotliCompressSync(json)],
  ];
  for (const [header, coding, body] of codings) {
    it(`finds the IMEI in a ${header} body, split over 7-byte segments`, () => {
      const name = header.split(' ')[0];
      const request = post([`Content-Encoding: ${name}`, `Content-Length: ${body.length}`], body);
      const leaks = finalLeaks(run(request, 7));
      expect(leaks).toHaveLength(1);
      expect(leaks[0]).toMatchObject({ kind: 'imei', encoding: `${coding}:plain`, where: 'body' });
      // Every segment that carried body bytes is evidence: the body spans request bytes
      // [head, request.length), cut into 7-byte segments.
      const head = request.length - body.length;
      expect(leaks[0].frames.length).toBe(Math.floor((request.length - 1) / 7) - Math.floor(head / 7) + 1);
    });
  }

  it('finds it in a gzip body sent chunked', () => {
    const gz = gzipSync(json);
    const hex = (n: number) => n.toString(16);
    const half = Math.floor(gz.length / 2);
    const parts = [
      te.encode(`${hex(half)}\r\n`),
      gz.subarray(0, half),
      te.encode(`\r\n${hex(gz.length - half)}\r\n`),
      gz.subarray(half),
      te.encode('\r\n0\r\n\r\n'),
    ];
    const body = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      body.set(p, o);
      o += p.length;
    }
    const leaks = finalLeaks(run(post(['Content-Encoding: gzip', 'Transfer-Encoding: chunked'], body)));
    expect(leaks.map((l) => l.encoding)).toEqual(['gzip:plain']);
  });

  it('names a decompression bomb instead of inflating it', () => {
    const bomb = gzipSync(new Uint8Array(40 << 20));
    const records = run(post(['Content-Encoding: gzip', `Content-Length: ${bomb.length}`], bomb));
    const names = records.filter((r): r is AnomalyRecord => r.type === 'anomaly').map((a) => a.name);
    expect(names).toContain('http-decompression-bomb');
    expect(finalLeaks(records)).toEqual([]);
  });

  it('names a corrupt gzip body and keeps going', () => {
    const bad = gzipSync(json);
    bad[12] ^= 0xff;
    const records = run(post(['Content-Encoding: gzip', `Content-Length: ${bad.length}`], bad));
    const names = records.filter((r): r is AnomalyRecord => r.type === 'anomaly').map((a) => a.name);
    expect(names).toContain('http-decompress-failed');
    expect(records.some((r) => r.type === 'http')).toBe(true);
  });
});
