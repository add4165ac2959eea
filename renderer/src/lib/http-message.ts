/**
 * Finds the message a match sits in, so the evidence view can show "the request" rather than a
 * whole flow: the contiguous run of one direction's stream around the match, then the HTTP/1.x
 * message in that run holding the match (start line, headers, body, chunked framing undone),
 * else a window of bytes around the match.
 *
 * Threat model: the bytes are attacker-controlled. Every index is checked against the run's
 * length, sizes are parsed with bounded digit counts, loops advance on every step, and nothing
 * here throws on malformed input: a message that does not parse yields null and the caller
 * falls back to the byte window. Everything produced is plain data that React renders as text.
 */
import type { Direction, TransportName } from '../../../shared/events';
import type { DecodedChunk } from './flow-bytes';

/** Contiguous bytes of one direction's stream; `start` is the stream offset of bytes[0]. */
export interface StreamRun {
  direction: Direction;
  start: number;
  bytes: Uint8Array;
}

/**
 * The run holding `offset`. TCP chunks that follow each other without a gap are joined (a
 * retransmitted overlap is trimmed); a UDP datagram is a run of its own.
 */
export function streamRun(
  chunks: readonly DecodedChunk[],
  direction: Direction,
  offset: number,
  transport: TransportName,
): StreamRun | null {
  const mine = chunks
    .filter((c) => c.direction === direction && c.bytes.length > 0)
    .sort((a, b) => a.start - b.start);
  let group: DecodedChunk[] = [];
  let end = -1;
  const runs: DecodedChunk[][] = [];
  for (const c of mine) {
    if (transport === 'tcp' && group.length > 0 && c.start <= end) {
      group.push(c);
      end = Math.max(end, c.start + c.bytes.length);
    } else {
      if (group.length) runs.push(group);
      group = [c];
      end = c.start + c.bytes.length;
    }
  }
  if (group.length) runs.push(group);
  for (const run of runs) {
    const start = run[0].start;
    const last = run.reduce((m, c) => Math.max(m, c.start + c.bytes.length), start);
    if (offset < start || offset >= last) continue;
    const bytes = new Uint8Array(last - start);
    for (const c of run) bytes.set(c.bytes, c.start - start);
    return { direction, start, bytes };
  }
  return null;
}

/** A range of stream offsets, [start, end). */
export interface Span {
  start: number;
  end: number;
}

export interface HttpHeader extends Span {
  name: string;
  value: string;
}

export interface HttpMessage extends Span {
  /** The request or status line, without its line ending. */
  startLine: Span;
  headers: HttpHeader[];
  /** The body's bytes in the stream (framing included). */
  body: Span;
  chunked: boolean;
  /** Content-Encoding, lower-case, or null. */
  coding: string | null;
}

const CR = 0x0d;
const LF = 0x0a;
const MAX_HEADER_BYTES = 64 * 1024;
const MAX_SIZE_DIGITS = 15;

/** Index of the first LF at or after `from`, or -1. */
function lineEnd(bytes: Uint8Array, from: number, limit: number): number {
  for (let i = from; i < limit; i++) if (bytes[i] === LF) return i;
  return -1;
}

function latin1(bytes: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

function trimLineEnd(bytes: Uint8Array, from: number, lf: number): number {
  return lf > from && bytes[lf - 1] === CR ? lf - 1 : lf;
}

const REQUEST_LINE = /^[A-Z][A-Z-]{0,19} \S+ HTTP\/\d\.\d$/;
const STATUS_LINE = /^HTTP\/\d\.\d \d{3}( .*)?$/;

/**
 * The end of a chunked body starting at `from` (after the last chunk's trailer), or -1 when the
 * run ends first or the framing is broken.
 *
 *   chunked-body = *chunk last-chunk trailer-section CRLF        (RFC 9112 §7.1)
 *   chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 */
function chunkedEnd(bytes: Uint8Array, from: number): number {
  let at = from;
  for (;;) {
    const lf = lineEnd(bytes, at, Math.min(bytes.length, at + 1024));
    if (lf < 0) return -1;
    const sizeText = /^[0-9a-fA-F]+/.exec(latin1(bytes, at, trimLineEnd(bytes, at, lf)))?.[0];
    if (!sizeText || sizeText.length > MAX_SIZE_DIGITS) return -1;
    const size = parseInt(sizeText, 16);
    at = lf + 1;
    if (size === 0) {
      // Trailer fields, then an empty line.
      for (;;) {
        const t = lineEnd(bytes, at, Math.min(bytes.length, at + MAX_HEADER_BYTES));
        if (t < 0) return -1;
        const empty = trimLineEnd(bytes, at, t) === at;
        at = t + 1;
        if (empty) return at;
      }
    }
    at += size;
    if (at > bytes.length) return -1;
    if (bytes[at] === CR) at++;
    if (bytes[at] !== LF) return -1;
    at++;
  }
}

/** Parses one HTTP/1.x message starting at index `from` of the run; null if it is not one. */
function parseAt(run: StreamRun, from: number): HttpMessage | null {
  const { bytes } = run;
  const limit = Math.min(bytes.length, from + MAX_HEADER_BYTES);
  const first = lineEnd(bytes, from, limit);
  if (first < 0) return null;
  const startText = latin1(bytes, from, trimLineEnd(bytes, from, first));
  const isRequest = REQUEST_LINE.test(startText);
  if (!isRequest && !STATUS_LINE.test(startText)) return null;

  const headers: HttpHeader[] = [];
  let at = first + 1;
  let bodyStart = -1;
  while (at < limit) {
    const lf = lineEnd(bytes, at, limit);
    if (lf < 0) return null;
    const end = trimLineEnd(bytes, at, lf);
    if (end === at) {
      bodyStart = lf + 1;
      break;
    }
    const text = latin1(bytes, at, end);
    const colon = text.indexOf(':');
    headers.push({
      name: colon > 0 ? text.slice(0, colon) : text,
      value: colon > 0 ? text.slice(colon + 1).trim() : '',
      start: run.start + at,
      end: run.start + end,
    });
    at = lf + 1;
  }
  if (bodyStart < 0) return null;

  const header = (name: string) => headers.find((h) => h.name.toLowerCase() === name)?.value ?? null;
  const chunked = /(^|,)\s*chunked\s*$/i.test(header('transfer-encoding') ?? '');
  const coding = header('content-encoding')?.toLowerCase() ?? null;
  let bodyEnd: number;
  if (chunked) {
    const end = chunkedEnd(bytes, bodyStart);
    bodyEnd = end < 0 ? bytes.length : end;
  } else {
    const length = header('content-length');
    if (length !== null && /^\d{1,15}$/.test(length)) {
      bodyEnd = Math.min(bytes.length, bodyStart + Number(length));
    } else {
      // A request without framing has no body; a response runs to the end of the connection.
      bodyEnd = isRequest ? bodyStart : bytes.length;
    }
  }
  return {
    start: run.start + from,
    end: run.start + bodyEnd,
    startLine: { start: run.start + from, end: run.start + trimLineEnd(bytes, from, first) },
    headers,
    body: { start: run.start + bodyStart, end: run.start + bodyEnd },
    chunked,
    coding: coding === 'identity' ? null : coding,
  };
}

/** How far back from a match to look for the start of its message when the run does not begin with one. */
const MAX_LOOKBACK = 256 * 1024;

/** The HTTP/1.x message in `run` that holds stream offset `offset`, or null. */
export function findHttpMessage(run: StreamRun, offset: number): HttpMessage | null {
  const index = offset - run.start;
  if (index < 0 || index >= run.bytes.length) return null;
  // Walk the messages from the start of the run, which is where a connection's first one begins.
  let at = 0;
  while (at <= index) {
    const msg = parseAt(run, at);
    if (!msg || msg.end <= run.start + at) break;
    if (offset < msg.end) return msg;
    at = msg.end - run.start;
  }
  // The run began mid-message (a gap in the capture): try each line start before the match.
  const floor = Math.max(0, index - MAX_LOOKBACK);
  for (let p = index; p >= floor; p--) {
    if (p > 0 && run.bytes[p - 1] !== LF) continue;
    const msg = parseAt(run, p);
    if (msg && offset < msg.end) return msg;
  }
  return null;
}

/**
 * A window of the run around a match: `radius` bytes either side, widened to whole lines when a
 * line break is near, so a text protocol reads from the start of its line.
 */
export function windowAround(run: StreamRun, offset: number, length: number, radius = 1024): Span {
  const index = offset - run.start;
  let from = Math.max(0, index - radius);
  let to = Math.min(run.bytes.length, index + Math.max(length, 0) + radius);
  for (let i = from; i > Math.max(0, from - 256); i--) {
    if (run.bytes[i - 1] === LF) {
      from = i;
      break;
    }
  }
  for (let i = to; i < Math.min(run.bytes.length, to + 256); i++) {
    if (run.bytes[i] === LF) {
      to = i + 1;
      break;
    }
  }
  return { start: run.start + from, end: run.start + to };
}

/**
 * Removes chunked framing from a body. Returns the data and whether the framing was complete;
 * broken framing keeps what was decoded before the break.
 */
export function dechunk(body: Uint8Array): { bytes: Uint8Array; complete: boolean } {
  const parts: Uint8Array[] = [];
  let total = 0;
  let at = 0;
  for (;;) {
    const lf = lineEnd(body, at, Math.min(body.length, at + 1024));
    if (lf < 0) break;
    const sizeText = /^[0-9a-fA-F]+/.exec(latin1(body, at, trimLineEnd(body, at, lf)))?.[0];
    if (!sizeText || sizeText.length > MAX_SIZE_DIGITS) break;
    const size = parseInt(sizeText, 16);
    at = lf + 1;
    if (size === 0) {
      const out = new Uint8Array(total);
      let o = 0;
      for (const p of parts) {
        out.set(p, o);
        o += p.length;
      }
      return { bytes: out, complete: true };
    }
    const end = Math.min(body.length, at + size);
    parts.push(body.subarray(at, end));
    total += end - at;
    if (end < at + size) break;
    at = end;
    if (body[at] === CR) at++;
    if (body[at] === LF) at++;
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return { bytes: out, complete: false };
}

/** Every index where `needle` occurs in `haystack` (non-overlapping), at most `limit`. */
export function findAll(haystack: Uint8Array, needle: Uint8Array, limit = 100): number[] {
  const found: number[] = [];
  if (needle.length === 0) return found;
  outer: for (let i = 0; i + needle.length <= haystack.length && found.length < limit; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    found.push(i);
    i += needle.length - 1;
  }
  return found;
}
