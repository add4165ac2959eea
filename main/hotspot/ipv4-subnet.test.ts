import { describe, expect, it } from 'vitest';
import { formatPrefix, overlaps, parseIpv4, parsePrefix, pickUnusedSubnet, planSubnet } from './ipv4-subnet';

describe('ipv4 subnets', () => {
  it('parses dotted quads and refuses malformed ones', () => {
    expect(parseIpv4('10.42.0.1')).toBe(0x0a2a0001);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
    expect(parseIpv4('256.1.1.1')).toBeNull();
    expect(parseIpv4('10.42.0')).toBeNull();
    expect(parseIpv4('10.42.0.1 ; rm')).toBeNull();
  });

  it('parses prefixes, masking host bits unless strict', () => {
    expect(parsePrefix('10.42.0.7/24')).toEqual({ network: 0x0a2a0000, length: 24 });
    expect(parsePrefix('10.42.0.7/24', true)).toBeNull();
    expect(parsePrefix('10.1.2.3')).toEqual({ network: 0x0a010203, length: 32 });
    expect(parsePrefix('10.0.0.0/33')).toBeNull();
    expect(parsePrefix('10.0.0.0/x')).toBeNull();
  });

  it('detects overlap in both directions', () => {
    const big = parsePrefix('10.0.0.0/8')!;
    const small = parsePrefix('10.42.3.0/24')!;
    expect(overlaps(big, small)).toBe(true);
    expect(overlaps(small, big)).toBe(true);
    expect(overlaps(small, parsePrefix('10.42.4.0/24')!)).toBe(false);
  });

  it('plans gateway and DHCP range', () => {
    expect(planSubnet(parsePrefix('198.51.100.0/24')!)).toEqual({
      subnet: '198.51.100.0/24',
      gatewayCidr: '198.51.100.1/24',
      gateway: '198.51.100.1',
      netmask: '255.255.255.0',
      rangeStart: '198.51.100.10',
      rangeEnd: '198.51.100.250',
    });
    const tiny = planSubnet(parsePrefix('10.9.9.0/29')!);
    expect([tiny.gateway, tiny.rangeStart, tiny.rangeEnd]).toEqual(['10.9.9.1', '10.9.9.2', '10.9.9.6']);
  });

  it('picks the first 10.x/24 that nothing uses', () => {
    expect(formatPrefix(pickUnusedSubnet([])!)).toBe('10.42.0.0/24');
    const used = ['10.42.0.0/24', '10.42.1.5/32', '192.0.2.0/24'].map((t) => parsePrefix(t)!);
    expect(formatPrefix(pickUnusedSubnet(used)!)).toBe('10.42.2.0/24');
    expect(formatPrefix(pickUnusedSubnet([parsePrefix('10.42.0.0/16')!])!)).toBe('10.43.0.0/24');
    expect(pickUnusedSubnet([parsePrefix('10.0.0.0/8')!])).toBeNull();
  });
});
