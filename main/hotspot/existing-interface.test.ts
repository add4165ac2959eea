import { describe, expect, it } from 'vitest';
import { createHotspotManager } from './index';
import { createExistingProvider, sharingGuidance } from './existing-interface';
import { FakeRunner, FakeSystem } from './test-support/fake-host';
import { linuxHost } from './test-support/linux-host';

describe('existing provider', () => {
  it('checks that the interface exists and is up, and creates nothing', async () => {
    const { runner, system } = linuxHost();
    const p = createExistingProvider({ runner, system });
    expect(
      (await p.prerequisites({ provider: 'existing', interface: 'wlan0' })).map((x) => x.message)[0],
    ).toMatch(/^interface wlan0 is down: turn on sharing first\. /);
    expect(
      (await p.prerequisites({ provider: 'existing', interface: 'br9' })).map((x) => x.message)[0],
    ).toMatch(/^interface br9 does not exist \(interfaces here: eth0, usb0, wlan0\)\. /);
    const manager = createHotspotManager({ stateDir: '/state', runner, system });
    const status = await manager.up({ provider: 'existing', interface: 'eth0' });
    expect(status).toMatchObject({ state: 'up', gateway: '192.0.2.2/24', subnet: '192.0.2.0/24' });
    expect(runner.lines().every((l) => l.startsWith('ip -j'))).toBe(true);
    expect((await manager.down()).state).toBe('down');
  });

  it('uses Node’s interface list and platform guidance off Linux', async () => {
    const system = new FakeSystem();
    system.platform = 'darwin';
    system.os = {
      lo0: [
        {
          address: '127.0.0.1',
          netmask: '255.0.0.0',
          family: 'IPv4',
          mac: '00:00:00:00:00:00',
          internal: true,
          cidr: '127.0.0.1/8',
        },
      ],
      bridge100: [
        {
          address: '192.168.2.1',
          netmask: '255.255.255.0',
          family: 'IPv4',
          mac: '3e:22:fb:00:00:64',
          internal: false,
          cidr: '192.168.2.1/24',
        },
      ],
    };
    const runner = new FakeRunner();
    const status = await createHotspotManager({ stateDir: '/state', runner, system }).up({
      provider: 'existing',
      interface: 'bridge100',
    });
    expect(status).toMatchObject({ state: 'up', gateway: '192.168.2.1/24', subnet: '192.168.2.0/24' });
    expect(status.guidance).toContain('Internet Sharing');
    expect(runner.calls).toEqual([]);
    expect(sharingGuidance('win32')).toContain('Mobile hotspot');
  });
});
