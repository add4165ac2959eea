/**
 * Watches a live pcapng stream go by (from the capture helper or dumpcap, on its way to the file
 * and the engine) and keeps the counters a capture's status needs: packet blocks and their bytes,
 * the first interface's link type, and the options of the latest interface statistics block. It
 * never copies or keeps packet data: of each block it reads the first 28 bytes (a whole ISB,
 * which is small), and skips the rest.
 *
 * Threat model: the stream comes from our own helper or from dumpcap, which frame packets from
 * the network but are not trusted to be bug-free. Every length is checked (a block is at least
 * 12 bytes, a multiple of 4, at most MAX_BLOCK); a stream that breaks those rules stops the tap
 * with `error` set, and nothing here throws or allocates per packet.
 *
 * Wire structure (draft-ietf-opsawg-pcapng, section 3-4):
 *     Block:  Block Type (32) | Block Total Length (32) | Body | Block Total Length (32)
 *     SHB:    type 0x0A0D0D0A | length | Byte-Order Magic 0x1A2B3C4D (32) | version | ...
 *     IDB:    type 1 | length | LinkType (16) | Reserved (16) | SnapLen (32) | options
 *     PB:     type 2 | length | If (16) | Drops (16) | Ts (64) | CapLen (32) at 20 | OrigLen at 24
 *     SPB:    type 3 | length | Original Packet Length (32) at 8 | data
 *     ISB:    type 5 | length | Interface ID (32) | Ts (64) | options from offset 20
 *     EPB:    type 6 | length | Interface ID (32) | Ts (64) | CapLen (32) at 20 | OrigLen at 24
 *     Option: code (16) | length (16) | value padded to 32 bits; code 0 ends the list.
 *     ISB options: 1 comment, 2 starttime, 3 endtime, 4 ifrecv, 5 ifdrop, 6 filteraccept,
 *                  7 osdrop, 8 usrdeliv (the counters are 64-bit).
 */

const SHB = 0x0a0d0d0a;
const IDB = 1;
const PB = 2;
const SPB = 3;
const ISB = 5;
const EPB = 6;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const HEAD_BYTES = 28;
const MAX_ISB = 4096;
/** Larger than any packet block a 262,144-byte snapshot length produces, with options. */
const MAX_BLOCK = 16 << 20;
const TWO32 = 4294967296;

/** Counters of one interface statistics block; absent options stay undefined. */
export interface IsbCounters {
  interfaceId: number;
  ifRecv?: number;
  ifDrop?: number;
  filterAccept?: number;
  osDrop?: number;
  userDelivered?: number;
  comment?: string;
}

export class PcapngBlockTap {
  /** Packet blocks seen (EPB, SPB, PB): the number of the last frame in the stream. */
  packets = 0;
  /** Their original (on the wire) lengths, added up. */
  bytes = 0;
  /** Link type of the section's first interface, once its IDB has gone by. */
  linkType: number | null = null;
  /** Interface descriptions seen in the current section. */
  interfaces = 0;
  /** The latest ISB's counters, or null before the first. */
  lastStats: IsbCounters | null = null;
  /** Set when the stream stops being pcapng; the tap then ignores the rest. */
  error: string | null = null;

  private readonly buf = new Uint8Array(MAX_ISB);
  private readonly view = new DataView(this.buf.buffer);
  private have = 0;
  private want = 8;
  private skip = 0;
  private blockType = 0;
  private blockLength = 0;
  private littleEndian: boolean | null = null;

  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length && this.error === null) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      const n = Math.min(this.want - this.have, chunk.length - i);
      this.buf.set(chunk.subarray(i, i + n), this.have);
      this.have += n;
      i += n;
      if (this.have === this.want) this.step();
    }
  }

  private u32(at: number): number {
    return this.view.getUint32(at, this.littleEndian ?? true);
  }

  private step(): void {
    if (this.blockLength !== 0) {
      this.finishBlock();
      return;
    }
    const type = this.view.getUint32(0, true);
    if (type === SHB) {
      if (this.have < 12) {
        this.want = 12;
        return;
      }
      const magic = this.view.getUint32(8, true);
      if (magic === BYTE_ORDER_MAGIC) this.littleEndian = true;
      else if (magic === 0x4d3c2b1a) this.littleEndian = false;
      else return this.fail('a section header with an unknown byte-order magic');
    } else if (this.littleEndian === null) {
      return this.fail('the stream does not start with a pcapng section header');
    }
    const length = this.u32(4);
    if (length < 12 || length % 4 !== 0 || length > MAX_BLOCK) {
      return this.fail(`a block of type ${this.u32(0)} claims a length of ${length} bytes`);
    }
    this.blockType = this.u32(0);
    this.blockLength = length;
    this.want = this.blockType === ISB && length <= MAX_ISB ? length : Math.min(length, HEAD_BYTES);
    if (this.have >= this.want) this.finishBlock();
  }

  private finishBlock(): void {
    const type = this.blockType;
    const have = this.have;
    if (type === SHB) {
      this.interfaces = 0;
    } else if (type === IDB) {
      if (this.interfaces === 0 && have >= 10) this.linkType = this.view.getUint16(8, this.littleEndian!);
      this.interfaces++;
    } else if (type === EPB || type === PB) {
      this.packets++;
      if (have >= 28) this.bytes += this.u32(24);
    } else if (type === SPB) {
      this.packets++;
      if (have >= 12) this.bytes += this.u32(8);
    } else if (type === ISB && have === this.blockLength && have >= 20) {
      this.lastStats = this.statistics(have);
    }
    this.skip = this.blockLength - have;
    this.blockLength = 0;
    this.have = 0;
    this.want = 8;
  }

  private statistics(length: number): IsbCounters {
    const stats: IsbCounters = { interfaceId: this.u32(8) };
    const end = length - 4;
    for (let pos = 20; pos + 4 <= end;) {
      const code = this.view.getUint16(pos, this.littleEndian!);
      const size = this.view.getUint16(pos + 2, this.littleEndian!);
      if (code === 0 || pos + 4 + size > end) break;
      if (code === 1) {
        stats.comment = new TextDecoder().decode(this.buf.subarray(pos + 4, pos + 4 + size));
      } else if (size === 8) {
        const high = this.u32(pos + (this.littleEndian ? 8 : 4));
        const low = this.u32(pos + (this.littleEndian ? 4 : 8));
        const value = high * TWO32 + low;
        if (code === 4) stats.ifRecv = value;
        else if (code === 5) stats.ifDrop = value;
        else if (code === 6) stats.filterAccept = value;
        else if (code === 7) stats.osDrop = value;
        else if (code === 8) stats.userDelivered = value;
      }
      pos += 4 + ((size + 3) & ~3);
    }
    return stats;
  }

  private fail(why: string): void {
    this.error = `the capture stream is not valid pcapng: ${why}`;
  }
}
