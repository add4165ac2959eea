import { describe, expect, it } from 'vitest';
import { contextExcerpt, maskValue } from './matcher';

describe('maskValue', () => {
  it('keeps the first and last 4 characters of a long value', () => {
    expect(maskValue('imei=865321234562802&x', 5, 20)).toBe('imei=8653•••••••2802&x');
  });

  it('keeps fewer characters of a short value, and masks at least half of it', () => {
    expect(maskValue('tel=13800138000', 4, 15)).toBe('tel=13•••••••00');
    expect(maskValue('[abc]', 1, 4)).toBe('[•••]');
  });

  it('clamps a range that reaches past the text', () => {
    expect(maskValue('id=490154203237518', 3, 99)).toBe('id=4901•••••••7518');
  });
});

describe('contextExcerpt', () => {
  it('shows printable ASCII, dots for other bytes, and masks the match', () => {
    const data = new Uint8Array([...Buffer.from('\x00\x01GET /?imei=490154203237518 HTTP/1.1\r\n'), 0xff]);
    // The IMEI occupies bytes 13..28.
    expect(contextExcerpt(data, 13, 28)).toBe('..GET /?imei=4901•••••••7518 HTTP/1.1...');
  });

  it('cuts the excerpt to the radius on each side', () => {
    const data = Buffer.from(`${'a'.repeat(100)}490154203237518${'b'.repeat(100)}`);
    expect(contextExcerpt(data, 100, 115, 5)).toBe('aaaaa4901•••••••7518bbbbb');
  });
});
