import { describe, expect, it } from 'vitest';
import { createHotspotManager } from '../hotspot/index';
import { linuxHost } from '../hotspot/test-support/linux-host';
import { runHotspot } from './hotspot-command';

function cli(host = linuxHost()) {
  const out: string[] = [];
  const err: string[] = [];
  const run = (argv: string[]) =>
    runHotspot(argv, {
      createManager: (stateDir) =>
        createHotspotManager({ stateDir, runner: host.runner, system: host.system }),
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      env: {},
    });
  return { run, out, err, host };
}

describe('phonehome hotspot', () => {
  it('exits 2 on usage errors', async () => {
    const c = cli();
    expect(await c.run([])).toBe(2);
    expect(await c.run(['up', '--interface', 'usb0'])).toBe(2);
    expect(c.err[1]).toMatch(/^phonehome hotspot: hotspot up needs --provider/);
    expect(await c.run(['up', '--provider', 'wifi', '--interface', 'usb0'])).toBe(2);
    expect(
      await c.run(['up', '--provider', 'wired-share', '--interface', 'usb0', '--host', 'nameonly']),
    ).toBe(2);
    expect(await c.run(['status', '--format', 'xml'])).toBe(2);
    expect(await c.run(['sideways'])).toBe(2);
  });

  it('exits 3 and prints each missing prerequisite', async () => {
    const c = cli();
    c.host.system.uid = 1000;
    c.host.system.binaries.delete('dnsmasq');
    expect(await c.run(['up', '--provider', 'wired-share', '--interface', 'usb0', '--state-dir', '/s'])).toBe(
      3,
    );
    expect(c.err.join('')).toBe(
      'phonehome hotspot: cannot start the wired-share hotspot:\n' +
        '  - not running as root: the wired-share provider adds an address, starts dnsmasq and changes nftables and sysctls; run it with sudo\n' +
        '  - dnsmasq not found: apt install dnsmasq-base (the DHCP and DNS server)\n',
    );
  });

  it('brings a hotspot up with options, lists its devices, and takes it down', async () => {
    const c = cli();
    const code = await c.run([
      'up',
      '--provider',
      'wired-share',
      '--interface',
      'usb0',
      '--subnet',
      '198.51.100.0/24',
      '--dns',
      '203.0.113.53',
      '--host',
      'test.phonehome=198.51.100.7',
      '--state-dir',
      '/s',
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    const status = JSON.parse(c.out[0]);
    expect(status).toMatchObject({ state: 'up', gateway: '198.51.100.1/24', subnet: '198.51.100.0/24' });
    const dnsmasq = c.host.runner.calls.find((a) => a[0] === 'dnsmasq')!;
    expect(dnsmasq).toContain('--server=203.0.113.53');
    expect(dnsmasq).toContain('--host-record=test.phonehome,198.51.100.7');

    const leaseFile = dnsmasq.find((a) => a.startsWith('--dhcp-leasefile='))!.split('=')[1];
    // A hostile host name with an escape sequence must not reach the terminal raw.
    c.host.system.files.set(leaseFile, '1700043200 3a:1b:2c:3d:4e:5f 198.51.100.57 ph\u001b]0;x *\n');
    c.out.length = 0;
    expect(await c.run(['devices', '--state-dir', '/s'])).toBe(0);
    expect(c.out.join('')).toBe(
      // The lease reader already drops the control character; the columns line up.
      'MAC                IPV4           HOSTNAME  VENDOR\n' +
        '3a:1b:2c:3d:4e:5f  198.51.100.57  ph]0;x    randomised MAC\n',
    );
    expect(await c.run(['down', '--state-dir', '/s'])).toBe(0);
    expect(c.out.at(-1)).toMatch(
      /^The wired-share hotspot on usb0 is down and everything it changed is restored/,
    );
  });
});
