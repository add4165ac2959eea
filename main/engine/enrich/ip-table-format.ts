/**
 * The layout of out/data/ip-tables.bin, shared by the script that writes it
 * (build/data/make-ip-tables.ts) and the reader (ip-ranges.ts).
 *
 *   bytes 0..8    magic "PHIPTBL1"
 *   bytes 8..12   u32 little-endian: length M of the JSON header
 *   bytes 12..    M bytes of UTF-8 JSON (IpTablesHeader), zero-padded to a multiple of 8
 *   then          the sections the header lists, each at an 8-byte-aligned offset
 *
 * Every table is a list of boundaries: entry i covers the addresses from starts[i] up to
 * starts[i+1] - 1 (the last entry up to the top of the address space), and its value says what
 * that stretch is, or NO_COUNTRY / NO_AS for a gap the sources do not cover. Where the sources
 * give nested or overlapping ranges, the narrowest range that contains an address wins.
 * IPv4 starts are one u32 each; IPv6 starts are four u32 words each, most significant first.
 * All numbers are little-endian, so a little-endian reader maps the sections as typed arrays
 * without copying.
 */

export const IP_TABLES_MAGIC = 'PHIPTBL1';
export const IP_TABLES_FORMAT = 1;

/** Country value of a gap; a real code is (first letter << 8) | second letter. */
export const NO_COUNTRY = 0;
/** AS index value of a gap. */
export const NO_AS = 0xffffffff;

/** Section name → element type, in the order the writer lays them out. */
export const IP_TABLE_SECTIONS = {
  v4CountryStarts: 'u32',
  v4CountryCodes: 'u16',
  v6CountryStarts: 'u32',
  v6CountryCodes: 'u16',
  v4AsStarts: 'u32',
  v4AsIndex: 'u32',
  v6AsStarts: 'u32',
  v6AsIndex: 'u32',
  /** Per distinct (AS number, organisation) pair: the AS number. */
  asNumbers: 'u32',
  /** Per pair: index of the organisation's name in the string table. */
  asOrgIndex: 'u32',
  /** String table: name i is orgBytes[orgOffsets[i] .. orgOffsets[i + 1]), UTF-8. */
  orgOffsets: 'u32',
  orgBytes: 'u8',
} as const;

export type IpTableSectionName = keyof typeof IP_TABLE_SECTIONS;

export interface IpTablesSource {
  package: string;
  version: string;
  license: string;
  /** The attribution the license asks for, in plain words. */
  attribution: string;
}

export interface IpTablesHeader {
  format: number;
  /** When the table was built (ISO 8601). */
  built: string;
  sources: IpTablesSource[];
  /** Byte offset and length of each section within the file. */
  sections: Record<IpTableSectionName, { offset: number; length: number }>;
}
