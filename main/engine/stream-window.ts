/**
 * The recent past of one stream direction: the last few hundred bytes (for a leak's context
 * excerpt) and which frames carried which stream offsets (for a leak's frame list). Both are
 * bounded so a long stream costs constant memory.
 */

import { byteView } from './byte-view';

const WINDOW_BYTES = 1024;
const CHUNK_RING = 128;
const EMPTY = new Uint8Array(0);
const EMPTY_F64 = new Float64Array(0);
const EMPTY_U32 = new Uint32Array(0);
/** Chunk starts and times (8 bytes each), chunk frames (4 bytes each), then the bytes. */
const STORE_BYTES = CHUNK_RING * 20 + WINDOW_BYTES;

export class StreamWindow {
  // Allocated on first data: most flow directions (pure ACKs) never carry any.
  private buf = EMPTY;
  /** Stream offset one past the last byte added. */
  private end = 0;
  private filled = 0;
  private chunkStart = EMPTY_F64;
  private chunkFrame = EMPTY_U32;
  private chunkTs = EMPTY_F64;
  private chunks = 0;

  add(bytes: Uint8Array, offset: number, frame: number, ts: number): void {
    if (this.buf === EMPTY) {
      // One backing store for the four arrays instead of four: allocating one costs more than a view.
      const store = new ArrayBuffer(STORE_BYTES);
      this.chunkStart = new Float64Array(store, 0, CHUNK_RING);
      this.chunkTs = new Float64Array(store, CHUNK_RING * 8, CHUNK_RING);
      this.chunkFrame = new Uint32Array(store, CHUNK_RING * 16, CHUNK_RING);
      this.buf = new Uint8Array(store, CHUNK_RING * 20, WINDOW_BYTES);
    }
    if (offset !== this.end) {
      // A gap: what we held no longer sits right before the new bytes.
      this.filled = 0;
    }
    const slot = this.chunks % CHUNK_RING;
    this.chunkStart[slot] = offset;
    this.chunkFrame[slot] = frame;
    this.chunkTs[slot] = ts;
    this.chunks++;
    const n = bytes.length;
    if (n >= WINDOW_BYTES) {
      this.buf.set(byteView(bytes, n - WINDOW_BYTES, n));
      this.filled = WINDOW_BYTES;
    } else {
      const keep = Math.min(this.filled, WINDOW_BYTES - n);
      this.buf.copyWithin(0, this.filled - keep, this.filled);
      this.buf.set(bytes, keep);
      this.filled = keep + n;
    }
    this.end = offset + n;
  }

  /** Bytes of [start, end) that the window still holds (clipped to what it has). */
  slice(start: number, end: number): { bytes: Uint8Array; offset: number } {
    const first = this.end - this.filled;
    const s = Math.max(start, first);
    const e = Math.min(end, this.end);
    if (e <= s) return { bytes: new Uint8Array(0), offset: s };
    return { bytes: this.buf.slice(s - first, e - first), offset: s };
  }

  /** Frames whose chunks overlap [start, end), oldest first, and the time of the last one. */
  framesFor(start: number, end: number): { frames: number[]; ts: number } {
    const frames: number[] = [];
    let ts = 0;
    const count = Math.min(this.chunks, CHUNK_RING);
    for (let i = this.chunks - count; i < this.chunks; i++) {
      const slot = i % CHUNK_RING;
      const cStart = this.chunkStart[slot];
      const next = i + 1 < this.chunks ? this.chunkStart[(i + 1) % CHUNK_RING] : this.end;
      const cEnd = next > cStart ? next : this.end;
      if (cStart < end && cEnd > start) {
        const f = this.chunkFrame[slot];
        if (frames[frames.length - 1] !== f) frames.push(f);
        ts = this.chunkTs[slot];
      }
    }
    return { frames, ts };
  }
}
