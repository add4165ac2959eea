import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDuration, fraction, toMillis } from './format';

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

  it('reads elapsed time like a clock', () => {
    expect([formatDuration(0), formatDuration(7.9), formatDuration(725), formatDuration(3723)]).toEqual([
      '0:00',
      '0:07',
      '12:05',
      '1:02:03',
    ]);
    expect(formatDuration(-1)).toBe('—');
  });

  it('takes record seconds and Date.now() milliseconds alike', () => {
    expect(toMillis(1_700_000_000)).toBe(1_700_000_000_000);
    expect(toMillis(1_700_000_000_123)).toBe(1_700_000_000_123);
  });
});
