/**
 * HTTP/1.x message body framing: a known length, chunked transfer coding, or "until the
 * connection closes". The chunked decoder is a state machine that resumes at any byte, so
 * chunk-size lines, chunk data and trailers may be split anywhere across segments.
 *
 * Threat model: sizes are attacker-chosen. Chunk sizes are limited to 2^48 (significant hex
 * digits beyond twelve are refused; leading zeros are allowed), chunk-size lines (with
 * extensions) to 4 KiB and the trailer section to 64 KiB; nothing is buffered here: data is
 * handed on as views of the segment, and framing bytes are only counted. A framing error
 * ends the body where it happened (`http-chunked-invalid`), and the stream parser
 * resynchronises.
 *
 * RFC 9112 §7.1:
 *   chunked-body   = *chunk last-chunk trailer-section CRLF
 *   chunk          = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 *   chunk-size     = 1*HEXDIG
 *   last-chunk     = 1*("0") [ chunk-ext ] CRLF
 *   chunk-ext      = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
 *   trailer-section = *( field-line CRLF )
 */
import type { AnomalySink } from '../anomaly';

export type BodyMode = 'none' | 'length' | 'chunked' | 'close';

const CR = 0x0d;
const LF = 0x0a;
const MAX_SIZE_DIGITS = 12;
const MAX_SIZE_LINE = 4096;
const MAX_TRAILERS = 64 * 1024;

const enum Chunk {
  SizeStart,
  Size,
  SizeRest,
  Data,
  DataCr,
  DataLf,
  TrailerStart,
  Trailer,
  TrailerCr,
}

export type BodyDataHandler = (bytes: Uint8Array, frame: number) => void;

export class BodyReader {
  done = false;
  error = false;
  /** Body bytes handed to onData (chunk data only, for chunked bodies). */
  delivered = 0;
  private remaining: number;
  private chunk = Chunk.SizeStart;
  private digits = 0;
  private lineLength = 0;
  private trailerBytes = 0;

  constructor(
    readonly mode: Exclude<BodyMode, 'none'>,
    length: number,
    private readonly onData: BodyDataHandler,
    private readonly anomaly: AnomalySink,
  ) {
    this.remaining = mode === 'length' ? length : 0;
    if (mode === 'length' && length === 0) this.done = true;
  }

  /** Consumes body bytes from bytes[p..]; returns how many belonged to the body. */
  push(bytes: Uint8Array, p: number, frame: number): number {
    if (this.done || this.error) return 0;
    const n = bytes.length;
    if (this.mode === 'close') {
      this.deliver(bytes, p, n, frame);
      return n - p;
    }
    if (this.mode === 'length') {
      const take = Math.min(this.remaining, n - p);
      this.deliver(bytes, p, p + take, frame);
      this.remaining -= take;
      if (this.remaining === 0) this.done = true;
      return take;
    }
    return this.pushChunked(bytes, p, frame) - p;
  }

  /**
   * Bytes were lost. Returns true when framing survives: the gap lies inside a known-length
   * body or inside one chunk's data, or the body runs until close.
   */
  skip(length: number): boolean {
    if (this.done || this.error) return false;
    if (this.mode === 'close') return true;
    if ((this.mode === 'length' || this.chunk === Chunk.Data) && length <= this.remaining) {
      this.remaining -= length;
      if (this.remaining === 0) {
        if (this.mode === 'length') this.done = true;
        else this.chunk = Chunk.DataCr;
      }
      return true;
    }
    return false;
  }

  /** True when the body is still waiting for bytes (incomplete at end of stream). */
  get pending(): boolean {
    return !this.done && !this.error && this.mode !== 'close';
  }

  private deliver(bytes: Uint8Array, from: number, to: number, frame: number): void {
    if (to <= from) return;
    this.delivered += to - from;
    this.onData(bytes.subarray(from, to), frame);
  }

  private pushChunked(bytes: Uint8Array, start: number, frame: number): number {
    const n = bytes.length;
    let p = start;
    while (p < n) {
      const b = bytes[p];
      switch (this.chunk) {
        case Chunk.SizeStart:
        case Chunk.Size: {
          const v = hexValue(b);
          if (v >= 0) {
            if (v > 0 || this.digits > 0) this.digits++;
            if (this.digits > MAX_SIZE_DIGITS) return this.failAt(p, 'chunk size too large');
            this.remaining = this.remaining * 16 + v;
            this.chunk = Chunk.Size;
            this.lineLength++;
            p++;
            break;
          }
          if (this.chunk === Chunk.SizeStart) return this.failAt(p, 'chunk size expected');
          this.chunk = Chunk.SizeRest;
          break;
        }
        case Chunk.SizeRest: {
          // Extensions and whitespace up to the end of the line are skipped.
          const lf = bytes.indexOf(LF, p);
          const end = lf < 0 ? n : lf;
          this.lineLength += end - p;
          if (this.lineLength > MAX_SIZE_LINE) return this.failAt(p, 'chunk-size line too long');
          p = end;
          if (lf < 0) break;
          p++;
          this.lineLength = 0;
          this.digits = 0;
          this.chunk = this.remaining === 0 ? Chunk.TrailerStart : Chunk.Data;
          break;
        }
        case Chunk.Data: {
          const take = Math.min(this.remaining, n - p);
          this.deliver(bytes, p, p + take, frame);
          this.remaining -= take;
          p += take;
          if (this.remaining === 0) this.chunk = Chunk.DataCr;
          break;
        }
        case Chunk.DataCr:
          if (b === CR) this.chunk = Chunk.DataLf;
          else if (b === LF) this.chunk = Chunk.SizeStart;
          else return this.failAt(p, 'CRLF expected after chunk data');
          p++;
          break;
        case Chunk.DataLf:
          if (b !== LF) return this.failAt(p, 'LF expected after chunk data');
          this.chunk = Chunk.SizeStart;
          p++;
          break;
        case Chunk.TrailerStart:
          // An empty line (CRLF or bare LF) ends the trailer section and the body.
          if (b === LF) {
            this.done = true;
            return p + 1;
          }
          if (b === CR) {
            this.chunk = Chunk.TrailerCr;
            p++;
          } else {
            this.chunk = Chunk.Trailer;
          }
          break;
        case Chunk.TrailerCr:
          if (b === LF) {
            this.done = true;
            return p + 1;
          }
          this.chunk = Chunk.Trailer;
          break;
        case Chunk.Trailer: {
          const lf = bytes.indexOf(LF, p);
          const end = lf < 0 ? n : lf + 1;
          this.trailerBytes += end - p;
          if (this.trailerBytes > MAX_TRAILERS) return this.failAt(p, 'trailer section too long');
          p = end;
          if (lf >= 0) this.chunk = Chunk.TrailerStart;
          break;
        }
      }
    }
    return p;
  }

  private failAt(p: number, detail: string): number {
    this.error = true;
    this.anomaly('http-chunked-invalid', detail);
    return p;
  }
}

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  const l = b | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}
