import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, fraction } from './format';

describe('format', () => {
  it('formats bytes in powers of 1024', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });

  it('groups thousands and shows a dash for unknown counts', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(null)).toBe('—');
  });

  it('returns null for an unknown total and clamps to 0..1', () => {
    expect(fraction(5, null)).toBeNull();
    expect(fraction(5, 0)).toBeNull();
    expect(fraction(15, 10)).toBe(1);
    expect(fraction(1, 4)).toBe(0.25);
  });
});
