/** HostNames: which source's name an address keeps, and its bound. */
import { describe, expect, it } from 'vitest';
import { HostNames } from './host-names';

describe('HostNames', () => {
  it('knows nothing of an address it was not told about', () => {
    expect(new HostNames().nameOf('203.0.113.1')).toBeNull();
  });

  it('keeps a DNS name over a client-given or certificate name, whatever the order', () => {
    const h = new HostNames();
    h.learn('203.0.113.1', 'cert.example', 'certificate');
    h.learn('203.0.113.1', 'sni.example', 'client');
    expect(h.nameOf('203.0.113.1')).toBe('sni.example');
    h.learn('203.0.113.1', 'dns.example', 'dns');
    h.learn('203.0.113.1', 'later-sni.example', 'client');
    h.learn('203.0.113.1', 'later-cert.example', 'certificate');
    expect(h.nameOf('203.0.113.1')).toBe('dns.example');
  });

  it('lets the latest name of the same source win (addresses are reused)', () => {
    const h = new HostNames();
    h.learn('2001:db8::1', 'a.example');
    h.learn('2001:db8::1', 'b.example');
    expect(h.nameOf('2001:db8::1')).toBe('b.example');
    h.learn('2001:db8::2', 'c.example', 'certificate');
    h.learn('2001:db8::2', 'd.example', 'certificate');
    expect(h.nameOf('2001:db8::2')).toBe('d.example');
  });

  it('forgets the oldest address beyond its bound', () => {
    const h = new HostNames();
    for (let i = 0; i <= 200_000; i++)
      h.learn(`10.${i >> 16}.${(i >> 8) & 0xff}.${i & 0xff}`, `n${i}.example`);
    expect(h.nameOf('10.0.0.0')).toBeNull();
    expect(h.nameOf('10.0.0.1')).toBe('n1.example');
    expect(h.nameOf('10.3.13.64')).toBe('n200000.example');
  });
});
