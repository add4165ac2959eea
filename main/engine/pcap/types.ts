/** Types shared by the capture-file reader and writer. */
import { byteView } from '../byte-view';

/**
 * A packet's capture time in seconds since the epoch, as every part of the engine reads it (the
 * flow shard must compute exactly the engine's number: the flow table's timeouts depend on it).
 */
export function packetSeconds(p: { tsSec: number; tsNsec: number }): number {
  return p.tsSec + p.tsNsec / 1e9;
}

/**
 * One packet read from a capture file (or a live pcapng stream). The reader hands every packet
 * in the same object, its fields rewritten (one allocation per packet less): like `data`, it is
 * valid only during the onPacket call, so copy what you keep.
 */
export interface CapturedPacket {
  /** 1-based position in the file, counting every packet block as Wireshark does. */
  frame: number;
  /** pcapng interface id (0 for classic pcap). */
  interfaceId: number;
  /** LINKTYPE_* of the interface. */
  linkType: number;
  /** Timestamp: whole seconds since the epoch and the nanoseconds past them. */
  tsSec: number;
  tsNsec: number;
  /** Captured length (= data.length) and original length on the wire. */
  capLen: number;
  origLen: number;
  /**
   * The packet bytes. A view into the reader's buffer, valid only during the callback:
   * copy what you keep.
   */
  data: Uint8Array;
  /** Byte offset of data[0] in the file, for reading evidence back later. */
  fileOffset: number;
  /** opt_comment values of the packet block, if any. */
  comments?: string[];
}

/**
 * The CapturedPacket the parsers deliver, one object rewritten for every packet. Its `data` view
 * is made only when something reads it: the packet decoder reads the frame where it lies in the
 * reader's buffer instead (buffer, dataStart, dataEnd), which saves a view per packet. Those are
 * kept in private fields, so a copy made by spreading ({ ...p, data }) holds only the public
 * fields, as before. Like `data`, the buffer is valid only during the onPacket call.
 */
export class ReaderPacket implements CapturedPacket {
  frame = 0;
  interfaceId = 0;
  linkType = 0;
  tsSec = 0;
  tsNsec = 0;
  capLen = 0;
  origLen = 0;
  fileOffset = 0;
  comments: string[] | undefined = undefined;
  #buffer: Uint8Array = new Uint8Array(0);
  #start = 0;
  #end = 0;
  #view: Uint8Array | null = null;

  get data(): Uint8Array {
    if (this.#view === null) this.#view = byteView(this.#buffer, this.#start, this.#end);
    return this.#view;
  }

  set data(data: Uint8Array) {
    this.setData(data, 0, data.length);
    this.#view = data;
  }

  /** The packet's bytes are buffer[start..end). */
  setData(buffer: Uint8Array, start: number, end: number): void {
    this.#buffer = buffer;
    this.#start = start;
    this.#end = end;
    this.#view = null;
  }

  /** The buffer holding the packet's bytes, at [dataStart, dataEnd). */
  get buffer(): Uint8Array {
    return this.#buffer;
  }

  get dataStart(): number {
    return this.#start;
  }

  get dataEnd(): number {
    return this.#end;
  }
}

export interface InterfaceInfo {
  id: number;
  linkType: number;
  snapLen: number;
  name?: string;
  description?: string;
  /** Timestamp units per second (1e6 for µs, 1e9 for ns, ...). */
  tsUnitsPerSec: number;
}

export interface SectionInfo {
  format: 'pcap' | 'pcapng';
  byteOrder: 'le' | 'be';
  versionMajor: number;
  versionMinor: number;
  /** shb_hardware / shb_os / shb_userappl / comments for pcapng. */
  hardware?: string;
  os?: string;
  application?: string;
  comments?: string[];
}

/** Counters of a pcapng Interface Statistics Block (isb_ifrecv, isb_ifdrop). */
export interface InterfaceStats {
  interfaceId: number;
  received?: number;
  dropped?: number;
  tsSec: number;
  /** Nanoseconds past tsSec of the block's timestamp. */
  tsNsec?: number;
}

export interface CaptureReaderHandlers {
  onPacket(packet: CapturedPacket): void;
  onInterface?(info: InterfaceInfo): void;
  onSection?(info: SectionInfo): void;
  /** Interface statistics block (pcapng ISB): received / dropped counters when present. */
  onInterfaceStats?(stats: InterfaceStats): void;
  /** Recoverable oddities: unknown block types, bad option lengths, a record longer than snaplen. */
  onAnomaly?(name: string, detail: string): void;
}
