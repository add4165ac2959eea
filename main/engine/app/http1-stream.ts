/**
 * The part of a passive HTTP/1.x parser both directions share: finding message starts,
 * collecting header blocks across segments, framing bodies, resynchronising after garbage or
 * a gap, and remembering where recent messages' parts lie in the stream.
 *
 * Threat model: the stream is untrusted and may not be HTTP, may be captured mid-stream, may
 * lose bytes, or may be crafted to make a parser buffer without end. A message start is
 * recognised byte by byte (http1-start-line.ts) so non-HTTP bytes are never buffered; a
 * header block is buffered only when it spans segments, up to HEAD_LIMIT (64 KiB, then
 * `http-header-too-long`); bodies are never buffered. After garbage or an unrecoverable gap
 * the parser skips to the next line that looks like a start line. Regions of at most
 * RECENT_LIMIT recent messages are kept for placeAt().
 */
import type { AnomalySink } from '../anomaly';
import { ByteAccumulator } from './byte-accumulator';
import { BodyReader, type BodyMode } from './http1-body';
import { HEAD_LIMIT, parseHead, type ParsedHead } from './http1-head';
import { isKnownMethod, LINE_DONE, LINE_FAIL, LINE_LOOSE, MAX_KNOWN_METHOD } from './http1-start-line';
import {
  OPEN_END,
  rangeHolds,
  type HttpMessage,
  type HttpParserOptions,
  type HttpPlace,
} from './http1-types';

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const RECENT_LIMIT = 32;

/** What a direction decides once it has read a header block. */
export interface HeadDecision<M extends HttpMessage> {
  message: M;
  body: BodyMode;
  length: number;
  /** After this message the stream stops being HTTP (CONNECT accepted, 101 Switching). */
  tunnel: 'no' | 'yes' | 'unless-http-follows';
}

const enum Phase {
  Head,
  Body,
  Tunnel,
}

export abstract class Http1Stream<M extends HttpMessage> {
  protected readonly anomaly: AnomalySink;
  private phase = Phase.Head;
  private expected = -1;

  private readonly head = new ByteAccumulator(HEAD_LIMIT, 1024);
  /** A candidate start line has begun (at headStart). */
  private headActive = false;
  private headStart = 0;
  /** Bytes of the candidate head seen so far (all in `head` once it spans segments). */
  private headLength = 0;
  /** Offset, relative to the head, of the current field line. */
  private lineStart = 0;
  private lineState = 0;
  private firstLineDone = false;
  private headFrames: number[] = [];
  /** Skipping the rest of a line that did not start a message. */
  private skipping = false;
  /** Resynchronising: lines that do not start a message are skipped without new anomalies. */
  private seeking = false;
  /** The previous message may have opened a tunnel: non-HTTP bytes next mean it did. */
  private tunnelPending = false;

  private body: BodyReader | null = null;
  private current: M | null = null;
  private bodyFrames: number[] = [];
  private readonly recent: M[] = [];

  constructor(protected readonly opts: HttpParserOptions<M>) {
    this.anomaly = opts.anomaly;
  }

  /** Advances the start-line recogniser by one byte. */
  protected abstract readonly lineStep: (state: number, b: number) => number;
  /** Anomaly name for bytes that are not a message where one was expected. */
  protected abstract readonly garbageName: string;
  /** Builds the message from its parsed header block. */
  protected abstract decide(
    head: ParsedHead,
    start: number,
    end: number,
    frame: number,
    frames: number[],
  ): HeadDecision<M>;
  /** Lower-case name of the header whose lines are 'cookie' regions. */
  protected abstract readonly cookieName: string;

  push(bytes: Uint8Array, streamOffset: number, frame: number): void {
    if (this.stopped()) return;
    let p = 0;
    if (this.expected >= 0 && streamOffset !== this.expected) {
      if (streamOffset > this.expected) {
        this.gap(this.expected, streamOffset - this.expected);
      } else {
        p = this.expected - streamOffset;
        if (p >= bytes.length) return;
      }
    }
    const n = bytes.length;
    this.expected = streamOffset + n;
    // While resynchronising, a segment start is as good a candidate for a message start as a
    // line start: senders usually begin a message with a fresh segment.
    if (this.seeking && this.skipping && this.phase === Phase.Head) this.skipping = false;
    while (p < n && !this.stopped()) {
      if (this.phase === Phase.Body) {
        p = this.consumeBody(bytes, p, streamOffset, frame);
      } else if (this.skipping) {
        const lf = bytes.indexOf(LF, p);
        if (lf < 0) return;
        p = lf + 1;
        this.skipping = false;
      } else {
        p = this.consumeHead(bytes, p, streamOffset, frame);
      }
    }
  }

  /** `length` bytes at `streamOffset` were lost. */
  gap(streamOffset: number, length: number): void {
    if (this.expected >= 0 && streamOffset + length <= this.expected) return;
    this.expected = streamOffset + length;
    if (this.phase === Phase.Tunnel) return;
    if (this.phase === Phase.Body && this.body) {
      if (this.body.skip(length)) {
        this.anomaly('http-body-gap', `${length} body bytes lost at stream offset ${streamOffset}`);
        if (this.body.done) this.finish(this.current!, streamOffset + length, null);
        return;
      }
      this.finish(this.current!, streamOffset, null);
    }
    if (!this.seeking) this.anomaly('http-gap', `${length} bytes lost at stream offset ${streamOffset}`);
    this.resetHead();
    this.phase = Phase.Head;
    this.seeking = true;
    // The byte after a gap is as likely as any line start to begin a message.
    this.skipping = false;
  }

  /**
   * The stream ended (`frame`: the one that closed it, a FIN or RST, when known): a body
   * delimited by the close completes there; anything else is reported.
   */
  end(frame?: number): void {
    if (this.phase === Phase.Body && this.body && this.current) {
      if (this.body.pending)
        this.anomaly('http-body-incomplete', `stream ended inside a ${this.body.mode} body`);
      this.finish(this.current, this.expected, this.body.pending ? null : (frame ?? null));
    } else if (this.phase === Phase.Head && this.headActive && this.firstLineDone) {
      this.anomaly('http-header-incomplete', `stream ended inside a header block at ${this.headStart}`);
    }
    this.resetHead();
    this.phase = Phase.Tunnel;
  }

  /** True once the stream is no longer HTTP (a tunnel) or has ended. */
  stopped(): boolean {
    return this.phase === Phase.Tunnel;
  }

  /** What the stream byte at `offset` belongs to, for recent messages; null if unknown. */
  placeAt(offset: number): HttpPlace | null {
    for (let i = this.recent.length - 1; i >= 0; i--) {
      const m = this.recent[i];
      if (offset < m.startOffset) continue;
      const regions = m.regions;
      for (let j = regions.length - 1; j >= 0; j--) {
        const r = regions[j];
        if (rangeHolds(r, offset)) return r.place;
      }
      if (offset < m.headerEnd) return 'header';
    }
    return null;
  }

  private consumeHead(bytes: Uint8Array, p: number, base: number, frame: number): number {
    const n = bytes.length;
    if (!this.headActive) {
      this.resetHead();
      this.headActive = true;
      this.headStart = base + p;
    }
    addFrame(this.headFrames, frame);
    const segStart = p;
    let i = p;

    if (!this.firstLineDone) {
      const step = this.lineStep;
      let state = this.lineState;
      while (i < n) {
        const b = bytes[i++];
        state = step(state, b);
        if (state === LINE_FAIL) {
          this.rejectLine(b === LF);
          return i;
        }
        if (state === LINE_LOOSE) {
          if (!this.looseLineAccepted(bytes, segStart, i)) {
            this.rejectLine(true);
            return i;
          }
          state = LINE_DONE;
        }
        if (state === LINE_DONE) break;
      }
      this.lineState = state;
      if (this.headLength + (i - segStart) > HEAD_LIMIT) return this.tooLong(i, state !== LINE_DONE);
      if (state !== LINE_DONE) {
        this.head.append(bytes, segStart, i);
        this.headLength += i - segStart;
        return i;
      }
      this.firstLineDone = true;
      this.tunnelPending = false;
      this.lineStart = this.headLength + (i - segStart);
    }

    let end = -1;
    for (;;) {
      const lf = bytes.indexOf(LF, i);
      if (lf < 0) break;
      const rel = this.headLength + (lf - segStart);
      if (rel + 1 > HEAD_LIMIT) return this.tooLong(lf + 1, false);
      const lineLength = rel - this.lineStart;
      const before = lf > segStart ? bytes[lf - 1] : this.head.view()[this.head.length - 1];
      this.lineStart = rel + 1;
      i = lf + 1;
      if (lineLength === 0 || (lineLength === 1 && before === CR)) {
        end = i;
        break;
      }
    }
    if (end < 0) {
      if (this.headLength + (n - segStart) > HEAD_LIMIT) return this.tooLong(n, true);
      this.head.append(bytes, segStart, n);
      this.headLength += n - segStart;
      return n;
    }
    let buf: Uint8Array;
    if (this.headLength === 0) {
      buf = bytes.subarray(segStart, end);
    } else {
      this.head.append(bytes, segStart, end);
      buf = this.head.view();
    }
    this.headLength += end - segStart;
    this.completeHead(buf, frame);
    return end;
  }

  private completeHead(buf: Uint8Array, frame: number): void {
    const start = this.headStart;
    const end = start + buf.length;
    const head = parseHead(buf, start, this.cookieName, this.anomaly);
    const decision = this.decide(head, start, end, frame, this.headFrames);
    const m = decision.message;
    this.headActive = false;
    this.seeking = false;
    this.remember(m);
    this.opts.onMessage?.(m);

    if (decision.body === 'none') {
      this.finish(m, end, frame);
    } else {
      m.regions.push({ start: end, end: OPEN_END, place: 'body' });
      this.current = m;
      this.bodyFrames = [];
      this.body = new BodyReader(
        decision.body,
        decision.length,
        (bytes, f) => this.opts.onBody?.(bytes, f, m),
        this.anomaly,
      );
      this.phase = Phase.Body;
      if (this.body.done) this.finish(m, end, frame);
    }
    if (decision.tunnel === 'yes') this.enterTunnel(end);
    else if (decision.tunnel === 'unless-http-follows') this.tunnelPending = true;
  }

  private consumeBody(bytes: Uint8Array, p: number, base: number, frame: number): number {
    const body = this.body!;
    const used = body.push(bytes, p, frame);
    if (used > 0) addFrame(this.bodyFrames, frame);
    const q = p + used;
    if (body.done) {
      this.finish(this.current!, base + q, frame);
    } else if (body.error) {
      this.finish(this.current!, base + q, frame);
      this.seeking = true;
      this.skipping = true;
    }
    return q;
  }

  /** The message ended at stream offset `end` (`frame` null when it ended by loss or close). */
  private finish(m: M, end: number, frame: number | null): void {
    m.bodyEnd = end;
    m.endFrame = frame ?? this.bodyFrames[this.bodyFrames.length - 1] ?? m.frame;
    m.bodyFrames = this.body && m === this.current ? this.bodyFrames : [];
    m.bodyLength = this.body && m === this.current ? this.body.delivered : 0;
    const at = m.regions.length - 1;
    const last = m.regions[at];
    // Replaced, not assigned: see OPEN_END.
    if (last && last.place === 'body') m.regions[at] = { start: last.start, end, place: 'body' };
    this.body = null;
    this.current = null;
    this.bodyFrames = [];
    this.phase = Phase.Head;
    this.opts.onMessageEnd?.(m, m.endFrame);
  }

  /**
   * A loose start line (http1-start-line.ts) is a message start only where a message is
   * expected (not while resynchronising, where only a strict line is a safe anchor: a loose one
   * could be a line of a body and swallow the real request after it) and only if its method is
   * a known one. The method is the line's first bytes: in the head buffer if the line began in
   * an earlier segment, then in bytes[from, to).
   */
  private looseLineAccepted(bytes: Uint8Array, from: number, to: number): boolean {
    if (this.seeking) return false;
    const earlier = this.head.view();
    let method = '';
    for (let k = 0; k < earlier.length + (to - from) && method.length <= MAX_KNOWN_METHOD; k++) {
      const b = k < earlier.length ? earlier[k] : bytes[from + k - earlier.length];
      if (b === SP || b === CR || b === LF) break;
      method += String.fromCharCode(b);
    }
    if (!isKnownMethod(method)) return false;
    this.anomaly(
      'http-request-line-invalid',
      `malformed ${method} request line at stream offset ${this.headStart}`,
    );
    return true;
  }

  private rejectLine(endedLine: boolean): void {
    if (this.tunnelPending) {
      this.enterTunnel(this.headStart);
      return;
    }
    if (!this.seeking) {
      this.anomaly(this.garbageName, `no HTTP message at stream offset ${this.headStart}`);
      this.seeking = true;
    }
    this.resetHead();
    this.skipping = !endedLine;
  }

  /** Drops an oversized header block; parsing resumes at `resume`, mid-line or at a line start. */
  private tooLong(resume: number, midLine: boolean): number {
    this.anomaly(
      'http-header-too-long',
      `header block from stream offset ${this.headStart} exceeds ${HEAD_LIMIT} bytes`,
    );
    this.resetHead();
    this.seeking = true;
    this.skipping = midLine;
    return resume;
  }

  private enterTunnel(offset: number): void {
    this.resetHead();
    this.phase = Phase.Tunnel;
    this.opts.onTunnel?.(offset);
  }

  private resetHead(): void {
    this.headActive = false;
    this.head.clear();
    this.headLength = 0;
    this.lineStart = 0;
    this.lineState = 0;
    this.firstLineDone = false;
    this.headFrames = [];
  }

  private remember(m: M): void {
    if (this.recent.length >= RECENT_LIMIT) this.recent.shift();
    this.recent.push(m);
  }
}

/** Frames arrive in stream order, so comparing with the last entry is enough. */
function addFrame(frames: number[], frame: number): void {
  if (frames[frames.length - 1] !== frame) frames.push(frame);
}
