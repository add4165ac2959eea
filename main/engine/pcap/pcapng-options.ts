/**
 * Walks the options area of a pcapng block without allocating.
 *
 * Threat model: the bytes come from an untrusted file. A cursor never reads outside
 * [start, end); an option whose length runs past the block is reported through `malformed`
 * and ends the walk, so the caller turns it into an anomaly and keeps the block's fixed fields.
 *
 * Wire structure (draft-ietf-opsawg-pcapng, section 3.5), in the section's byte order:
 *
 *     +-----------------------------+-----------------------------+
 *     |      Option Code (16)       |     Option Length (16)      |
 *     +-----------------------------+-----------------------------+
 *     /       Option Value: Option Length bytes, padded to 32 bits        /
 *     +-----------------------------------------------------------+
 *
 * Code 0 (opt_endofopt) ends the list; the list may also simply end with the block.
 */

export const OPT_ENDOFOPT = 0;
export const OPT_COMMENT = 1;

const utf8 = new TextDecoder('utf-8');

export class OptionCursor {
  code = 0;
  /** Absolute index of the option value in the buffer. */
  valueStart = 0;
  valueLength = 0;
  /** Set when the walk stopped at an option that does not fit; describes it. */
  malformed: string | null = null;
  private pos = 0;
  private end = 0;
  private view: DataView = new DataView(new ArrayBuffer(0));
  private le = true;

  reset(view: DataView, start: number, end: number, le: boolean): this {
    this.view = view;
    this.pos = start;
    this.end = end;
    this.le = le;
    this.malformed = null;
    return this;
  }

  /** Advances to the next option; false at the end of the list or at a malformed option. */
  next(): boolean {
    if (this.end - this.pos < 4) return false;
    const code = this.view.getUint16(this.pos, this.le);
    const length = this.view.getUint16(this.pos + 2, this.le);
    if (code === OPT_ENDOFOPT) return false;
    const valueStart = this.pos + 4;
    if (length > this.end - valueStart) {
      this.malformed = `option ${code} claims ${length} bytes but only ${this.end - valueStart} remain in the block`;
      return false;
    }
    this.code = code;
    this.valueStart = valueStart;
    this.valueLength = length;
    // A writer that omits the padding of the last option is tolerated: the walk ends there.
    this.pos = Math.min(this.end, valueStart + ((length + 3) & ~3));
    return true;
  }

  /** The current value as UTF-8 text, without the NUL terminators some writers add. */
  text(bytes: Uint8Array): string {
    let stop = this.valueStart + this.valueLength;
    while (stop > this.valueStart && bytes[stop - 1] === 0) stop--;
    return utf8.decode(bytes.subarray(this.valueStart, stop));
  }

  /** The current value as an unsigned 64-bit integer (exact below 2^53), or null if not 8 bytes long. */
  uint64(): number | null {
    if (this.valueLength !== 8) return null;
    const a = this.view.getUint32(this.valueStart, this.le);
    const b = this.view.getUint32(this.valueStart + 4, this.le);
    return this.le ? b * 4294967296 + a : a * 4294967296 + b;
  }

  /** The current value as a signed 64-bit integer (exact within ±2^53), or null if not 8 bytes long. */
  int64(): number | null {
    if (this.valueLength !== 8) return null;
    const hi = this.view.getInt32(this.le ? this.valueStart + 4 : this.valueStart, this.le);
    const lo = this.view.getUint32(this.le ? this.valueStart : this.valueStart + 4, this.le);
    return hi * 4294967296 + lo;
  }
}
