/**
 * networkmanager: a WPA2 Wi-Fi hotspot made by NetworkManager, through nmcli. A connection
 * profile named "phonehome-<tag>" (mode ap, ipv4.method shared) is created and activated;
 * NetworkManager itself runs the access point, dnsmasq and the NAT. `down` deactivates and
 * deletes exactly that profile. The user's own profiles are never modified.
 */
import type { Prerequisite } from '../../shared/live-types';
import { failureText } from './command-runner';
import { validChannel } from './hostapd-config';
import { chooseSubnet, fail, linuxOnly, pass, readIpFacts, wifiCredentials } from './prerequisites';
import { parseTerse } from './nmcli-terse';
import { formatPrefix, parsePrefix, type SubnetPlan } from './ipv4-subnet';
import {
  HotspotError,
  requireAll,
  type HotspotProvider,
  type HotspotUpOptions,
  type ProviderContext,
  type ProviderDeps,
  type ProviderUpResult,
} from './provider';
import { supportsAp, wifiInventory } from './wifi-capabilities';

export function nmConnectionName(tag: string): string {
  return `phonehome-${tag}`;
}

/** The `nmcli connection add` argument vector for the hotspot profile. */
export function nmAddArgs(o: {
  name: string;
  interface: string;
  ssid: string;
  password: string;
  channel?: number;
  gatewayCidr?: string;
}): string[] {
  // prettier-ignore
  const args = [
    'connection', 'add',
    'type', 'wifi',
    'ifname', o.interface,
    'con-name', o.name,
    'autoconnect', 'no',
    'ssid', o.ssid,
    '802-11-wireless.mode', 'ap',
    '802-11-wireless.band', o.channel !== undefined && o.channel >= 32 ? 'a' : 'bg',
  ];
  if (o.channel !== undefined) args.push('802-11-wireless.channel', String(o.channel));
  args.push('ipv4.method', 'shared');
  if (o.gatewayCidr) args.push('ipv4.addresses', o.gatewayCidr);
  // prettier-ignore
  args.push(
    // The hotspot hands out IPv4 only, like the other providers, so captures compare.
    'ipv6.method', 'disabled',
    // WPA2 only: RSN with CCMP, no WPA1/TKIP.
    'wifi-sec.key-mgmt', 'wpa-psk',
    'wifi-sec.proto', 'rsn',
    'wifi-sec.pairwise', 'ccmp',
    'wifi-sec.group', 'ccmp',
    'wifi-sec.psk', o.password,
  );
  return args;
}

const NOT_INSTALLED =
  'nmcli not found: NetworkManager is not installed (apt install network-manager); without it use --provider hostapd';

export function createNetworkManagerProvider(deps: ProviderDeps): HotspotProvider {
  const { runner, system } = deps;

  async function systemPrerequisites(): Promise<Prerequisite[]> {
    const platform = linuxOnly(system, 'networkmanager');
    if (!platform.ok) return [platform];
    const list = [platform];
    const nmcli = await system.findBinary('nmcli');
    if (!nmcli) return [...list, fail('nmcli', NOT_INSTALLED)];
    list.push(pass('nmcli', `nmcli found at ${nmcli}`));
    const running = await runner.run('nmcli', ['-t', '-f', 'RUNNING', 'general']);
    if (running.code !== 0 || running.stdout.trim() !== 'running') {
      list.push(
        fail(
          'networkmanager',
          'NetworkManager is not running: start it with "systemctl start NetworkManager", or use --provider hostapd',
        ),
      );
      return list;
    }
    list.push(pass('networkmanager', 'NetworkManager is running'));
    const devices = await wifiDevices();
    if (!devices.length)
      list.push(fail('wifi-ap', 'no Wi-Fi interface that supports AP mode (nmcli shows no Wi-Fi device)'));
    else list.push(pass('wifi-ap', `Wi-Fi devices: ${devices.map((d) => d.device).join(', ')}`));
    // polkit decides for a non-root user; an active desktop session is normally allowed.
    list.push(
      pass(
        'privileges',
        system.euid() === 0
          ? 'running as root'
          : 'not root: NetworkManager asks polkit, which normally allows the desktop user',
      ),
    );
    return list;
  }

  async function wifiDevices(): Promise<{ device: string; type: string; state: string }[]> {
    const r = await runner.run('nmcli', ['-t', '-f', 'DEVICE,TYPE,STATE', 'device']);
    if (r.code !== 0) return [];
    return parseTerse(r.stdout)
      .filter((f) => f.length >= 3)
      .map(([device, type, state]) => ({ device, type, state }))
      .filter((d) => d.type === 'wifi');
  }

  /** NetworkManager's own answer first; `iw list` when it cannot say (older NetworkManager). */
  async function apCapable(iface: string): Promise<Prerequisite> {
    const r = await runner.run('nmcli', ['-t', '-f', 'WIFI-PROPERTIES.AP', 'device', 'show', iface]);
    const value =
      r.code === 0 ? parseTerse(r.stdout).find((f) => f[0] === 'WIFI-PROPERTIES.AP')?.[1] : undefined;
    if (value === 'yes') return pass('wifi-ap', `${iface} supports AP mode`);
    if (value === 'no')
      return fail(
        'wifi-ap',
        `${iface} cannot run an access point (NetworkManager reports WIFI-PROPERTIES.AP: no)`,
      );
    if (await system.findBinary('iw')) {
      const list = await runner.run('iw', ['list']);
      const dev = await runner.run('iw', ['dev']);
      const inv = wifiInventory(list.stdout, dev.stdout);
      if (supportsAp(inv.interfaces.get(iface)))
        return pass('wifi-ap', `${iface} supports AP mode (iw list)`);
      return fail('wifi-ap', `${iface} does not support AP mode (neither nmcli nor iw list reports it)`);
    }
    return fail(
      'wifi-ap',
      `cannot tell whether ${iface} supports AP mode: nmcli does not say and iw is not installed (apt install iw)`,
    );
  }

  async function assess(o: HotspotUpOptions): Promise<{ list: Prerequisite[]; plan: SubnetPlan | null }> {
    const list = await systemPrerequisites();
    if (
      list.some((p) => !p.ok && (p.name === 'platform' || p.name === 'nmcli' || p.name === 'networkmanager'))
    ) {
      return { list, plan: null };
    }
    list.push(...wifiCredentials(o.ssid, o.password));
    if (o.channel !== undefined && !validChannel(o.channel)) {
      list.push(
        fail('channel', `Wi-Fi channel ${o.channel} does not exist: use 1-14 (2.4 GHz) or 36-177 (5 GHz)`),
      );
    }
    if (o.dnsServers?.length || (o.hosts && Object.keys(o.hosts).length)) {
      list.push(
        fail(
          'dns-servers',
          "the networkmanager provider uses NetworkManager's own DNS; --dns and --host work with wired-share and hostapd",
        ),
      );
    }
    if (o.upstream)
      list.push(pass('upstream', 'NetworkManager shares through the default route; --upstream is not used'));
    const devices = await wifiDevices();
    const device = devices.find((d) => d.device === o.interface);
    if (!device) {
      list.push(
        fail(
          'interface',
          `NetworkManager has no Wi-Fi device ${o.interface} (Wi-Fi devices: ${devices.map((d) => d.device).join(', ') || 'none'})`,
        ),
      );
    } else if (device.state === 'unmanaged') {
      list.push(
        fail(
          'interface',
          `NetworkManager does not manage ${o.interface}: let it with "nmcli device set ${o.interface} managed yes"`,
        ),
      );
    } else if (device.state === 'unavailable') {
      list.push(
        fail(
          'interface',
          `Wi-Fi on ${o.interface} is off or blocked: turn it on with "nmcli radio wifi on" (and check rfkill)`,
        ),
      );
    } else {
      list.push(pass('interface', `${o.interface} is a Wi-Fi device (${device.state})`));
      list.push(await apCapable(o.interface));
    }
    let plan: SubnetPlan | null = null;
    if (o.subnet) {
      if (!(await system.findBinary('ip'))) {
        list.push(fail('ip', 'ip not found: apt install iproute2 (to check that the subnet is unused)'));
      } else {
        const subnet = chooseSubnet(await readIpFacts(runner), o.subnet, o.interface);
        list.push(subnet.prerequisite);
        plan = subnet.plan;
      }
    }
    return { list, plan };
  }

  async function nm(ctx: ProviderContext, args: string[]): Promise<string> {
    const r = await ctx.runner.run('nmcli', args);
    // The add command carries the password: never repeat its arguments in a message.
    if (r.code !== 0)
      throw new HotspotError(
        failureText('nmcli', args[1] === 'add' ? ['connection', 'add', '...'] : args, r),
      );
    return r.stdout;
  }

  return {
    name: 'networkmanager',
    systemPrerequisites,
    prerequisites: async (o) => (await assess(o)).list,
    async up(o, ctx): Promise<ProviderUpResult> {
      const { list, plan } = await assess(o);
      requireAll(list);
      const name = nmConnectionName(ctx.tag);
      await nm(
        ctx,
        nmAddArgs({
          name,
          interface: o.interface,
          ssid: o.ssid!,
          password: o.password!,
          channel: o.channel,
          gatewayCidr: plan?.gatewayCidr,
        }),
      );
      await ctx.record({ kind: 'nm-connection', name });
      await ctx.record({ kind: 'nm-active', name });
      await nm(ctx, ['connection', 'up', 'id', name]);
      const shown = await nm(ctx, ['-g', 'IP4.ADDRESS', 'device', 'show', o.interface]);
      const gateway =
        shown
          .split(/[\n|]/)
          .map((s) => s.trim())
          .find((s) => /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(s)) ?? null;
      const gatewayPrefix = gateway ? parsePrefix(gateway) : null;
      const subnet = plan?.subnet ?? (gatewayPrefix ? formatPrefix(gatewayPrefix) : null);
      return {
        interface: o.interface,
        upstream: null,
        ssid: o.ssid!,
        gateway,
        subnet,
        guidance:
          `On the phone, join the Wi-Fi network "${o.ssid}" with the password you chose. NetworkManager hands out addresses` +
          `${gateway ? ` with ${gateway.split('/')[0]} as router` : ''} and shares this machine's connection.`,
        // NetworkManager's shared mode keeps its dnsmasq leases here (per interface).
        leaseFile: `/var/lib/NetworkManager/dnsmasq-${o.interface}.leases`,
        leaseSeconds: 3600,
      };
    },
  };
}
