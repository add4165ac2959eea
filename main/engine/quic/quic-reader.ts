/**
 * A bounded cursor over QUIC wire bytes: fixed-width integers, variable-length integers and
 * byte views, confined to a window [pos, end) of a buffer.
 *
 * Threat model: the bytes are untrusted. A read that does not fit in the window never happens;
 * the reader turns "failed" instead (sticky: every later read yields 0 or an empty view), and
 * the caller checks `ok` once after a group of reads and names the anomaly. Nothing allocates
 * except `bytes`, which returns a view.
 */

const EMPTY = new Uint8Array(0);
const TWO_POW_32 = 0x1_0000_0000;

export class QuicReader {
  /** False once a read did not fit. */
  ok = true;

  constructor(
    readonly buf: Uint8Array,
    public pos: number,
    readonly end: number,
  ) {}

  get remaining(): number {
    return this.end - this.pos;
  }

  u8(): number {
    if (!this.ok || this.pos >= this.end) return this.fail();
    return this.buf[this.pos++];
  }

  u32(): number {
    if (!this.ok || this.end - this.pos < 4) return this.fail();
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 4;
    return ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
  }

  /*
   * RFC 9000 §16: the two most significant bits of the first byte give the length (1, 2, 4
   * or 8 bytes) and the remaining bits, big-endian, the value (up to 2^62 - 1).
   *
   *   2MSB  Length  Usable Bits  Range
   *   00    1       6            0-63
   *   01    2       14           0-16383
   *   10    4       30           0-1073741823
   *   11    8       62           0-4611686018427387903
   *
   * Values above 2^53 lose precision as JavaScript numbers; every caller compares them with
   * bounds far below that, so only their size matters.
   */
  varint(): number {
    if (!this.ok || this.pos >= this.end) return this.fail();
    const b = this.buf;
    const p = this.pos;
    const first = b[p];
    const length = 1 << (first >> 6);
    if (this.end - p < length) return this.fail();
    this.pos = p + length;
    switch (length) {
      case 1:
        return first & 0x3f;
      case 2:
        return ((first & 0x3f) << 8) | b[p + 1];
      case 4:
        return (((first & 0x3f) << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
      default: {
        const high = (((first & 0x3f) << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
        const low = ((b[p + 4] << 24) | (b[p + 5] << 16) | (b[p + 6] << 8) | b[p + 7]) >>> 0;
        return high * TWO_POW_32 + low;
      }
    }
  }

  /** A view of the next `length` bytes. */
  bytes(length: number): Uint8Array {
    if (!this.ok || length > this.end - this.pos) {
      this.fail();
      return EMPTY;
    }
    const p = this.pos;
    this.pos = p + length;
    return this.buf.subarray(p, p + length);
  }

  skip(length: number): void {
    if (!this.ok || length > this.end - this.pos) this.fail();
    else this.pos += length;
  }

  private fail(): number {
    this.ok = false;
    return 0;
  }
}
