/**
 * The contract between the streaming CaptureReader (which owns buffering) and the per-format
 * parsers (which know the wire structure). A parser looks at one record at a time and either
 * consumes it, asks for more bytes, or reports a fatal error through its context.
 */
import type { CaptureFileErrorCode } from './capture-file-error';
import type { CaptureReaderHandlers } from './types';

export interface ParseContext {
  readonly handlers: CaptureReaderHandlers;
  /** Allocates the next frame number; every packet block takes one, as in Wireshark. */
  nextFrame(): number;
  /** Counts a packet handed to onPacket. */
  delivered(): void;
  anomaly(name: string, detail: string): void;
  /** Records a fatal error; the reader stops after the current call. */
  fail(code: CaptureFileErrorCode, message: string, offset: number): void;
}

export interface RecordParser {
  /**
   * After `parse` returned 0 without failing: how many bytes, counted from the record's first
   * byte, must be available before it can make progress. Always more than were available.
   */
  readonly need: number;
  /**
   * Parses the record that starts at buf[pos], with buf[pos..end) available and `offset` the
   * absolute file offset of buf[pos]. Returns the record's length once it is handled, or 0 when
   * more bytes are needed or a fatal error was reported. `eof` says no more bytes will come, for
   * parsers that look ahead before deciding how to read what they already have.
   */
  parse(buf: Uint8Array, view: DataView, pos: number, end: number, offset: number, eof: boolean): number;
  /** A sentence for a file that ends with only `have` bytes of the record at `offset`. */
  describeIncomplete(have: number, offset: number): string;
}
