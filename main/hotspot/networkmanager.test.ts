import { describe, expect, it } from 'vitest';
import { createHotspotManager } from './index';
import { STATE_FILE, type HotspotState } from './hotspot-state';
import { createNetworkManagerProvider, nmAddArgs } from './networkmanager';
import { parseTerse } from './nmcli-terse';
import { linuxHost } from './test-support/linux-host';

const DIR = '/state/phonehome';
const OPTIONS = {
  provider: 'networkmanager' as const,
  interface: 'wlan0',
  ssid: 'PhoneHome',
  password: 'correct horse',
};

/** A laptop where NetworkManager runs and manages wlan0, an AP-capable card. */
function nmLaptop(ap: 'yes' | 'no' | '' = 'yes') {
  const host = linuxHost();
  host.system.binaries.add('nmcli');
  host.runner
    .on(['nmcli', '-t', '-f', 'RUNNING', 'general'], { stdout: 'running\n' })
    .on(['nmcli', '-t', '-f', 'DEVICE,TYPE,STATE', 'device'], {
      stdout:
        'wlan0:wifi:disconnected\neth0:ethernet:connected\np2p-dev-wlan0:wifi-p2p:disconnected\nlo:loopback:unmanaged\n',
    })
    .on(['nmcli', '-t', '-f', 'WIFI-PROPERTIES.AP', 'device', 'show', 'wlan0'], {
      stdout: ap ? `WIFI-PROPERTIES.AP:${ap}\n` : '',
    })
    .on(['nmcli', 'connection'], {})
    .on(['nmcli', '-g', 'IP4.ADDRESS', 'device', 'show', 'wlan0'], { stdout: '10.42.0.1/24\n' });
  return host;
}

describe('nmcli terse output', () => {
  it('splits on unescaped colons', () => {
    expect(parseTerse('wlan0:wifi:connected\nMy\\:Net:a\\\\b\n')).toEqual([
      ['wlan0', 'wifi', 'connected'],
      ['My:Net', 'a\\b'],
    ]);
  });
});

describe('networkmanager provider', () => {
  it('builds the profile argument vector', () => {
    // prettier-ignore
    expect(nmAddArgs({ name: 'phonehome-0a1b2c3d', interface: 'wlan0', ssid: 'PhoneHome', password: 'correct horse', channel: 11, gatewayCidr: '10.50.0.1/24' })).toEqual([
      'connection', 'add', 'type', 'wifi', 'ifname', 'wlan0', 'con-name', 'phonehome-0a1b2c3d', 'autoconnect', 'no',
      'ssid', 'PhoneHome', '802-11-wireless.mode', 'ap', '802-11-wireless.band', 'bg', '802-11-wireless.channel', '11',
      'ipv4.method', 'shared', 'ipv4.addresses', '10.50.0.1/24', 'ipv6.method', 'disabled',
      'wifi-sec.key-mgmt', 'wpa-psk', 'wifi-sec.proto', 'rsn', 'wifi-sec.pairwise', 'ccmp', 'wifi-sec.group', 'ccmp',
      'wifi-sec.psk', 'correct horse',
    ]);
  });

  it('detects nmcli missing, NetworkManager stopped, and no AP-capable Wi-Fi', async () => {
    const missing = linuxHost();
    expect(
      (await createNetworkManagerProvider(missing).prerequisites(OPTIONS))
        .filter((p) => !p.ok)
        .map((p) => p.message),
    ).toEqual([
      'nmcli not found: NetworkManager is not installed (apt install network-manager); without it use --provider hostapd',
    ]);

    const stopped = linuxHost();
    stopped.system.binaries.add('nmcli');
    stopped.runner.on(['nmcli', '-t', '-f', 'RUNNING', 'general'], {
      code: 8,
      stderr: 'Error: NetworkManager is not running.',
    });
    expect(
      (await createNetworkManagerProvider(stopped).prerequisites(OPTIONS))
        .filter((p) => !p.ok)
        .map((p) => p.message),
    ).toEqual([
      'NetworkManager is not running: start it with "systemctl start NetworkManager", or use --provider hostapd',
    ]);

    const noAp = nmLaptop('no');
    expect(
      (await createNetworkManagerProvider(noAp).prerequisites(OPTIONS))
        .filter((p) => !p.ok)
        .map((p) => p.message),
    ).toEqual(['wlan0 cannot run an access point (NetworkManager reports WIFI-PROPERTIES.AP: no)']);

    // An older NetworkManager that does not report AP support: iw list decides (no nl80211 here).
    const unknown = nmLaptop('');
    expect(
      (await createNetworkManagerProvider(unknown).prerequisites(OPTIONS))
        .filter((p) => !p.ok)
        .map((p) => p.message),
    ).toEqual(['wlan0 does not support AP mode (neither nmcli nor iw list reports it)']);

    const noWifi = nmLaptop();
    noWifi.runner.on(['nmcli', '-t', '-f', 'DEVICE,TYPE,STATE', 'device'], {
      stdout: 'eth0:ethernet:connected\n',
    });
    const list = await createNetworkManagerProvider(noWifi).prerequisites({
      ...OPTIONS,
      dnsServers: ['9.9.9.9'],
    });
    expect(list.filter((p) => !p.ok).map((p) => p.message)).toEqual([
      'no Wi-Fi interface that supports AP mode (nmcli shows no Wi-Fi device)',
      "the networkmanager provider uses NetworkManager's own DNS; --dns and --host work with wired-share and hostapd",
      'NetworkManager has no Wi-Fi device wlan0 (Wi-Fi devices: none)',
    ]);
  });

  it('creates and activates a phonehome profile, and down removes exactly that profile', async () => {
    const { runner, system } = nmLaptop();
    runner.on(['nmcli', '-g', 'IP4.ADDRESS', 'device', 'show', 'wlan0'], { stdout: '10.50.0.1/24\n' });
    const manager = createHotspotManager({ stateDir: DIR, runner, system });
    const status = await manager.up({ ...OPTIONS, subnet: '10.50.0.0/24' });
    expect(status).toMatchObject({
      state: 'up',
      provider: 'networkmanager',
      gateway: '10.50.0.1/24',
      subnet: '10.50.0.0/24',
      ssid: 'PhoneHome',
    });
    const state = JSON.parse(system.files.get(`${DIR}/${STATE_FILE}`)!) as HotspotState;
    const name = `phonehome-${state.tag}`;
    const changing = runner.calls.filter((c) => c[0] === 'nmcli' && (c[1] === 'connection' || c[1] === '-g'));
    expect(changing).toEqual([
      [
        'nmcli',
        ...nmAddArgs({
          name,
          interface: 'wlan0',
          ssid: 'PhoneHome',
          password: 'correct horse',
          gatewayCidr: '10.50.0.1/24',
        }),
      ],
      ['nmcli', 'connection', 'up', 'id', name],
      ['nmcli', '-g', 'IP4.ADDRESS', 'device', 'show', 'wlan0'],
    ]);
    expect(state.leaseFile).toBe('/var/lib/NetworkManager/dnsmasq-wlan0.leases');

    runner.calls.length = 0;
    expect((await createHotspotManager({ stateDir: DIR, runner, system }).down()).state).toBe('down');
    expect(runner.calls).toEqual([
      ['nmcli', 'connection', 'down', 'id', name],
      ['nmcli', 'connection', 'delete', 'id', name],
    ]);
  });

  it('does not repeat the password when adding the profile fails', async () => {
    const { runner, system } = nmLaptop();
    runner.on(['nmcli', 'connection', 'add'], { code: 2, stderr: "Error: invalid property 'wifi-sec.psk'." });
    const status = await createHotspotManager({ stateDir: DIR, runner, system }).up(OPTIONS);
    expect(status.state).toBe('error');
    expect(status.error).toBe("nmcli connection add ... failed: Error: invalid property 'wifi-sec.psk'.");
  });
});
