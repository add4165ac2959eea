/**
 * Cross-check against the corpus oracle: each TCP connection's two directions (extracted and
 * put in order by tshark) go through HttpRequestParser and HttpResponseParser sharing an
 * exchange queue, fed in capture order as the engine would. Requests must match tshark's
 * (frame where the request and its body were complete, method, URI, version, Host, header
 * count, and the body's length and SHA-256 when it was not compressed), and responses their
 * completing frame and status code.
 *
 * Over the whole public corpus the requests that differ are listed, with their bytes, in
 * e2e/corpus/README.md (a Host value with a NUL byte in the fuzzed ndpi fuzz-2006-09-29,
 * which tshark cuts at the NUL and we read with the NUL as a space, RFC 9110 §5.5). zeek
 * http/methods.pcap's request lines broken on purpose ("GET / HTTP/1.", "GET /HTTP/1.1",
 * "OPTIONS HTTP/1.1") match: a known method makes them requests, as for tshark.
 * Close-delimited responses complete at the FIN frame given to end(), as in tshark.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createHttpExchangeQueue,
  HttpRequestParser,
  HttpResponseParser,
  type HttpRequest,
  type HttpResponse,
} from './http1';
import { hasCorpus, oracle, tcpDirections, type TcpDirection } from './test-support/corpus';

const FILES = [
  'pcapplusplus__ExamplesTest__pcap_examples__http-packets2.pcap', // 57 requests, keep-alive
  'zeek__http__http-body-match.pcap', // chunked and gzip bodies
  'suricata-verify__http-sticky-start__input.pcap', // chunked
  'suricata-verify__http-multiple-cl__input.pcap', // conflicting Content-Length (smuggling)
  'suricata-verify__filestore-dont__input.pcap', // pipelining
  'zeek__http__261__variant-04-te_cl_desync.pcap', // TE and CL together
  'zeek__http__261__variant-08-leading_zeros.pcap', // chunk size with leading zeros
  'zeek__http__261__variant-02-cl_uint64max.pcap', // absurd Content-Length
  'zeek__http__261__variant-03-cl_negative.pcap', // negative Content-Length
  'arkime__socks5-reverse.pcap', // HTTP after a SOCKS5 preamble
  'zeek__http__methods.pcap', // malformed request lines with known methods
  'suricata-verify__http-connect__http-connect-tls__input.pcap', // CONNECT then TLS
];

interface Result {
  requests: { m: HttpRequest; body: Uint8Array[] }[];
  responses: { m: HttpResponse; body: Uint8Array[] }[];
}

function runConnection(dirs: TcpDirection[], out: Result): void {
  const queue = createHttpExchangeQueue();
  // The server side is the one with a segment that starts a status line.
  const isServer = (d: TcpDirection) =>
    d.deliveries.some((del) => new TextDecoder('latin1').decode(del.bytes.subarray(0, 7)) === 'HTTP/1.');
  const feeds: {
    d: TcpDirection;
    push: (b: Uint8Array, o: number, f: number) => void;
    end: (f?: number) => void;
  }[] = [];
  for (const d of dirs) {
    if (isServer(d)) {
      let body: Uint8Array[] = [];
      const p = new HttpResponseParser({
        anomaly: () => {},
        queue,
        onBody: (b) => body.push(b.slice()),
        onMessageEnd: (m) => {
          out.responses.push({ m, body });
          body = [];
        },
      });
      feeds.push({ d, push: (b, o, f) => p.push(b, o, f), end: (f) => p.end(f) });
    } else {
      let body: Uint8Array[] = [];
      const p = new HttpRequestParser({
        anomaly: () => {},
        queue,
        onBody: (b) => body.push(b.slice()),
        onMessageEnd: (m) => {
          out.requests.push({ m, body });
          body = [];
        },
      });
      feeds.push({ d, push: (b, o, f) => p.push(b, o, f), end: (f) => p.end(f) });
    }
  }
  const all = feeds.flatMap((feed) => feed.d.deliveries.map((del) => ({ feed, del })));
  all.sort((a, b) => a.del.frame - b.del.frame);
  for (const { feed, del } of all) feed.push(del.bytes, del.offset, del.frame);
  for (const feed of feeds) feed.end(feed.d.closeFrame ?? undefined);
}

function digest(parts: Uint8Array[]): { length: number; sha256: string } {
  const h = createHash('sha256');
  let length = 0;
  for (const p of parts) {
    h.update(p);
    length += p.length;
  }
  return { length, sha256: h.digest('hex') };
}

describe.skipIf(!hasCorpus)('HTTP against the corpus oracle', () => {
  for (const file of FILES) {
    it(file, () => {
      const o = oracle(file);
      const byStream = new Map<number, TcpDirection[]>();
      for (const d of tcpDirections(file).values())
        byStream.set(d.stream, [...(byStream.get(d.stream) ?? []), d]);
      const out: Result = { requests: [], responses: [] };
      for (const dirs of byStream.values()) runConnection(dirs, out);

      const expectedRequests = o.http.requests
        .filter((r: { transport: string }) => r.transport === 'tcp')
        .map((r: Record<string, never>) => {
          const encoded = (r.headers as string[]).some((h) => /^content-encoding:/i.test(h));
          // tshark shows an empty body (a chunked body of only the last chunk) as length 0.
          const body = encoded ? 'encoded' : (r.body as { length: number } | null)?.length ? r.body : null;
          return {
            frame: r.frame,
            method: r.method,
            uri: r.uri,
            version: r.version,
            host: r.host,
            headers: (r.headers as string[]).length,
            body,
          };
        });
      const gotRequests = out.requests
        .sort((a, b) => a.m.endFrame! - b.m.endFrame!)
        .map(({ m, body }) => {
          const encoded = m.headers.some(([n]) => n.toLowerCase() === 'content-encoding');
          return {
            frame: m.endFrame,
            method: m.method,
            uri: m.uri,
            version: m.version,
            host: m.host,
            headers: m.headers.length,
            body: encoded ? 'encoded' : m.bodyLength > 0 ? digest(body) : null,
          };
        });
      expect(gotRequests).toEqual(expectedRequests);

      const expectedResponses = o.http.responses.map((r: { frame: number; code: number }) => ({
        frame: r.frame,
        code: r.code,
      }));
      const gotResponses = out.responses
        .map(({ m }) => ({ frame: m.endFrame, code: m.status }))
        .sort((a, b) => a.frame! - b.frame!);
      expect(gotResponses).toEqual(expectedResponses);
    });
  }
});
