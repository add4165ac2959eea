/**
 * hostapd: a WPA2 Wi-Fi access point on machines without NetworkManager. hostapd runs the radio;
 * the address, dnsmasq, forwarding and masquerade are the same as wired-share (routed-share.ts).
 * The interface must support AP mode (nl80211 lists "AP" among the radio's interface modes) and
 * must not be managed by NetworkManager, which would fight hostapd for it.
 */
import { join } from 'node:path';
import type { Prerequisite } from '../../shared/live-types';
import { failureText } from './command-runner';
import { hostapdConfig, validChannel } from './hostapd-config';
import type { IpLink } from './ip-json';
import type { SubnetPlan } from './ipv4-subnet';
import {
  binary,
  chooseSubnet,
  dnsServers,
  fail,
  hostEntries,
  interfacePresent,
  linuxOnly,
  notTheUplink,
  pass,
  privileges,
  readIpFacts,
  wifiCredentials,
} from './prerequisites';
import {
  HotspotError,
  requireAll,
  type HotspotProvider,
  type HotspotUpOptions,
  type ProviderContext,
  type ProviderDeps,
  type ProviderUpResult,
} from './provider';
import { shareRouted } from './routed-share';
import { supportsAp, wifiInventory, type WifiInventory } from './wifi-capabilities';
import { parseTerse } from './nmcli-terse';

export const NO_AP_INTERFACE = 'no Wi-Fi interface that supports AP mode (iw list shows none)';
const CHANGES = 'starts hostapd and dnsmasq, adds an address and changes nftables and sysctls';

export function createHostapdProvider(deps: ProviderDeps): HotspotProvider {
  const { runner, system } = deps;

  async function inventory(): Promise<WifiInventory> {
    const list = await runner.run('iw', ['list']);
    const dev = await runner.run('iw', ['dev']);
    return wifiInventory(list.code === 0 ? list.stdout : '', dev.code === 0 ? dev.stdout : '');
  }

  function anyAp(inv: WifiInventory): Prerequisite {
    const ap = inv.radios.filter((r) => supportsAp(r));
    return ap.length
      ? pass('wifi-ap', `radios that support AP mode: ${ap.map((r) => r.name).join(', ')}`)
      : fail('wifi-ap', NO_AP_INTERFACE);
  }

  async function systemPrerequisites(
    upstream: boolean,
  ): Promise<{ list: Prerequisite[]; inv: WifiInventory | null }> {
    const platform = linuxOnly(system, 'hostapd');
    if (!platform.ok) return { list: [platform], inv: null };
    const list = [
      platform,
      await privileges(system, 'hostapd', CHANGES),
      await binary(system, 'hostapd', 'the Wi-Fi access point daemon'),
      await binary(system, 'dnsmasq', 'the DHCP and DNS server'),
      await binary(system, 'iw', 'to find a Wi-Fi card that supports AP mode'),
      await binary(system, 'ip', 'to set the address'),
    ];
    if (upstream)
      list.push(await binary(system, 'nft', 'to masquerade traffic toward the upstream interface'));
    let inv: WifiInventory | null = null;
    if (list.find((p) => p.name === 'iw')!.ok) {
      inv = await inventory();
      list.push(anyAp(inv));
    }
    return { list, inv };
  }

  /** NetworkManager would reconfigure an interface it manages under hostapd's feet. */
  async function notManagedByNetworkManager(iface: string): Promise<Prerequisite> {
    if (!(await system.findBinary('nmcli'))) return pass('networkmanager', 'NetworkManager is not installed');
    const r = await runner.run('nmcli', ['-t', '-f', 'DEVICE,STATE', 'device']);
    if (r.code !== 0) return pass('networkmanager', 'NetworkManager is not running');
    const row = parseTerse(r.stdout).find((f) => f[0] === iface);
    if (!row || row[1] === 'unmanaged')
      return pass('networkmanager', `NetworkManager does not manage ${iface}`);
    return fail(
      'networkmanager',
      `NetworkManager manages ${iface} (state ${row[1]}): use --provider networkmanager, or release it with ` +
        `"nmcli device set ${iface} managed no" first`,
    );
  }

  async function assess(
    o: HotspotUpOptions,
  ): Promise<{ list: Prerequisite[]; plan: SubnetPlan | null; link: IpLink | undefined }> {
    const { list, inv } = await systemPrerequisites(!!o.upstream);
    if (list.length === 1) return { list, plan: null, link: undefined };
    list.push(...wifiCredentials(o.ssid, o.password));
    if (o.channel !== undefined && !validChannel(o.channel)) {
      list.push(
        fail('channel', `Wi-Fi channel ${o.channel} does not exist: use 1-14 (2.4 GHz) or 36-177 (5 GHz)`),
      );
    }
    if (o.country !== undefined && !/^[A-Z]{2}$/.test(o.country)) {
      list.push(
        fail('country', `country "${o.country}" is not an ISO 3166 two-letter code such as DE or US`),
      );
    }
    if (inv && inv.radios.some((r) => supportsAp(r))) {
      const radio = inv.interfaces.get(o.interface);
      const wifiNames = [...inv.interfaces.keys()];
      if (!radio) {
        list.push(
          fail(
            'interface',
            `${o.interface} is not a Wi-Fi interface (Wi-Fi interfaces: ${wifiNames.join(', ') || 'none'})`,
          ),
        );
      } else if (!supportsAp(radio)) {
        list.push(
          fail(
            'wifi-ap',
            `${o.interface} is on ${radio.name}, which does not support AP mode (iw list: ${radio.modes.join(', ')})`,
          ),
        );
      }
    }
    list.push(await notManagedByNetworkManager(o.interface));
    if (!list.find((p) => p.name === 'ip')?.ok) return { list, plan: null, link: undefined };
    const facts = await readIpFacts(runner);
    // hostapd brings the interface up itself, so it may be down now.
    list.push(interfacePresent(facts, o.interface, { requireUp: false, role: 'hotspot' }));
    list.push(notTheUplink(facts, o.interface, o.upstream));
    if (o.upstream) list.push(interfacePresent(facts, o.upstream, { requireUp: false, role: 'upstream' }));
    const subnet = chooseSubnet(facts, o.subnet, o.interface);
    list.push(subnet.prerequisite, dnsServers(o.dnsServers), hostEntries(o.hosts));
    return { list, plan: subnet.plan, link: facts.links.find((l) => l.name === o.interface) };
  }

  async function startHostapd(o: HotspotUpOptions, ctx: ProviderContext): Promise<void> {
    const conf = join(ctx.stateDir, `hostapd-${ctx.tag}.conf`);
    const pidFile = join(ctx.stateDir, `hostapd-${ctx.tag}.pid`);
    const logFile = join(ctx.stateDir, `hostapd-${ctx.tag}.log`);
    for (const path of [conf, pidFile, logFile]) await ctx.record({ kind: 'file', path });
    const text = hostapdConfig({
      interface: o.interface,
      ssid: o.ssid!,
      password: o.password!,
      channel: o.channel ?? 6,
      country: o.country,
    });
    await ctx.system.writeText(conf, text, 0o600);
    // -B daemonises only after the interface is set up, so the exit status reports driver errors.
    const args = ['-B', '-P', pidFile, '-f', logFile, conf];
    const r = await ctx.runner.run('hostapd', args);
    if (r.code !== 0) {
      const log = (await ctx.system.readText(logFile, 4096))?.trim();
      throw new HotspotError(`${failureText('hostapd', args, r)}${log ? `\n${log}` : ''}`);
    }
    let pid: number | null = null;
    for (let i = 0; i < 40 && pid === null; i++) {
      const n = Number((await ctx.system.readText(pidFile, 64))?.trim());
      if (Number.isInteger(n) && n > 1) pid = n;
      else await ctx.system.sleep(50);
    }
    if (pid === null) throw new HotspotError(`hostapd started but wrote no pid to ${pidFile}`);
    await ctx.record({ kind: 'process', program: 'hostapd', pid, marker: conf });
  }

  return {
    name: 'hostapd',
    systemPrerequisites: async () => (await systemPrerequisites(false)).list,
    prerequisites: async (o) => (await assess(o)).list,
    async up(o, ctx): Promise<ProviderUpResult> {
      const { list, plan, link } = await assess(o);
      requireAll(list);
      await startHostapd(o, ctx);
      return shareRouted(
        o,
        { plan: plan!, link },
        {
          ssid: o.ssid!,
          join: `On the phone, join the Wi-Fi network "${o.ssid}" with the password you chose.`,
        },
        ctx,
      );
    },
  };
}
