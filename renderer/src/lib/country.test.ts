import { describe, expect, it } from 'vitest';
import { countryFlag, countryName } from './country';

describe('countryName', () => {
  it('names ISO 3166 codes in English, either case', () => {
    expect([countryName('CN'), countryName('us'), countryName('DE')]).toEqual([
      'China',
      'United States',
      'Germany',
    ]);
  });

  it('returns null for missing or malformed codes', () => {
    expect([countryName(null), countryName(''), countryName('CHN'), countryName('<b')]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('countryFlag', () => {
  it('builds the flag from regional indicator letters', () => {
    // U+1F1E8 U+1F1F3 is the regional-indicator pair C, N.
    expect(countryFlag('cn')).toBe('\u{1F1E8}\u{1F1F3}');
    expect(countryFlag('C1')).toBe('');
  });
});
