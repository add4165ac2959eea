/**
 * DNS over TCP framing (RFC 1035 §4.2.2, RFC 7766 §8): each message is preceded by a two-byte
 * length; a segment may hold several messages, and a message may span several segments.
 *
 * Threat model: the stream is untrusted. A message is at most 65535 bytes by construction of
 * the prefix, so at most 64 KiB is buffered per direction, and only when a message is split
 * across segments (a message inside one segment is parsed in place). After a gap the framing
 * is unknowable (any two bytes could be a length), so the framer stops for the rest of the
 * stream rather than emit garbage; `dns-tcp-gap` records that.
 */
import type { AnomalySink } from '../anomaly';
import { ByteAccumulator } from './byte-accumulator';
import { parseDns, type DnsMessage } from './dns-message';

export interface DnsTcpMessage {
  message: DnsMessage;
  /** The frame that completed the message. */
  frame: number;
  /** Every frame that carried bytes of it (length prefix included), in stream order. */
  frames: number[];
  /** Stream offset of the length prefix. */
  offset: number;
}

const NONE: readonly DnsTcpMessage[] = [];

export class DnsTcpFramer {
  private readonly acc = new ByteAccumulator(2 + 0xffff, 256);
  /** Next stream offset expected; -1 until the first push. */
  private expected = -1;
  /** Stream offset of the length prefix of the message being accumulated. */
  private messageStart = 0;
  private frames: number[] = [];
  private lost = false;

  constructor(private readonly anomaly: AnomalySink) {}

  /** Feeds in-order stream bytes; returns the messages this segment completed. */
  push(bytes: Uint8Array, streamOffset: number, frame: number): readonly DnsTcpMessage[] {
    if (this.lost) return NONE;
    let p = 0;
    if (this.expected >= 0 && streamOffset !== this.expected) {
      if (streamOffset > this.expected) {
        this.gap(this.expected, streamOffset - this.expected);
        return NONE;
      }
      // Bytes already seen (an overlapping retransmission): skip them.
      p = this.expected - streamOffset;
      if (p >= bytes.length) return NONE;
    }
    const n = bytes.length;
    this.expected = streamOffset + n;
    let out: DnsTcpMessage[] | null = null;

    while (p < n) {
      let done: DnsTcpMessage | null = null;
      if (this.acc.length === 0) {
        const len = n - p >= 2 ? (bytes[p] << 8) | bytes[p + 1] : -1;
        if (len === 0) {
          this.anomaly('dns-tcp-empty-message', `at stream offset ${streamOffset + p}`);
          p += 2;
          continue;
        }
        if (len > 0 && n - p - 2 >= len) {
          done = this.parse(bytes.subarray(p + 2, p + 2 + len), frame, [frame], streamOffset + p);
          p += 2 + len;
        } else {
          // The rest of the segment is the start of one message: keep it.
          this.messageStart = streamOffset + p;
          this.frames = [frame];
          this.acc.append(bytes, p, n);
          p = n;
        }
      } else {
        if (this.frames[this.frames.length - 1] !== frame) this.frames.push(frame);
        if (this.acc.length < 2) {
          this.acc.append(bytes, p, p + 1);
          p++;
          continue;
        }
        const head = this.acc.view();
        const len = (head[0] << 8) | head[1];
        if (len === 0) {
          this.anomaly('dns-tcp-empty-message', `at stream offset ${this.messageStart}`);
          this.acc.discardFront(2);
          this.messageStart += 2;
          continue;
        }
        const take = Math.min(2 + len - this.acc.length, n - p);
        this.acc.append(bytes, p, p + take);
        p += take;
        if (this.acc.length === 2 + len) {
          done = this.parse(this.acc.view().subarray(2), frame, this.frames, this.messageStart);
          this.acc.clear();
        }
      }
      if (done) (out ??= []).push(done);
    }
    return out ?? NONE;
  }

  /** Bytes were lost: the message boundaries are gone for the rest of the stream. */
  gap(streamOffset: number, length: number): void {
    if (this.lost) return;
    this.lost = true;
    this.acc.clear();
    this.anomaly('dns-tcp-gap', `${length} bytes lost at stream offset ${streamOffset}`);
  }

  /** The stream ended: a message still incomplete is reported, not parsed. */
  end(): void {
    if (!this.lost && this.acc.length > 0) {
      this.anomaly(
        'dns-tcp-incomplete-message',
        `${this.acc.length} bytes at stream offset ${this.messageStart}`,
      );
    }
    this.acc.clear();
  }

  private parse(bytes: Uint8Array, frame: number, frames: number[], offset: number): DnsTcpMessage | null {
    const message = parseDns(bytes, this.anomaly);
    return message ? { message, frame, frames, offset } : null;
  }
}
