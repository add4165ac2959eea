import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64Middles,
  base64Of,
  byteString,
  hexOf,
  jsonEscapeAll,
  jsonEscapeNonAscii,
  percentEncode,
  toBase64Url,
  utf16leBytes,
  utf8Bytes,
} from './encodings';

describe('encodings', () => {
  it('base64 follows the RFC 4648 §10 test vectors', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [input, output] of vectors) expect(base64Of(utf8Bytes(input))).toBe(output);
    // 0xfb 0xff encodes to "+/8=" in the standard alphabet and "-_8=" in the URL-safe one.
    expect(toBase64Url(base64Of(new Uint8Array([0xfb, 0xff])))).toBe('-_8=');
  });

  it('each base64 middle appears in the encoding of the value after any prefix and before any suffix', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        fc.uint8Array({ maxLength: 8 }),
        fc.uint8Array({ maxLength: 8 }),
        (value, before, after) => {
          const middles = base64Middles(value);
          // Node's own encoder is the oracle for where the value lands in a longer run.
          const encoded = Buffer.from([...before, ...value, ...after]).toString('base64');
          // The alignment is the prefix length modulo 3.
          expect(middles).toHaveLength(3);
          expect(encoded).toContain(middles[before.length % 3]);
        },
      ),
    );
  });

  it('base64 middles keep every fully determined character (20 for a 15-byte value at alignment 0)', () => {
    const middles = base64Middles(utf8Bytes('490154203237518'));
    expect(middles[0]).toBe(Buffer.from('490154203237518').toString('base64'));
    expect(middles.map((m) => m.length)).toEqual([20, 19, 19]);
  });

  it('percent-encodes everything but the RFC 3986 unreserved characters', () => {
    expect(percentEncode('+86 138', false)).toBe('%2B86%20138');
    expect(percentEncode('+86 138', true)).toBe('%2B86+138');
    expect(percentEncode('jane.doe+x@example.com', false)).toBe('jane.doe%2Bx%40example.com');
    expect(percentEncode('a4:5e', false)).toBe('a4%3A5e');
    expect(percentEncode('José', false)).toBe('Jos%C3%A9');
    expect(percentEncode('a-b_c.d~e', false)).toBe('a-b_c.d~e');
  });

  it('writes UTF-16LE, hex and JSON escapes that decode back to the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (text) => {
        expect(Buffer.from(utf16leBytes(text)).toString('utf16le')).toBe(text);
        expect(hexOf(utf8Bytes(text))).toBe(Buffer.from(text, 'utf8').toString('hex'));
        expect(JSON.parse(`"${jsonEscapeAll(text)}"`)).toBe(text);
        const ascii = jsonEscapeNonAscii(text);
        expect(/[^\x00-\x7f]/.test(ascii)).toBe(false);
      }),
    );
    expect(jsonEscapeAll('+8')).toBe('\\u002b\\u0038');
    expect(jsonEscapeNonAscii('José')).toBe('Jos\\u00e9');
  });

  it('byteString is the latin1 text of the bytes, however many there are', () => {
    for (const length of [0, 1, 4095, 4096, 4097, 9000, 200_000]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 131 + 7) & 0xff);
      expect(byteString(bytes)).toBe(Buffer.from(bytes).toString('latin1'));
    }
  });
});
