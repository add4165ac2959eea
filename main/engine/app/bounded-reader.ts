/**
 * BoundedReader: the one way the application-layer parsers read length-prefixed binary
 * structures (TLS handshake vectors, extensions, DER values).
 *
 * Threat model: every byte comes from the network and may be crafted to make a parser read
 * past the end of a buffer, loop, or allocate without bound. The reader is confined to a
 * window [start, end) of a buffer; a read that does not fit never happens. Instead the
 * reader becomes "failed" (sticky, like Go's cryptobyte), returns zeros or empty views from
 * then on, and reports one named anomaly. A length-prefixed vector is opened as a child
 * reader confined to the vector's bytes, so a bad length inside an extension can never
 * desynchronise the parent; `finish()` reports bytes left over inside a vector.
 *
 * Anomaly names are `<namespace>-<what>-too-short` and `<namespace>-<what>-trailing-bytes`,
 * with `what` a kebab-case field name given by the caller (Wireshark's packet-tls-utils.c
 * reports the same two conditions for every vector).
 */
import type { AnomalySink } from '../anomaly';

const EMPTY = new Uint8Array(0);

export class BoundedReader {
  /** Current read position (absolute index into `buf`). */
  pos: number;
  /** False once any read did not fit; every later read then yields zero or empty. */
  ok = true;

  constructor(
    readonly buf: Uint8Array,
    start: number,
    readonly end: number,
    private readonly ns: string,
    private readonly anomaly: AnomalySink,
  ) {
    this.pos = start;
  }

  /** A reader over a whole buffer. */
  static over(buf: Uint8Array, ns: string, anomaly: AnomalySink): BoundedReader {
    return new BoundedReader(buf, 0, buf.length, ns, anomaly);
  }

  remaining(): number {
    return this.ok ? this.end - this.pos : 0;
  }

  /** Checks that `n` more bytes exist; on failure marks the reader failed and reports `what`. */
  has(n: number, what: string): boolean {
    if (!this.ok) return false;
    if (n <= this.end - this.pos) return true;
    this.fail(what, `need ${n} bytes, ${this.end - this.pos} left`);
    return false;
  }

  u8(what: string): number {
    if (!this.has(1, what)) return 0;
    return this.buf[this.pos++];
  }

  u16(what: string): number {
    if (!this.has(2, what)) return 0;
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 2;
    return (b[p] << 8) | b[p + 1];
  }

  u24(what: string): number {
    if (!this.has(3, what)) return 0;
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 3;
    return (b[p] << 16) | (b[p + 1] << 8) | b[p + 2];
  }

  u32(what: string): number {
    if (!this.has(4, what)) return 0;
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 4;
    return ((b[p] << 24) >>> 0) + ((b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]);
  }

  skip(n: number, what: string): boolean {
    if (!this.has(n, what)) return false;
    this.pos += n;
    return true;
  }

  /** A view of the next `n` bytes (no copy), or an empty view when they are not there. */
  bytes(n: number, what: string): Uint8Array {
    if (!this.has(n, what)) return EMPTY;
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /**
   * Opens a vector whose length prefix is `lenSize` bytes (1, 2 or 3, as in TLS's
   * `<floor..ceiling>` notation) and returns a child reader confined to its body. When the
   * prefix or the body does not fit, the parent fails and a failed child is returned. A
   * length outside [min, max] is reported as `<what>-length-invalid` but still read.
   */
  vector(lenSize: 1 | 2 | 3, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): BoundedReader {
    const len = lenSize === 1 ? this.u8(what) : lenSize === 2 ? this.u16(what) : this.u24(what);
    if (!this.ok || !this.has(len, what)) return this.failedChild();
    if (len < min || len > max) {
      this.anomaly(`${this.ns}-${what}-length-invalid`, `length ${len} outside ${min}..${max}`);
    }
    const child = new BoundedReader(this.buf, this.pos, this.pos + len, this.ns, this.anomaly);
    this.pos += len;
    return child;
  }

  /** A child confined to the next `n` bytes (for bodies whose length was read separately). */
  sub(n: number, what: string): BoundedReader {
    if (!this.has(n, what)) return this.failedChild();
    const child = new BoundedReader(this.buf, this.pos, this.pos + n, this.ns, this.anomaly);
    this.pos += n;
    return child;
  }

  /** Reports bytes left unread inside this (vector) reader; true when it ended exactly. */
  finish(what: string): boolean {
    if (!this.ok) return false;
    if (this.pos === this.end) return true;
    this.anomaly(`${this.ns}-${what}-trailing-bytes`, `${this.end - this.pos} bytes left over`);
    return false;
  }

  private fail(what: string, detail: string): void {
    this.ok = false;
    this.anomaly(`${this.ns}-${what}-too-short`, detail);
  }

  private failedChild(): BoundedReader {
    const child = new BoundedReader(this.buf, this.end, this.end, this.ns, this.anomaly);
    child.ok = false;
    return child;
  }
}
