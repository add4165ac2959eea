import { describe, expect, it } from 'vitest';
import { createHotspotManager } from './index';
import { STATE_FILE, type HotspotState } from './hotspot-state';
import { createHostapdProvider, NO_AP_INTERFACE } from './hostapd-provider';
import { wpaPsk } from './hostapd-config';
import { linuxHost, PIDS } from './test-support/linux-host';

const DIR = '/state/phonehome';

// `iw list` / `iw dev` for a laptop whose Intel card (phy0, wlan0) supports AP mode.
const IW_LIST = [
  'Wiphy phy0',
  '\twiphy index: 0',
  '\tSupported interface modes:',
  '\t\t * managed',
  '\t\t * AP',
  '\t\t * monitor',
  '',
].join('\n');
const IW_DEV = ['phy#0', '\tInterface wlan0', '\t\ttype managed', ''].join('\n');

function wifiLaptop() {
  const host = linuxHost();
  host.runner.on(['iw', 'list'], { stdout: IW_LIST }).on(['iw', 'dev'], { stdout: IW_DEV });
  return host;
}

const OPTIONS = {
  provider: 'hostapd' as const,
  interface: 'wlan0',
  ssid: 'PhoneHome lab',
  password: 'correct horse',
  country: 'DE',
};

describe('hostapd provider', () => {
  it('says precisely that no Wi-Fi interface can be an access point (this machine has no Wi-Fi)', async () => {
    const { runner, system } = linuxHost();
    const p = createHostapdProvider({ runner, system });
    expect(NO_AP_INTERFACE).toBe('no Wi-Fi interface that supports AP mode (iw list shows none)');
    const failed = (await p.prerequisites(OPTIONS)).filter((x) => !x.ok);
    expect(failed.map((x) => x.message)).toEqual([NO_AP_INTERFACE]);
    expect((await p.systemPrerequisites()).find((x) => x.name === 'wifi-ap')?.message).toBe(NO_AP_INTERFACE);
  });

  it('checks credentials, channel, the interface and NetworkManager', async () => {
    const { runner, system } = wifiLaptop();
    system.binaries.add('nmcli');
    runner.on(['nmcli', '-t', '-f', 'DEVICE,STATE', 'device'], {
      stdout: 'wlan0:disconnected\neth0:connected\nlo:unmanaged\n',
    });
    const p = createHostapdProvider({ runner, system });
    const failed = async (o: Partial<typeof OPTIONS> & { channel?: number }) =>
      (await p.prerequisites({ ...OPTIONS, ...o })).filter((x) => !x.ok).map((x) => x.message);
    expect(await failed({ ssid: '', password: 'short', channel: 15, country: 'de' })).toEqual([
      'a Wi-Fi hotspot needs a network name: give --ssid NAME',
      'the WPA2 password must be 8 to 63 printable ASCII characters (got 5 characters)',
      'Wi-Fi channel 15 does not exist: use 1-14 (2.4 GHz) or 36-177 (5 GHz)',
      'country "de" is not an ISO 3166 two-letter code such as DE or US',
      'NetworkManager manages wlan0 (state disconnected): use --provider networkmanager, or release it with "nmcli device set wlan0 managed no" first',
    ]);
    runner.on(['nmcli', '-t', '-f', 'DEVICE,STATE', 'device'], { stdout: 'wlan0:unmanaged\n' });
    expect(await failed({ interface: 'usb0' })).toEqual([
      'usb0 is not a Wi-Fi interface (Wi-Fi interfaces: wlan0)',
    ]);
    expect(await failed({})).toEqual([]);
  });

  it('writes hostapd.conf without the password, starts hostapd, then the shared DHCP/DNS part', async () => {
    const { runner, system } = wifiLaptop();
    const manager = createHotspotManager({ stateDir: DIR, runner, system });
    const status = await manager.up(OPTIONS);
    expect(status).toMatchObject({
      state: 'up',
      provider: 'hostapd',
      ssid: 'PhoneHome lab',
      gateway: '10.42.0.1/24',
    });
    const state = JSON.parse(system.files.get(`${DIR}/${STATE_FILE}`)!) as HotspotState;
    const conf = `${DIR}/hostapd-${state.tag}.conf`;
    expect(system.files.get(conf)).toBe(
      [
        'interface=wlan0',
        'driver=nl80211',
        'ssid2=P"PhoneHome lab"',
        'utf8_ssid=1',
        'country_code=DE',
        'ieee80211d=1',
        'hw_mode=g',
        'channel=6',
        'ieee80211n=1',
        'wmm_enabled=1',
        'auth_algs=1',
        'ignore_broadcast_ssid=0',
        'wpa=2',
        'wpa_key_mgmt=WPA-PSK',
        'rsn_pairwise=CCMP',
        `wpa_psk=${wpaPsk('correct horse', 'PhoneHome lab')}`,
        '',
      ].join('\n'),
    );
    expect(system.modes.get(conf)).toBe(0o600);
    expect(JSON.stringify(state)).not.toContain('correct horse');
    const lines = runner.lines();
    const hostapd = lines.indexOf(
      `hostapd -B -P ${DIR}/hostapd-${state.tag}.pid -f ${DIR}/hostapd-${state.tag}.log ${conf}`,
    );
    expect(hostapd).toBeGreaterThan(0);
    expect(lines.indexOf('ip addr add 10.42.0.1/24 dev wlan0')).toBeGreaterThan(hostapd);
    expect(
      lines.findIndex((l) => l.startsWith('dnsmasq --conf-file=/dev/null --interface=wlan0')),
    ).toBeGreaterThan(hostapd);
    expect(
      state.undo.filter((s) => s.kind === 'process').map((s) => s.kind === 'process' && [s.program, s.pid]),
    ).toEqual([
      ['hostapd', PIDS.hostapd],
      ['dnsmasq', PIDS.dnsmasq],
    ]);

    await manager.down();
    // Newest first: dnsmasq stops before hostapd.
    expect(system.signals).toEqual([
      [PIDS.dnsmasq, 'SIGTERM'],
      [PIDS.hostapd, 'SIGTERM'],
    ]);
    expect([...system.files.keys()].filter((k) => k.startsWith(DIR))).toEqual([]);
  });
});
