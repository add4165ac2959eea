import { describe, expect, it } from 'vitest';
import { addressOf, looksLikeAddress } from './endpoint';

describe('addressOf', () => {
  it('strips the port from the endpoint forms of DESIGN §4', () => {
    expect(addressOf('192.0.2.10:443')).toBe('192.0.2.10');
    expect(addressOf('[2001:db8::1]:443')).toBe('2001:db8::1');
  });

  it('leaves a bare IPv6 address or a name without port whole', () => {
    expect(addressOf('2001:db8::1')).toBe('2001:db8::1');
    expect(addressOf('example.com')).toBe('example.com');
  });
});

describe('looksLikeAddress', () => {
  it('tells addresses from names', () => {
    expect(looksLikeAddress('198.51.100.7')).toBe(true);
    expect(looksLikeAddress('2001:db8::7')).toBe(true);
    expect(looksLikeAddress('edge.cdn.example')).toBe(false);
    expect(looksLikeAddress('cafe.example')).toBe(false);
  });
});
