import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IP_TABLE_SECTIONS, type IpTableSectionName } from './ip-table-format';
import { parseIpTables, type IpRanges } from './ip-ranges';

const cc = (code: string) => (code.charCodeAt(0) << 8) | code.charCodeAt(1);
const NONE = 0xffffffff;

/**
 * A hand-written table in the file layout of ip-table-format.ts. Each array is annotated with
 * the stretch of addresses each entry begins; the real tables are checked against the source
 * CSVs in main/services/enrich-data.test.ts.
 */
function fixtureSections(): Record<IpTableSectionName, Uint8Array | Uint16Array | Uint32Array> {
  const org = new TextEncoder().encode('Google LLCExämple Net');
  return {
    // 0.0.0.0 gap, 1.0.0.0 AU, 1.0.1.0 gap, 8.8.8.0 US, 8.8.9.0 gap, 10.0.0.0 "XX" (inside a
    // private block, so never answered), 11.0.0.0 gap.
    v4CountryStarts: Uint32Array.of(
      0,
      0x01000000,
      0x01000100,
      0x08080800,
      0x08080900,
      0x0a000000,
      0x0b000000,
    ),
    v4CountryCodes: Uint16Array.of(0, cc('AU'), 0, cc('US'), 0, cc('XX'), 0),
    // 0.0.0.0 gap, 8.8.8.0 AS pair 0, 8.8.9.0 gap.
    v4AsStarts: Uint32Array.of(0, 0x08080800, 0x08080900),
    v4AsIndex: Uint32Array.of(NONE, 0, NONE),
    // :: gap, 2001:4860:: US, 2001:4861:: gap.
    v6CountryStarts: Uint32Array.of(0, 0, 0, 0, 0x20014860, 0, 0, 0, 0x20014861, 0, 0, 0),
    v6CountryCodes: Uint16Array.of(0, cc('US'), 0),
    // :: gap, 2001:4860:: pair 0, 2001:4860:0:0:8000:: pair 1 (a boundary in the third word),
    // 2001:4861:: gap.
    v6AsStarts: Uint32Array.of(
      0,
      0,
      0,
      0,
      0x20014860,
      0,
      0,
      0,
      0x20014860,
      0,
      0x80000000,
      0,
      0x20014861,
      0,
      0,
      0,
    ),
    v6AsIndex: Uint32Array.of(NONE, 0, 1, NONE),
    asNumbers: Uint32Array.of(15169, 64496),
    asOrgIndex: Uint32Array.of(0, 1),
    // "Google LLC" is bytes 0..10, "Exämple Net" 10..22 (ä is two bytes in UTF-8).
    orgOffsets: Uint32Array.of(0, 10, org.length),
    orgBytes: org,
  };
}

function layOut(
  data: Record<IpTableSectionName, Uint8Array | Uint16Array | Uint32Array>,
  headerExtra = {},
): Uint8Array {
  const names = Object.keys(IP_TABLE_SECTIONS) as IpTableSectionName[];
  const sections: Record<string, { offset: number; length: number }> = {};
  let at = 4096;
  for (const n of names) {
    sections[n] = { offset: at, length: data[n].byteLength };
    at = (at + data[n].byteLength + 7) & ~7;
  }
  const header = new TextEncoder().encode(
    JSON.stringify({ format: 1, built: '2025-01-01T00:00:00Z', sources: [], sections, ...headerExtra }),
  );
  const file = new Uint8Array(at);
  file.set(new TextEncoder().encode('PHIPTBL1'));
  new DataView(file.buffer).setUint32(8, header.length, true);
  file.set(header, 12);
  for (const n of names)
    file.set(new Uint8Array(data[n].buffer, data[n].byteOffset, data[n].byteLength), sections[n].offset);
  return file;
}

function tables(bytes = layOut(fixtureSections())): IpRanges {
  const r = parseIpTables(bytes);
  if (!r.ok) throw new Error(r.error);
  return r.tables;
}

describe('IpRanges.lookup', () => {
  const t = tables();
  const google = { country: 'US', asn: 15169, asOrg: 'Google LLC' };

  it('finds the stretch an address falls in, at its first and last address', () => {
    expect(t.lookup('8.8.8.0')).toEqual(google);
    expect(t.lookup('8.8.8.8')).toEqual(google);
    expect(t.lookup('8.8.8.255')).toEqual(google);
    expect(t.lookup('8.8.7.255')).toBeNull();
    expect(t.lookup('8.8.9.0')).toBeNull();
    expect(t.lookup('1.0.0.0')).toEqual({ country: 'AU', asn: null, asOrg: null });
    expect(t.lookup('1.0.0.255')).toEqual({ country: 'AU', asn: null, asOrg: null });
    expect(t.lookup('1.0.1.0')).toBeNull();
    expect(t.lookup('255.255.255.254')).toBeNull();
  });

  it('compares all four words of an IPv6 address', () => {
    expect(t.lookup('2001:4860::')).toEqual(google);
    expect(t.lookup('2001:4860::7fff:ffff:ffff:ffff')).toEqual(google);
    expect(t.lookup('2001:4860::8000:0:0:0')).toEqual({ country: 'US', asn: 64496, asOrg: 'Exämple Net' });
    expect(t.lookup('2001:4860:ffff:ffff:ffff:ffff:ffff:ffff')).toEqual({
      country: 'US',
      asn: 64496,
      asOrg: 'Exämple Net',
    });
    expect(t.lookup('2001:4861::')).toBeNull();
    expect(t.lookup('2001:485f:ffff:ffff:ffff:ffff:ffff:ffff')).toBeNull();
  });

  it('answers IPv4-mapped and NAT64 addresses as the IPv4 address they carry', () => {
    expect(t.lookup('::ffff:8.8.8.8')).toEqual(google);
    expect(t.lookup('64:ff9b::808:808')).toEqual(google);
    expect(t.lookup('64:ff9b::a00:1')).toBeNull();
  });

  it('takes raw address bytes', () => {
    expect(t.lookup(Uint8Array.of(8, 8, 8, 8))).toEqual(google);
    const v6 = new Uint8Array(16);
    v6.set([0x20, 0x01, 0x48, 0x60]);
    expect(t.lookup(v6)).toEqual(google);
  });

  it('gives nothing for private, reserved and documentation addresses, even where a table has data', () => {
    // 10.0.0.0/8 is "XX" in the fixture; RFC 1918 space has no public place.
    for (const ip of [
      '10.1.2.3',
      '127.0.0.1',
      '172.16.0.1',
      '192.168.1.1',
      '100.64.0.1',
      '169.254.1.1',
      '192.0.2.1',
      '198.51.100.1',
      '203.0.113.1',
      '224.0.0.251',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      'ff02::fb',
      '2001:db8::1',
      '3fff::1',
      '::ffff:10.0.0.1',
    ]) {
      expect(t.lookup(ip), ip).toBeNull();
    }
    expect(t.lookup('not an address')).toBeNull();
  });

  it('counts the table entries', () => {
    expect(t.size).toBe(7 + 3 + 3 + 4);
  });
});

describe('parseIpTables on damaged files', () => {
  const good = layOut(fixtureSections());

  it('names what is wrong instead of throwing', () => {
    const bad = (bytes: Uint8Array) => {
      const r = parseIpTables(bytes);
      return r.ok ? 'ok' : r.error;
    };
    expect(bad(new Uint8Array(0))).toMatch(/bad magic/);
    expect(bad(new TextEncoder().encode('PHIPTBL0' + ' '.repeat(100)))).toMatch(/bad magic/);
    expect(bad(good.subarray(0, 100))).toMatch(/header is truncated/);
    expect(bad(good.subarray(0, good.length - 8))).toMatch(/out of bounds/);
    expect(bad(layOut(fixtureSections(), { format: 2 }))).toMatch(/format 2/);
    const notJson = good.slice();
    notJson[12] = 0x7b;
    notJson[13] = 0x7b;
    expect(bad(notJson)).toMatch(/not valid JSON/);
    const unsorted = fixtureSections();
    unsorted.v4CountryStarts = Uint32Array.of(
      0,
      0x01000100,
      0x01000000,
      0x08080800,
      0x08080900,
      0x0a000000,
      0x0b000000,
    );
    expect(bad(layOut(unsorted))).toMatch(/not sorted/);
    const uneven = fixtureSections();
    uneven.v6AsIndex = Uint32Array.of(NONE, 0, 1);
    expect(bad(layOut(uneven))).toMatch(/lengths differ/);
    expect(bad(good)).toBe('ok');
  });

  it('maps a table that sits at an odd offset in a larger buffer', () => {
    const shifted = new Uint8Array(good.length + 3);
    shifted.set(good, 3);
    const r = parseIpTables(shifted.subarray(3));
    expect(r.ok && r.tables.lookup('8.8.8.8')?.asn).toBe(15169);
  });

  it('never throws, and lookups stay in bounds, whatever bytes are flipped (fuzz)', () => {
    fc.assert(
      fc.property(
        // Flips land in the magic and header or in the sections, not in the padding between.
        fc.array(
          fc.tuple(
            fc.oneof(fc.nat(600), fc.integer({ min: 4096, max: good.length - 1 })),
            fc.integer({ min: 0, max: 255 }),
          ),
          { minLength: 1, maxLength: 20 },
        ),
        fc.array(fc.uint8Array({ minLength: 4, maxLength: 4 }), { maxLength: 5 }),
        (flips, addresses) => {
          const bytes = good.slice();
          for (const [at, value] of flips) bytes[at] = value;
          const r = parseIpTables(bytes);
          if (!r.ok) return;
          for (const a of addresses) r.tables.lookup(a);
          r.tables.lookup('2001:4860::1');
        },
      ),
      { numRuns: 2000 },
    );
  });
});
