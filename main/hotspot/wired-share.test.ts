import { describe, expect, it } from 'vitest';
import { createHotspotManager } from './index';
import { STATE_FILE, type HotspotState } from './hotspot-state';
import { createWiredShareProvider } from './wired-share';
import { linuxHost, PIDS } from './test-support/linux-host';

const DIR = '/state/phonehome';

function stateOf(system: ReturnType<typeof linuxHost>['system']): HotspotState {
  return JSON.parse(system.files.get(`${DIR}/${STATE_FILE}`)!) as HotspotState;
}

describe('wired-share prerequisites', () => {
  it('passes on a laptop with a spare Ethernet port, picking 10.42.0.0/24', async () => {
    const { runner, system } = linuxHost();
    const list = await createWiredShareProvider({ runner, system }).prerequisites({
      provider: 'wired-share',
      interface: 'usb0',
    });
    expect(list.filter((p) => !p.ok)).toEqual([]);
    expect(list.find((p) => p.name === 'subnet')?.message).toBe('picked unused subnet 10.42.0.0/24');
  });

  it('names each missing piece precisely', async () => {
    const { runner, system } = linuxHost({
      routes: [
        { dst: 'default', gateway: '192.0.2.1', dev: 'eth0' },
        { dst: '10.42.0.0/24', dev: 'eth0', gateway: '192.0.2.9' },
      ],
    });
    system.uid = 1000;
    system.binaries.delete('dnsmasq');
    const p = createWiredShareProvider({ runner, system });
    const failed = async (o: Parameters<typeof p.prerequisites>[0]) =>
      (await p.prerequisites(o)).filter((x) => !x.ok).map((x) => x.message);

    expect(await failed({ provider: 'wired-share', interface: 'usb0', subnet: '10.42.0.0/24' })).toEqual([
      'not running as root: the wired-share provider adds an address, starts dnsmasq and changes nftables and sysctls; run it with sudo',
      'dnsmasq not found: apt install dnsmasq-base (the DHCP and DNS server)',
      'subnet 10.42.0.0/24 clashes with route 10.42.0.0/24 dev eth0; choose another with --subnet',
    ]);
    system.uid = 0;
    system.binaries.add('dnsmasq');
    expect(await failed({ provider: 'wired-share', interface: 'usb9' })).toEqual([
      'hotspot interface usb9 does not exist (interfaces here: eth0, usb0, wlan0)',
    ]);
    expect(await failed({ provider: 'wired-share', interface: 'wlan0' })).toEqual([
      'hotspot interface wlan0 is down: bring it up with "ip link set wlan0 up" (and plug in the cable)',
    ]);
    expect(await failed({ provider: 'wired-share', interface: 'eth0' })).toEqual([
      "eth0 carries this machine's default route (its way to the network): a DHCP server there would answer every device on that network; choose the interface the phone is connected to",
    ]);
    expect(await failed({ provider: 'wired-share', interface: 'usb0', subnet: '192.0.2.0/24' })).toEqual([
      'subnet 192.0.2.0/24 clashes with 192.0.2.2/24 on eth0; choose another with --subnet',
    ]);
    expect(
      await failed({
        provider: 'wired-share',
        interface: 'usb0',
        subnet: '10.1.2.3/24',
        dnsServers: ['nine'],
      }),
    ).toEqual([
      'subnet "10.1.2.3/24" is not an IPv4 network in CIDR form, e.g. 10.42.0.0/24',
      'DNS server "nine" is not an IP address',
    ]);
    expect(await failed({ provider: 'wired-share', interface: 'usb0', upstream: 'wwan0' })).toEqual([
      'upstream interface wwan0 does not exist (interfaces here: eth0, usb0, wlan0)',
    ]);
    // The auto-picked subnet steps past the one a route already uses.
    const list = await p.prerequisites({ provider: 'wired-share', interface: 'usb0' });
    expect(list.find((x) => x.name === 'subnet')?.message).toBe('picked unused subnet 10.42.1.0/24');
  });

  it('refuses root without CAP_NET_ADMIN', async () => {
    const { runner, system } = linuxHost();
    // CapEff with every bit but 12 (CAP_NET_ADMIN) set.
    system.files.set('/proc/self/status', 'CapEff:\t000001ffffffefff\n');
    const list = await createWiredShareProvider({ runner, system }).systemPrerequisites();
    expect(list.find((p) => p.name === 'privileges')).toMatchObject({ ok: false });
    expect(list.find((p) => p.name === 'privileges')!.message).toMatch(
      /^running as root but without CAP_NET_ADMIN/,
    );
  });
});

describe('wired-share up and down', () => {
  it('runs exactly these commands, records each change, and a new process undoes them all', async () => {
    const { runner, system } = linuxHost();
    const manager = createHotspotManager({ stateDir: DIR, runner, system });
    const status = await manager.up({
      provider: 'wired-share',
      interface: 'usb0',
      upstream: 'eth0',
      dnsServers: ['203.0.113.53'],
      hosts: { 'test.phonehome': '198.51.100.7' },
    });
    expect(status).toMatchObject({
      state: 'up',
      provider: 'wired-share',
      interface: 'usb0',
      gateway: '10.42.0.1/24',
      subnet: '10.42.0.0/24',
      error: null,
    });
    const { tag } = stateOf(system);
    expect(tag).toMatch(/^[0-9a-f]{8}$/);
    expect(runner.calls).toEqual([
      ['ip', '-j', 'addr', 'show'],
      ['ip', '-j', '-4', 'route', 'show', 'table', 'all'],
      ['ip', 'addr', 'add', '10.42.0.1/24', 'dev', 'usb0'],
      ['ethtool', '-k', 'usb0'],
      ['ethtool', '-K', 'usb0', 'gro', 'off'],
      ['nft', '-f', `${DIR}/nftables-${tag}.nft`],
      [
        'dnsmasq',
        '--conf-file=/dev/null',
        '--interface=usb0',
        '--bind-interfaces',
        '--except-interface=lo',
        '--port=53',
        '--no-hosts',
        '--dhcp-range=10.42.0.10,10.42.0.250,255.255.255.0,43200s',
        '--dhcp-option=option:router,10.42.0.1',
        '--dhcp-option=option:dns-server,10.42.0.1',
        '--dhcp-authoritative',
        `--dhcp-leasefile=${DIR}/dnsmasq-${tag}.leases`,
        `--pid-file=${DIR}/dnsmasq-${tag}.pid`,
        `--log-facility=${DIR}/dnsmasq-${tag}.log`,
        '--log-dhcp',
        '--no-resolv',
        '--server=203.0.113.53',
        '--host-record=test.phonehome,198.51.100.7',
      ],
    ]);
    expect(system.files.get('/proc/sys/net/ipv4/ip_forward')).toBe('1\n');
    expect(system.files.get(`${DIR}/nftables-${tag}.nft`)).toContain(
      `ip saddr 10.42.0.0/24 oifname "eth0" masquerade`,
    );
    expect(system.modes.get(`${DIR}/${STATE_FILE}`)).toBe(0o600);
    expect(stateOf(system).undo.map((s) => s.kind)).toEqual([
      'address',
      'offloads',
      'sysctl',
      'file',
      'nft-table',
      'file',
      'file',
      'file',
      'process',
    ]);
    expect((await manager.status()).state).toBe('up');

    // A second manager stands for `phonehome hotspot down` run later in a new process.
    runner.calls.length = 0;
    const later = createHotspotManager({ stateDir: DIR, runner, system });
    const down = await later.down();
    expect(down).toMatchObject({ state: 'down', error: null });
    expect(system.signals).toEqual([[PIDS.dnsmasq, 'SIGTERM']]);
    expect(runner.calls).toEqual([
      ['nft', 'delete', 'table', 'inet', `phonehome_${tag}`],
      ['ethtool', '-K', 'usb0', 'gro', 'on'],
      ['ip', 'addr', 'del', '10.42.0.1/24', 'dev', 'usb0'],
    ]);
    expect(system.files.get('/proc/sys/net/ipv4/ip_forward')).toBe('0\n');
    expect([...system.files.keys()].filter((k) => k.startsWith(DIR))).toEqual([]);
    expect((await later.status()).state).toBe('down');
  });

  it('refuses with the prerequisites and changes nothing', async () => {
    const { runner, system } = linuxHost();
    system.binaries.delete('dnsmasq');
    const status = await createHotspotManager({ stateDir: DIR, runner, system }).up({
      provider: 'wired-share',
      interface: 'usb0',
    });
    expect(status.state).toBe('error');
    expect(status.prerequisites.filter((p) => !p.ok).map((p) => p.message)).toEqual([
      'dnsmasq not found: apt install dnsmasq-base (the DHCP and DNS server)',
    ]);
    expect(runner.lines().filter((l) => !l.startsWith('ip -j'))).toEqual([]);
    expect(system.files.has(`${DIR}/${STATE_FILE}`)).toBe(false);
  });

  it('undoes the partial setup when dnsmasq cannot start', async () => {
    const { runner, system } = linuxHost();
    runner.on(['dnsmasq'], {
      code: 2,
      stderr: 'dnsmasq: failed to create listening socket for port 53: Address already in use\n',
    });
    const status = await createHotspotManager({ stateDir: DIR, runner, system }).up({
      provider: 'wired-share',
      interface: 'usb0',
    });
    expect(status.state).toBe('error');
    expect(status.error).toContain('failed to create listening socket for port 53: Address already in use');
    expect(runner.lines().slice(-2)).toEqual(['ethtool -K usb0 gro on', 'ip addr del 10.42.0.1/24 dev usb0']);
    expect(system.files.has(`${DIR}/${STATE_FILE}`)).toBe(false);
  });

  it('refuses a second up and reports a dead dnsmasq', async () => {
    const { runner, system } = linuxHost({ gro: 'off' });
    const manager = createHotspotManager({ stateDir: DIR, runner, system });
    await manager.up({ provider: 'wired-share', interface: 'usb0' });
    expect(runner.lines()).not.toContain('ethtool -K usb0 gro off');
    await expect(manager.up({ provider: 'wired-share', interface: 'usb0' })).rejects.toThrow(
      'a hotspot is already up (wired-share on usb0); run "phonehome hotspot down" first',
    );
    system.zombies.add(PIDS.dnsmasq);
    const status = await manager.status();
    expect(status.state).toBe('error');
    expect(status.error).toMatch(/^dnsmasq \(pid 4242\) has stopped/);
  });

  it('leaves alone a process that reused the recorded pid', async () => {
    const { runner, system } = linuxHost();
    const manager = createHotspotManager({ stateDir: DIR, runner, system });
    await manager.up({ provider: 'wired-share', interface: 'usb0' });
    system.processes.set(PIDS.dnsmasq, ['/usr/bin/vim', 'notes.txt']);
    const down = await manager.down();
    expect(system.signals).toEqual([]);
    expect(down.state).toBe('down');
    expect(down.guidance).toContain('that pid now belongs to another program, which was left alone');
  });
});
