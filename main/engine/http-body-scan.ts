/**
 * Scans an HTTP body the way the application receives it: with chunked framing removed and
 * gzip / deflate / brotli undone. A phone that gzips its JSON upload still leaks the IMEI in it.
 *
 * Threat model: the body is attacker-controlled. Compressed input is buffered up to
 * MAX_ENCODED bytes and decompressed with a hard output cap (MAX_DECODED), so a decompression
 * bomb costs at most that much memory and becomes the anomaly 'http-decompression-bomb'; a
 * corrupt or truncated stream yields what could be decoded and 'http-decompress-failed'.
 * Decompression is synchronous and bounded so the engine's output stays deterministic.
 */
import { brotliDecompressSync, constants, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import type { AnomalySink } from './anomaly';
import type { IdentifierMatcher, Match, StreamScanner } from './match/matcher';
import { StreamWindow } from './stream-window';

const MAX_ENCODED = 8 << 20;
const MAX_DECODED = 32 << 20;
const CONTEXT_SPAN = 120;

export type ContentCoding = 'gzip' | 'deflate' | 'br';

/** A match in a decoded body: offsets are body offsets, frames those that carried them. */
export interface BodyMatch {
  match: Match;
  frames: number[];
  ts: number;
  /** The bytes the offsets of `match` refer to, for the context excerpt. */
  bytes: Uint8Array;
  bytesOffset: number;
}

/** The coding named by a Content-Encoding header, null for identity, 'unsupported' otherwise. */
export function contentCoding(headers: [string, string][]): ContentCoding | null | 'unsupported' {
  let value: string | null = null;
  for (const [name, v] of headers)
    if (name.toLowerCase() === 'content-encoding') value = v.trim().toLowerCase();
  if (!value || value === 'identity') return null;
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  if (value === 'deflate') return 'deflate';
  if (value === 'br') return 'br';
  return 'unsupported';
}

/**
 * What a call that found nothing returns: one shared array, never written to. A fresh empty
 * array and one holding matches have different shapes to V8 (their elements kinds), and a
 * caller compiled while it had seen only the one is thrown away at the first of the other; the
 * caller tests for this one by identity instead and iterates only arrays that hold matches.
 */
export const NO_BODY_MATCHES: readonly BodyMatch[] = [];

export class BodyScan {
  private readonly parts: Uint8Array[] = [];
  private encodedBytes = 0;
  private overflow = false;
  private readonly frames: number[] = [];
  private readonly scanner: StreamScanner | null;
  private readonly window = new StreamWindow();
  private offset = 0;
  /** The decompressed body, once end() has decoded it (for the suspect scan). */
  decoded: Uint8Array | null = null;

  constructor(
    /** Null when the user entered no identifiers: the body is then decoded for suspects only. */
    private readonly matcher: IdentifierMatcher | null,
    private readonly coding: ContentCoding | null,
    private readonly anomaly: AnomalySink,
  ) {
    this.scanner = coding ? null : (matcher?.newStream() ?? null);
  }

  /** De-chunked body bytes (a view valid only during the call). */
  push(bytes: Uint8Array, frame: number, ts: number): readonly BodyMatch[] {
    if (this.frames[this.frames.length - 1] !== frame) this.frames.push(frame);
    if (this.scanner) {
      this.window.add(bytes, this.offset, frame, ts);
      const found = this.scanner.push(bytes, this.offset);
      this.offset += bytes.length;
      return this.fromWindowAll(found);
    }
    if (this.overflow) return NO_BODY_MATCHES;
    if (this.encodedBytes + bytes.length > MAX_ENCODED) {
      this.overflow = true;
      this.anomaly('http-body-too-large', `compressed body over ${MAX_ENCODED} bytes; not decoded past that`);
      return NO_BODY_MATCHES;
    }
    this.parts.push(bytes.slice());
    this.encodedBytes += bytes.length;
    return NO_BODY_MATCHES;
  }

  /** The body went quiet (live capture): report the scanner's held matches without ending it. */
  flushHeld(): readonly BodyMatch[] {
    return this.scanner ? this.fromWindowAll(this.scanner.flushHeld()) : NO_BODY_MATCHES;
  }

  /** The body ended: settle held-back matches, or decode and scan a compressed body. */
  end(ts: number): readonly BodyMatch[] {
    if (this.scanner) return this.fromWindowAll(this.scanner.end());
    const decoded = this.decode();
    this.decoded = decoded;
    if (!decoded || !this.matcher) return NO_BODY_MATCHES;
    const found = this.matcher.scanBuffer(decoded);
    if (found.length === 0) return NO_BODY_MATCHES;
    return found.map((match) => ({
      match,
      frames: this.frames.slice(),
      ts,
      bytes: decoded,
      bytesOffset: 0,
    }));
  }

  private fromWindowAll(found: Match[]): readonly BodyMatch[] {
    return found.length === 0 ? NO_BODY_MATCHES : found.map((m) => this.fromWindow(m));
  }

  private fromWindow(m: Match): BodyMatch {
    const { frames, ts } = this.window.framesFor(m.start, m.end);
    const ctx = this.window.slice(m.start - CONTEXT_SPAN, m.end + CONTEXT_SPAN);
    return { match: m, frames, ts, bytes: ctx.bytes, bytesOffset: ctx.offset };
  }

  private decode(): Uint8Array | null {
    if (!this.encodedBytes) return null;
    const input = Buffer.concat(this.parts);
    // Sync flush: a truncated stream (capture cut mid-body) still yields what it holds.
    const opts = { maxOutputLength: MAX_DECODED, finishFlush: constants.Z_SYNC_FLUSH };
    try {
      switch (this.coding) {
        case 'gzip':
          return gunzipSync(input, opts);
        case 'br':
          return brotliDecompressSync(input, {
            maxOutputLength: MAX_DECODED,
            finishFlush: constants.BROTLI_OPERATION_FLUSH,
          });
        case 'deflate':
          // RFC 9110 says zlib-wrapped, but many servers send raw deflate: try both.
          try {
            return inflateSync(input, opts);
          } catch {
            return inflateRawSync(input, opts);
          }
        default:
          return null;
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') {
        this.anomaly(
          'http-decompression-bomb',
          `${this.coding} body decodes to more than ${MAX_DECODED} bytes`,
        );
      } else {
        this.anomaly('http-decompress-failed', `${this.coding}: ${(err as Error).message}`);
      }
      return null;
    }
  }
}
