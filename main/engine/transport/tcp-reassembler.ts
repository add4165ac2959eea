/**
 * Reassembly of one direction of a TCP connection into an ordered byte stream (RFC 9293 sequence
 * space, 32-bit wrap-around), for the application parsers.
 *
 * Threat model: segments are attacker-shaped (overlaps with different bytes, far-future sequence
 * numbers, floods of out-of-order data). In-order data is handed over as views without copying;
 * only out-of-order data is copied, and at most maxBufferedBytes / maxBufferedSegments of it is
 * held per direction: beyond that the missing bytes are declared a gap and the stream moves on.
 * Overlaps keep the first copy received; a later copy that differs raises 'tcp-overlap-conflict'.
 * Bytes already delivered are not kept (payload is never held in memory longer than needed), so a
 * retransmission of delivered data is dropped without comparison.
 *
 * When the handshake was not captured, stream offset 0 is the first data byte seen; data from
 * before it that shows up later (reordered) is dropped as old.
 */
import { ignoreAnomalies, type AnomalySink } from '../anomaly';
import { TCP_FIN, TCP_RST, TCP_SYN } from './tcp-header';

/** Receives one direction's bytes in stream order. */
export interface StreamSink {
  /** Bytes at stream offset `streamOffset`, carried by `frame`. A view: copy what you keep. */
  onData(bytes: Uint8Array, streamOffset: number, frame: number): void;
  /** `length` bytes at `streamOffset` were never captured; data resumes after them. */
  onGap(streamOffset: number, length: number): void;
}

export interface TcpLimits {
  /** Out-of-order bytes held before the oldest hole is declared a gap. */
  maxBufferedBytes: number;
  /** Out-of-order segments held before the oldest hole is declared a gap. */
  maxBufferedSegments: number;
  /** Segments starting further ahead than this are treated as bogus rather than as a gap. */
  maxSequenceJump: number;
}

export const DEFAULT_TCP_LIMITS: TcpLimits = {
  maxBufferedBytes: 256 * 1024,
  maxBufferedSegments: 64,
  maxSequenceJump: 1 << 30,
};

export interface TcpDirectionStats {
  deliveredBytes: number;
  gaps: number;
  gapBytes: number;
  /** Segments (or parts) that repeated bytes already delivered or buffered. */
  retransmissions: number;
  conflicts: number;
}

interface BufferedSegment {
  start: number;
  end: number;
  bytes: Uint8Array;
  frame: number;
}

export class TcpDirection {
  readonly stats: TcpDirectionStats = {
    deliveredBytes: 0,
    gaps: 0,
    gapBytes: 0,
    retransmissions: 0,
    conflicts: 0,
  };
  private readonly limits: TcpLimits;
  private started = false;
  /** Sequence number of the byte at stream offset `delivered`. */
  private nextSeq = 0;
  /** Stream offset of the next byte to deliver: everything before it was delivered or gapped. */
  private delivered = 0;
  /** Out-of-order data: copies, sorted by start, never overlapping, all starting after `delivered`. */
  private readonly buffer: BufferedSegment[] = [];
  private bufferedBytes = 0;
  /** Stream offset of the FIN, once seen. */
  private finOffset = -1;
  /** A FIN arrived with holes before it: they become gaps after the next segment, if still open. */
  private gapAfterNextSegment = false;
  private reset = false;

  constructor(
    private readonly sink: StreamSink,
    limits: Partial<TcpLimits> = {},
    private readonly anomaly: AnomalySink = ignoreAnomalies,
  ) {
    this.limits = { ...DEFAULT_TCP_LIMITS, ...limits };
  }

  /** Stream offset up to which data has been delivered or declared missing. */
  get streamOffset(): number {
    return this.delivered;
  }

  /** True once a FIN was seen and every byte before it was delivered or gapped, or after a RST. */
  get closed(): boolean {
    return this.reset || (this.finOffset >= 0 && this.delivered >= this.finOffset);
  }

  /** One segment of this direction: its sequence number, TCP flags and data (a view). */
  push(seq: number, flags: number, payload: Uint8Array, frame: number): void {
    if (this.reset) return;
    let dataSeq = seq >>> 0;
    if ((flags & TCP_SYN) !== 0) {
      // The SYN occupies one sequence number; data (TCP Fast Open) starts after it.
      dataSeq = (dataSeq + 1) >>> 0;
      if (!this.started) this.start(dataSeq);
    }
    if ((flags & TCP_RST) !== 0) {
      // Bytes in a RST are a diagnostic, not stream data; the connection is over.
      this.flush();
      this.reset = true;
      return;
    }
    const holdsFinGap = this.gapAfterNextSegment;
    if (payload.length > 0) {
      if (!this.started) this.start(dataSeq);
      this.accept(dataSeq, payload, frame);
    }
    if ((flags & TCP_FIN) !== 0 && this.started && this.finOffset < 0) {
      const relative = ((dataSeq + payload.length) >>> 0) - this.nextSeq;
      const finRelative = relative | 0;
      if (finRelative >= 0) {
        this.finOffset = this.delivered + finRelative;
        this.gapAfterNextSegment = this.delivered < this.finOffset;
      }
    } else if (holdsFinGap) {
      this.gapAfterNextSegment = false;
      this.flush();
    }
  }

  /**
   * The other direction acknowledged `ack`. When the peer has acknowledged bytes past the start
   * of the buffered data, the hole before it reached the peer and will not be retransmitted:
   * the capture missed it, so it becomes a gap now instead of waiting for the buffer limits.
   */
  peerAcknowledged(ack: number): void {
    if (!this.started || this.buffer.length === 0) return;
    const acknowledged = this.delivered + ((((ack >>> 0) - this.nextSeq) >>> 0) | 0);
    while (this.buffer.length > 0 && acknowledged > this.buffer[0].start) this.gapToFirstBuffered();
  }

  /**
   * End of the stream or of our patience: every hole becomes a gap and all buffered data is
   * delivered, including the bytes missing before a FIN.
   */
  flush(): void {
    while (this.buffer.length > 0) this.gapToFirstBuffered();
    if (this.finOffset > this.delivered) this.declareGap(this.finOffset - this.delivered);
  }

  private start(dataSeq: number): void {
    this.started = true;
    this.nextSeq = dataSeq;
  }

  private accept(seq: number, payload: Uint8Array, frame: number): void {
    let relative = ((seq - this.nextSeq) >>> 0) | 0;
    let bytes = payload;
    if (relative < 0) {
      if (relative + bytes.length <= 0) {
        // Entirely before `delivered`: a retransmission or keep-alive of data already handled.
        this.stats.retransmissions++;
        return;
      }
      this.stats.retransmissions++;
      bytes = bytes.subarray(-relative);
      relative = 0;
    }
    if (relative > this.limits.maxSequenceJump) {
      this.anomaly('tcp-seq-out-of-window', `${relative} bytes ahead`);
      return;
    }
    const start = this.delivered + relative;
    if (this.buffer.length === 0 && relative === 0) {
      this.deliver(bytes, frame);
      return;
    }
    this.place(start, bytes, frame);
    this.drain();
    while (
      this.buffer.length > this.limits.maxBufferedSegments ||
      this.bufferedBytes > this.limits.maxBufferedBytes
    ) {
      this.gapToFirstBuffered();
    }
  }

  /**
   * Puts bytes (stream offsets [start, start + length)) around the buffered segments: parts
   * already buffered are compared, not replaced; the rest is delivered at once when it starts at
   * `delivered`, or copied into the buffer.
   */
  private place(start: number, bytes: Uint8Array, frame: number): void {
    const buffer = this.buffer;
    const end = start + bytes.length;
    let index = lowerBound(buffer, start);
    if (index > 0 && buffer[index - 1].end > start) index--;
    let cursor = start;
    let overlapped = false;
    while (cursor < end) {
      const next = index < buffer.length ? buffer[index] : null;
      const pieceEnd = next === null || next.start >= end ? end : next.start;
      if (pieceEnd > cursor) {
        const piece = bytes.subarray(cursor - start, pieceEnd - start);
        if (cursor === this.delivered) {
          this.deliver(piece, frame);
        } else {
          buffer.splice(index, 0, { start: cursor, end: pieceEnd, bytes: piece.slice(), frame });
          this.bufferedBytes += pieceEnd - cursor;
          index++;
        }
        cursor = pieceEnd;
        continue;
      }
      if (next === null) break;
      const overlapEnd = Math.min(end, next.end);
      overlapped = true;
      if (!sameBytes(bytes, cursor - start, next.bytes, cursor - next.start, overlapEnd - cursor)) {
        this.stats.conflicts++;
        this.anomaly('tcp-overlap-conflict', `stream offset ${cursor}, frames ${next.frame} and ${frame}`);
      }
      cursor = overlapEnd;
      index++;
    }
    if (overlapped) this.stats.retransmissions++;
  }

  private deliver(bytes: Uint8Array, frame: number): void {
    const offset = this.delivered;
    this.delivered += bytes.length;
    this.nextSeq = (this.nextSeq + bytes.length) >>> 0;
    this.stats.deliveredBytes += bytes.length;
    this.sink.onData(bytes, offset, frame);
  }

  /** Delivers buffered segments that now continue the stream. */
  private drain(): void {
    const buffer = this.buffer;
    while (buffer.length > 0 && buffer[0].start === this.delivered) {
      const segment = buffer.shift() as BufferedSegment;
      this.bufferedBytes -= segment.bytes.length;
      this.deliver(segment.bytes, segment.frame);
    }
  }

  private gapToFirstBuffered(): void {
    this.declareGap(this.buffer[0].start - this.delivered);
    this.drain();
  }

  private declareGap(length: number): void {
    if (length <= 0) return;
    const offset = this.delivered;
    this.delivered += length;
    this.nextSeq = (this.nextSeq + length) >>> 0;
    this.stats.gaps++;
    this.stats.gapBytes += length;
    this.anomaly('tcp-gap', `${length} bytes missing at stream offset ${offset}`);
    this.sink.onGap(offset, length);
  }
}

/** First index whose segment starts at or after `start`. */
function lowerBound(buffer: BufferedSegment[], start: number): number {
  let low = 0;
  let high = buffer.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (buffer[middle].start < start) low = middle + 1;
    else high = middle;
  }
  return low;
}

function sameBytes(a: Uint8Array, aStart: number, b: Uint8Array, bStart: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}
