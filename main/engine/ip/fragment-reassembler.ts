/**
 * IP fragment reassembly for IPv4 (RFC 791) and IPv6 (RFC 8200 section 4.5).
 *
 * Threat model: fragments are attacker-shaped (overlaps, gaps, endless first fragments, offsets
 * past 64 KiB). Memory is bounded three ways: a datagram may not exceed maxDatagramBytes, at most
 * maxPending datagrams wait at once, and all waiting bytes together stay under maxBufferedBytes;
 * the oldest waiting datagram is evicted (anomaly 'ip-fragment-evicted') to make room. Waiting
 * datagrams time out after timeoutSec of packet time. Overlaps keep the first copy of every byte
 * (the policy of Linux for IPv4 and the safest against evasion); a later copy that disagrees
 * raises 'ip-fragment-overlap-conflict' once per datagram.
 */
import { ignoreAnomalies, type AnomalySink } from '../anomaly';
import type { IpDatagram } from './ip-datagram';

export interface FragmentLimits {
  /** Seconds of packet time a datagram may wait for its missing fragments (RFC 8200: 60, Linux: 30). */
  timeoutSec: number;
  /** Largest reassembled payload accepted. */
  maxDatagramBytes: number;
  /** Datagrams waiting at once. */
  maxPending: number;
  /** Fragment bytes held across all waiting datagrams. */
  maxBufferedBytes: number;
  /** Distinct pieces one datagram may be cut into (bounds the work per fragment). */
  maxPiecesPerDatagram: number;
}

export const DEFAULT_FRAGMENT_LIMITS: FragmentLimits = {
  timeoutSec: 30,
  maxDatagramBytes: 65535,
  maxPending: 4096,
  maxBufferedBytes: 16 * 1024 * 1024,
  maxPiecesPerDatagram: 1024,
};

/** One fragment as the IPv4 / IPv6 parsers hand it over. */
export interface IpFragment {
  version: 4 | 6;
  src: string;
  dst: string;
  /** IPv4 Identification or IPv6 fragment header Identification. */
  id: number;
  /** IPv4 Protocol, or the fragment header's Next Header for IPv6. */
  protocol: number;
  hopLimit: number;
  /** Position of this fragment's data in the datagram, in bytes. */
  offset: number;
  /** More Fragments flag. */
  more: boolean;
  /** Data length the header claims for this fragment. */
  length: number;
  /** The captured data: a view, copied if kept; shorter than `length` when the capture cut it. */
  data: Uint8Array;
  frame: number;
  /** Packet time, seconds since the epoch. */
  ts: number;
}

export interface FragmentStats {
  fragments: number;
  reassembled: number;
  timedOut: number;
  evicted: number;
  dropped: number;
}

interface Piece {
  start: number;
  end: number;
  bytes: Uint8Array;
}

interface PendingDatagram {
  version: 4 | 6;
  src: string;
  dst: string;
  protocol: number;
  hopLimit: number;
  haveFirst: boolean;
  /** Datagram length once the last fragment (MF = 0) has been seen, else -1. */
  total: number;
  /** Non-overlapping pieces sorted by start. */
  pieces: Piece[];
  received: number;
  frames: number[];
  firstTs: number;
  conflict: boolean;
}

export class FragmentReassembler {
  readonly stats: FragmentStats = { fragments: 0, reassembled: 0, timedOut: 0, evicted: 0, dropped: 0 };
  private readonly limits: FragmentLimits;
  /** Insertion order is arrival order of each datagram's first fragment, oldest first. */
  private readonly waiting = new Map<string, PendingDatagram>();
  private bufferedBytes = 0;

  constructor(
    private readonly anomaly: AnomalySink = ignoreAnomalies,
    limits: Partial<FragmentLimits> = {},
  ) {
    this.limits = { ...DEFAULT_FRAGMENT_LIMITS, ...limits };
  }

  /** Datagrams waiting for fragments. */
  get pending(): number {
    return this.waiting.size;
  }

  /** Adds one fragment; returns the datagram when this fragment completed it. */
  add(fragment: IpFragment): IpDatagram | null {
    this.stats.fragments++;
    this.expire(fragment.ts);
    const key =
      fragment.version === 4
        ? `4|${fragment.src}|${fragment.dst}|${fragment.id}|${fragment.protocol}`
        : `6|${fragment.src}|${fragment.dst}|${fragment.id}`;
    let end = fragment.offset + fragment.length;
    if (end > this.limits.maxDatagramBytes) {
      this.anomaly(
        'ip-fragment-too-large',
        `${fragment.src} -> ${fragment.dst} id ${fragment.id} ends at ${end}`,
      );
      const existing = this.waiting.get(key);
      if (existing) this.drop(key, existing);
      this.stats.dropped++;
      return null;
    }
    let pending = this.waiting.get(key);
    if (!pending) {
      while (this.waiting.size >= this.limits.maxPending) this.evictOldest();
      pending = {
        version: fragment.version,
        src: fragment.src,
        dst: fragment.dst,
        protocol: fragment.protocol,
        hopLimit: fragment.hopLimit,
        haveFirst: false,
        total: -1,
        pieces: [],
        received: 0,
        frames: [],
        firstTs: fragment.ts,
        conflict: false,
      };
      this.waiting.set(key, pending);
    }
    if (fragment.offset === 0 && !pending.haveFirst) {
      // The first fragment's header fields describe the datagram (for IPv6 only its Next Header counts).
      pending.haveFirst = true;
      pending.protocol = fragment.protocol;
      pending.hopLimit = fragment.hopLimit;
    }
    if (!fragment.more) {
      if (pending.total < 0) {
        pending.total = end;
        this.clipPieces(pending);
      } else if (pending.total !== end) {
        this.anomaly(
          'ip-fragment-length-conflict',
          `last fragment ends at ${end}, earlier one at ${pending.total}`,
        );
      }
    }
    if (pending.total >= 0 && end > pending.total) {
      this.anomaly('ip-fragment-past-end', `fragment ends at ${end}, datagram at ${pending.total}`);
      end = pending.total;
    }
    if (!pending.frames.includes(fragment.frame)) pending.frames.push(fragment.frame);
    const capturedEnd = Math.min(end, fragment.offset + fragment.data.length);
    if (capturedEnd > fragment.offset && !this.insert(pending, fragment.offset, capturedEnd, fragment.data)) {
      this.anomaly('ip-fragment-too-many', `${fragment.src} -> ${fragment.dst} id ${fragment.id}`);
      this.drop(key, pending);
      this.stats.dropped++;
      return null;
    }
    while (this.bufferedBytes > this.limits.maxBufferedBytes && this.waiting.size > 0) {
      const oldestKey = this.waiting.keys().next().value as string;
      this.evictOldest();
      if (oldestKey === key) return null;
    }
    if (pending.total < 0 || pending.received !== pending.total) return null;
    this.waiting.delete(key);
    this.bufferedBytes -= pending.received;
    this.stats.reassembled++;
    return assemble(pending);
  }

  /** Drops datagrams that have waited longer than the timeout, judged by packet time `now`. */
  expire(now: number): void {
    if (this.waiting.size === 0) return;
    for (const [key, pending] of this.waiting) {
      if (now - pending.firstTs <= this.limits.timeoutSec) return;
      this.anomaly(
        'ip-fragment-timeout',
        `${pending.src} -> ${pending.dst}: ${pending.received} bytes never completed`,
      );
      this.drop(key, pending);
      this.stats.timedOut++;
    }
  }

  /** Drops every waiting datagram (end of capture), reporting each as incomplete. */
  flush(): void {
    for (const [key, pending] of this.waiting) {
      this.anomaly('ip-fragment-incomplete', `${pending.src} -> ${pending.dst}: ${pending.received} bytes`);
      this.drop(key, pending);
    }
  }

  private drop(key: string, pending: PendingDatagram): void {
    this.waiting.delete(key);
    this.bufferedBytes -= pending.received;
  }

  private evictOldest(): void {
    const first = this.waiting.entries().next();
    if (first.done) return;
    const [key, pending] = first.value;
    this.anomaly('ip-fragment-evicted', `${pending.src} -> ${pending.dst}: reassembly limits reached`);
    this.drop(key, pending);
    this.stats.evicted++;
  }

  /** Cuts pieces that lie past a newly learned datagram end. */
  private clipPieces(pending: PendingDatagram): void {
    const total = pending.total;
    const pieces = pending.pieces;
    if (pieces.length === 0 || pieces[pieces.length - 1].end <= total) return;
    this.anomaly('ip-fragment-past-end', `data beyond the datagram end at ${total}`);
    while (pieces.length > 0 && pieces[pieces.length - 1].end > total) {
      const last = pieces[pieces.length - 1];
      const removed = last.end - Math.max(last.start, total);
      pending.received -= removed;
      this.bufferedBytes -= removed;
      if (last.start >= total) pieces.pop();
      else {
        last.bytes = last.bytes.subarray(0, total - last.start);
        last.end = total;
      }
    }
  }

  /**
   * Adds data[0 .. end-start) at [start, end), keeping bytes already held (first copy wins) and
   * copying only the parts not yet covered. Returns false when the piece limit is exceeded.
   */
  private insert(pending: PendingDatagram, start: number, end: number, data: Uint8Array): boolean {
    const pieces = pending.pieces;
    let index = lowerBound(pieces, start);
    if (index > 0 && pieces[index - 1].end > start) index--;
    let cursor = start;
    while (cursor < end) {
      const next = index < pieces.length ? pieces[index] : null;
      if (next === null || next.start >= end) {
        if (!this.addPiece(pending, index, cursor, end, data, start)) return false;
        break;
      }
      if (next.start > cursor) {
        if (!this.addPiece(pending, index, cursor, next.start, data, start)) return false;
        index++;
        cursor = next.start;
        continue;
      }
      // `next` covers cursor: compare the overlap and move past it.
      const overlapEnd = Math.min(end, next.end);
      if (
        !pending.conflict &&
        !sameBytes(data, cursor - start, next.bytes, cursor - next.start, overlapEnd - cursor)
      ) {
        pending.conflict = true;
        this.anomaly('ip-fragment-overlap-conflict', `${pending.src} -> ${pending.dst} at byte ${cursor}`);
      }
      cursor = overlapEnd;
      index++;
    }
    return true;
  }

  private addPiece(
    pending: PendingDatagram,
    index: number,
    from: number,
    to: number,
    data: Uint8Array,
    dataStart: number,
  ): boolean {
    if (pending.pieces.length >= this.limits.maxPiecesPerDatagram) return false;
    pending.pieces.splice(index, 0, {
      start: from,
      end: to,
      bytes: data.slice(from - dataStart, to - dataStart),
    });
    pending.received += to - from;
    this.bufferedBytes += to - from;
    return true;
  }
}

/** First index whose piece starts at or after `start`. */
function lowerBound(pieces: Piece[], start: number): number {
  let low = 0;
  let high = pieces.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (pieces[middle].start < start) low = middle + 1;
    else high = middle;
  }
  return low;
}

function sameBytes(a: Uint8Array, aStart: number, b: Uint8Array, bStart: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}

function assemble(pending: PendingDatagram): IpDatagram {
  const payload = new Uint8Array(pending.total);
  for (const piece of pending.pieces) payload.set(piece.bytes, piece.start);
  return {
    version: pending.version,
    src: pending.src,
    dst: pending.dst,
    protocol: pending.protocol,
    payload,
    frames: pending.frames.sort((a, b) => a - b),
    hopLimit: pending.hopLimit,
    fragmented: true,
    truncated: false,
  };
}
