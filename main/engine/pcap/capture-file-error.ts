/**
 * The one fatal outcome of reading a capture file. Everything before the damage has already been
 * delivered when a reader reports one; the reader then stops.
 */

/**
 * - `not-a-capture`: the first bytes are not a pcap or pcapng magic number.
 * - `unsupported`: a capture format or version this reader does not handle.
 * - `file-corrupt`: a header field is impossible (a block shorter than its minimum, a packet
 *   larger than any link layer allows, an unknown interface).
 * - `file-truncated`: the file ends in the middle of a header, block or packet record.
 */
export type CaptureFileErrorCode = 'not-a-capture' | 'file-corrupt' | 'file-truncated' | 'unsupported';

export class CaptureFileError {
  constructor(
    readonly code: CaptureFileErrorCode,
    /** A sentence naming what is wrong and where, fit to show a user. */
    readonly message: string,
    /** Absolute file offset of the header, block or record that is damaged. */
    readonly offset: number,
  ) {}

  toString(): string {
    return `${this.code}: ${this.message}`;
  }
}
