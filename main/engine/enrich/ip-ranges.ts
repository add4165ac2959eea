/**
 * Where an IP address is registered (country) and who announces it (AS number and
 * organisation), by binary search over the tables build/data/make-ip-tables.ts writes (layout in
 * ip-table-format.ts). The engine does no I/O: the caller reads the file and hands the bytes in.
 *
 * Threat model: the table file is built on this machine from the @ip-location-db packages, but
 * it may be truncated, stale or from another version of the format. Parsing checks the magic,
 * the header, every section's bounds, alignment and length, and (on a sample) that starts
 * increase, and returns an error message instead of throwing; after that every lookup stays
 * within the sections whatever values they hold. The sections are views on the caller's bytes, not copies,
 * so loading costs little more than reading the file.
 */
import {
  IP_TABLE_SECTIONS,
  IP_TABLES_FORMAT,
  IP_TABLES_MAGIC,
  NO_AS,
  NO_COUNTRY,
  type IpTableSectionName,
  type IpTablesHeader,
} from './ip-table-format';
import { ipWordsFromBytes, parseIpAddress } from './ip-address-parse';
import { embeddedIpv4, isSpecialIpv4, isSpecialIpv6 } from './special-ranges';

export interface IpPlace {
  /** ISO 3166-1 alpha-2 code of the country the address is registered in. */
  country: string | null;
  asn: number | null;
  asOrg: string | null;
}

export type IpTablesResult = { ok: true; tables: IpRanges } | { ok: false; error: string };

type Sections = {
  [K in IpTableSectionName]: (typeof IP_TABLE_SECTIONS)[K] extends 'u32'
    ? Uint32Array
    : (typeof IP_TABLE_SECTIONS)[K] extends 'u16'
      ? Uint16Array
      : Uint8Array;
};

const ELEMENT_SIZE = { u32: 4, u16: 2, u8: 1 } as const;
const MAX_HEADER_BYTES = 1 << 20;

/** Check and map the table file's bytes; never throws. */
export function parseIpTables(input: Uint8Array): IpTablesResult {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
    return { ok: false, error: 'the IP tables are little-endian and this machine is not' };
  }
  // Typed-array views need their element alignment in memory, not only within the file.
  const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
  if (bytes.length < 12 || latin1(bytes, 0, 8) !== IP_TABLES_MAGIC) {
    return { ok: false, error: 'not an IP table file (bad magic)' };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (headerLength > MAX_HEADER_BYTES || 12 + headerLength > bytes.length) {
    return { ok: false, error: 'IP table header is truncated' };
  }
  let header: IpTablesHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as IpTablesHeader;
  } catch {
    return { ok: false, error: 'IP table header is not valid JSON' };
  }
  if (header?.format !== IP_TABLES_FORMAT || typeof header.sections !== 'object' || !header.sections) {
    return { ok: false, error: `IP table format ${String(header?.format)} is not ${IP_TABLES_FORMAT}` };
  }
  const sections = {} as Record<IpTableSectionName, Uint8Array | Uint16Array | Uint32Array>;
  for (const name of Object.keys(IP_TABLE_SECTIONS) as IpTableSectionName[]) {
    const type = IP_TABLE_SECTIONS[name];
    const size = ELEMENT_SIZE[type];
    const where = header.sections[name];
    const offset = where?.offset;
    const length = where?.length;
    if (
      !Number.isSafeInteger(offset) ||
      !Number.isSafeInteger(length) ||
      offset < 12 + headerLength ||
      length < 0 ||
      offset + length > bytes.length ||
      offset % size !== 0 ||
      length % size !== 0
    ) {
      return { ok: false, error: `IP table section ${name} is out of bounds or misaligned` };
    }
    const at = bytes.byteOffset + offset;
    sections[name] =
      type === 'u32'
        ? new Uint32Array(bytes.buffer, at, length / 4)
        : type === 'u16'
          ? new Uint16Array(bytes.buffer, at, length / 2)
          : new Uint8Array(bytes.buffer, at, length);
  }
  const s = sections as Sections;
  const problem = checkSections(s);
  if (problem) return { ok: false, error: problem };
  return { ok: true, tables: new IpRanges(header, s) };
}

function checkSections(s: Sections): string | null {
  if (s.v4CountryStarts.length !== s.v4CountryCodes.length) return 'IPv4 country table lengths differ';
  if (s.v6CountryStarts.length !== 4 * s.v6CountryCodes.length) return 'IPv6 country table lengths differ';
  if (s.v4AsStarts.length !== s.v4AsIndex.length) return 'IPv4 AS table lengths differ';
  if (s.v6AsStarts.length !== 4 * s.v6AsIndex.length) return 'IPv6 AS table lengths differ';
  if (s.asNumbers.length !== s.asOrgIndex.length) return 'AS table lengths differ';
  if (s.orgOffsets.length === 0) return 'organisation string table is empty';
  if (!increasing(s.v4CountryStarts, 1) || !increasing(s.v4AsStarts, 1)) return 'IPv4 starts are not sorted';
  if (!increasing(s.v6CountryStarts, 4) || !increasing(s.v6AsStarts, 4)) return 'IPv6 starts are not sorted';
  return null;
}

/**
 * Entries of `width` (1 or 4) words each increase. A full pass over a million entries costs tens
 * of milliseconds in a fresh process, where the loop is not yet compiled, so large tables are
 * checked at about 4096 evenly spaced entries: enough to refuse a file of another layout or
 * word order, which is what this guards against (a lookup stays in bounds either way).
 */
function increasing(starts: Uint32Array, width: 1 | 4): boolean {
  const n = starts.length / width;
  const step = Math.max(1, Math.floor(n / 4096));
  for (let i = step; i < n; i += step) {
    if (compareAt(starts, (i - step) * width, starts, i * width, width) >= 0) return false;
  }
  return n < 2 || compareAt(starts, (n - 2) * width, starts, (n - 1) * width, width) < 0;
}

function compareAt(a: Uint32Array, ai: number, b: Uint32Array, bi: number, width: number): number {
  for (let k = 0; k < width; k++) {
    const x = a[ai + k];
    const y = b[bi + k];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]);
  return text;
}

export class IpRanges {
  private readonly words = new Uint32Array(4);
  private readonly orgNames: (string | undefined)[] = [];
  private readonly decoder = new TextDecoder();

  constructor(
    readonly header: IpTablesHeader,
    private readonly s: Sections,
  ) {}

  /** Ranges in the tables (country + AS, IPv4 + IPv6), for reports. */
  get size(): number {
    return (
      this.s.v4CountryCodes.length +
      this.s.v6CountryCodes.length +
      this.s.v4AsIndex.length +
      this.s.v6AsIndex.length
    );
  }

  /**
   * The place of an address given as text or as its 4 or 16 network-order bytes; null for
   * private, reserved and documentation addresses, for ones no table covers, and for anything
   * that is not an address.
   */
  lookup(ip: string | Uint8Array): IpPlace | null {
    const w = this.words;
    const version = typeof ip === 'string' ? parseIpAddress(ip, w) : ipWordsFromBytes(ip, w);
    if (version === 0) return null;
    if (version === 6) {
      const v4 = embeddedIpv4(w);
      if (v4 < 0) return isSpecialIpv6(w) ? null : this.place6(w);
      w[0] = v4;
    }
    return isSpecialIpv4(w[0]) ? null : this.place4(w[0]);
  }

  private place4(address: number): IpPlace | null {
    const s = this.s;
    const c = findV4(s.v4CountryStarts, address);
    const a = findV4(s.v4AsStarts, address);
    return this.place(c < 0 ? NO_COUNTRY : s.v4CountryCodes[c], a < 0 ? NO_AS : s.v4AsIndex[a]);
  }

  private place6(w: Uint32Array): IpPlace | null {
    const s = this.s;
    const c = findV6(s.v6CountryStarts, w);
    const a = findV6(s.v6AsStarts, w);
    return this.place(c < 0 ? NO_COUNTRY : s.v6CountryCodes[c], a < 0 ? NO_AS : s.v6AsIndex[a]);
  }

  private place(code: number, asIndex: number): IpPlace | null {
    const country = code === NO_COUNTRY ? null : String.fromCharCode(code >>> 8, code & 0xff);
    const known = asIndex !== NO_AS && asIndex < this.s.asNumbers.length;
    if (country === null && !known) return null;
    return {
      country,
      asn: known ? this.s.asNumbers[asIndex] : null,
      asOrg: known ? this.orgName(this.s.asOrgIndex[asIndex]) : null,
    };
  }

  private orgName(index: number): string | null {
    const cached = this.orgNames[index];
    if (cached !== undefined) return cached || null;
    const { orgOffsets, orgBytes } = this.s;
    if (index + 1 >= orgOffsets.length) return null;
    const start = orgOffsets[index];
    const end = orgOffsets[index + 1];
    if (start > end || end > orgBytes.length) return null;
    const name = this.decoder.decode(orgBytes.subarray(start, end));
    this.orgNames[index] = name;
    return name || null;
  }
}

/** Index of the last entry whose start is ≤ address, or -1. */
function findV4(starts: Uint32Array, address: number): number {
  if (starts.length === 0 || address < starts[0]) return -1;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid] <= address) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The same over 4-word starts; `w` is the address, most significant word first. */
function findV6(starts: Uint32Array, w: Uint32Array): number {
  const n = starts.length >>> 2;
  if (n === 0 || compareAt(starts, 0, w, 0, 4) > 0) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (compareAt(starts, mid * 4, w, 0, 4) <= 0) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
