/**
 * pcapng parser (one block at a time, for the streaming CaptureReader).
 *
 * Threat model: the file is untrusted. Every block length is checked against its minimum, its
 * trailer copy, a 4-byte multiple and a global ceiling before the block is used; every field
 * read stays inside the block; a packet that claims more bytes than its block holds or than its
 * link type allows is fatal (`file-corrupt`), as in Wireshark, because nothing after it can be
 * trusted to be framed correctly. Recoverable oddities (bad options, unknown block types) are
 * named anomalies and the block is skipped. Memory is bounded by MAX_BLOCK_LENGTH.
 *
 * Wire structure (draft-ietf-opsawg-pcapng), all fields in the section's byte order:
 *
 *     Every block (3.1):   0 Block Type (32) | 4 Block Total Length (32) | 8 Body | -4 Block Total Length
 *     Section Header (4.1, type 0x0A0D0D0A):
 *         8 Byte-Order Magic 0x1A2B3C4D | 12 Major (16) Minor (16) | 16 Section Length (64) | 24 Options
 *     Interface Description (4.2, type 1):
 *         8 LinkType (16) Reserved (16) | 12 SnapLen (32) | 16 Options
 *     Enhanced Packet (4.3, type 6):
 *         8 Interface ID | 12 Timestamp (upper 32) | 16 Timestamp (lower 32)
 *         20 Captured Length | 24 Original Length | 28 Packet Data (padded to 32 bits) | Options
 *     Simple Packet (4.4, type 3):
 *         8 Original Length | 12 Packet Data (captured length = min(original, snaplen of interface 0))
 *     Packet, obsolete (Appendix A, type 2):
 *         8 Interface ID (16) Drops Count (16) | 12 Timestamp (upper) | 16 Timestamp (lower)
 *         20 Captured Length | 24 Original Length | 28 Packet Data (padded) | Options
 *     Interface Statistics (4.6, type 5):
 *         8 Interface ID | 12 Timestamp (upper) | 16 Timestamp (lower) | 20 Options
 */
import { ABSOLUTE_MAX_CAPTURE_LENGTH, maxCaptureLength } from './capture-length-limits';
import { OPT_COMMENT, OptionCursor } from './pcapng-options';
import type { ParseContext, RecordParser } from './record-parser';
import { TimestampUnits } from './timestamp-units';
import { ReaderPacket, type InterfaceInfo, type InterfaceStats, type SectionInfo } from './types';

export const BLOCK_SHB = 0x0a0d0d0a;
export const BLOCK_IDB = 1;
export const BLOCK_PB = 2;
export const BLOCK_SPB = 3;
export const BLOCK_NRB = 4;
export const BLOCK_ISB = 5;
export const BLOCK_EPB = 6;
const BLOCK_SYSTEMD_JOURNAL = 9;
const BLOCK_DSB = 0x0a;
const BLOCK_CUSTOM = 0x00000bad;
const BLOCK_CUSTOM_NOCOPY = 0x40000bad;

const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const BYTE_ORDER_MAGIC_SWAPPED = 0x4d3c2b1a;

const SHB_OPT_HARDWARE = 2;
const SHB_OPT_OS = 3;
const SHB_OPT_USERAPPL = 4;
const IF_OPT_NAME = 2;
const IF_OPT_DESCRIPTION = 3;
const IF_OPT_TSRESOL = 9;
const IF_OPT_TSOFFSET = 14;
const ISB_OPT_IFRECV = 4;
const ISB_OPT_IFDROP = 5;

const BLOCK_HEADER_LENGTH = 12;
/** Header, fixed fields and trailer of an EPB or PB: the bytes that surround the packet data. */
const PACKET_BLOCK_OVERHEAD = 32;
/** Room for options next to the largest packet. */
const MAX_BLOCK_LENGTH = ABSOLUTE_MAX_CAPTURE_LENGTH + 1024 * 1024;

/**
 * Smallest legal total length of each block type that has fixed fields. A switch, not an object
 * keyed by type: the SHB's type 0x0a0d0d0a is too large an index for an array-backed object, so
 * such an object is a dictionary, and this runs for every block.
 */
function minLength(type: number): number {
  switch (type) {
    case BLOCK_EPB:
    case BLOCK_PB:
      return 32;
    case BLOCK_SHB:
      return 28;
    case BLOCK_IDB:
      return 20;
    case BLOCK_SPB:
      return 16;
    case BLOCK_ISB:
      return 24;
    default:
      return BLOCK_HEADER_LENGTH;
  }
}

const BLOCK_NAMES: Record<number, string> = {
  [BLOCK_SHB]: 'Section Header Block',
  [BLOCK_IDB]: 'Interface Description Block',
  [BLOCK_PB]: 'Packet Block',
  [BLOCK_SPB]: 'Simple Packet Block',
  [BLOCK_NRB]: 'Name Resolution Block',
  [BLOCK_ISB]: 'Interface Statistics Block',
  [BLOCK_EPB]: 'Enhanced Packet Block',
  [BLOCK_SYSTEMD_JOURNAL]: 'systemd Journal Export Block',
  [BLOCK_DSB]: 'Decryption Secrets Block',
  [BLOCK_CUSTOM]: 'Custom Block',
  [BLOCK_CUSTOM_NOCOPY]: 'Custom Block',
};

function blockName(type: number): string {
  return BLOCK_NAMES[type] ?? `block of unknown type 0x${type.toString(16).padStart(8, '0')}`;
}

interface Interface {
  info: InterfaceInfo;
  units: TimestampUnits;
  maxCapLen: number;
}

export class PcapngParser implements RecordParser {
  need = BLOCK_HEADER_LENGTH;
  private le = true;
  private interfaces: Interface[] = [];
  private readonly options = new OptionCursor();
  /** The object every packet is delivered in (see CapturedPacket). */
  private readonly packet = new ReaderPacket();
  /** Header of the incomplete block, for the truncation message. */
  private incompleteType = 0;
  private incompleteLength = 0;

  constructor(private readonly ctx: ParseContext) {}

  parse(buf: Uint8Array, view: DataView, pos: number, end: number, offset: number, _eof: boolean): number {
    const avail = end - pos;
    if (avail < BLOCK_HEADER_LENGTH) {
      this.need = BLOCK_HEADER_LENGTH;
      this.incompleteLength = 0;
      return 0;
    }
    const type = view.getUint32(pos, this.le);
    if (type === BLOCK_SHB) {
      // The section's byte order is known only from its own magic; the block type reads the same either way.
      const magic = view.getUint32(pos + 8, true);
      if (magic === BYTE_ORDER_MAGIC) this.le = true;
      else if (magic === BYTE_ORDER_MAGIC_SWAPPED) this.le = false;
      else {
        this.ctx.fail(
          'file-corrupt',
          `section header block at offset ${offset} has byte-order magic 0x${magic.toString(16).padStart(8, '0')} instead of 0x1a2b3c4d`,
          offset,
        );
        return 0;
      }
    }
    const total = view.getUint32(pos + 4, this.le);
    if (!this.checkLength(type, total, offset)) return 0;
    if (avail < total) {
      if (
        (type === BLOCK_EPB || type === BLOCK_PB) &&
        avail >= 28 &&
        !this.checkPacketHeader(view, pos, type, total, offset)
      )
        return 0;
      this.need = total;
      this.incompleteType = type;
      this.incompleteLength = total;
      return 0;
    }
    const trailer = view.getUint32(pos + total - 4, this.le);
    if (trailer !== total) {
      this.ctx.fail(
        'file-corrupt',
        `${blockName(type)} at offset ${offset} has total length ${total} at its start but ${trailer} at its end`,
        offset,
      );
      return 0;
    }
    switch (type) {
      case BLOCK_EPB:
      case BLOCK_PB:
        return this.packetBlock(buf, view, pos, type, total, offset) ? total : 0;
      case BLOCK_SPB:
        return this.simplePacketBlock(buf, view, pos, total, offset) ? total : 0;
      case BLOCK_IDB:
        this.interfaceDescription(buf, view, pos, total, offset);
        return total;
      case BLOCK_SHB:
        return this.sectionHeader(buf, view, pos, total, offset) ? total : 0;
      case BLOCK_ISB:
        this.interfaceStatistics(view, pos, total, offset);
        return total;
      case BLOCK_SYSTEMD_JOURNAL:
      case BLOCK_CUSTOM:
      case BLOCK_CUSTOM_NOCOPY:
        // Wireshark shows journal entries and custom blocks as frames; taking a frame number
        // for each (without delivering a packet) keeps our frame numbers equal to its.
        this.ctx.nextFrame();
        return total;
      case BLOCK_NRB:
      case BLOCK_DSB:
        return total;
      default:
        this.ctx.anomaly(
          'pcapng-unknown-block',
          `${blockName(type)} (${total} bytes) at offset ${offset} skipped`,
        );
        return total;
    }
  }

  describeIncomplete(have: number, offset: number): string {
    if (have < BLOCK_HEADER_LENGTH || this.incompleteLength === 0) {
      return `file ends in the middle of a block header at offset ${offset} (${have} of ${BLOCK_HEADER_LENGTH} bytes present)`;
    }
    const what =
      this.incompleteType === BLOCK_EPB ||
      this.incompleteType === BLOCK_PB ||
      this.incompleteType === BLOCK_SPB
        ? `a packet record (${blockName(this.incompleteType)})`
        : `a ${blockName(this.incompleteType)}`;
    return `file ends in the middle of ${what} at offset ${offset} (${have} of ${this.incompleteLength} bytes present)`;
  }

  private checkLength(type: number, total: number, offset: number): boolean {
    const min = minLength(type);
    let problem: string | null = null;
    if (total < min) problem = `claims length ${total}, which is less than the ${min}-byte minimum`;
    else if (total % 4 !== 0) problem = `claims length ${total}, which is not a multiple of 4`;
    else if (total > MAX_BLOCK_LENGTH)
      problem = `claims length ${total}, more than the ${MAX_BLOCK_LENGTH}-byte maximum`;
    if (problem === null) return true;
    this.ctx.fail(
      'file-corrupt',
      `${type in BLOCK_NAMES ? blockName(type) : 'block'} at offset ${offset} ${problem}`,
      offset,
    );
    return false;
  }

  /** Checks the fixed fields of an EPB or PB (the first 28 bytes); false after reporting a fatal error. */
  private checkPacketHeader(
    view: DataView,
    pos: number,
    type: number,
    total: number,
    offset: number,
  ): boolean {
    const le = this.le;
    const interfaceId = type === BLOCK_EPB ? view.getUint32(pos + 8, le) : view.getUint16(pos + 8, le);
    const capLen = view.getUint32(pos + 20, le);
    const iface = this.interfaces[interfaceId];
    if (iface === undefined) {
      this.ctx.fail(
        'file-corrupt',
        `${blockName(type)} at offset ${offset} refers to interface ${interfaceId}, but the section has ${this.interfaces.length} interface${this.interfaces.length === 1 ? '' : 's'}`,
        offset,
      );
      return false;
    }
    if (capLen > total - PACKET_BLOCK_OVERHEAD) {
      this.ctx.fail(
        'file-corrupt',
        `${blockName(type)} at offset ${offset} claims ${capLen} captured bytes, but its length of ${total} leaves room for only ${total - PACKET_BLOCK_OVERHEAD}`,
        offset,
      );
      return false;
    }
    if (capLen > iface.maxCapLen) {
      this.ctx.fail(
        'file-corrupt',
        `${blockName(type)} at offset ${offset} claims ${capLen} captured bytes, more than the ${iface.maxCapLen}-byte maximum for link type ${iface.info.linkType} with snaplen ${iface.info.snapLen}`,
        offset,
      );
      return false;
    }
    return true;
  }

  private packetBlock(
    buf: Uint8Array,
    view: DataView,
    pos: number,
    type: number,
    total: number,
    offset: number,
  ): boolean {
    if (!this.checkPacketHeader(view, pos, type, total, offset)) return false;
    const le = this.le;
    const interfaceId = type === BLOCK_EPB ? view.getUint32(pos + 8, le) : view.getUint16(pos + 8, le);
    const iface = this.interfaces[interfaceId];
    const capLen = view.getUint32(pos + 20, le);
    const origLen = view.getUint32(pos + 24, le);
    const dataStart = pos + 28;
    const frame = this.ctx.nextFrame();
    const optStart = dataStart + ((capLen + 3) & ~3);
    const blockEnd = pos + total - 4;
    const comments =
      optStart < blockEnd ? this.packetComments(buf, view, optStart, blockEnd, frame) : undefined;
    const units = iface.units;
    units.convert(view.getUint32(pos + 12, le), view.getUint32(pos + 16, le));
    this.checkLengths(frame, capLen, origLen, iface);
    const packet = this.packet;
    packet.frame = frame;
    packet.interfaceId = interfaceId;
    packet.linkType = iface.info.linkType;
    packet.tsSec = units.sec;
    packet.tsNsec = units.nsec;
    packet.capLen = capLen;
    packet.origLen = origLen;
    packet.setData(buf, dataStart, dataStart + capLen);
    packet.fileOffset = offset + 28;
    packet.comments = comments;
    this.ctx.delivered();
    this.ctx.handlers.onPacket(packet);
    return true;
  }

  private simplePacketBlock(
    buf: Uint8Array,
    view: DataView,
    pos: number,
    total: number,
    offset: number,
  ): boolean {
    const iface = this.interfaces[0];
    if (iface === undefined) {
      this.ctx.fail(
        'file-corrupt',
        `Simple Packet Block at offset ${offset} comes before any Interface Description Block`,
        offset,
      );
      return false;
    }
    const origLen = view.getUint32(pos + 8, this.le);
    const room = total - 16;
    const snapLen = iface.info.snapLen;
    let capLen = snapLen !== 0 && origLen > snapLen ? snapLen : origLen;
    const frame = this.ctx.nextFrame();
    if (capLen > room) {
      this.ctx.anomaly(
        'pcapng-spb-short',
        `frame ${frame}: block holds ${room} of the ${capLen} bytes it should carry`,
      );
      capLen = room;
    }
    // A Simple Packet Block has no timestamp; Wireshark shows the epoch.
    const packet = this.packet;
    packet.frame = frame;
    packet.interfaceId = 0;
    packet.linkType = iface.info.linkType;
    packet.tsSec = 0;
    packet.tsNsec = 0;
    packet.capLen = capLen;
    packet.origLen = origLen;
    packet.setData(buf, pos + 12, pos + 12 + capLen);
    packet.fileOffset = offset + 12;
    packet.comments = undefined;
    this.ctx.delivered();
    this.ctx.handlers.onPacket(packet);
    return true;
  }

  private checkLengths(frame: number, capLen: number, origLen: number, iface: Interface): void {
    if (capLen > origLen) {
      this.ctx.anomaly(
        'caplen-exceeds-origlen',
        `frame ${frame}: captured ${capLen} bytes of a ${origLen}-byte packet`,
      );
    } else if (iface.info.snapLen !== 0 && capLen > iface.info.snapLen) {
      this.ctx.anomaly(
        'caplen-exceeds-snaplen',
        `frame ${frame}: captured ${capLen} bytes with a snaplen of ${iface.info.snapLen}`,
      );
    }
  }

  private packetComments(
    buf: Uint8Array,
    view: DataView,
    start: number,
    end: number,
    frame: number,
  ): string[] | undefined {
    const cursor = this.options.reset(view, start, end, this.le);
    let comments: string[] | undefined;
    while (cursor.next()) {
      if (cursor.code === OPT_COMMENT) (comments ??= []).push(cursor.text(buf));
    }
    if (cursor.malformed !== null)
      this.ctx.anomaly('pcapng-bad-option-length', `frame ${frame}: ${cursor.malformed}`);
    return comments;
  }

  private sectionHeader(
    buf: Uint8Array,
    view: DataView,
    pos: number,
    total: number,
    offset: number,
  ): boolean {
    const le = this.le;
    const versionMajor = view.getUint16(pos + 12, le);
    const versionMinor = view.getUint16(pos + 14, le);
    if (versionMajor !== 1) {
      this.ctx.fail(
        'unsupported',
        `section header block at offset ${offset} has pcapng version ${versionMajor}.${versionMinor}; only 1.x is supported`,
        offset,
      );
      return false;
    }
    // Interface ids are numbered per section.
    this.interfaces = [];
    const info: SectionInfo = { format: 'pcapng', byteOrder: le ? 'le' : 'be', versionMajor, versionMinor };
    const cursor = this.options.reset(view, pos + 24, pos + total - 4, le);
    while (cursor.next()) {
      switch (cursor.code) {
        case SHB_OPT_HARDWARE:
          info.hardware = cursor.text(buf);
          break;
        case SHB_OPT_OS:
          info.os = cursor.text(buf);
          break;
        case SHB_OPT_USERAPPL:
          info.application = cursor.text(buf);
          break;
        case OPT_COMMENT:
          (info.comments ??= []).push(cursor.text(buf));
          break;
      }
    }
    if (cursor.malformed !== null)
      this.ctx.anomaly('pcapng-bad-option-length', `section header at offset ${offset}: ${cursor.malformed}`);
    this.ctx.handlers.onSection?.(info);
    return true;
  }

  private interfaceDescription(
    buf: Uint8Array,
    view: DataView,
    pos: number,
    total: number,
    offset: number,
  ): void {
    const le = this.le;
    const linkType = view.getUint16(pos + 8, le);
    const snapLen = view.getUint32(pos + 12, le);
    const info: InterfaceInfo = { id: this.interfaces.length, linkType, snapLen, tsUnitsPerSec: 1e6 };
    let tsresol: number | null = null;
    let tsoffset = 0;
    const cursor = this.options.reset(view, pos + 16, pos + total - 4, le);
    while (cursor.next()) {
      switch (cursor.code) {
        case IF_OPT_NAME:
          info.name = cursor.text(buf);
          break;
        case IF_OPT_DESCRIPTION:
          info.description = cursor.text(buf);
          break;
        case IF_OPT_TSRESOL:
          if (cursor.valueLength === 1) tsresol = buf[cursor.valueStart];
          else
            this.ctx.anomaly(
              'pcapng-bad-option-length',
              `interface ${info.id} at offset ${offset}: if_tsresol is ${cursor.valueLength} bytes long instead of 1`,
            );
          break;
        case IF_OPT_TSOFFSET: {
          const value = cursor.int64();
          if (value !== null) tsoffset = value;
          else
            this.ctx.anomaly(
              'pcapng-bad-option-length',
              `interface ${info.id} at offset ${offset}: if_tsoffset is ${cursor.valueLength} bytes long instead of 8`,
            );
          break;
        }
      }
    }
    if (cursor.malformed !== null)
      this.ctx.anomaly(
        'pcapng-bad-option-length',
        `interface ${info.id} at offset ${offset}: ${cursor.malformed}`,
      );
    let units =
      tsresol === null ? TimestampUnits.micro(tsoffset) : TimestampUnits.fromTsresol(tsresol, tsoffset);
    if (units === null) {
      this.ctx.anomaly(
        'pcapng-bad-tsresol',
        `interface ${info.id} at offset ${offset}: if_tsresol 0x${(tsresol ?? 0).toString(16)} is finer than a 64-bit counter allows; microseconds assumed`,
      );
      units = TimestampUnits.micro(tsoffset);
    }
    info.tsUnitsPerSec = units.perSec;
    this.interfaces.push({ info, units, maxCapLen: maxCaptureLength(linkType, snapLen) });
    this.ctx.handlers.onInterface?.(info);
  }

  private interfaceStatistics(view: DataView, pos: number, total: number, offset: number): void {
    const le = this.le;
    const interfaceId = view.getUint32(pos + 8, le);
    const iface = this.interfaces[interfaceId];
    if (iface === undefined) {
      this.ctx.anomaly(
        'pcapng-isb-unknown-interface',
        `statistics block at offset ${offset} refers to interface ${interfaceId}, which the section does not have`,
      );
      return;
    }
    iface.units.convert(view.getUint32(pos + 12, le), view.getUint32(pos + 16, le));
    const stats: InterfaceStats = {
      interfaceId,
      tsSec: iface.units.sec,
      tsNsec: iface.units.nsec,
    };
    const cursor = this.options.reset(view, pos + 20, pos + total - 4, le);
    while (cursor.next()) {
      if (cursor.code === ISB_OPT_IFRECV) stats.received = cursor.uint64() ?? undefined;
      else if (cursor.code === ISB_OPT_IFDROP) stats.dropped = cursor.uint64() ?? undefined;
    }
    if (cursor.malformed !== null)
      this.ctx.anomaly(
        'pcapng-bad-option-length',
        `statistics block at offset ${offset}: ${cursor.malformed}`,
      );
    this.ctx.handlers.onInterfaceStats?.(stats);
  }
}
