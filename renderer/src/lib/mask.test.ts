import { describe, expect, it } from 'vitest';
import { macKeys, maskKnownMacs, maskValue } from './mask';

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

describe('maskKnownMacs', () => {
  const keys = macKeys([
    { kind: 'mac', value: '64-09-80-3C-5E-21' },
    { kind: 'imei', value: '865301020304057' },
  ]);

  it("masks the user's MAC in any case and separator, and leaves other MACs readable", () => {
    expect(keys).toEqual(new Set(['6409803c5e21']));
    expect(maskKnownMacs('ether host 64:09:80:3c:5e:21', keys)).toBe('ether host 64:0•:••:••:•e:21');
    expect(maskKnownMacs('64-09-80-3C-5E-21 and 02:11:22:33:44:55', keys)).toBe(
      '64-0•-••-••-•E-21 and 02:11:22:33:44:55',
    );
  });

  it('changes nothing without MAC identifiers', () => {
    expect(maskKnownMacs('ether host 64:09:80:3c:5e:21', new Set())).toBe('ether host 64:09:80:3c:5e:21');
  });
});
