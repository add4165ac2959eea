/**
 * Types shared by the passive HTTP/1.x parsers (both directions and datagrams).
 */
import type { AnomalySink } from '../anomaly';

/** Where a stream offset lies inside an HTTP message, for leak reports. */
export type HttpPlace = 'request-line' | 'path' | 'query' | 'header' | 'cookie' | 'body';

/**
 * The end of a range that is still open (a body being read): it holds every offset from its
 * start on. Not Infinity, and a range is closed by replacing it, not by assigning its `end`:
 * V8 gives object literals with the same properties in the same order one shape, so a double
 * stored in `end` would make that field a boxed double in every such object (the suspect
 * finder's {start, end} results among them), and one assignment would mark it mutable in all of
 * them; either throws away the optimised code that relied on the field as it was.
 */
export const OPEN_END = -1;

/** Whether the range [start, end) holds `offset` (`end` may be OPEN_END). */
export function rangeHolds(range: { start: number; end: number }, offset: number): boolean {
  return offset >= range.start && (offset < range.end || range.end === OPEN_END);
}

/** A byte range [start, end) of the stream and what it holds. */
export interface HttpRegion {
  start: number;
  /** OPEN_END while a body is being read. */
  end: number;
  place: HttpPlace;
  /** For header lines: the header name as sent. */
  name?: string;
}

/** What both directions' messages have in common. Offsets are stream offsets. */
export interface HttpMessage {
  version: string;
  headers: [string, string][];
  /** The frame whose bytes completed the header block. */
  frame: number;
  /** Frames that carried the header block; fixed once the message is emitted. */
  frames: number[];
  /** Offset of the first byte of the start line. */
  startOffset: number;
  /** Offset just after the blank line ending the header block. */
  headerEnd: number;
  bodyStart: number;
  /** Offset after the last body byte (chunk framing included); null until the body ended. */
  bodyEnd: number | null;
  chunked: boolean;
  contentLength: number | null;
  /** Body bytes delivered to onBody (after de-chunking). */
  bodyLength: number;
  /** The frame that completed the whole message; null until then. */
  endFrame: number | null;
  /** Frames that carried body bytes, set when the message ends. */
  bodyFrames: number[];
  /** Start line, header lines and body, in that order; later entries are more specific. */
  regions: HttpRegion[];
}

export interface HttpRequest extends HttpMessage {
  method: string;
  uri: string;
  /** The first Host header's value, or null. */
  host: string | null;
}

export interface HttpResponse extends HttpMessage {
  status: number;
  reason: string;
  /** Method of the request this answers (from the shared queue), or null if unknown. */
  method: string | null;
}

/**
 * Methods of the requests seen on a connection, in order, so the response parser knows
 * which responses have no body (HEAD) or open a tunnel (CONNECT). Bounded: a client that
 * pipelines more than QUEUE_LIMIT requests without answers loses the oldest entries.
 */
export interface HttpExchangeQueue {
  push(method: string): void;
  shift(): string | undefined;
  readonly length: number;
}

const QUEUE_LIMIT = 1024;

export function createHttpExchangeQueue(): HttpExchangeQueue {
  const items: string[] = [];
  return {
    push(method: string) {
      if (items.length >= QUEUE_LIMIT) items.shift();
      items.push(method);
    },
    shift: () => items.shift(),
    get length() {
      return items.length;
    },
  };
}

export interface HttpParserOptions<M extends HttpMessage> {
  anomaly: AnomalySink;
  /** Shared with the other direction's parser of the same connection. */
  queue?: HttpExchangeQueue;
  /** A header block completed (the body may still follow). */
  onMessage?: (message: M) => void;
  /** Body bytes, de-chunked; a view valid only during the call. */
  onBody?: (bytes: Uint8Array, frame: number, message: M) => void;
  /** The message ended (body complete, or cut short by an error or a gap). */
  onMessageEnd?: (message: M, frame: number) => void;
  /** The rest of the stream from `offset` on is not HTTP (CONNECT or Upgrade succeeded). */
  onTunnel?: (offset: number) => void;
}
