/**
 * Reassembly of one connection's Initial CRYPTO stream (RFC 9000 §19.6): CRYPTO frames carry
 * (offset, bytes) pieces of the handshake messages; they may arrive out of order, overlap,
 * repeat (retransmission) and be spread over several packets and datagrams. Clients such as
 * Chrome deliberately cut the ClientHello into many small, shuffled CRYPTO frames.
 *
 * Threat model: offsets and lengths are attacker-chosen. Memory is bounded by `maxBytes` (the
 * buffer grows geometrically up to it; data past it is dropped and reported), the number of
 * disjoint ranges and of contributing pieces by `maxPieces`, so the work of one insertion is
 * bounded too. Overlaps keep the first copy of every byte, as TCP and IP reassembly do here;
 * a later copy that disagrees is reported once per stream, and so is data past the limit.
 *
 * A stream may start at a `base` offset (after a first ClientHello, only what follows it is
 * of interest); bytes below it are ignored and every offset of this API is relative to it.
 */

export interface CryptoStreamLimits {
  /** Bytes kept past the base offset. */
  maxBytes: number;
  /** Pieces that may add bytes, and disjoint ranges that may be held. */
  maxPieces: number;
}

/**
 * What an insertion did besides storing new bytes; anything but 'ok' deserves an anomaly.
 * 'conflict' and 'beyond-limit' are returned once per stream, 'too-fragmented' every time.
 */
export type CryptoAddOutcome = 'ok' | 'conflict' | 'beyond-limit' | 'too-fragmented';

const EMPTY = new Uint8Array(0);
const INITIAL_CAPACITY = 512;

export class CryptoStream {
  private buf: Uint8Array = EMPTY;
  /** Received ranges, sorted and merged: [start0, end0, start1, end1, ...]. */
  private ranges: number[] = [];
  /** For each insertion that added bytes: [frame, lowest new offset, ...], in arrival order. */
  private pieces: number[] = [];
  private conflictSeen = false;
  private beyondLimitSeen = false;

  constructor(
    private readonly limits: CryptoStreamLimits,
    readonly base = 0,
  ) {}

  /** Bytes of buffer held. */
  get capacity(): number {
    return this.buf.length;
  }

  /** Bytes available without a hole from the base. */
  get contiguous(): number {
    return this.ranges.length > 0 && this.ranges[0] === 0 ? this.ranges[1] : 0;
  }

  /** The first `length` contiguous bytes (a view; length must not exceed `contiguous`). */
  prefix(length: number): Uint8Array {
    return this.buf.subarray(0, Math.min(length, this.contiguous));
  }

  /** Frames whose CRYPTO data added bytes below `end`, ascending, each once. */
  framesBelow(end: number): number[] {
    const frames: number[] = [];
    for (let i = 0; i < this.pieces.length; i += 2) {
      if (this.pieces[i + 1] < end) frames.push(this.pieces[i]);
    }
    frames.sort((a, b) => a - b);
    return frames.filter((f, i) => i === 0 || frames[i - 1] !== f);
  }

  /** Stores the bytes of one CRYPTO frame (at stream offset `streamOffset`) that the stream does not have yet. */
  add(streamOffset: number, frameData: Uint8Array, frame: number): CryptoAddOutcome {
    const skip = Math.max(0, this.base - streamOffset);
    if (skip >= frameData.length) return 'ok';
    const offset = streamOffset + skip - this.base;
    const data = skip > 0 ? frameData.subarray(skip) : frameData;
    let outcome: CryptoAddOutcome = 'ok';
    let end = offset + data.length;
    if (end > this.limits.maxBytes) {
      if (!this.beyondLimitSeen) outcome = 'beyond-limit';
      this.beyondLimitSeen = true;
      end = this.limits.maxBytes;
      if (offset >= end) return outcome;
    }
    if (this.pieces.length >= 2 * this.limits.maxPieces || this.ranges.length >= 2 * this.limits.maxPieces)
      return 'too-fragmented';
    this.reserve(end);
    let pos = offset;
    let firstNew = -1;
    const ranges = this.ranges;
    for (let i = 0; i < ranges.length && pos < end; i += 2) {
      const start = ranges[i];
      const stop = ranges[i + 1];
      if (stop <= pos) continue;
      if (start >= end) break;
      if (start > pos) {
        this.copy(data, offset, pos, start);
        if (firstNew < 0) firstNew = pos;
      }
      const overlapEnd = Math.min(stop, end);
      if (this.differs(data, offset, Math.max(start, pos), overlapEnd) && !this.conflictSeen) {
        this.conflictSeen = true;
        outcome = 'conflict';
      }
      pos = overlapEnd;
    }
    if (pos < end) {
      this.copy(data, offset, pos, end);
      if (firstNew < 0) firstNew = pos;
    }
    if (firstNew < 0) return outcome;
    this.pieces.push(frame, firstNew);
    this.merge(offset, end);
    return outcome;
  }

  private reserve(end: number): void {
    if (end <= this.buf.length) return;
    const grown = new Uint8Array(
      Math.min(this.limits.maxBytes, Math.max(end, this.buf.length * 2, INITIAL_CAPACITY)),
    );
    grown.set(this.buf);
    this.buf = grown;
  }

  /** Copies bytes [from, to) out of a frame's data that starts at `dataStart`. */
  private copy(data: Uint8Array, dataStart: number, from: number, to: number): void {
    this.buf.set(data.subarray(from - dataStart, to - dataStart), from);
  }

  private differs(data: Uint8Array, dataStart: number, from: number, to: number): boolean {
    const buf = this.buf;
    for (let p = from; p < to; p++) if (buf[p] !== data[p - dataStart]) return true;
    return false;
  }

  /** Adds [start, end) to the sorted range list, merging what touches it. */
  private merge(start: number, end: number): void {
    const out: number[] = [];
    let placed = false;
    for (let i = 0; i < this.ranges.length; i += 2) {
      const s = this.ranges[i];
      const e = this.ranges[i + 1];
      if (e < start) {
        out.push(s, e);
      } else if (s > end) {
        if (!placed) out.push(start, end);
        placed = true;
        out.push(s, e);
      } else {
        start = Math.min(start, s);
        end = Math.max(end, e);
      }
    }
    if (!placed) out.push(start, end);
    this.ranges = out;
  }
}
