/**
 * Passive HTTP/1.x request parser (client to server direction of a TCP stream).
 *
 * Threat model: see http1-stream.ts; this file only turns a delimited header block into an
 * HttpRequest and decides how its body is framed.
 *
 * Body framing, RFC 9112 §6.3 (request side): Transfer-Encoding with chunked as the final
 * coding means chunked (item 4, it overrides Content-Length); another Transfer-Encoding cannot
 * be framed (the server would answer 400 and close); otherwise a valid Content-Length gives
 * the length (item 6); otherwise there is no body (item 7) — which is how GET and HEAD
 * requests normally come. CONNECT and Upgrade requests may turn the stream into a tunnel:
 * if what follows is not a request, the parser stops and reports onTunnel.
 */
import { Http1Stream, type HeadDecision } from './http1-stream';
import { chunkedOf, contentLengthOf, headerValues, type ParsedHead } from './http1-head';
import { requestLineStep } from './http1-start-line';
import type { HttpParserOptions, HttpRegion, HttpRequest } from './http1-types';

export class HttpRequestParser extends Http1Stream<HttpRequest> {
  protected readonly garbageName = 'http-request-garbage';
  protected readonly lineStep = requestLineStep;
  protected readonly cookieName = 'cookie';

  constructor(opts: HttpParserOptions<HttpRequest> & { onRequest?: (request: HttpRequest) => void }) {
    super(opts.onRequest && !opts.onMessage ? { ...opts, onMessage: opts.onRequest } : opts);
  }

  protected decide(
    head: ParsedHead,
    start: number,
    end: number,
    frame: number,
    frames: number[],
  ): HeadDecision<HttpRequest> {
    const [method, uri, version] = head.parts;
    const uriStart = head.lineStart + method.length + 1;
    const uriEnd = uriStart + uri.length;
    const q = uri.indexOf('?');
    const regions: HttpRegion[] = [
      { start: head.lineStart, end: head.lineEnd, place: 'request-line' },
      { start: uriStart, end: q < 0 ? uriEnd : uriStart + q, place: 'path' },
    ];
    if (q >= 0) regions.push({ start: uriStart + q + 1, end: uriEnd, place: 'query' });
    regions.push(...head.regions);

    const chunked = chunkedOf(head.headers);
    const { length, problem } = contentLengthOf(head.headers);
    if (problem) this.anomaly(`http-content-length-${problem}`, `request at stream offset ${start}`);
    let body: HeadDecision<HttpRequest>['body'] = 'none';
    if (chunked !== null) {
      if (length !== null) this.anomaly('http-te-and-cl', `request at stream offset ${start}`);
      if (chunked) body = 'chunked';
      else this.anomaly('http-transfer-encoding-unsupported', `request at stream offset ${start}`);
    } else if (length !== null && length > 0) {
      body = 'length';
    }

    const message: HttpRequest = {
      method,
      uri,
      version,
      headers: head.headers,
      host: headerValues(head.headers, 'host')[0] ?? null,
      frame,
      frames,
      startOffset: start,
      headerEnd: end,
      bodyStart: end,
      bodyEnd: null,
      chunked: chunked === true,
      contentLength: length,
      bodyLength: 0,
      endFrame: null,
      bodyFrames: [],
      regions,
    };
    this.opts.queue?.push(method);
    const upgrade = headerValues(head.headers, 'upgrade').length > 0;
    return {
      message,
      body,
      length: length ?? 0,
      tunnel: method === 'CONNECT' || upgrade ? 'unless-http-follows' : 'no',
    };
  }
}
