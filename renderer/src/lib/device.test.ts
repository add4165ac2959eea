import { describe, expect, it } from 'vitest';
import { deviceName, deviceVendor, filterMac } from './device';

const d = (hostname: string | null, vendor: string | null, randomized: boolean) => ({
  mac: '64:09:80:3c:5e:21',
  hostname,
  vendor,
  randomized,
});

describe('device naming', () => {
  it('prefers the hostname, then the maker, and says when the MAC is randomised', () => {
    expect(deviceName(d('Redmi-1S', 'Xiaomi', false))).toBe('Redmi-1S');
    expect(deviceName(d(null, 'Xiaomi', false))).toBe('Xiaomi');
    expect(deviceName(d(null, null, true))).toBe('Randomised MAC');
    expect(deviceName(d(null, null, false))).toBe('Unknown maker');
    expect(deviceVendor(d('x', 'Xiaomi', true))).toBe('randomised MAC');
  });

  it('reads the MAC out of an ether host filter', () => {
    expect(filterMac('ether host 64:09:80:3C:5E:21')).toBe('64:09:80:3c:5e:21');
    expect(filterMac('ether host 64:09:80:3c:5e:21 and not port 22')).toBe('64:09:80:3c:5e:21');
    expect(filterMac('tcp port 80')).toBeNull();
    expect(filterMac(null)).toBeNull();
  });
});
