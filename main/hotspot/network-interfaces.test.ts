import { describe, expect, it } from 'vitest';
import { listNetworkInterfaces } from './network-interfaces';
import { linuxHost } from './test-support/linux-host';

describe('interface list', () => {
  it('classifies links from sysfs and asks iw whether the Wi-Fi radio can be an AP', async () => {
    const { runner, system } = linuxHost({
      links: [
        { name: 'lo', type: 'loopback', addresses: ['127.0.0.1/8'] },
        { name: 'eth0', addresses: ['192.0.2.2/24'] },
        { name: 'wlan0', up: false, mac: '64:09:80:3C:5E:21' },
        { name: 'veth1' },
        { name: 'br0' },
        { name: 'wg0', type: 'none' },
      ],
    });
    system.files.set('/sys/class/net/wlan0/phy80211/name', 'phy0\n');
    system.files.set('/sys/class/net/br0/bridge/stp_state', '0\n');
    system.files.set('/sys/devices/virtual/net/veth1/type', '1\n');
    system.files.set('/sys/devices/virtual/net/wg0/type', '65534\n');
    runner.on(['iw', 'list'], {
      stdout: 'Wiphy phy0\n\tSupported interface modes:\n\t\t * managed\n\t\t * AP\n',
    });
    const list = await listNetworkInterfaces(runner, system);
    expect(list.map((i) => [i.name, i.kind, i.up, i.apCapable])).toEqual([
      ['lo', 'loopback', true, false],
      ['eth0', 'ethernet', true, false],
      ['wlan0', 'wifi', false, true],
      ['veth1', 'virtual', true, false],
      ['br0', 'bridge', true, false],
      ['wg0', 'virtual', true, false],
    ]);
    expect(list[2].mac).toBe('64:09:80:3c:5e:21');
    expect(list[1].addresses).toEqual(['192.0.2.2/24']);
  });
});
