/**
 * The IP tables end to end: build/data/make-ip-tables.ts converts the @ip-location-db CSVs, the
 * engine's IpRanges answers from the result, and an independent oracle — a Python script over
 * the packages' *text-address* CSVs (not the numeric ones the build reads), with its own CSV
 * parser, address arithmetic and a linear "narrowest containing range" search — says what the
 * answer should be, for random ranges' first and last addresses, the addresses just outside
 * them, and a random address inside.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIpTables, flatten, splitCsvLine } from '../../build/data/make-ip-tables';
import type { IpPlace, IpRanges } from '../engine/enrich/ip-ranges';
import { loadEnrichData, loadIpRanges, loadTrackerList } from './enrich-data';

const require = createRequire(import.meta.url);
const pkgDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

const ORACLE = String.raw`
import bisect, csv, ipaddress, json, random, socket, sys

geo_dir, asn_dir, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])

def to_int(text, family):
    return int.from_bytes(socket.inet_pton(family, text), 'big')

def load(path, family, kind):
    rows = []
    with open(path, newline='', encoding='utf-8') as f:
        for i, r in enumerate(csv.reader(f)):
            if kind == 'country':
                value = (r[2],)
            else:
                value = (int(r[2]), r[3].strip() if len(r) > 3 else '')  # names are trimmed, as the build does
            rows.append((to_int(r[0], family), to_int(r[1], family), i, value))
    rows.sort()
    starts = [r[0] for r in rows]
    reach, top = [], -1
    for r in rows:
        top = max(top, r[1])
        reach.append(top)
    return rows, starts, reach

def narrowest(table, x):
    rows, starts, reach = table
    best = None
    i = bisect.bisect_right(starts, x) - 1
    while i >= 0 and reach[i] >= x:
        a, b, order, value = rows[i]
        if a <= x <= b:
            key = (b - a, order)
            if best is None or key < best[0]:
                best = (key, value)
        i -= 1
    return None if best is None else best[1]

v4, v6 = socket.AF_INET, socket.AF_INET6
tables = {
    4: (load(geo_dir + '/geo-whois-asn-country-ipv4.csv', v4, 'country'), load(asn_dir + '/asn-ipv4.csv', v4, 'asn')),
    6: (load(geo_dir + '/geo-whois-asn-country-ipv6.csv', v6, 'country'), load(asn_dir + '/asn-ipv6.csv', v6, 'asn')),
}
rng = random.Random(seed)
queries = []
for version in (4, 6):
    top = (1 << (32 if version == 4 else 128)) - 1
    for table in tables[version]:
        rows, starts, reach = table
        # Ranges that start inside an earlier one: where "narrowest wins" decides the answer.
        nested = [r for i, r in enumerate(rows) if i > 0 and r[0] <= reach[i - 1]]
        picks = [rows[rng.randrange(len(rows))] for _ in range(10)]
        picks += [nested[rng.randrange(len(nested))] for _ in range(min(5, len(nested)))]
        for a, b, _, _ in picks:
            for x in (a, b, a - 1, b + 1, rng.randint(a, b)):
                if 0 <= x <= top:
                    queries.append((version, x))
for text in ('8.8.8.8', '1.1.1.1', '9.9.9.9', '2001:4860:4860::8888', '2606:4700:4700::1111'):
    queries.append((6 if ':' in text else 4, int(ipaddress.ip_address(text))))

out = []
for version, x in queries:
    address = ipaddress.ip_address(x) if version == 4 else ipaddress.IPv6Address(x)
    country = narrowest(tables[version][0], x)
    asn = narrowest(tables[version][1], x)
    out.append({
        'ip': str(address),
        'global': address.is_global,
        'country': country[0] if country else None,
        'asn': asn[0] if asn else None,
        'asOrg': (asn[1] or None) if asn else None,
    })
print(json.dumps(out))
`;

interface OracleAnswer {
  ip: string;
  global: boolean;
  country: string | null;
  asn: number | null;
  asOrg: string | null;
}

const hasPython = spawnSync('python3', ['--version']).status === 0;
let dir: string;
let ranges: IpRanges;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'phonehome-enrich-'));
  // Built afresh (about 3 s) rather than taken from out/data, so the build script is tested too.
  writeFileSync(join(dir, 'ip-tables.bin'), buildIpTables().file);
  const loaded = loadIpRanges(join(dir, 'ip-tables.bin'), (m) => {
    throw new Error(m);
  });
  ranges = loaded!;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('IP tables against the source CSVs', () => {
  it.skipIf(!hasPython)(
    'answers as the narrowest source range does, at range edges and inside (Python oracle)',
    () => {
      const oracle = spawnSync(
        'python3',
        [
          '-c',
          ORACLE,
          pkgDir('@ip-location-db/geo-whois-asn-country'),
          pkgDir('@ip-location-db/asn'),
          '20240601',
        ],
        { encoding: 'utf8', maxBuffer: 1 << 24 },
      );
      expect(oracle.stderr).toBe('');
      const answers = JSON.parse(oracle.stdout) as OracleAnswer[];
      let compared = 0;
      let v6 = 0;
      for (const a of answers) {
        // Python's idea of "global" is the oracle for the special-purpose blocks too.
        if (!a.global) {
          expect(ranges.lookup(a.ip), a.ip).toBeNull();
          continue;
        }
        const want: IpPlace | null =
          a.country === null && a.asn === null ? null : { country: a.country, asn: a.asn, asOrg: a.asOrg };
        expect(ranges.lookup(a.ip), a.ip).toEqual(want);
        compared++;
        if (a.ip.includes(':')) v6++;
      }
      expect(compared).toBeGreaterThan(250);
      expect(v6).toBeGreaterThan(100);
    },
    120_000,
  );

  it('knows well-known anycast resolvers', () => {
    expect(ranges.lookup('8.8.8.8')?.asn).toBe(15169);
    expect(ranges.lookup('1.1.1.1')?.asn).toBe(13335);
    expect(ranges.lookup('2001:4860:4860::8888')?.asn).toBe(15169);
  });
});

describe('make-ip-tables helpers', () => {
  it('splits CSV lines as RFC 4180 says, quotes and all', () => {
    expect(splitCsvLine('16777216,16777471,13335,"Cloudflare, Inc."')).toEqual([
      '16777216',
      '16777471',
      '13335',
      'Cloudflare, Inc.',
    ]);
    expect(splitCsvLine('1,2,201907,"LLC ""SPUTNIK"""')).toEqual(['1', '2', '201907', 'LLC "SPUTNIK"']);
    expect(splitCsvLine('1,2,3,Plain Org')).toEqual(['1', '2', '3', 'Plain Org']);
    expect(splitCsvLine('1,2,AU')).toEqual(['1', '2', 'AU']);
    expect(splitCsvLine('1,2,3,')).toEqual(['1', '2', '3', '']);
  });

  it('flattens nested and overlapping ranges, narrowest first, merging equal neighbours', () => {
    const r = (start: number, end: number, value: number, order: number) => ({
      start: BigInt(start),
      end: BigInt(end),
      value,
      order,
    });
    // 10-99 is 1, with 20-29 carved out as 2 and 25 alone as 3; 90-120 overlaps the end of the
    // first range and is narrower there (31 wide vs 90), so 90-99 is 4; 100-120 is 4 too and
    // merges with it; 200-209 twice: the first listed wins; 210-219 is 5 right after it.
    const flat = flatten(
      [
        r(10, 99, 1, 0),
        r(20, 29, 2, 1),
        r(25, 25, 3, 2),
        r(90, 120, 4, 3),
        r(200, 209, 6, 4),
        r(200, 209, 7, 5),
        r(210, 219, 5, 6),
      ],
      0,
      255n,
    );
    expect(flat.starts.map(Number)).toEqual([0, 10, 20, 25, 26, 30, 90, 121, 200, 210, 220]);
    expect(flat.values).toEqual([0, 1, 2, 3, 2, 1, 4, 0, 6, 5, 0]);
  });

  it('ends at the top of the address space without a gap entry past it', () => {
    const flat = flatten([{ start: 250n, end: 255n, value: 9, order: 0 }], 0, 255n);
    expect(flat.starts.map(Number)).toEqual([0, 250]);
    expect(flat.values).toEqual([0, 9]);
  });
});

describe('loading', () => {
  it('returns null with a warning that says how to fix a missing table', () => {
    const warnings: string[] = [];
    expect(loadIpRanges(join(dir, 'missing.bin'), (m) => warnings.push(m))).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/not found at .*missing\.bin.*npm run build:data/);
  });

  it('returns null with a warning for a damaged table', () => {
    const path = join(dir, 'damaged.bin');
    writeFileSync(path, readFileSync(join(dir, 'ip-tables.bin')).subarray(0, 5000));
    const warnings: string[] = [];
    expect(loadIpRanges(path, (m) => warnings.push(m))).toBeNull();
    expect(warnings[0]).toMatch(/unusable \(IP table section .* out of bounds/);
  });

  it('still enriches with the tracker list when the table is missing, and credits the data when present', () => {
    const without = loadEnrichData({ ipTablesPath: join(dir, 'missing.bin'), warn: () => undefined });
    expect(without.enricher.place('8.8.8.8')).toBeNull();
    expect(without.enricher.trackerOwner('app-measurement.com')).toBe('Google');
    expect(without.attributions).toEqual([]);
    const full = loadEnrichData({ ipTablesPath: join(dir, 'ip-tables.bin'), warn: (m) => expect.fail(m) });
    expect(full.enricher.place('8.8.8.8')?.country).toBe(ranges.lookup('8.8.8.8')?.country);
    expect(full.attributions.join('\n')).toMatch(/CC BY 4\.0/);
    expect(full.attributions.join('\n')).toMatch(/db-ip\.com/);
  });

  it('loads the bundled tracker list without problems', () => {
    const warnings: string[] = [];
    expect(loadTrackerList((m) => warnings.push(m)).size).toBeGreaterThan(50);
    expect(warnings).toEqual([]);
  });
});
