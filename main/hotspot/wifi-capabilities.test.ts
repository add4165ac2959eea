import { describe, expect, it } from 'vitest';
import { parseIwDev, parseIwList, supportsAp, wifiInventory } from './wifi-capabilities';

// Abridged `iw list` in the layout iw 5.19 prints: two radios, the first with AP among its
// supported modes, the second (a USB dongle) without; the "valid interface combinations" block
// also mentions AP but is not a list of supported modes.
const IW_LIST = [
  'Wiphy phy0',
  '\twiphy index: 0',
  '\tmax # scan SSIDs: 4',
  '\tSupported interface modes:',
  '\t\t * IBSS',
  '\t\t * managed',
  '\t\t * AP',
  '\t\t * AP/VLAN',
  '\t\t * monitor',
  '\tBand 1:',
  '\t\tCapabilities: 0x1062',
  'Wiphy phy1',
  '\twiphy index: 1',
  '\tSupported interface modes:',
  '\t\t * managed',
  '\t\t * monitor',
  '\tvalid interface combinations:',
  '\t\t * #{ managed } <= 1, #{ AP } <= 1,',
  '',
].join('\n');

const IW_DEV = [
  'phy#1',
  '\tInterface wlx0011',
  '\t\ttype managed',
  'phy#0',
  '\tInterface wlan0',
  '\t\tifindex 3',
  '\t\ttype managed',
  '',
].join('\n');

describe('iw output', () => {
  it('reads each radio and only its supported interface modes', () => {
    const radios = parseIwList(IW_LIST);
    expect(radios).toEqual([
      { index: 0, name: 'phy0', modes: ['IBSS', 'managed', 'AP', 'AP/VLAN', 'monitor'] },
      { index: 1, name: 'phy1', modes: ['managed', 'monitor'] },
    ]);
  });

  it('maps interfaces to radios', () => {
    expect([...parseIwDev(IW_DEV)]).toEqual([
      ['wlx0011', 1],
      ['wlan0', 0],
    ]);
    const inv = wifiInventory(IW_LIST, IW_DEV);
    expect(supportsAp(inv.interfaces.get('wlan0'))).toBe(true);
    expect(supportsAp(inv.interfaces.get('wlx0011'))).toBe(false);
    expect(supportsAp(inv.interfaces.get('eth0'))).toBe(false);
  });

  it('finds nothing in the output iw gives without nl80211', () => {
    expect(parseIwList('nl80211 not found.\n')).toEqual([]);
  });
});
