/**
 * pcapng block builders. Each returns one complete block as bytes, in little-endian order (the
 * convention of every host we run on), with options padded to 32 bits, an opt_endofopt after
 * any options, and the total length repeated at the end (draft-ietf-opsawg-pcapng, section 3).
 *
 * The inputs are our own (a live capture or a file we already parsed), so an out-of-range value
 * is a programming error and throws a RangeError rather than writing a block readers would reject.
 *
 *     Block:     Block Type (32) | Block Total Length (32) | Body | Block Total Length (32)
 *     Option:    Option Code (16) | Option Length (16) | Value, padded to 32 bits
 *     SHB body:  0x1A2B3C4D | Major 1 (16) | Minor 0 (16) | Section Length -1 (64) | Options
 *     IDB body:  LinkType (16) | Reserved 0 (16) | SnapLen (32) | Options
 *     EPB body:  Interface ID (32) | Timestamp upper (32) | lower (32) | Captured Len (32)
 *                | Original Len (32) | Packet Data, padded to 32 bits | Options
 *     ISB body:  Interface ID (32) | Timestamp upper (32) | lower (32) | Options
 */

const BLOCK_SHB = 0x0a0d0d0a;
const BLOCK_IDB = 1;
const BLOCK_ISB = 5;
const BLOCK_EPB = 6;
const OPT_ENDOFOPT = 0;
const OPT_COMMENT = 1;
const SHB_HARDWARE = 2;
const SHB_OS = 3;
const SHB_USERAPPL = 4;
const IF_NAME = 2;
const IF_DESCRIPTION = 3;
const IF_TSRESOL = 9;
const ISB_IFRECV = 4;
const ISB_IFDROP = 5;
const ISB_OSDROP = 7;
const ISB_USRDELIV = 8;
const TWO32 = 4294967296;
const MAX_OPTION_LENGTH = 0xffff;

const utf8 = new TextEncoder();

interface Option {
  code: number;
  value: Uint8Array;
}

export interface SectionHeaderOptions {
  application?: string;
  os?: string;
  hardware?: string;
  comments?: string[];
}

export interface InterfaceDescriptionOptions {
  linkType: number;
  snapLen: number;
  name?: string;
  description?: string;
  /** Write if_tsresol=9: timestamps count nanoseconds (the default is microseconds). */
  tsResolNs?: boolean;
}

export interface EnhancedPacketOptions {
  interfaceId: number;
  tsSec: number;
  tsNsec: number;
  data: Uint8Array;
  origLen: number;
  comments?: string[];
}

export interface InterfaceStatisticsOptions {
  interfaceId: number;
  tsSec: number;
  tsNsec: number;
  received?: number;
  dropped?: number;
  /** isb_osdrop: packets the operating system dropped (the capture socket's buffer was full). */
  osDropped?: number;
  /** isb_usrdeliv: packets delivered to the capturing application. */
  userDelivered?: number;
}

function textOption(code: number, text: string): Option {
  const value = utf8.encode(text);
  if (value.length > MAX_OPTION_LENGTH)
    throw new RangeError(`pcapng option ${code} is ${value.length} bytes long; the maximum is 65535`);
  return { code, value };
}

function uint64Option(code: number, n: number): Option {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(`pcapng option ${code} needs a non-negative integer, got ${n}`);
  const value = new Uint8Array(8);
  const view = new DataView(value.buffer);
  view.setUint32(0, n % TWO32, true);
  view.setUint32(4, Math.floor(n / TWO32), true);
  return { code, value };
}

function optionsLength(options: Option[]): number {
  if (options.length === 0) return 0;
  let length = 4; // opt_endofopt
  for (const o of options) length += 4 + ((o.value.length + 3) & ~3);
  return length;
}

/** Writes the options and opt_endofopt at `pos`; the padding bytes are already zero. */
function writeOptions(bytes: Uint8Array, view: DataView, pos: number, options: Option[]): number {
  if (options.length === 0) return pos;
  for (const o of options) {
    view.setUint16(pos, o.code, true);
    view.setUint16(pos + 2, o.value.length, true);
    bytes.set(o.value, pos + 4);
    pos += 4 + ((o.value.length + 3) & ~3);
  }
  view.setUint16(pos, OPT_ENDOFOPT, true);
  view.setUint16(pos + 2, 0, true);
  return pos + 4;
}

/** Allocates a block of `bodyLength` body bytes and fills in type and both length fields. */
function allocateBlock(type: number, bodyLength: number): { bytes: Uint8Array; view: DataView } {
  const total = 12 + bodyLength;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, total, true);
  view.setUint32(total - 4, total, true);
  return { bytes, view };
}

/**
 * Splits a timestamp into the two 32-bit words of a pcapng timestamp counting `unitsPerSec`.
 * The arithmetic is done in 16-bit pieces so that nanosecond counts (~1.7e18) stay exact.
 */
export function timestampWords(
  tsSec: number,
  tsNsec: number,
  unitsPerSec: number,
): { high: number; low: number } {
  if (!Number.isInteger(tsSec) || tsSec < 0 || tsSec >= TWO32)
    throw new RangeError(`timestamp seconds ${tsSec} out of range`);
  if (!Number.isInteger(tsNsec) || tsNsec < 0 || tsNsec >= 1e9)
    throw new RangeError(`timestamp nanoseconds ${tsNsec} out of range`);
  if (!Number.isInteger(unitsPerSec) || unitsPerSec < 1 || unitsPerSec > TWO32)
    throw new RangeError(`timestamp resolution ${unitsPerSec} units per second is not supported`);
  let fraction: number;
  if (1e9 % unitsPerSec === 0) fraction = Math.floor(tsNsec / (1e9 / unitsPerSec));
  else fraction = Number((BigInt(tsNsec) * BigInt(unitsPerSec)) / 1_000_000_000n);
  // value = tsSec * units + fraction = hiPart * 65536 + loPart, each product below 2^48.
  const hiPart = Math.floor(tsSec / 65536) * unitsPerSec;
  const loPart = (tsSec % 65536) * unitsPerSec + fraction;
  const lowSum = (hiPart % 65536) * 65536 + (loPart % TWO32);
  const low = lowSum % TWO32;
  const high = Math.floor(hiPart / 65536) + Math.floor(loPart / TWO32) + Math.floor(lowSum / TWO32);
  if (high >= TWO32)
    throw new RangeError(
      `timestamp ${tsSec}.${tsNsec} does not fit 64 bits at ${unitsPerSec} units per second`,
    );
  return { high, low };
}

export function sectionHeader(opts: SectionHeaderOptions = {}): Uint8Array {
  const options: Option[] = [];
  if (opts.hardware !== undefined) options.push(textOption(SHB_HARDWARE, opts.hardware));
  if (opts.os !== undefined) options.push(textOption(SHB_OS, opts.os));
  if (opts.application !== undefined) options.push(textOption(SHB_USERAPPL, opts.application));
  for (const c of opts.comments ?? []) options.push(textOption(OPT_COMMENT, c));
  const { bytes, view } = allocateBlock(BLOCK_SHB, 16 + optionsLength(options));
  view.setUint32(8, 0x1a2b3c4d, true);
  view.setUint16(12, 1, true);
  view.setUint16(14, 0, true);
  // Section length -1: unknown, which lets a writer stream without seeking back.
  view.setUint32(16, 0xffffffff, true);
  view.setUint32(20, 0xffffffff, true);
  writeOptions(bytes, view, 24, options);
  return bytes;
}

export function interfaceDescription(opts: InterfaceDescriptionOptions): Uint8Array {
  if (!Number.isInteger(opts.linkType) || opts.linkType < 0 || opts.linkType > 0xffff)
    throw new RangeError(`link type ${opts.linkType} out of range`);
  if (!Number.isInteger(opts.snapLen) || opts.snapLen < 0 || opts.snapLen >= TWO32)
    throw new RangeError(`snaplen ${opts.snapLen} out of range`);
  const options: Option[] = [];
  if (opts.name !== undefined) options.push(textOption(IF_NAME, opts.name));
  if (opts.description !== undefined) options.push(textOption(IF_DESCRIPTION, opts.description));
  if (opts.tsResolNs) options.push({ code: IF_TSRESOL, value: Uint8Array.of(9) });
  const { bytes, view } = allocateBlock(BLOCK_IDB, 8 + optionsLength(options));
  view.setUint16(8, opts.linkType, true);
  view.setUint32(12, opts.snapLen, true);
  writeOptions(bytes, view, 16, options);
  return bytes;
}

export function enhancedPacket(opts: EnhancedPacketOptions, tsUnitsPerSec: number): Uint8Array {
  const options: Option[] = [];
  for (const c of opts.comments ?? []) options.push(textOption(OPT_COMMENT, c));
  const capLen = opts.data.length;
  if (!Number.isInteger(opts.origLen) || opts.origLen < 0 || opts.origLen >= TWO32)
    throw new RangeError(`original length ${opts.origLen} out of range`);
  if (!Number.isInteger(opts.interfaceId) || opts.interfaceId < 0 || opts.interfaceId >= TWO32)
    throw new RangeError(`interface id ${opts.interfaceId} out of range`);
  const { high, low } = timestampWords(opts.tsSec, opts.tsNsec, tsUnitsPerSec);
  const { bytes, view } = allocateBlock(BLOCK_EPB, 20 + ((capLen + 3) & ~3) + optionsLength(options));
  view.setUint32(8, opts.interfaceId, true);
  view.setUint32(12, high, true);
  view.setUint32(16, low, true);
  view.setUint32(20, capLen, true);
  view.setUint32(24, opts.origLen, true);
  bytes.set(opts.data, 28);
  writeOptions(bytes, view, 28 + ((capLen + 3) & ~3), options);
  return bytes;
}

export function interfaceStatistics(opts: InterfaceStatisticsOptions, tsUnitsPerSec: number): Uint8Array {
  const options: Option[] = [];
  if (opts.received !== undefined) options.push(uint64Option(ISB_IFRECV, opts.received));
  if (opts.dropped !== undefined) options.push(uint64Option(ISB_IFDROP, opts.dropped));
  if (opts.osDropped !== undefined) options.push(uint64Option(ISB_OSDROP, opts.osDropped));
  if (opts.userDelivered !== undefined) options.push(uint64Option(ISB_USRDELIV, opts.userDelivered));
  if (!Number.isInteger(opts.interfaceId) || opts.interfaceId < 0 || opts.interfaceId >= TWO32)
    throw new RangeError(`interface id ${opts.interfaceId} out of range`);
  const { high, low } = timestampWords(opts.tsSec, opts.tsNsec, tsUnitsPerSec);
  const { bytes, view } = allocateBlock(BLOCK_ISB, 12 + optionsLength(options));
  view.setUint32(8, opts.interfaceId, true);
  view.setUint32(12, high, true);
  view.setUint32(16, low, true);
  writeOptions(bytes, view, 20, options);
  return bytes;
}
