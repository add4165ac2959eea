import { describe, expect, it } from 'vitest';
import { createHotspotManager } from './index';
import { STATE_FILE } from './hotspot-state';
import { linuxHost } from './test-support/linux-host';

const DIR = '/state/phonehome';

describe('hotspot manager', () => {
  it('suggests the provider that fits the machine, with its prerequisites', async () => {
    const plain = linuxHost();
    const status = await createHotspotManager({ stateDir: DIR, ...plain }).status();
    expect(status).toMatchObject({ provider: 'wired-share', state: 'down', error: null });
    expect(status.prerequisites.map((p) => p.name)).toEqual([
      'platform',
      'privileges',
      'ip',
      'dnsmasq',
      'ethtool',
    ]);

    const nm = linuxHost();
    nm.system.binaries.add('nmcli');
    nm.runner
      .on(['nmcli', '-t', '-f', 'RUNNING', 'general'], { stdout: 'running\n' })
      .on(['nmcli', '-t', '-f', 'DEVICE,TYPE,STATE', 'device'], { stdout: 'wlan0:wifi:disconnected\n' });
    expect((await createHotspotManager({ stateDir: DIR, ...nm }).status()).provider).toBe('networkmanager');
  });

  it('reports an interrupted up and lets down undo it', async () => {
    const { runner, system } = linuxHost();
    system.files.set(
      `${DIR}/${STATE_FILE}`,
      JSON.stringify({
        version: 1,
        provider: 'wired-share',
        tag: '0a1b2c3d',
        phase: 'starting',
        interface: 'usb0',
        upstream: null,
        ssid: null,
        gateway: null,
        subnet: null,
        guidance: null,
        leaseFile: null,
        leaseSeconds: 0,
        startedAt: 1,
        warnings: [],
        undo: [{ kind: 'address', interface: 'usb0', address: '10.42.0.1/24' }],
      }),
    );
    const manager = createHotspotManager({ stateDir: DIR, runner, system });
    const status = await manager.status();
    expect(status.state).toBe('error');
    expect(status.error).toBe(
      'a previous "hotspot up" was interrupted; run "phonehome hotspot down" to undo what it did',
    );
    await expect(manager.up({ provider: 'wired-share', interface: 'usb0' })).rejects.toThrow(
      /already half made/,
    );
    expect((await manager.down()).state).toBe('down');
    expect(runner.lines().at(-1)).toBe('ip addr del 10.42.0.1/24 dev usb0');
  });

  it('will not act on a state file it cannot trust', async () => {
    const { runner, system } = linuxHost();
    system.files.set(`${DIR}/${STATE_FILE}`, '{"version":1,"provider":"wired-share"}');
    const manager = createHotspotManager({ stateDir: DIR, runner, system });
    expect((await manager.status()).error).toBe(
      `the state file has a malformed tag (${DIR}/${STATE_FILE}); undo by hand what it lists, then delete it`,
    );
    await expect(manager.down()).rejects.toThrow(/malformed tag/);
    expect(runner.calls).toEqual([]);
  });

  it('runs operations one at a time', async () => {
    const { runner, system } = linuxHost();
    const manager = createHotspotManager({ stateDir: DIR, runner, system });
    const [first, second] = await Promise.allSettled([
      manager.up({ provider: 'wired-share', interface: 'usb0' }),
      manager.up({ provider: 'wired-share', interface: 'usb0' }),
    ]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { state: 'up' } });
    expect(second).toMatchObject({ status: 'rejected' });
    expect(runner.lines().filter((l) => l.startsWith('dnsmasq'))).toHaveLength(1);
  });
});
