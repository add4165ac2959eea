/**
 * wired-share: share this machine's connection over a wired interface (a USB Ethernet adapter,
 * a USB tether, the lab's veth). dnsmasq serves DHCP and DNS on that interface only; with an
 * upstream interface, IPv4 forwarding and an nftables masquerade carry the phone's traffic on.
 * It knows nothing of network namespaces: run the whole CLI under `ip netns exec` for the lab.
 */
import type { Prerequisite } from '../../shared/live-types';
import {
  binary,
  chooseSubnet,
  dnsServers,
  hostEntries,
  interfacePresent,
  linuxOnly,
  notTheUplink,
  pass,
  privileges,
  readIpFacts,
} from './prerequisites';
import type { IpLink } from './ip-json';
import type { SubnetPlan } from './ipv4-subnet';
import {
  requireAll,
  type HotspotProvider,
  type HotspotUpOptions,
  type ProviderContext,
  type ProviderDeps,
  type ProviderUpResult,
} from './provider';
import { shareRouted } from './routed-share';

const CHANGES = 'adds an address, starts dnsmasq and changes nftables and sysctls';

export function createWiredShareProvider(deps: ProviderDeps): HotspotProvider {
  const { runner, system } = deps;

  async function systemPrerequisites(upstream = true): Promise<Prerequisite[]> {
    const platform = linuxOnly(system, 'wired-share');
    if (!platform.ok) return [platform];
    const list = [
      platform,
      await privileges(system, 'wired-share', CHANGES),
      await binary(system, 'ip', 'to set the address'),
      await binary(system, 'dnsmasq', 'the DHCP and DNS server'),
    ];
    if (upstream)
      list.push(await binary(system, 'nft', 'to masquerade traffic toward the upstream interface'));
    const ethtool = await system.findBinary('ethtool');
    list.push(
      pass(
        'ethtool',
        ethtool
          ? `ethtool found at ${ethtool}`
          : 'ethtool not found (apt install ethtool): receive offloads stay on, so captures may show merged frames larger than the MTU',
      ),
    );
    return list;
  }

  async function assess(
    o: HotspotUpOptions,
  ): Promise<{ list: Prerequisite[]; plan: SubnetPlan | null; link: IpLink | undefined }> {
    const list = await systemPrerequisites(!!o.upstream);
    if (list.some((p) => p.name === 'platform' && !p.ok) || list.some((p) => p.name === 'ip' && !p.ok)) {
      return { list, plan: null, link: undefined };
    }
    const facts = await readIpFacts(runner);
    list.push(interfacePresent(facts, o.interface, { requireUp: true, role: 'hotspot' }));
    list.push(notTheUplink(facts, o.interface, o.upstream));
    if (o.upstream) list.push(interfacePresent(facts, o.upstream, { requireUp: false, role: 'upstream' }));
    const subnet = chooseSubnet(facts, o.subnet, o.interface);
    list.push(subnet.prerequisite, dnsServers(o.dnsServers), hostEntries(o.hosts));
    return { list, plan: subnet.plan, link: facts.links.find((l) => l.name === o.interface) };
  }

  return {
    name: 'wired-share',
    systemPrerequisites: () => systemPrerequisites(false),
    prerequisites: async (o) => (await assess(o)).list,
    async up(o: HotspotUpOptions, ctx: ProviderContext): Promise<ProviderUpResult> {
      const { list, plan, link } = await assess(o);
      requireAll(list);
      return shareRouted(
        o,
        { plan: plan!, link },
        { ssid: null, join: `Connect the phone to ${o.interface} (USB Ethernet adapter or cable).` },
        ctx,
      );
    },
  };
}
