/**
 * Classic libpcap file parser (one record at a time, for the streaming CaptureReader).
 *
 * Threat model: the file is untrusted (downloaded, shared, or written by a buggy tool). Every
 * field read is bounds-checked against the bytes available; a captured length larger than the
 * link type allows is a fatal `file-corrupt` before any buffering, so a damaged header cannot
 * make the reader hold more than 256 MiB; odd but readable values become named anomalies.
 *
 * Wire structure (draft-ietf-opsawg-pcap, sections 4 and 5), in the byte order of the magic:
 *
 *     File header, 24 bytes:
 *        0  Magic Number (32)   a1b2c3d4 = µs, a1b23c4d = ns, a1b2cd34 = Kuznetsov's patches
 *        4  Major Version (16)  Minor Version (16)
 *        8  Reserved1 / thiszone (32)
 *       12  Reserved2 / sigfigs (32)
 *       16  SnapLen (32)
 *       20  FCS (4 bits) | f (1) | reserved (11) | LinkType (16)
 *
 *     Packet record, 16 bytes + data:
 *        0  Timestamp seconds (32)
 *        4  Timestamp microseconds or nanoseconds (32)
 *        8  Captured Packet Length (32)     (before version 2.3: Original Packet Length)
 *       12  Original Packet Length (32)     (before version 2.3: Captured Packet Length)
 *       16  Packet Data: Captured Packet Length bytes, unpadded
 *
 * Variants that Wireshark still reads, and so must we to number frames as it does: Linux
 * patches of 1999 added 8 bytes (ss990417, ss991029: ifindex, protocol, pkt_type, pad) or
 * 12 bytes (ss990915) after the 16-byte record header, and Nokia IPSO adds 4. The ss990417
 * and Nokia variants kept the standard magic, so, like Wireshark, we look at the first two
 * record headers under each candidate layout and keep the first that looks sane, or else the
 * least bad one (counting µs fractions >= 10^6, captured lengths above the link type's
 * maximum, original lengths above 128 MiB, and captured > original).
 */
import { maxCaptureLength } from './capture-length-limits';
import type { ParseContext, RecordParser } from './record-parser';
import { ReaderPacket } from './types';

const FILE_HEADER_LENGTH = 24;
/** The link type is the low 16 bits; the FCS bits above it are not part of it. */
const LINKTYPE_MASK = 0xffff;
/** An original length above this is a sign of misframing (Wireshark's D-Bus-sized bound). */
const IMPLAUSIBLE_ORIGINAL_LENGTH = 128 * 1024 * 1024;

export type PcapMagic = 'usec' | 'nsec' | 'modified';
type Variant = 'standard' | 'ss990417' | 'ss991029' | 'ss990915' | 'nokia';

const RECORD_HEADER_LENGTH: Record<Variant, number> = {
  standard: 16,
  ss990417: 24,
  ss991029: 24,
  ss990915: 28,
  nokia: 20,
};

/** How the two length fields are ordered: swapped before version 2.3, ambiguous in 2.3. */
type LengthOrder = 'normal' | 'swapped' | 'maybe-swapped';

/** Where the parser is in the file: the header, the layout decision, or the records. */
const FILE_HEADER = 0;
const PROBE = 1;
const RECORDS = 2;
type State = typeof FILE_HEADER | typeof PROBE | typeof RECORDS;

export class PcapParser implements RecordParser {
  need = FILE_HEADER_LENGTH;
  private state: State = FILE_HEADER;
  private linkType = 0;
  private snapLen = 0;
  private maxCapLen = 0;
  private lengthOrder: LengthOrder = 'normal';
  private candidates: Variant[] = ['standard'];
  private recordHeaderLength = 16;
  /** Multiplier from the fraction field to nanoseconds, and the fraction's exclusive bound. */
  private readonly fractionToNs: number;
  private readonly fractionBound: number;
  /** Fields of the last record header read by `readHeader`. */
  private hCapLen = 0;
  private hOrigLen = 0;
  private hFraction = 0;
  /** Captured length of the incomplete record, for the truncation message. */
  private incompleteCapLen = 0;
  /** The object every packet is delivered in (see CapturedPacket); pcap has one interface, 0. */
  private readonly packet = new ReaderPacket();

  constructor(
    private readonly ctx: ParseContext,
    private readonly le: boolean,
    private readonly magic: PcapMagic,
  ) {
    this.fractionToNs = magic === 'nsec' ? 1 : 1000;
    this.fractionBound = magic === 'nsec' ? 1_000_000_000 : 1_000_000;
  }

  parse(buf: Uint8Array, view: DataView, pos: number, end: number, offset: number, eof: boolean): number {
    if (this.state === FILE_HEADER) return this.parseFileHeader(view, pos, end);
    if (this.state === PROBE) {
      const needed = this.chooseVariant(view, pos, end, eof);
      if (needed > 0) {
        this.need = needed;
        return 0;
      }
    }
    const hdr = this.recordHeaderLength;
    if (end - pos < hdr) {
      this.need = hdr;
      return 0;
    }
    this.readHeader(view, pos);
    const capLen = this.hCapLen;
    if (capLen > this.maxCapLen) {
      this.ctx.fail(
        'file-corrupt',
        `packet record at offset ${offset} claims ${capLen} captured bytes, more than the ${this.maxCapLen}-byte maximum for link type ${this.linkType} with snaplen ${this.snapLen}`,
        offset,
      );
      return 0;
    }
    const total = hdr + capLen;
    if (end - pos < total) {
      this.need = total;
      this.incompleteCapLen = capLen;
      return 0;
    }
    const origLen = this.hOrigLen;
    let tsSec = view.getUint32(pos, this.le);
    let fraction = this.hFraction;
    const frame = this.ctx.nextFrame();
    if (fraction >= this.fractionBound) {
      this.ctx.anomaly(
        'pcap-timestamp-fraction-out-of-range',
        `frame ${frame}: sub-second field ${fraction} is not below ${this.fractionBound}; carried into the seconds`,
      );
      tsSec += Math.floor(fraction / this.fractionBound);
      fraction %= this.fractionBound;
    }
    if (capLen > origLen) {
      this.ctx.anomaly(
        'caplen-exceeds-origlen',
        `frame ${frame}: captured ${capLen} bytes of a ${origLen}-byte packet`,
      );
    } else if (capLen > this.snapLen && this.snapLen !== 0) {
      this.ctx.anomaly(
        'caplen-exceeds-snaplen',
        `frame ${frame}: captured ${capLen} bytes with a snaplen of ${this.snapLen}`,
      );
    }
    const dataStart = pos + hdr;
    const packet = this.packet;
    packet.frame = frame;
    packet.linkType = this.linkType;
    packet.tsSec = tsSec;
    packet.tsNsec = fraction * this.fractionToNs;
    packet.capLen = capLen;
    packet.origLen = origLen;
    packet.setData(buf, dataStart, dataStart + capLen);
    packet.fileOffset = offset + hdr;
    this.ctx.delivered();
    this.ctx.handlers.onPacket(packet);
    return total;
  }

  describeIncomplete(have: number, offset: number): string {
    if (this.state === FILE_HEADER) {
      return `file ends inside the pcap file header (${have} of ${FILE_HEADER_LENGTH} bytes present)`;
    }
    if (have < this.recordHeaderLength) {
      return `file ends in the middle of a packet record header at offset ${offset} (${have} of ${this.recordHeaderLength} bytes present)`;
    }
    return `file ends in the middle of a packet record at offset ${offset} (${have - this.recordHeaderLength} of ${this.incompleteCapLen} bytes present)`;
  }

  private parseFileHeader(view: DataView, pos: number, end: number): number {
    if (end - pos < FILE_HEADER_LENGTH) {
      this.need = FILE_HEADER_LENGTH;
      return 0;
    }
    const le = this.le;
    const versionMajor = view.getUint16(pos + 4, le);
    const versionMinor = view.getUint16(pos + 6, le);
    // Wireshark refuses major versions below 2 (pre-1998 libpcap) and so do we.
    if (versionMajor < 2) {
      this.ctx.fail(
        'unsupported',
        `pcap file format version ${versionMajor}.${versionMinor} is not supported (only 2.x and later are)`,
        4,
      );
      return 0;
    }
    // DG/UX wrote version 543.0 with the pre-2.3 field order.
    if ((versionMajor === 2 && versionMinor < 3) || versionMajor === 543) this.lengthOrder = 'swapped';
    else if (versionMajor === 2 && versionMinor === 3) this.lengthOrder = 'maybe-swapped';
    const oldLayout = this.lengthOrder !== 'normal';
    if (this.magic === 'modified') this.candidates = ['ss991029', 'ss990915'];
    else if (this.magic === 'usec' && !oldLayout) this.candidates = ['standard', 'ss990417', 'nokia'];
    this.recordHeaderLength = RECORD_HEADER_LENGTH[this.candidates[0]];
    this.snapLen = view.getUint32(pos + 16, le);
    this.linkType = view.getUint32(pos + 20, le) & LINKTYPE_MASK;
    this.maxCapLen = maxCaptureLength(this.linkType, this.snapLen);
    this.state = this.candidates.length > 1 ? PROBE : RECORDS;
    const { handlers } = this.ctx;
    handlers.onSection?.({ format: 'pcap', byteOrder: le ? 'le' : 'be', versionMajor, versionMinor });
    handlers.onInterface?.({
      id: 0,
      linkType: this.linkType,
      snapLen: this.snapLen,
      tsUnitsPerSec: this.magic === 'nsec' ? 1e9 : 1e6,
    });
    return FILE_HEADER_LENGTH;
  }

  /** Reads the length and fraction fields of the record header at `p`, in the file's field order. */
  private readHeader(view: DataView, p: number): void {
    const le = this.le;
    this.hFraction = view.getUint32(p + 4, le);
    let capLen = view.getUint32(p + 8, le);
    let origLen = view.getUint32(p + 12, le);
    if (this.lengthOrder === 'swapped' || (this.lengthOrder === 'maybe-swapped' && capLen > origLen)) {
      const t = capLen;
      capLen = origLen;
      origLen = t;
    }
    this.hCapLen = capLen;
    this.hOrigLen = origLen;
  }

  /**
   * Picks the record layout from the first two records (see the file comment). Returns 0 once
   * chosen, or the number of bytes from `pos` it must see first. At the end of the file, a
   * layout whose records run out is taken as plausible, as Wireshark does.
   */
  private chooseVariant(view: DataView, pos: number, end: number, eof: boolean): number {
    let best: Variant = this.candidates[0];
    let bestFigure = Infinity;
    for (const variant of this.candidates) {
      const figure = this.variantFigure(variant, view, pos, end, eof);
      if (figure < 0) return -figure;
      if (figure === 0) {
        best = variant;
        break;
      }
      if (figure < bestFigure) {
        best = variant;
        bestFigure = figure;
      }
    }
    this.recordHeaderLength = RECORD_HEADER_LENGTH[best];
    this.state = RECORDS;
    if (best !== 'standard') {
      this.ctx.anomaly(
        'pcap-legacy-record-layout',
        `records use the ${best} layout of ${RECORD_HEADER_LENGTH[best]}-byte headers`,
      );
    }
    return 0;
  }

  /** How wrong the first two records look under `variant`: 0 = sane; negative = bytes needed. */
  private variantFigure(variant: Variant, view: DataView, pos: number, end: number, eof: boolean): number {
    const hdr = RECORD_HEADER_LENGTH[variant];
    if (end - pos < hdr) return eof ? 0 : -hdr;
    const first = this.headerFigure(view, pos);
    if (first !== 0) return first;
    const second = pos + hdr + this.hCapLen;
    if (end - second < hdr) return eof ? 0 : -(second + hdr - pos);
    return this.headerFigure(view, second);
  }

  private headerFigure(view: DataView, p: number): number {
    this.readHeader(view, p);
    let figure = 0;
    if (this.hFraction >= 1_000_000) figure++;
    if (this.hCapLen > maxCaptureLength(this.linkType, 0)) figure++;
    if (this.hOrigLen > IMPLAUSIBLE_ORIGINAL_LENGTH) figure++;
    if (this.hCapLen > this.hOrigLen) figure++;
    return figure;
  }
}
