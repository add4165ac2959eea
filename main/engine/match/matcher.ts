/**
 * Finds the reporter's identifiers in byte streams (DESIGN §5): every variant of every
 * identifier is compiled into one Aho-Corasick automaton, and each hit is kept only if it is a
 * whole token and, for case-sensitive variants, an exact byte match.
 *
 * Threat model: pushed bytes are untrusted captured payload. Scanning is one table step per
 * byte; per stream the scanner keeps a fixed-size tail of earlier bytes (the longest variant
 * plus one encoded character), a list of hits waiting for the byte after them (bounded by the
 * hits in the last 6 bytes) and the matches not yet final (bounded by the hits in the last few
 * hundred bytes). Nothing here throws on any input, and no input makes it loop.
 *
 * Reporting rule. Hits of the same identifier whose byte ranges overlap (e.g. "8613800138000"
 * inside "+8613800138000", or base64 of the 14- and 15-digit IMEI in one base64 run) form one
 * occurrence, reported once: the longest hit wins, and among equally long hits the variant
 * that variantsFor lists first (the more specific one). An occurrence is final, and returned,
 * once the stream has moved past it by the identifier's longest variant (so that no longer
 * overlapping hit can still appear), or at end().
 *
 * Streams. push() takes consecutive chunks with their stream offsets. A chunk that does not
 * start where the previous one ended (a gap or an overlap in reassembly) ends the stream
 * there, as end() would, and starts a new one: no match spans a discontinuity. end() returns
 * what is still held and makes the scanner ready for a new stream. Matches are returned when
 * they become final, each call's list ordered by start.
 */
import type { Identifier, IdentifierKind } from '../../../shared/identifier-types';
import { AhoCorasick, type AhoCorasickPattern } from './aho-corasick';
import { continuesToken, decodeUnit, type ByteReader } from './token-boundary';
import { MAX_UNIT_WIDTH, UNIT_WIDTH, type Boundary, type BoundaryUnit } from './variant';
import { patternKey, variantsFor } from './variants';

export { contextExcerpt, maskValue } from './mask';

export interface Match {
  /** The `index` given with the identifier to the IdentifierMatcher. */
  identifier: number;
  encoding: string;
  kind: IdentifierKind;
  /** Stream offsets (scanBuffer: buffer offsets); end is exclusive. */
  start: number;
  end: number;
}

export interface MatcherIdentifier {
  identifier: Identifier;
  /** The canonical value from checkIdentifier. */
  canonical: string;
  index: number;
}

/** One variant of one identifier, as the scanner needs it. */
interface VariantRef {
  slot: number;
  identifier: number;
  kind: IdentifierKind;
  encoding: string;
  boundary: Boundary;
  unit: BoundaryUnit;
  length: number;
  /** Position in the identifier's variant list: lower is more specific. */
  rank: number;
}

interface Hit {
  ref: VariantRef;
  start: number;
  end: number;
}

/** Overlapping hits of one identifier, reported as one match (`best`). */
interface Occurrence {
  best: Hit;
  from: number;
  to: number;
}

const EMPTY = new Uint8Array(0);
/** The result of a call that found nothing, shared: callers only read the arrays they get. */
const NO_MATCHES: Match[] = [];
const WAIT = -2;
/** Up to this many bytes, a loop copies faster than a view and a native copy. */
const SHORT_COPY = 32;

function byPosition(a: Match, b: Match): number {
  return a.start - b.start || a.identifier - b.identifier;
}

function better(a: Hit, b: Hit): boolean {
  return a.ref.length > b.ref.length || (a.ref.length === b.ref.length && a.ref.rank < b.ref.rank);
}

export class IdentifierMatcher {
  readonly automaton: AhoCorasick;
  /** Variants by automaton pattern (several when identifiers share a byte pattern). */
  readonly refsByPattern: VariantRef[][];
  /** Raw bytes of each pattern, to confirm case-sensitive hits. */
  readonly patternBytes: Uint8Array[];
  /** Longest variant per identifier slot. */
  readonly slotMaxLength: number[];
  readonly maxLength: number;
  readonly variantCount: number;

  constructor(ids: readonly MatcherIdentifier[]) {
    const patterns: AhoCorasickPattern[] = [];
    const byKey = new Map<string, number>();
    this.refsByPattern = [];
    this.patternBytes = [];
    this.slotMaxLength = [];
    let variantCount = 0;
    ids.forEach((entry, slot) => {
      let longest = 0;
      variantsFor(entry.identifier, entry.canonical).forEach((v, rank) => {
        const key = patternKey(v.bytes, v.caseInsensitive);
        let p = byKey.get(key);
        if (p === undefined) {
          p = patterns.length;
          byKey.set(key, p);
          patterns.push({ bytes: v.bytes, caseInsensitive: v.caseInsensitive });
          this.patternBytes.push(v.bytes);
          this.refsByPattern.push([]);
        }
        this.refsByPattern[p].push({
          slot,
          identifier: entry.index,
          kind: entry.identifier.kind,
          encoding: v.encoding,
          boundary: v.boundary,
          unit: v.unit,
          length: v.bytes.length,
          rank,
        });
        longest = Math.max(longest, v.bytes.length);
        variantCount++;
      });
      this.slotMaxLength.push(longest);
    });
    this.automaton = new AhoCorasick(patterns);
    this.maxLength = Math.max(0, ...this.slotMaxLength);
    this.variantCount = variantCount;
  }

  /**
   * One scanner reused by every scanBuffer call. scanBuffer runs to completion without calling
   * out, and end() returns the scanner to its initial state, so sharing it is safe; it saves a
   * scanner (tail buffer, map, bound callbacks) per UDP datagram and per decoded body.
   */
  private bufferScanner: StreamScanner | null = null;

  /** All matches in one self-contained buffer, by start; offsets are buffer offsets. */
  scanBuffer(bytes: Uint8Array): Match[] {
    if (this.bufferScanner === null) this.bufferScanner = this.newStream();
    const stream = this.bufferScanner;
    const found = stream.push(bytes, 0);
    const rest = stream.end();
    if (rest.length === 0) return found;
    if (found.length === 0) return rest;
    return found.concat(rest).sort(byPosition);
  }

  newStream(): StreamScanner {
    return new StreamScanner(this);
  }
}

export class StreamScanner {
  private readonly m: IdentifierMatcher;
  private state: number;
  /** Stream offset the next push must start at; -1 before the first push. */
  private next = -1;
  /**
   * The last bytes before `chunkOffset`, oldest first. Allocated by the first push: many
   * streams (ciphertext, DNS, pure acknowledgements) are never scanned.
   */
  private tail: Uint8Array = EMPTY;
  private tailLength = 0;
  private chunk: Uint8Array = EMPTY;
  private chunkOffset = 0;
  /** True while the stream is being finished: unknown bytes after a hit no longer hold it. */
  private ending = false;
  private pending: Hit[] = [];
  private readonly held = new Map<number, Occurrence[]>();
  /** Matches final in the current call; NO_MATCHES until the first one. */
  private out: Match[] = NO_MATCHES;

  constructor(matcher: IdentifierMatcher) {
    this.m = matcher;
    this.state = matcher.automaton.initialState;
  }

  /**
   * Scans the next chunk of the stream; `streamOffset` is the offset of bytes[0]. Like every
   * method here, returns the matches that became final, by start, in an array the caller
   * must not modify.
   */
  push(bytes: Uint8Array, streamOffset: number): Match[] {
    if (this.next >= 0 && streamOffset !== this.next) this.finish();
    this.chunk = bytes;
    this.chunkOffset = streamOffset;
    if (this.pending.length > 0) {
      const waiting = this.pending;
      this.pending = [];
      for (const hit of waiting) this.settle(hit);
    }
    this.state = this.m.automaton.scan(bytes, this.state, this.onHit);
    const scanned = streamOffset + bytes.length;
    this.release(scanned);
    this.keepTail(bytes);
    this.chunk = EMPTY;
    this.chunkOffset = scanned;
    this.next = scanned;
    return this.sorted();
  }

  /**
   * Reports what is held without ending the stream, for a stream that went quiet in a live
   * capture (its leak should show now, not when the next byte comes): hits waiting for the byte
   * after them are taken as whole tokens, as at end(), and held occurrences become final. The
   * automaton's state and the tail stay, so a value split across the pause still matches when
   * the rest arrives; a later byte that would have extended the token cannot take a report back.
   */
  flushHeld(): Match[] {
    this.ending = true;
    const waiting = this.pending;
    this.pending = [];
    for (const hit of waiting) this.settle(hit);
    this.ending = false;
    this.release(Number.POSITIVE_INFINITY);
    return this.sorted();
  }

  /** True while hits wait for their next byte or occurrences are not yet final. */
  get holding(): boolean {
    return this.pending.length > 0 || this.held.size > 0;
  }

  /** Ends the stream: returns every match still held, and resets for a new stream. */
  end(): Match[] {
    this.finish();
    return this.sorted();
  }

  private sorted(): Match[] {
    const out = this.out;
    this.out = NO_MATCHES;
    return out.length > 1 ? out.sort(byPosition) : out;
  }

  private finish(): void {
    this.ending = true;
    const waiting = this.pending;
    this.pending = [];
    for (const hit of waiting) this.settle(hit);
    this.ending = false;
    this.release(Number.POSITIVE_INFINITY);
    this.state = this.m.automaton.initialState;
    this.tailLength = 0;
    this.next = -1;
  }

  private readonly read: ByteReader = (position) => {
    const rel = position - this.chunkOffset;
    if (rel >= 0) return rel < this.chunk.length ? this.chunk[rel] : -1;
    const t = this.tailLength + rel;
    return t >= 0 ? this.tail[t] : -1;
  };

  private readonly onHit = (pattern: number, endIndex: number): void => {
    const end = this.chunkOffset + endIndex;
    const bytes = this.m.patternBytes[pattern];
    const start = end - bytes.length;
    if (this.m.automaton.exact(pattern)) {
      for (let i = 0; i < bytes.length; i++) if (this.read(start + i) !== bytes[i]) return;
    }
    for (const ref of this.m.refsByPattern[pattern]) {
      if (ref.boundary === 'none') {
        this.accept({ ref, start, end });
        continue;
      }
      const before = decodeUnit(ref.unit, this.read, start - UNIT_WIDTH[ref.unit]);
      if (continuesToken(ref.boundary, before)) continue;
      this.settle({ ref, start, end });
    }
  };

  /** Checks the character after a hit, or keeps the hit pending until its bytes arrive. */
  private settle(hit: Hit): void {
    const { ref } = hit;
    if (ref.boundary === 'digit-prefix' || ref.boundary === 'none') {
      this.accept(hit);
      return;
    }
    const width = UNIT_WIDTH[ref.unit];
    const available = this.chunkOffset + this.chunk.length;
    const after =
      !this.ending && hit.end + width > available ? WAIT : decodeUnit(ref.unit, this.read, hit.end);
    if (after === WAIT) this.pending.push(hit);
    else if (!continuesToken(ref.boundary, after)) this.accept(hit);
  }

  /** Adds a confirmed hit to its identifier's occurrences, merging overlapping ones. */
  private accept(hit: Hit): void {
    const slot = hit.ref.slot;
    let list = this.held.get(slot);
    if (!list) {
      list = [];
      this.held.set(slot, list);
    }
    const merged: Occurrence = { best: hit, from: hit.start, to: hit.end };
    for (let changed = true; changed;) {
      changed = false;
      for (let i = list.length - 1; i >= 0; i--) {
        const o = list[i];
        if (o.from < merged.to && merged.from < o.to) {
          merged.from = Math.min(merged.from, o.from);
          merged.to = Math.max(merged.to, o.to);
          if (better(o.best, merged.best)) merged.best = o.best;
          list.splice(i, 1);
          changed = true;
        }
      }
    }
    list.push(merged);
  }

  /**
   * Reports the occurrences no later hit can overlap. A hit found later ends after `scanned`
   * minus one encoded character (pending ones) and starts at most the identifier's longest
   * variant before its end, hence the margin.
   */
  private release(scanned: number): void {
    if (this.held.size === 0) return;
    for (const [slot, list] of this.held) {
      const margin = this.m.slotMaxLength[slot] + MAX_UNIT_WIDTH;
      for (let i = 0; i < list.length;) {
        const o = list[i];
        if (scanned >= o.to + margin) {
          const { ref, start, end } = o.best;
          if (this.out === NO_MATCHES) this.out = [];
          this.out.push({ identifier: ref.identifier, encoding: ref.encoding, kind: ref.kind, start, end });
          list.splice(i, 1);
        } else i++;
      }
      if (list.length === 0) this.held.delete(slot);
    }
  }

  /**
   * Remembers the stream's last bytes: lookbehind and exact checks may reach into them. Only as
   * many as a later match can cover (the automaton's reach) plus one encoded character before
   * it are needed, which is also all a held hit still has to read after its end; mostly that is
   * a few bytes rather than the longest variant.
   */
  private keepTail(bytes: Uint8Array): void {
    if (this.tail === EMPTY) this.tail = new Uint8Array(this.m.maxLength + MAX_UNIT_WIDTH);
    const tail = this.tail;
    const need = Math.min(tail.length, this.m.automaton.reach(this.state) + MAX_UNIT_WIDTH);
    const n = bytes.length;
    if (n >= need) {
      if (need <= SHORT_COPY) for (let i = 0, from = n - need; i < need; i++) tail[i] = bytes[from + i];
      else tail.set(bytes.subarray(n - need));
      this.tailLength = need;
      return;
    }
    // The reach grows by at most one per byte, so the old tail holds the `need - n` bytes kept.
    const keep = Math.min(this.tailLength, need - n);
    tail.copyWithin(0, this.tailLength - keep, this.tailLength);
    tail.set(bytes, keep);
    this.tailLength = keep + n;
  }
}
