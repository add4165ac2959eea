import { describe, expect, it } from 'vitest';
import {
  createHttpExchangeQueue,
  HttpRequestParser,
  HttpResponseParser,
  parseHttpDatagram,
  type HttpRequest,
  type HttpResponse,
} from './http1';
import { anomalyLog } from './test-support/annotated-hex';

const enc = new TextEncoder();
const dec = new TextDecoder('latin1');
const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/*
 * Three pipelined requests, written out by hand. Offsets are counted in the comments:
 *   0   "GET /search?q=867530912345678&lang=en HTTP/1.1\r\n"   request line, 46 bytes + CRLF
 *       path "/search" at 4..11, query at 12..37
 *   48  "Host: api.example.com\r\n"                              header, 21 + 2
 *   71  "Cookie: id=abc\r\n"                                     cookie header, 14 + 2
 *   87  "\r\n"                                                   end of header block -> 89
 *   89  "POST /upload HTTP/1.1\r\n" ... "Content-Length: 5\r\n\r\n" "hello"
 *       then a chunked PUT whose body de-chunks to "Wikipedia in\r\n\r\nchunks."
 */
const REQ1 =
  'GET /search?q=867530912345678&lang=en HTTP/1.1\r\nHost: api.example.com\r\nCookie: id=abc\r\n\r\n';
const REQ2 = 'POST /upload HTTP/1.1\r\nHost: up.example.com\r\nContent-Length: 5\r\n\r\nhello';
const REQ3_HEAD = 'PUT /doc HTTP/1.1\r\nHost: doc.example.com\r\nTransfer-Encoding: chunked\r\n\r\n';
const REQ3_BODY = '4\r\nWiki\r\n6;ext=1\r\npedia \r\nD\r\nin\r\n\r\nchunks.\r\n0\r\nX-Trailer: 1\r\n\r\n';
const DECHUNKED = 'Wikipedia in\r\n\r\nchunks.';
const STREAM = REQ1 + REQ2 + REQ3_HEAD + REQ3_BODY;

interface Collected {
  requests: HttpRequest[];
  ended: HttpRequest[];
  bodies: Map<HttpRequest, string>;
  names: string[];
  tunnel: number | null;
  parser: HttpRequestParser;
}

function requestParser(): Collected {
  const log = anomalyLog();
  const c: Collected = {
    requests: [],
    ended: [],
    bodies: new Map(),
    names: log.names,
    tunnel: null,
    parser: null!,
  };
  c.parser = new HttpRequestParser({
    anomaly: log.sink,
    onRequest: (r) => c.requests.push(r),
    onBody: (b, _f, r) => c.bodies.set(r, (c.bodies.get(r) ?? '') + dec.decode(b)),
    onMessageEnd: (r) => c.ended.push(r),
    onTunnel: (o) => (c.tunnel = o),
  });
  return c;
}

/** Pushes `text` cut at the given offsets, one frame per piece (frames 1, 2, ...). */
function pushCut(
  parser: { push(b: Uint8Array, o: number, f: number): void },
  text: string,
  cuts: number[],
): void {
  const bounds = [0, ...cuts, text.length];
  for (let i = 1; i < bounds.length; i++) {
    parser.push(bytes(text.slice(bounds[i - 1], bounds[i])), bounds[i - 1], i);
  }
}

describe('HttpRequestParser', () => {
  it('parses pipelined GET, POST and chunked PUT in one segment', () => {
    const c = requestParser();
    pushCut(c.parser, STREAM, []);
    c.parser.end();
    expect(c.names).toEqual([]);
    expect(c.requests.map((r) => [r.method, r.uri, r.version, r.host])).toEqual([
      ['GET', '/search?q=867530912345678&lang=en', 'HTTP/1.1', 'api.example.com'],
      ['POST', '/upload', 'HTTP/1.1', 'up.example.com'],
      ['PUT', '/doc', 'HTTP/1.1', 'doc.example.com'],
    ]);
    const [get, post, put] = c.requests;
    expect(get.headers).toEqual([
      ['Host', 'api.example.com'],
      ['Cookie', 'id=abc'],
    ]);
    expect([get.startOffset, get.headerEnd, get.bodyEnd]).toEqual([0, 89, 89]);
    expect([post.contentLength, post.chunked, post.bodyLength]).toEqual([5, false, 5]);
    expect(c.bodies.get(post)).toBe('hello');
    expect(put.chunked).toBe(true);
    expect(c.bodies.get(put)).toBe(DECHUNKED);
    expect(put.bodyEnd).toBe(STREAM.length);
    expect(c.ended).toEqual([get, post, put]);
  });

  it('knows where each offset lies', () => {
    const c = requestParser();
    pushCut(c.parser, STREAM, []);
    const at = (s: string, from = 0) => STREAM.indexOf(s, from);
    expect(c.parser.placeAt(0)).toBe('request-line'); // "GET"
    expect([3, 4, 10, 11, 12, 36, 37].map((o) => c.parser.placeAt(o))).toEqual([
      'request-line',
      'path',
      'path',
      'request-line',
      'query',
      'query',
      'request-line',
    ]);
    expect(c.parser.placeAt(at('867530912345678'))).toBe('query');
    expect(c.parser.placeAt(at('HTTP/1.1'))).toBe('request-line');
    expect(c.parser.placeAt(at('api.example.com'))).toBe('header');
    expect(c.parser.placeAt(at('id=abc'))).toBe('cookie');
    expect(c.parser.placeAt(at('hello'))).toBe('body');
    expect(c.parser.placeAt(at('pedia'))).toBe('body');
    expect(c.parser.placeAt(at('/upload'))).toBe('path');
    expect(c.parser.placeAt(STREAM.length + 10)).toBeNull();
  });

  it('gives the same result for the stream split at every byte position', () => {
    const whole = requestParser();
    pushCut(whole.parser, STREAM, []);
    for (let cut = 1; cut < STREAM.length; cut++) {
      const c = requestParser();
      pushCut(c.parser, STREAM, [cut]);
      expect(c.names, `cut ${cut}`).toEqual([]);
      expect(
        c.requests.map((r) => [r.method, r.uri, r.host, r.startOffset, r.headerEnd, r.bodyEnd]),
        `cut ${cut}`,
      ).toEqual(whole.requests.map((r) => [r.method, r.uri, r.host, r.startOffset, r.headerEnd, r.bodyEnd]));
      expect([...c.bodies.values()], `cut ${cut}`).toEqual(['hello', DECHUNKED]);
      // The request whose header block the cut split was completed by frame 2.
      for (const r of c.requests) expect(r.frame).toBe(r.headerEnd <= cut ? 1 : 2);
    }
  });

  it('de-chunks a body delivered one byte a segment', () => {
    const c = requestParser();
    pushCut(
      c.parser,
      REQ3_HEAD + REQ3_BODY,
      Array.from({ length: REQ3_HEAD.length + REQ3_BODY.length - 1 }, (_, i) => i + 1),
    );
    expect(c.names).toEqual([]);
    expect([...c.bodies.values()]).toEqual([DECHUNKED]);
    expect(c.ended[0].bodyEnd).toBe(REQ3_HEAD.length + REQ3_BODY.length);
    expect(c.ended[0].endFrame).toBe(REQ3_HEAD.length + REQ3_BODY.length);
  });

  it('resynchronises at the next request line after garbage', () => {
    const garbage = 'xyz\r\n\u0000\u0001\u00ff binary junk\nGET notarequest\r\n';
    const c = requestParser();
    pushCut(c.parser, garbage + REQ2, [7]);
    expect(c.names).toEqual(['http-request-garbage']);
    expect(c.requests.map((r) => [r.method, r.uri, r.startOffset])).toEqual([
      ['POST', '/upload', garbage.length],
    ]);
    expect(c.bodies.get(c.requests[0])).toBe('hello');
  });

  it('skips a gap inside a Content-Length body and keeps framing', () => {
    const c = requestParser();
    const text = REQ2 + REQ1;
    const bodyAt = REQ2.indexOf('hello');
    c.parser.push(bytes(text.slice(0, bodyAt + 1)), 0, 1);
    c.parser.gap(bodyAt + 1, 2);
    c.parser.push(bytes(text.slice(bodyAt + 3)), bodyAt + 3, 2);
    expect(c.names).toEqual(['http-body-gap']);
    expect(c.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
    expect(c.bodies.get(c.requests[0])).toBe('hlo');
    expect(c.requests[0].bodyEnd).toBe(REQ2.length);
  });

  it('finds the next request after a gap that cut a header block', () => {
    const c = requestParser();
    c.parser.push(bytes(REQ1.slice(0, 30)), 0, 1);
    // Bytes 30 .. end of REQ1 are lost; the next push begins exactly at REQ2.
    c.parser.push(bytes(REQ2), REQ1.length, 2);
    expect(c.names).toEqual(['http-gap']);
    expect(c.requests.map((r) => [r.method, r.startOffset])).toEqual([['POST', REQ1.length]]);
  });

  it('tolerates bare LF line endings and obs-fold', () => {
    const c = requestParser();
    pushCut(c.parser, 'GET /a HTTP/1.0\nHost: h.example\nX-Long: one\n two\n\nGET /b HTTP/1.0\n\n', []);
    expect(c.names).toEqual([]);
    expect(c.requests.map((r) => [r.uri, r.host])).toEqual([
      ['/a', 'h.example'],
      ['/b', null],
    ]);
    expect(c.requests[0].headers[1]).toEqual(['X-Long', 'one two']);
  });

  it('accepts any token as a method', () => {
    const c = requestParser();
    pushCut(
      c.parser,
      'M-SEARCH * HTTP/1.1\r\n\r\nSUBSCRIBE /ev HTTP/1.1\r\n\r\nOPTIONS * HTTP/1.1\r\n\r\n',
      [],
    );
    expect(c.requests.map((r) => r.method)).toEqual(['M-SEARCH', 'SUBSCRIBE', 'OPTIONS']);
  });

  it('takes broken request lines with a known method, as a server reading them would', () => {
    // The forms of zeek's methods.pcap; the server answered each with 400 Bad Request.
    const c = requestParser();
    const text =
      'OPTIONS HTTP/1.1\nHost: a\n\n' +
      'OPTIONS\r\nHost: b\r\n\r\n' +
      'GET / HTTP/1.\nHost: c\n\n' +
      'CCM_POST /HTTP/1.1\nHost: d\n\n' +
      'GET /x HTTP/2.0 extra\r\n\r\n';
    pushCut(c.parser, text, [3, 20]);
    expect(c.requests.map((r) => [r.method, r.uri, r.version, r.host])).toEqual([
      ['OPTIONS', 'HTTP/1.1', '', 'a'],
      ['OPTIONS', '', '', 'b'],
      ['GET', '/', 'HTTP/1.', 'c'],
      ['CCM_POST', '/HTTP/1.1', '', 'd'],
      ['GET', '/x', 'HTTP/2.0 extra', null],
    ]);
    expect(c.names).toEqual(Array(5).fill('http-request-line-invalid'));
  });

  it('does not take other text protocols for broken requests', () => {
    for (const line of ['EHLO mail.example', 'MAIL FROM:<a@b>', 'USER bob', 'GETX /a', 'QUIT']) {
      const c = requestParser();
      pushCut(c.parser, `${line}\r\nHost: x\r\n\r\n`, []);
      expect(c.requests, line).toEqual([]);
      expect(c.names, line).toEqual(['http-request-garbage']);
    }
  });

  it('takes only strict request lines while resynchronising', () => {
    const c = requestParser();
    pushCut(c.parser, `\u0001junk\r\nGET notarequest\r\n${REQ2}`, []);
    expect(c.requests.map((r) => r.method)).toEqual(['POST']);
  });

  it('replaces a NUL in a header value with a space', () => {
    const c = requestParser();
    pushCut(c.parser, 'POST /p HTTP/1.1\r\nHost:%s\u00002.20.3.5\r\n\r\n', []);
    expect(c.requests.map((r) => r.host)).toEqual(['%s 2.20.3.5']);
    expect(c.names).toEqual(['http-header-nul']);
  });

  it('reports a header block over 64 KiB and recovers', () => {
    const c = requestParser();
    const big = `GET / HTTP/1.1\r\nX-Pad: ${'a'.repeat(70 * 1024)}\r\n\r\n`;
    pushCut(c.parser, big + REQ1, [1000, 40000]);
    expect(c.names).toEqual(['http-header-too-long']);
    expect(c.requests.map((r) => r.startOffset)).toEqual([big.length]);
  });

  it('stops at a CONNECT tunnel when non-HTTP bytes follow', () => {
    const c = requestParser();
    const connect = 'CONNECT api.example.com:443 HTTP/1.1\r\nHost: api.example.com:443\r\n\r\n';
    pushCut(c.parser, `${connect}\u0016\u0003\u0001\u0000\u00c8\u0001`, [connect.length + 2]);
    expect(c.requests.map((r) => r.method)).toEqual(['CONNECT']);
    expect(c.tunnel).toBe(connect.length);
    expect(c.names).toEqual([]);
  });

  it('uses the last of conflicting Content-Lengths, as tshark does, and reports it', () => {
    // After suricata-verify http-multiple-cl: the second value frames the body.
    const c = requestParser();
    pushCut(c.parser, `POST /a HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd${REQ1}`, []);
    expect(c.names).toEqual(['http-content-length-conflict']);
    expect(c.requests.map((r) => [r.uri, r.contentLength])).toEqual([
      ['/a', 4],
      ['/search?q=867530912345678&lang=en', null],
    ]);
    expect([...c.bodies.values()]).toEqual(['abcd']);
  });

  it('reports an invalid Content-Length and TE with CL', () => {
    const c = requestParser();
    pushCut(c.parser, 'POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n', []);
    const d = requestParser();
    pushCut(
      d.parser,
      'POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      [],
    );
    expect(c.names).toEqual(['http-content-length-invalid']);
    expect(c.requests[0].contentLength).toBeNull();
    expect(d.names).toEqual(['http-te-and-cl']);
    expect(d.ended.length).toBe(1);
  });

  it('tries a segment start as a message start while resynchronising', () => {
    // After arkime socks5-reverse.pcap: a SOCKS5 exchange, without line ends, precedes HTTP.
    const c = requestParser();
    c.parser.push(bytes('\u0005\u0001\u0000'), 0, 1);
    c.parser.push(bytes('\u0005\u0001\u0000\u0003\u0007example\u0000P'), 3, 2);
    c.parser.push(bytes(REQ2), 17, 3);
    expect(c.names).toEqual(['http-request-garbage']);
    expect(c.requests.map((r) => [r.method, r.startOffset])).toEqual([['POST', 17]]);
  });
});

/** Requests first (through the shared queue), then the responses. */
function exchange(requests: string, responses: string, cuts: number[] = []) {
  const queue = createHttpExchangeQueue();
  const log = anomalyLog();
  new HttpRequestParser({ anomaly: log.sink, queue }).push(bytes(requests), 0, 1);
  const out: { responses: HttpResponse[]; bodies: string[]; names: string[]; tunnel: number | null } = {
    responses: [],
    bodies: [],
    names: log.names,
    tunnel: null,
  };
  const parser = new HttpResponseParser({
    anomaly: log.sink,
    queue,
    onMessageEnd: (r) => out.responses.push(r),
    onBody: (b, _f, r) => {
      const i = out.responses.length;
      out.bodies[i] = (out.bodies[i] ?? '') + dec.decode(b);
      void r;
    },
    onTunnel: (o) => (out.tunnel = o),
  });
  pushCut(parser, responses, cuts);
  parser.end();
  return out;
}

describe('HttpResponseParser', () => {
  const REQUESTS =
    'HEAD /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\nGET /c HTTP/1.1\r\n\r\nPOST /d HTTP/1.1\r\nContent-Length: 0\r\n\r\nGET /e HTTP/1.1\r\n\r\n';
  const RESPONSES =
    'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n' + // HEAD: no body despite the length
    'HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n\r\n' + // 304: no body
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n' +
    'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n' + // interim, then final for POST
    'HTTP/1.0 200 OK\r\n\r\nuntil the end'; // no length: until close

  it('frames HEAD, 304, chunked, 1xx, 204 and close-delimited responses', () => {
    const r = exchange(REQUESTS, RESPONSES);
    expect(r.names).toEqual([]);
    expect(r.responses.map((x) => [x.status, x.method, x.bodyLength])).toEqual([
      [200, 'HEAD', 0],
      [304, 'GET', 0],
      [200, 'GET', 3],
      [100, null, 0],
      [204, 'POST', 0],
      [200, 'GET', 13],
    ]);
    expect(r.bodies.filter(Boolean)).toEqual(['abc', 'until the end']);
    expect(r.responses[5].bodyEnd).toBe(RESPONSES.length);
  });

  it('gives the same framing for the responses split at every byte position', () => {
    const whole = exchange(REQUESTS, RESPONSES).responses.map((x) => [x.status, x.startOffset, x.bodyEnd]);
    for (let cut = 1; cut < RESPONSES.length; cut++) {
      const r = exchange(REQUESTS, RESPONSES, [cut]);
      expect(r.names).toEqual([]);
      expect(
        r.responses.map((x) => [x.status, x.startOffset, x.bodyEnd]),
        `cut ${cut}`,
      ).toEqual(whole);
    }
  });

  it('marks Set-Cookie lines as cookie and stops at 2xx to CONNECT', () => {
    const queue = createHttpExchangeQueue();
    queue.push('CONNECT');
    let tunnel = -1;
    const p = new HttpResponseParser({ anomaly: () => {}, queue, onTunnel: (o) => (tunnel = o) });
    const text = 'HTTP/1.1 200 Connection established\r\nSet-Cookie: s=1\r\n\r\n\u0016\u0003\u0003';
    p.push(bytes(text), 0, 1);
    expect(tunnel).toBe(text.length - 3);
    expect(p.placeAt(text.indexOf('s=1'))).toBe('cookie');
  });
});

describe('parseHttpDatagram', () => {
  it('reads SSDP M-SEARCH and its answer', () => {
    const search =
      'M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nMX: 1\r\nST: ssdp:all\r\n\r\n';
    expect(parseHttpDatagram(enc.encode(search), () => {})).toEqual({
      kind: 'request',
      method: 'M-SEARCH',
      uri: '*',
      version: 'HTTP/1.1',
      host: '239.255.255.250:1900',
      headers: [
        ['HOST', '239.255.255.250:1900'],
        ['MAN', '"ssdp:discover"'],
        ['MX', '1'],
        ['ST', 'ssdp:all'],
      ],
    });
    const answer = 'HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\nLOCATION: http://192.0.2.7:80/desc.xml';
    expect(parseHttpDatagram(enc.encode(answer), () => {})).toMatchObject({
      kind: 'response',
      status: 200,
      reason: 'OK',
    });
  });

  it('rejects a datagram without an HTTP start line', () => {
    const log = anomalyLog();
    expect(parseHttpDatagram(enc.encode('\u0001\u0002hello'), log.sink)).toBeNull();
    expect(log.names).toEqual(['http-datagram-invalid']);
  });
});
