import { describe, expect, it } from 'vitest';
import { maskValue } from './mask';

describe('maskValue', () => {
  it('keeps the first and last three digits of an IMEI', () => {
    expect(maskValue('867530912345678')).toBe('867•••••••••678');
  });

  it('keeps separators so a MAC keeps its shape', () => {
    expect(maskValue('aa:bb:cc:dd:ee:ff')).toBe('aa:b•:••:••:•e:ff');
  });

  it('hides short values entirely', () => {
    expect(maskValue('1234')).toBe('••••');
  });

  it('never returns the raw value of anything longer than four characters', () => {
    for (const v of ['12345', 'alice@example.com', '+86 138 0013 8000', '13800138000']) {
      expect(maskValue(v)).not.toBe(v);
      expect(maskValue(v)).toHaveLength(v.length);
    }
  });
});
