/**
 * ByteAccumulator: a growable byte buffer with a hard size limit, for the few bytes a stream
 * parser must keep between segments (a header block or a handshake message split across TCP
 * segments). Segment views are valid only during a push, so whatever is kept is copied here.
 *
 * Threat model: a peer can announce huge lengths or never terminate a header block; the
 * limit bounds memory per stream, and `append` refuses (returns false) instead of growing
 * past it. Capacity doubles, so a message arriving in many small segments costs O(n) copies.
 */
const EMPTY = new Uint8Array(0);

export class ByteAccumulator {
  /**
   * Allocated by the first append: an HTTP header block or a DNS message that arrives in one
   * segment is read in place, so most of those parsers never keep a byte.
   */
  private buf: Uint8Array = EMPTY;
  /** Number of valid bytes in the buffer. */
  length = 0;

  constructor(
    readonly limit: number,
    private readonly initialCapacity = 512,
  ) {}

  /** A view of the accumulated bytes; invalidated by the next append or clear. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  /** Appends src[from, to); returns false (appending nothing) if that would pass the limit. */
  append(src: Uint8Array, from: number, to: number): boolean {
    const n = to - from;
    if (n <= 0) return true;
    const need = this.length + n;
    if (need > this.limit) return false;
    if (need > this.buf.length) {
      let cap = this.buf === EMPTY ? Math.min(this.initialCapacity, this.limit) : this.buf.length * 2;
      cap = Math.max(cap, 64);
      while (cap < need) cap *= 2;
      const grown = new Uint8Array(Math.min(cap, this.limit));
      grown.set(this.buf.subarray(0, this.length));
      this.buf = grown;
    }
    this.buf.set(src.subarray(from, to), this.length);
    this.length = need;
    return true;
  }

  /** Drops the first n bytes, keeping the rest. */
  discardFront(n: number): void {
    if (n >= this.length) {
      this.length = 0;
      return;
    }
    this.buf.copyWithin(0, n, this.length);
    this.length -= n;
  }

  clear(): void {
    this.length = 0;
  }
}
