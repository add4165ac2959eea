/**
 * HTTP/1.x messages carried whole in one UDP datagram: SSDP (UPnP discovery: M-SEARCH,
 * NOTIFY and their HTTP/1.1 200 answers) and similar HTTPU protocols.
 *
 * Threat model: the datagram is untrusted and at most 64 KiB; its start line is checked by the
 * same byte recognisers as on TCP before anything is decoded, and the header block ends at the
 * first blank line or at the end of the datagram (SSDP senders sometimes omit the final CRLF).
 */
import type { AnomalySink } from '../anomaly';
import { headerValues, parseHead } from './http1-head';
import { LINE_DONE, LINE_FAIL, requestLineStep, statusLineStep } from './http1-start-line';

const LF = 0x0a;
const CR = 0x0d;

export interface HttpDatagramRequest {
  kind: 'request';
  method: string;
  uri: string;
  version: string;
  headers: [string, string][];
  host: string | null;
}

export interface HttpDatagramResponse {
  kind: 'response';
  status: number;
  reason: string;
  version: string;
  headers: [string, string][];
}

export function parseHttpDatagram(
  payload: Uint8Array,
  anomaly: AnomalySink,
): HttpDatagramRequest | HttpDatagramResponse | null {
  const isRequest = startLineMatches(payload, requestLineStep);
  if (!isRequest && !startLineMatches(payload, statusLineStep)) {
    anomaly('http-datagram-invalid', 'no HTTP start line');
    return null;
  }
  const head = parseHead(payload.subarray(0, headEnd(payload)), 0, '', anomaly);
  const [a, b, c] = head.parts;
  if (isRequest) {
    return {
      kind: 'request',
      method: a,
      uri: b,
      version: c,
      headers: head.headers,
      host: headerValues(head.headers, 'host')[0] ?? null,
    };
  }
  return { kind: 'response', version: a, status: Number(b), reason: c, headers: head.headers };
}

function startLineMatches(bytes: Uint8Array, step: (state: number, b: number) => number): boolean {
  let state = 0;
  for (let i = 0; i < bytes.length; i++) {
    state = step(state, bytes[i]);
    if (state === LINE_FAIL) return false;
    if (state === LINE_DONE) return true;
  }
  return false;
}

/** Offset after the blank line ending the header block, or the datagram's length. */
function headEnd(bytes: Uint8Array): number {
  let p = bytes.indexOf(LF);
  while (p >= 0) {
    const next = p + 1;
    if (bytes[next] === LF) return next + 1;
    if (bytes[next] === CR && bytes[next + 1] === LF) return next + 2;
    p = bytes.indexOf(LF, next);
  }
  return bytes.length;
}
