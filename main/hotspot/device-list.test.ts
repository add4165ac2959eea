import { describe, expect, it } from 'vitest';
import type { DeviceRecord } from '../../shared/events';
import { leasesToDevices, mergeDevices } from './device-list';
import { parseDnsmasqLeases } from './dnsmasq-leases';

// Lease lines in dnsmasq's layout. 00:1a:11 is Google's IEEE MA-L block (IEEE registry:
// "Google, Inc."); 3a:... has the locally-administered bit (0x02) set, a randomised MAC.
const LEASES = parseDnsmasqLeases(
  [
    '1700043200 00:1a:11:aa:bb:cc 10.42.0.57 Pixel-7 01:00:1a:11:aa:bb:cc',
    '1700043300 3a:1b:2c:3d:4e:5f 10.42.0.13 * *',
    '1700043400 00:1a:11:aa:bb:cc 10.42.0.58 Pixel-7 *',
  ].join('\n'),
);

function record(over: Partial<DeviceRecord>): DeviceRecord {
  return {
    type: 'device',
    mac: '3a:1b:2c:3d:4e:5f',
    frame: 1,
    firstTs: 1_700_000_050,
    lastTs: 1_700_000_200,
    vendor: null,
    randomized: true,
    hostname: null,
    vendorClass: null,
    ipv4: [],
    ipv6: [],
    sources: ['arp'],
    ...over,
  };
}

describe('device list', () => {
  it('turns leases into one device per MAC with vendor or randomised flag', () => {
    const devices = leasesToDevices(LEASES, 43200);
    expect(devices).toHaveLength(2);
    expect(devices[0]).toMatchObject({
      mac: '00:1a:11:aa:bb:cc',
      vendor: 'Google, Inc.',
      randomized: false,
      hostname: 'Pixel-7',
      ipv4: ['10.42.0.57', '10.42.0.58'],
      firstSeen: 1700043200 - 43200,
      lastSeen: 1700043400 - 43200,
      sources: ['lease'],
    });
    expect(devices[1]).toMatchObject({
      mac: '3a:1b:2c:3d:4e:5f',
      vendor: null,
      randomized: true,
      hostname: null,
    });
  });

  it('merges engine records into leases, the later record replacing earlier copies', () => {
    const leases = leasesToDevices(LEASES, 43200);
    const merged = mergeDevices(leases, [
      record({ ipv6: ['2001:db8::1'], hostname: 'stale' }),
      record({
        lastTs: 1_700_009_999,
        hostname: 'android-7f',
        vendorClass: 'android-dhcp-14',
        ipv6: ['2001:db8::2'],
        sources: ['dhcp', 'ndp'],
      }),
      record({ mac: '02:00:00:00:00:09', firstTs: 5, lastTs: 6, ipv4: ['10.42.0.99'], sources: ['ip'] }),
    ]);
    expect(merged.map((d) => d.mac)).toEqual(['3a:1b:2c:3d:4e:5f', '00:1a:11:aa:bb:cc', '02:00:00:00:00:09']);
    expect(merged[0]).toMatchObject({
      hostname: 'android-7f',
      vendorClass: 'android-dhcp-14',
      ipv4: ['10.42.0.13'],
      ipv6: ['2001:db8::2'],
      firstSeen: 1_700_000_050,
      lastSeen: 1_700_009_999,
      sources: ['lease', 'dhcp', 'ndp'],
    });
    expect(merged[2]).toMatchObject({ ipv4: ['10.42.0.99'], sources: ['ip'], bytes: 0 });
  });
});
