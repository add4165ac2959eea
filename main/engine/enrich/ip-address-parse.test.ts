import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIpv4, formatIpv6 } from '../ip/ip-address';
import { ipWordsFromBytes, parseIpAddress } from './ip-address-parse';

function words(text: string): number[] | null {
  const out = new Uint32Array(4);
  const v = parseIpAddress(text, out);
  return v === 0 ? null : v === 4 ? [out[0]] : [...out];
}

/** Independent reference: the words of 4 or 16 bytes, most significant first. */
function wordsOf(bytes: Uint8Array): number[] {
  const w: number[] = [];
  for (let i = 0; i < bytes.length; i += 4) w.push(new DataView(bytes.buffer, bytes.byteOffset).getUint32(i));
  return w;
}

describe('parseIpAddress', () => {
  it('reads the RFC 4291 §2.2 forms, hand-computed', () => {
    expect(words('8.8.8.8')).toEqual([0x08080808]);
    expect(words('255.255.255.255')).toEqual([0xffffffff]);
    expect(words('0.0.0.0')).toEqual([0]);
    expect(words('::')).toEqual([0, 0, 0, 0]);
    expect(words('::1')).toEqual([0, 0, 0, 1]);
    expect(words('1::')).toEqual([0x00010000, 0, 0, 0]);
    // RFC 4291 §2.2 example 2: 2001:DB8:0:0:8:800:200C:417A = 2001:DB8::8:800:200C:417A
    expect(words('2001:DB8:0:0:8:800:200C:417A')).toEqual([0x20010db8, 0, 0x00080800, 0x200c417a]);
    expect(words('2001:db8::8:800:200c:417a')).toEqual([0x20010db8, 0, 0x00080800, 0x200c417a]);
    // RFC 4291 §2.2 example 3: ::13.1.68.3 and ::FFFF:129.144.52.38
    expect(words('::13.1.68.3')).toEqual([0, 0, 0, 0x0d014403]);
    expect(words('::FFFF:129.144.52.38')).toEqual([0, 0, 0xffff, 0x81903426]);
    expect(words('fe80::1%eth0')).toEqual([0xfe800000, 0, 0, 1]);
  });

  it('refuses what is not an address', () => {
    for (const bad of [
      '',
      '1.2.3',
      '1.2.3.4.5',
      '256.1.1.1',
      '01.2.3.4',
      '1.2.3.4 ',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      ':::',
      ':1',
      '1:',
      '12345::',
      'g::1',
      '1:2:3:4:5:6:7:1.2.3.4',
      '::1.2.3.4:5',
      '1.2.3.4%eth0',
      'example.com',
    ]) {
      expect(words(bad), bad).toBeNull();
    }
  });

  it('agrees with node:net isIP on which strings are addresses (fuzz)', () => {
    const piece = fc.constantFrom(
      '0',
      '1',
      'ff',
      'FFFF',
      'abcd',
      '12345',
      '00',
      ':',
      '::',
      '.',
      '1.2.3.4',
      '255',
      '256',
      'g',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        const version = parseIpAddress(text, new Uint32Array(4));
        expect(version, text).toBe(isIP(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads back every address the engine formats (RFC 5952 text), and the full uncompressed form', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.integer({ min: 0, max: 7 }),
        (bytes, zeroRun) => {
          // Zero some groups so "::" compression is exercised.
          for (let i = zeroRun; i < Math.min(16, zeroRun * 2 + 4); i++) bytes[i] = 0;
          expect(words(formatIpv6(bytes, 0))).toEqual(wordsOf(bytes));
          const full = Array.from({ length: 8 }, (_, i) =>
            ((bytes[2 * i] << 8) | bytes[2 * i + 1]).toString(16).padStart(4, '0').toUpperCase(),
          ).join(':');
          expect(words(full)).toEqual(wordsOf(bytes));
        },
      ),
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (bytes) => {
        expect(words(formatIpv4(bytes, 0))).toEqual(wordsOf(bytes));
      }),
    );
  });

  it('takes 4 or 16 raw bytes, nothing else', () => {
    const out = new Uint32Array(4);
    expect(ipWordsFromBytes(Uint8Array.of(8, 8, 4, 4), out)).toBe(4);
    expect(out[0]).toBe(0x08080404);
    expect(ipWordsFromBytes(new Uint8Array(16).fill(0xff), out)).toBe(6);
    expect([...out]).toEqual([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff]);
    expect(ipWordsFromBytes(new Uint8Array(5), out)).toBe(0);
  });
});
