import { describe, expect, it } from 'vitest';
import { linkTypeFromCap } from './link-type';

describe('linkTypeFromCap', () => {
  it('maps the names cap 0.2.1 returns to LINKTYPE_ numbers from tcpdump.org/linktypes.html', () => {
    expect(linkTypeFromCap('ETHERNET')).toBe(1); // LINKTYPE_ETHERNET
    expect(linkTypeFromCap('NULL')).toBe(0); // LINKTYPE_NULL (BSD loopback)
    expect(linkTypeFromCap('RAW')).toBe(101); // LINKTYPE_RAW
    expect(linkTypeFromCap('LINKTYPE_LINUX_SLL')).toBe(113); // LINKTYPE_LINUX_SLL
    expect(linkTypeFromCap('IEEE802_11_RADIO')).toBe(127); // LINKTYPE_IEEE802_11_RADIOTAP
  });

  it('reads the number out of "Unknown linktype N" and refuses anything else', () => {
    expect(linkTypeFromCap('Unknown linktype 276')).toBe(276); // LINKTYPE_LINUX_SLL2
    expect(linkTypeFromCap('Unknown linktype 70000')).toBeNull();
    expect(linkTypeFromCap('Unknown linktype -1')).toBeNull();
    expect(linkTypeFromCap('PPP')).toBeNull();
  });
});
