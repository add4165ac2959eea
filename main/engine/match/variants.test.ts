import { describe, expect, it } from 'vitest';
import type { Identifier } from '../../../shared/identifier-types';
import { checkIdentifier } from '../../../shared/identifiers';
import type { Variant } from './variant';
import { variantsFor } from './variants';

function variants(id: Identifier): Variant[] {
  const check = checkIdentifier(id);
  expect(check.ok).toBe(true);
  return variantsFor(id, check.canonical!);
}

const text = (v: Variant): string => new TextDecoder().decode(v.bytes);

/** encoding → texts, to compare against hand-written expectations. */
function byEncoding(list: Variant[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const v of list) map.set(v.encoding, [...(map.get(v.encoding) ?? []), text(v)]);
  return map;
}

describe('variantsFor', () => {
  it('writes a Chinese mobile number in every usual form', () => {
    const map = byEncoding(variants({ kind: 'phone', value: '+86 138 0013 8000' }));
    expect(map.get('phone-e164')).toEqual(['+8613800138000']);
    expect(map.get('phone-00')).toEqual(['008613800138000']);
    expect(map.get('phone-digits')).toEqual(['8613800138000']);
    expect(map.get('phone-national')).toEqual(['13800138000']);
    expect(map.get('phone-trunk')).toEqual(['013800138000']);
    expect(map.get('phone-grouped')).toEqual(
      expect.arrayContaining(['138 0013 8000', '138-0013-8000', '138.0013.8000']),
    );
    expect(map.get('phone-grouped-intl')).toEqual(
      expect.arrayContaining(['+86 138 0013 8000', '+86-138-0013-8000', '+86 13800138000']),
    );
    expect(map.get('url')).toEqual(['%2B8613800138000']);
    expect(map.get('url(phone-grouped-intl)')).toEqual(expect.arrayContaining(['%2B86%20138%200013%208000']));
    expect(map.get('url-form(phone-grouped-intl)')).toEqual(expect.arrayContaining(['%2B86+138+0013+8000']));
    expect(map.get('url-form(phone-grouped)')).toEqual(expect.arrayContaining(['138+0013+8000']));
  });

  it('writes US, UK, German, French and Indian numbers as libphonenumber formats them', () => {
    const us = byEncoding(variants({ kind: 'phone', value: '+1 213 373 4253' }));
    expect(us.get('phone-national')).toEqual(['2133734253']);
    expect(us.get('phone-grouped')).toEqual(
      expect.arrayContaining(['(213) 373-4253', '213-373-4253', '213.373.4253']),
    );
    expect(us.get('phone-grouped-intl')).toEqual(expect.arrayContaining(['+1 213 373 4253']));
    const gb = byEncoding(variants({ kind: 'phone', value: '020 7946 0958', country: 'GB' }));
    expect(gb.get('phone-trunk')).toEqual(['02079460958']);
    expect(gb.get('phone-grouped')).toEqual(expect.arrayContaining(['020 7946 0958']));
    expect(gb.get('phone-grouped-intl')).toEqual(expect.arrayContaining(['+44 20 7946 0958']));
    const de = byEncoding(variants({ kind: 'phone', value: '+49 30 12345678' }));
    expect(de.get('phone-grouped')).toEqual(expect.arrayContaining(['030 12345678']));
    const fr = byEncoding(variants({ kind: 'phone', value: '+33 6 12 34 56 78' }));
    expect(fr.get('phone-grouped')).toEqual(expect.arrayContaining(['06 12 34 56 78', '06.12.34.56.78']));
    const india = byEncoding(variants({ kind: 'phone', value: '+91 98765 43210' }));
    expect(india.get('phone-trunk')).toEqual(['09876543210']);
    expect(india.get('phone-grouped-intl')).toEqual(expect.arrayContaining(['+91 98765 43210']));
  });

  it('writes an IMEI with 15 and 14 digits, inside IMEISVs and grouped', () => {
    const list = variants({ kind: 'imei', value: '490154203237518' });
    const map = byEncoding(list);
    expect(map.get('plain')).toEqual(['490154203237518']);
    expect(map.get('imei-14')).toEqual(['49015420323751']);
    expect(map.get('imeisv')).toHaveLength(100);
    expect(map.get('imeisv')).toContain('4901542032375101');
    expect(map.get('imei-grouped')).toEqual(
      expect.arrayContaining(['49-015420-323751-8', '49015420 323751 8']),
    );
    // Base64 of the IMEI at alignment 0, from Node's encoder.
    expect(map.get('base64')).toContain(Buffer.from('490154203237518').toString('base64'));
    expect(map.get('hex')).toEqual([Buffer.from('490154203237518').toString('hex')]);
    const utf16 = list.find((v) => v.encoding === 'utf16le')!;
    expect(Buffer.from(utf16.bytes).equals(Buffer.from('490154203237518', 'utf16le'))).toBe(true);
    expect(utf16.unit).toBe('utf16le');
  });

  it('writes a MAC with each separator, case-insensitively', () => {
    const list = variants({ kind: 'mac', value: 'A4-5E-60-C2-11-7F' });
    const map = byEncoding(list);
    expect(map.get('plain')).toEqual(['a4:5e:60:c2:11:7f']);
    expect(map.get('mac-dash')).toEqual(['a4-5e-60-c2-11-7f']);
    expect(map.get('mac-dot')).toEqual(['a45e.60c2.117f']);
    expect(map.get('mac-bare')).toEqual(['a45e60c2117f']);
    expect(map.get('url')).toEqual(['a4%3A5e%3A60%3Ac2%3A11%3A7f']);
    for (const v of list.filter((x) => !x.encoding.includes('base64'))) expect(v.caseInsensitive).toBe(true);
    // Base64 distinguishes the case of the letters, so both spellings are searched. 17 bytes
    // determine floor(17 * 8 / 6) = 22 characters on their own; the 23rd depends on what follows.
    const b64 = (s: string): string => Buffer.from(s).toString('base64').slice(0, 22);
    expect(map.get('base64')).toEqual(
      expect.arrayContaining([b64('a4:5e:60:c2:11:7f'), b64('A4:5E:60:C2:11:7F')]),
    );
  });

  it('percent-encodes the @ of an email', () => {
    const map = byEncoding(variants({ kind: 'email', value: 'Jane.Doe@Example.com' }));
    expect(map.get('plain')).toEqual(['jane.doe@example.com']);
    expect(map.get('url')).toEqual(['jane.doe%40example.com']);
  });

  it('encodes spaces as %20 and + in names', () => {
    const map = byEncoding(variants({ kind: 'name', value: 'Jane Doe' }));
    expect(map.get('url')).toEqual(['Jane%20Doe']);
    expect(map.get('url-form')).toEqual(['Jane+Doe']);
  });

  it('hashes the value: the FIPS 180 / RFC 1321 digests of "abc"', () => {
    const list = variants({ kind: 'text', value: 'abc' });
    const map = byEncoding(list);
    expect(map.get('md5-hex')).toContain('900150983cd24fb0d6963f7d28e17f72');
    expect(map.get('sha1-hex')).toContain('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(map.get('sha256-hex')).toContain(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    // The same MD5 in base64 without padding, converted by Node from the hex above.
    expect(map.get('md5-base64')).toContain(
      Buffer.from('900150983cd24fb0d6963f7d28e17f72', 'hex').toString('base64').replace(/=+$/, ''),
    );
    // Too short to search without a token boundary: no base64 of "abc" itself.
    expect(map.get('base64')).toBeUndefined();
  });

  it('names encodings of a non-canonical form after the form', () => {
    const map = byEncoding(variants({ kind: 'imei', value: '490154203237518' }));
    expect(map.get('md5-hex(imei-14)')).toBeDefined();
    expect(map.get('base64(imei-14)')).toContain(
      Buffer.from('49015420323751').toString('base64').slice(0, 18),
    );
  });

  it('searches each coordinate alone when precise enough', () => {
    const map = byEncoding(variants({ kind: 'location', value: '48.8584,2.2945' }));
    expect(map.get('plain')).toEqual(['48.8584,2.2945']);
    expect(map.get('location-lat')).toEqual(['48.8584']);
    expect(map.get('location-lon')).toEqual(['2.2945']);
    expect(
      byEncoding(variants({ kind: 'location', value: '48.85,2.29' })).get('location-lat'),
    ).toBeUndefined();
  });

  it('writes a location longitude-first and rounded while the rounded point stays within the radius', () => {
    // 48.8584,2.2945 rounded to 3 decimals is 48.858,2.295 (about 40 m away: 0.0004° of latitude
    // is 44 m, 0.0005° of longitude at 48.86° is 37 m, together ~45 m); to 2 decimals 48.86,2.29
    // (about 400 m away).
    const near = byEncoding(variants({ kind: 'location', value: '48.8584,2.2945' }));
    expect(near.get('location-lon-lat')).toEqual(['2.2945,48.8584']);
    expect(near.get('location-rounded-3')).toEqual(['48.858,2.295', '2.295,48.858']);
    expect(near.get('location-rounded-2')).toBeUndefined();
    const wide = byEncoding(variants({ kind: 'location', value: '48.8584,2.2945', radius: 1000 }));
    expect(wide.get('location-rounded-2')).toEqual(['48.86,2.29', '2.29,48.86']);
  });

  it('never lists the same byte pattern twice', () => {
    const ids: Identifier[] = [
      { kind: 'imei', value: '490154203237518' },
      { kind: 'phone', value: '+12133734253' },
      { kind: 'mac', value: 'a4:5e:60:c2:11:7f' },
      { kind: 'advertising_id', value: '38400000-8cf0-11bd-b23e-10b96e40000d' },
      { kind: 'name', value: 'José Pérez' },
    ];
    for (const id of ids) {
      const list = variants(id);
      const keys = list.map((v) => `${v.caseInsensitive}${Buffer.from(v.bytes).toString('hex')}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
