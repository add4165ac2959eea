/**
 * Builds out/data/ip-tables.bin, the country and AS tables the engine's enricher searches
 * (main/engine/enrich/ip-ranges.ts; layout in ip-table-format.ts), from the CSV files of two
 * installed npm packages:
 *   @ip-location-db/geo-whois-asn-country  start,end,country        (CC0 1.0)
 *   @ip-location-db/asn                    start,end,asn,organisation  (CC BY 4.0, attribute)
 * The "-num" files give addresses as decimal integers, ranges inclusive. Where ranges nest or
 * overlap (the sources list a block and then more specific parts of it), the narrowest range
 * containing an address wins; adjacent stretches with the same value are merged.
 *
 *   npx tsx build/data/make-ip-tables.ts [--out FILE] [--if-stale]
 *
 * --if-stale does nothing when FILE exists and was built from the installed package versions,
 * so `prepare` can run it on every `npm ci` for the price of reading a header.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  IP_TABLE_SECTIONS,
  IP_TABLES_FORMAT,
  IP_TABLES_MAGIC,
  NO_AS,
  NO_COUNTRY,
  type IpTableSectionName,
  type IpTablesHeader,
  type IpTablesSource,
} from '../../main/engine/enrich/ip-table-format';

export const DEFAULT_OUT = fileURLToPath(new URL('../../out/data/ip-tables.bin', import.meta.url));

const require = createRequire(import.meta.url);

interface Range {
  start: bigint;
  end: bigint;
  value: number;
  /** Position in the source file, to break ties between identical ranges (first wins). */
  order: number;
}

interface Flat {
  starts: bigint[];
  values: number[];
}

const TOP_V4 = (1n << 32n) - 1n;
const TOP_V6 = (1n << 128n) - 1n;

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

function source(name: string, license: string, attribution: string): IpTablesSource {
  const pkg = JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string };
  return { package: name, version: pkg.version, license, attribution };
}

export function currentSources(): IpTablesSource[] {
  return [
    source(
      '@ip-location-db/geo-whois-asn-country',
      'CC0-1.0',
      'Country data: ip-location-db geo-whois-asn-country by sapics (CC0 1.0), from RIR WHOIS data ' +
        '(NRO, CC BY 4.0), GeoFeed and ASN data.',
    ),
    source(
      '@ip-location-db/asn',
      'CC-BY-4.0',
      'AS data: ip-location-db asn by sapics, built from RouteViews (routeviews.org), the NRO ' +
        '(nro.net) and DB-IP (IP to ASN Lite, db-ip.com), licensed under CC BY 4.0 ' +
        '(https://creativecommons.org/licenses/by/4.0/); merged and converted by PhoneHome.',
    ),
  ];
}

/**
 * Splits one CSV line (RFC 4180: a field may be quoted, a quote inside doubled) into fields.
 * The organisation names contain commas and quotes, so a plain split would misread them.
 */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line.charCodeAt(i) === 34) {
      let text = '';
      i++;
      while (i < line.length) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          text += line.slice(i);
          i = line.length;
          break;
        }
        text += line.slice(i, q);
        if (line.charCodeAt(q + 1) === 34) {
          text += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(text);
      const comma = line.indexOf(',', i);
      i = comma < 0 ? line.length + 1 : comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return fields;
}

function readRanges(
  file: string,
  top: bigint,
  valueOf: (fields: string[]) => number | null,
): { ranges: Range[]; skipped: number } {
  const ranges: Range[] = [];
  let skipped = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const fields = splitCsvLine(line.trimEnd());
    const value = fields.length >= 3 ? valueOf(fields) : null;
    if (value === null || !/^\d+$/.test(fields[0]) || !/^\d+$/.test(fields[1])) {
      skipped++;
      continue;
    }
    const start = BigInt(fields[0]);
    const end = BigInt(fields[1]);
    if (start > end || end > top) {
      skipped++;
      continue;
    }
    ranges.push({ start, end, value, order: ranges.length });
  }
  return { ranges, skipped };
}

/**
 * Turns possibly nested or overlapping inclusive ranges into boundaries: each output start
 * begins a stretch whose value is that of the narrowest input range covering it, or `none`.
 * The first boundary is address 0, so every address falls in some stretch.
 */
export function flatten(input: Range[], none: number, top: bigint): Flat {
  const ranges = input
    .slice()
    .sort((a, b) =>
      a.start !== b.start
        ? a.start < b.start
          ? -1
          : 1
        : a.end !== b.end
          ? a.end > b.end
            ? -1
            : 1
          : a.order - b.order,
    );
  const out: Flat = { starts: [], values: [] };
  const push = (start: bigint, value: number) => {
    if (out.values.length && out.values[out.values.length - 1] === value) return;
    out.starts.push(start);
    out.values.push(value);
  };
  push(0n, none);
  let active: Range[] = [];
  let i = 0;
  let p = ranges.length ? ranges[0].start : top + 1n;
  while (p <= top) {
    while (i < ranges.length && ranges[i].start === p) active.push(ranges[i++]);
    active = active.filter((r) => r.end >= p);
    if (active.length === 0) {
      push(p, none);
      if (i >= ranges.length) break;
      p = ranges[i].start;
      continue;
    }
    let best = active[0];
    let next = best.end + 1n;
    for (const r of active) {
      const width = r.end - r.start;
      const bestWidth = best.end - best.start;
      if (width < bestWidth || (width === bestWidth && r.order < best.order)) best = r;
      if (r.end + 1n < next) next = r.end + 1n;
    }
    if (i < ranges.length && ranges[i].start < next) next = ranges[i].start;
    push(p, best.value);
    p = next;
  }
  return out;
}

function v4Starts(flat: Flat): Uint32Array {
  return Uint32Array.from(flat.starts, (s) => Number(s));
}

function v6Starts(flat: Flat): Uint32Array {
  const words = new Uint32Array(flat.starts.length * 4);
  flat.starts.forEach((s, i) => {
    for (let k = 0; k < 4; k++) words[i * 4 + k] = Number((s >> BigInt(96 - 32 * k)) & 0xffffffffn);
  });
  return words;
}

function countryCode(fields: string[]): number | null {
  const c = fields[2];
  return /^[A-Z]{2}$/.test(c) ? (c.charCodeAt(0) << 8) | c.charCodeAt(1) : null;
}

/** Distinct (AS number, organisation) pairs and distinct organisation names. */
class AsTable {
  readonly numbers: number[] = [];
  readonly orgIndex: number[] = [];
  readonly orgs: string[] = [];
  private readonly pairs = new Map<string, number>();
  private readonly orgIds = new Map<string, number>();

  valueOf = (fields: string[]): number | null => {
    if (!/^\d+$/.test(fields[2])) return null;
    const asn = Number(fields[2]);
    if (asn > 0xffffffff) return null;
    const org = fields.slice(3).join(',').trim();
    const key = `${asn}\n${org}`;
    let index = this.pairs.get(key);
    if (index === undefined) {
      let orgId = this.orgIds.get(org);
      if (orgId === undefined) {
        orgId = this.orgs.length;
        this.orgs.push(org);
        this.orgIds.set(org, orgId);
      }
      index = this.numbers.length;
      this.numbers.push(asn);
      this.orgIndex.push(orgId);
      this.pairs.set(key, index);
    }
    return index;
  };

  stringTable(): { offsets: Uint32Array; bytes: Uint8Array } {
    const encoder = new TextEncoder();
    const encoded = this.orgs.map((o) => encoder.encode(o));
    const offsets = new Uint32Array(encoded.length + 1);
    encoded.forEach((e, i) => (offsets[i + 1] = offsets[i] + e.length));
    const bytes = new Uint8Array(offsets[encoded.length]);
    encoded.forEach((e, i) => bytes.set(e, offsets[i]));
    return { offsets, bytes };
  }
}

export function buildIpTables(): { file: Uint8Array; report: string } {
  const geo = packageDir('@ip-location-db/geo-whois-asn-country');
  const asn = packageDir('@ip-location-db/asn');
  const as = new AsTable();
  const c4 = readRanges(join(geo, 'geo-whois-asn-country-ipv4-num.csv'), TOP_V4, countryCode);
  const c6 = readRanges(join(geo, 'geo-whois-asn-country-ipv6-num.csv'), TOP_V6, countryCode);
  const a4 = readRanges(join(asn, 'asn-ipv4-num.csv'), TOP_V4, as.valueOf);
  const a6 = readRanges(join(asn, 'asn-ipv6-num.csv'), TOP_V6, as.valueOf);
  const fc4 = flatten(c4.ranges, NO_COUNTRY, TOP_V4);
  const fc6 = flatten(c6.ranges, NO_COUNTRY, TOP_V6);
  const fa4 = flatten(a4.ranges, NO_AS, TOP_V4);
  const fa6 = flatten(a6.ranges, NO_AS, TOP_V6);
  const strings = as.stringTable();
  const data: Record<IpTableSectionName, Uint8Array | Uint16Array | Uint32Array> = {
    v4CountryStarts: v4Starts(fc4),
    v4CountryCodes: Uint16Array.from(fc4.values),
    v6CountryStarts: v6Starts(fc6),
    v6CountryCodes: Uint16Array.from(fc6.values),
    v4AsStarts: v4Starts(fa4),
    v4AsIndex: Uint32Array.from(fa4.values),
    v6AsStarts: v6Starts(fa6),
    v6AsIndex: Uint32Array.from(fa6.values),
    asNumbers: Uint32Array.from(as.numbers),
    asOrgIndex: Uint32Array.from(as.orgIndex),
    orgOffsets: strings.offsets,
    orgBytes: strings.bytes,
  };
  const file = layOut(data);
  const skipped = c4.skipped + c6.skipped + a4.skipped + a6.skipped;
  const report =
    `country ranges IPv4 ${c4.ranges.length} → ${fc4.starts.length} boundaries, ` +
    `IPv6 ${c6.ranges.length} → ${fc6.starts.length}; AS ranges IPv4 ${a4.ranges.length} → ` +
    `${fa4.starts.length}, IPv6 ${a6.ranges.length} → ${fa6.starts.length}; ${as.numbers.length} AS ` +
    `entries, ${as.orgs.length} organisation names; ${skipped} malformed lines skipped; ` +
    `${(file.length / 1e6).toFixed(1)} MB`;
  return { file, report };
}

function layOut(data: Record<IpTableSectionName, Uint8Array | Uint16Array | Uint32Array>): Uint8Array {
  const names = Object.keys(IP_TABLE_SECTIONS) as IpTableSectionName[];
  const align = (n: number) => (n + 7) & ~7;
  // The header holds the section offsets, which depend on the header's own length; offsets are
  // written as fixed-width numbers so that length does not change between the two passes.
  const headerFor = (sections: IpTablesHeader['sections']): Uint8Array => {
    const header: IpTablesHeader = {
      format: IP_TABLES_FORMAT,
      built: new Date().toISOString(),
      sources: currentSources(),
      sections,
    };
    return new TextEncoder().encode(JSON.stringify(header));
  };
  const placeholder = Object.fromEntries(
    names.map((n) => [n, { offset: 1e11, length: 1e11 }]),
  ) as IpTablesHeader['sections'];
  const headerRoom = align(12 + headerFor(placeholder).length);
  const sections = {} as IpTablesHeader['sections'];
  let at = headerRoom;
  for (const name of names) {
    sections[name] = { offset: at, length: data[name].byteLength };
    at = align(at + data[name].byteLength);
  }
  const header = headerFor(sections);
  const file = new Uint8Array(at);
  file.set(new TextEncoder().encode(IP_TABLES_MAGIC), 0);
  new DataView(file.buffer).setUint32(8, header.length, true);
  file.set(header, 12);
  for (const name of names) {
    const d = data[name];
    file.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), sections[name].offset);
  }
  return file;
}

/** True when `path` holds tables of this format built from the installed package versions. */
export function isCurrent(path: string): boolean {
  if (!existsSync(path)) return false;
  const fd = openSync(path, 'r');
  try {
    const head = new Uint8Array(65536);
    const n = readSync(fd, head, 0, head.length, 0);
    if (n < 12 || new TextDecoder().decode(head.subarray(0, 8)) !== IP_TABLES_MAGIC) return false;
    const length = new DataView(head.buffer).getUint32(8, true);
    if (12 + length > n) return false;
    const header = JSON.parse(new TextDecoder().decode(head.subarray(12, 12 + length))) as IpTablesHeader;
    const want = currentSources();
    return (
      header.format === IP_TABLES_FORMAT &&
      want.every((s) => header.sources.some((h) => h.package === s.package && h.version === s.version))
    );
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

function main(): void {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, 'if-stale': { type: 'boolean' } },
  });
  const out = values.out ?? DEFAULT_OUT;
  if (values['if-stale'] && isCurrent(out)) {
    console.log(`${out} is up to date`);
    return;
  }
  const started = Date.now();
  const { file, report } = buildIpTables();
  mkdirSync(dirname(out), { recursive: true });
  // Written beside the target and renamed, so a reader never sees half a file.
  const temporary = `${out}.${process.pid}.tmp`;
  writeFileSync(temporary, file);
  renameSync(temporary, out);
  console.log(`${out}: ${report} (${Date.now() - started} ms)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
