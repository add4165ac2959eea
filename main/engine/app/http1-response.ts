/**
 * Passive HTTP/1.x response parser (server to client direction of a TCP stream).
 *
 * Threat model: see http1-stream.ts; this file only turns a delimited header block into an
 * HttpResponse and decides how its body is framed.
 *
 * Body framing, RFC 9112 §6.3 (response side): no body for a response to HEAD, for 1xx, 204
 * and 304 (item 1); a 2xx answer to CONNECT (item 2) and 101 Switching Protocols end HTTP on
 * the stream; chunked as the final Transfer-Encoding means chunked, any other
 * Transfer-Encoding means "until close" (item 4); a valid Content-Length gives the length
 * (item 6); otherwise the body runs until the connection closes (item 8). The request
 * parser of the same connection feeds the methods through the shared queue; a final
 * (non-1xx) response takes one entry, an interim one takes none.
 */
import { Http1Stream, type HeadDecision } from './http1-stream';
import { chunkedOf, contentLengthOf, type ParsedHead } from './http1-head';
import { statusLineStep } from './http1-start-line';
import type { HttpParserOptions, HttpRegion, HttpResponse } from './http1-types';

export class HttpResponseParser extends Http1Stream<HttpResponse> {
  protected readonly garbageName = 'http-response-garbage';
  protected readonly lineStep = statusLineStep;
  protected readonly cookieName = 'set-cookie';

  constructor(opts: HttpParserOptions<HttpResponse> & { onResponse?: (response: HttpResponse) => void }) {
    super(opts.onResponse && !opts.onMessage ? { ...opts, onMessage: opts.onResponse } : opts);
  }

  protected decide(
    head: ParsedHead,
    start: number,
    end: number,
    frame: number,
    frames: number[],
  ): HeadDecision<HttpResponse> {
    const [version, code, reason] = head.parts;
    const status = Number(code);
    const interim = status >= 100 && status < 200 && status !== 101;
    const method = interim ? null : (this.opts.queue?.shift() ?? null);
    const regions: HttpRegion[] = [
      { start: head.lineStart, end: head.lineEnd, place: 'header' },
      ...head.regions,
    ];

    const chunked = chunkedOf(head.headers);
    const { length, problem } = contentLengthOf(head.headers);
    if (problem) this.anomaly(`http-content-length-${problem}`, `response at stream offset ${start}`);
    let body: HeadDecision<HttpResponse>['body'];
    let tunnel: HeadDecision<HttpResponse>['tunnel'] = 'no';
    if (status === 101 || (method === 'CONNECT' && status >= 200 && status < 300)) {
      body = 'none';
      tunnel = 'yes';
    } else if (method === 'HEAD' || interim || status === 204 || status === 304) {
      body = 'none';
    } else if (chunked !== null) {
      if (length !== null) this.anomaly('http-te-and-cl', `response at stream offset ${start}`);
      body = chunked ? 'chunked' : 'close';
    } else if (length !== null) {
      body = length > 0 ? 'length' : 'none';
    } else {
      body = 'close';
    }

    const message: HttpResponse = {
      status,
      reason,
      method,
      version,
      headers: head.headers,
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
    return { message, body, length: length ?? 0, tunnel };
  }
}
