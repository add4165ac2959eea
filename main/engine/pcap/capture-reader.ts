/**
 * Streaming reader for classic pcap and pcapng capture files.
 *
 * Threat model: the bytes are untrusted and arrive in chunks of any size (1 byte to tens of
 * MiB) from a file, a pipe or a live capture helper. The reader never throws from its own
 * parsing: damage becomes a CaptureFileError (after every packet before it was delivered) or a
 * named anomaly. It holds at most one incomplete record (bounded by the parsers' length
 * ceilings) and otherwise hands out views into the caller's chunk, so packet bytes are copied
 * only when a record straddles two chunks. Exceptions thrown by the caller's handlers are the
 * caller's bugs and propagate unchanged.
 *
 * Format detection reads the first 4 bytes:
 *     a1b2c3d4 / d4c3b2a1   pcap, microseconds (big / little endian)
 *     a1b23c4d / 4d3cb2a1   pcap, nanoseconds
 *     a1b2cd34 / 34cdb2a1   pcap with Kuznetsov's extended record headers
 *     0a0d0d0a              pcapng Section Header Block (byte order from its own magic)
 */
import { CaptureFileError, type CaptureFileErrorCode } from './capture-file-error';
import { describeUnknownMagic } from './magic-sniff';
import { PcapParser, type PcapMagic } from './pcap-parser';
import { PcapngParser } from './pcapng-parser';
import type { ParseContext, RecordParser } from './record-parser';
import type { CaptureReaderHandlers } from './types';

export { CaptureFileError, type CaptureFileErrorCode } from './capture-file-error';

const MAGIC_LENGTH = 4;
const EMPTY = new Uint8Array(0);

/**
 * `bytes` as a plain Uint8Array (the same memory). Chunks read from files and pipes are Node
 * Buffers, a subclass with a map of its own, while records that straddle chunks, reassembled
 * datagrams and payload views are plain Uint8Arrays: every parser that reads packet bytes saw
 * both kinds, and the optimized code of each was discarded ('wrong map') and rebuilt for two
 * when the second kind first came along. One view per chunk keeps them all to one kind.
 */
function plainBytes(bytes: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(bytes) === Uint8Array.prototype
    ? bytes
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class CaptureReader {
  private parser: RecordParser | null = null;
  private formatName: 'pcap' | 'pcapng' | null = null;
  private failure: CaptureFileError | null = null;
  private ended = false;
  private consumed = 0;
  private packetCount = 0;
  private frameCount = 0;
  /** The incomplete record carried over between chunks: pending[0..pendingLength). */
  private pending: Uint8Array = EMPTY;
  private pendingView = new DataView(EMPTY.buffer);
  private pendingLength = 0;
  /** Bytes the pending record needs before the parser can progress. */
  private need = MAGIC_LENGTH;
  private readonly ctx: ParseContext;

  constructor(handlers: CaptureReaderHandlers) {
    this.ctx = {
      handlers,
      nextFrame: () => ++this.frameCount,
      delivered: () => {
        this.packetCount++;
      },
      anomaly: (name, detail) => handlers.onAnomaly?.(name, detail),
      fail: (code, message, offset) => this.fail(code, message, offset),
    };
  }

  /** Offset of the first byte not yet parsed into a complete record (the start of any pending record). */
  get bytesConsumed(): number {
    return this.consumed;
  }

  /** Detected container format, null until the first 4 bytes have arrived. */
  get format(): 'pcap' | 'pcapng' | null {
    return this.formatName;
  }

  /** The fatal problem that stopped the reader, if any. */
  get error(): CaptureFileError | null {
    return this.failure;
  }

  /** Packets delivered to onPacket so far. */
  get packets(): number {
    return this.packetCount;
  }

  /**
   * Frame numbers used so far: the packets plus the pcapng records Wireshark also shows as
   * frames (custom blocks, systemd journal entries) but that carry no packet for us.
   */
  get frames(): number {
    return this.frameCount;
  }

  /**
   * Feeds the next bytes of the file. Packets whose records are complete are delivered before
   * this returns; `bytes` may be reused by the caller afterwards.
   */
  push(bytes: Uint8Array): void {
    if (this.failure !== null || this.ended || bytes.length === 0) return;
    const chunk = plainBytes(bytes);
    let pos = 0;
    const n = chunk.length;
    while (this.pendingLength > 0) {
      const take = Math.min(this.need - this.pendingLength, n - pos);
      if (take > 0) {
        this.appendPending(chunk, pos, take);
        pos += take;
      }
      if (this.pendingLength < this.need) return;
      const used = this.step(this.pending, this.pendingView, 0, this.pendingLength);
      if (this.failure !== null) return;
      if (used === 0) continue;
      this.consumed += used;
      if (used < this.pendingLength) {
        this.pending.copyWithin(0, used, this.pendingLength);
        this.pendingLength -= used;
      } else {
        this.pendingLength = 0;
      }
    }
    if (pos >= n) return;
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (pos < n) {
      const used = this.step(chunk, view, pos, n);
      if (used === 0) {
        if (this.failure === null) this.appendPending(chunk, pos, n - pos);
        return;
      }
      pos += used;
      this.consumed += used;
    }
  }

  /** Declares the end of the file: a record left incomplete becomes a `file-truncated` error. */
  end(): void {
    if (this.failure !== null || this.ended) return;
    this.ended = true;
    if (this.parser === null) {
      const { code, message } = describeUnknownMagic(this.pending.subarray(0, this.pendingLength));
      this.fail(code, message, 0);
      return;
    }
    // A parser that was looking ahead may now handle what it holds, knowing nothing more comes.
    while (this.pendingLength > 0) {
      const used = this.parser.parse(
        this.pending,
        this.pendingView,
        0,
        this.pendingLength,
        this.consumed,
        true,
      );
      if (this.failure !== null) return;
      if (used === 0) break;
      this.consumed += used;
      this.pending.copyWithin(0, used, this.pendingLength);
      this.pendingLength -= used;
    }
    if (this.pendingLength > 0) {
      this.fail(
        'file-truncated',
        this.parser.describeIncomplete(this.pendingLength, this.consumed),
        this.consumed,
      );
    }
  }

  /**
   * Handles the record at buf[pos]: returns its length, or 0 when it needs more bytes (and
   * sets `need`) or the reader failed.
   */
  private step(buf: Uint8Array, view: DataView, pos: number, end: number): number {
    if (this.parser === null) {
      if (end - pos < MAGIC_LENGTH) {
        this.need = MAGIC_LENGTH;
        return 0;
      }
      this.parser = this.detect(buf, pos);
      if (this.parser === null) return 0;
    }
    // Every byte before buf[pos] has been consumed or is this pending record, so `consumed` is buf[pos]'s file offset.
    const used = this.parser.parse(buf, view, pos, end, this.consumed, false);
    if (used === 0 && this.failure === null) {
      this.need = this.parser.need;
      // A parser that asks for bytes it already has would loop forever; treat it as corruption.
      if (this.need <= end - pos)
        this.fail('file-corrupt', `record at offset ${this.consumed} could not be parsed`, this.consumed);
    }
    return used;
  }

  private detect(buf: Uint8Array, pos: number): RecordParser | null {
    const magic = ((buf[pos] << 24) | (buf[pos + 1] << 16) | (buf[pos + 2] << 8) | buf[pos + 3]) >>> 0;
    switch (magic) {
      case 0xa1b2c3d4:
        return this.pcap(false, 'usec');
      case 0xd4c3b2a1:
        return this.pcap(true, 'usec');
      case 0xa1b23c4d:
        return this.pcap(false, 'nsec');
      case 0x4d3cb2a1:
        return this.pcap(true, 'nsec');
      case 0xa1b2cd34:
        return this.pcap(false, 'modified');
      case 0x34cdb2a1:
        return this.pcap(true, 'modified');
      case 0x0a0d0d0a:
        this.formatName = 'pcapng';
        return new PcapngParser(this.ctx);
      default: {
        const { code, message } = describeUnknownMagic(buf.subarray(pos, pos + MAGIC_LENGTH));
        this.fail(code, message, 0);
        return null;
      }
    }
  }

  private pcap(le: boolean, magic: PcapMagic): RecordParser {
    this.formatName = 'pcap';
    return new PcapParser(this.ctx, le, magic);
  }

  private fail(code: CaptureFileErrorCode, message: string, offset: number): void {
    if (this.failure === null) this.failure = new CaptureFileError(code, message, offset);
    this.pendingLength = 0;
    this.pending = EMPTY;
  }

  /** Appends to the pending buffer, growing it geometrically but never beyond what the record needs. */
  private appendPending(src: Uint8Array, start: number, length: number): void {
    const required = this.pendingLength + length;
    if (required > this.pending.length) {
      const grown = Math.max(required, Math.min(this.need, this.pending.length * 2), 64);
      const next = new Uint8Array(grown);
      next.set(this.pending.subarray(0, this.pendingLength));
      this.pending = next;
      this.pendingView = new DataView(next.buffer);
    }
    this.pending.set(src.subarray(start, start + length), this.pendingLength);
    this.pendingLength = required;
  }
}
