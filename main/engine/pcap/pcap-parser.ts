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
 *        0  Magic Number (32)   a1b2c3d4 = µs, a1b23c4d = ns (a1b2cd34 = Kuznetsov's patch)
 *        4  Major Version (16)  Minor Version (16)
 *        8  Reserved1 / thiszone (32)
 *       12  Reserved2 / sigfigs (32)
 *       16  SnapLen (32)
 *       20  FCS (4 bits) | f (1) | reserved (11) | LinkType (16)
 *
 *     Packet record, 16 bytes (24 with Kuznetsov's patch) + data:
 *        0  Timestamp seconds (32)
 *        4  Timestamp microseconds or nanoseconds (32)
 *        8  Captured Packet Length (32)
 *       12  Original Packet Length (32)
 *     [ 16  ifindex (32), protocol (16), pkt_type (8), pad (8)    Kuznetsov only ]
 *       ..  Packet Data: Captured Packet Length bytes, unpadded
 */
import { maxCaptureLength } from './capture-length-limits';
import type { ParseContext, RecordParser } from './record-parser';
import type { CapturedPacket } from './types';

const FILE_HEADER_LENGTH = 24;
/** Wireshark's LT_LINKTYPE mask: the upper bits carry FCS information, not the link type. */
const LINKTYPE_MASK = 0x03ffffff;

export type PcapFlavour = 'usec' | 'nsec' | 'kuznetsov';

export class PcapParser implements RecordParser {
  need = FILE_HEADER_LENGTH;
  private headerDone = false;
  private linkType = 0;
  private snapLen = 0;
  private maxCapLen = 0;
  private readonly recordHeaderLength: number;
  /** Multiplier from the fraction field to nanoseconds, and the fraction's exclusive bound. */
  private readonly fractionToNs: number;
  private readonly fractionBound: number;
  /** Captured length of the incomplete record, for the truncation message. */
  private incompleteCapLen = 0;

  constructor(
    private readonly ctx: ParseContext,
    private readonly le: boolean,
    private readonly flavour: PcapFlavour,
  ) {
    this.recordHeaderLength = flavour === 'kuznetsov' ? 24 : 16;
    this.fractionToNs = flavour === 'nsec' ? 1 : 1000;
    this.fractionBound = flavour === 'nsec' ? 1_000_000_000 : 1_000_000;
  }

  parse(buf: Uint8Array, view: DataView, pos: number, end: number, offset: number): number {
    if (!this.headerDone) return this.parseFileHeader(view, pos, end);
    const hdr = this.recordHeaderLength;
    if (end - pos < hdr) {
      this.need = hdr;
      return 0;
    }
    const le = this.le;
    const capLen = view.getUint32(pos + 8, le);
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
    let tsSec = view.getUint32(pos, le);
    let tsNsec = view.getUint32(pos + 4, le);
    const origLen = view.getUint32(pos + 12, le);
    const frame = this.ctx.nextFrame();
    if (tsNsec >= this.fractionBound) {
      this.ctx.anomaly(
        'pcap-timestamp-fraction-out-of-range',
        `frame ${frame}: sub-second field ${tsNsec} is not below ${this.fractionBound}; carried into the seconds`,
      );
      tsSec += Math.floor(tsNsec / this.fractionBound);
      tsNsec %= this.fractionBound;
    }
    tsNsec *= this.fractionToNs;
    if (capLen > origLen) {
      this.ctx.anomaly('caplen-exceeds-origlen', `frame ${frame}: captured ${capLen} bytes of a ${origLen}-byte packet`);
    } else if (capLen > this.snapLen && this.snapLen !== 0) {
      this.ctx.anomaly('caplen-exceeds-snaplen', `frame ${frame}: captured ${capLen} bytes with a snaplen of ${this.snapLen}`);
    }
    const dataStart = pos + hdr;
    const packet: CapturedPacket = {
      frame,
      interfaceId: 0,
      linkType: this.linkType,
      tsSec,
      tsNsec,
      capLen,
      origLen,
      data: buf.subarray(dataStart, dataStart + capLen),
      fileOffset: offset + hdr,
      comments: undefined,
    };
    this.ctx.delivered();
    this.ctx.handlers.onPacket(packet);
    return total;
  }

  describeIncomplete(have: number, offset: number): string {
    if (!this.headerDone) {
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
      this.ctx.fail('unsupported', `pcap file format version ${versionMajor}.${versionMinor} is not supported (only 2.x is)`, 4);
      return 0;
    }
    this.snapLen = view.getUint32(pos + 16, le);
    this.linkType = view.getUint32(pos + 20, le) & LINKTYPE_MASK;
    this.maxCapLen = maxCaptureLength(this.linkType, this.snapLen);
    this.headerDone = true;
    const { handlers } = this.ctx;
    handlers.onSection?.({ format: 'pcap', byteOrder: le ? 'le' : 'be', versionMajor, versionMinor });
    handlers.onInterface?.({
      id: 0,
      linkType: this.linkType,
      snapLen: this.snapLen,
      tsUnitsPerSec: this.flavour === 'nsec' ? 1e9 : 1e6,
    });
    return FILE_HEADER_LENGTH;
  }
}
