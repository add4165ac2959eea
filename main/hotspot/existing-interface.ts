/**
 * existing: use an interface the operating system (or the user) already shares — macOS Internet
 * Sharing's bridge100, the Windows Mobile Hotspot adapter, a hotspot configured by hand. It only
 * checks that the interface exists and is up, and says how to share on each platform; it creates
 * nothing, so `down` has nothing to undo.
 */
import type { NetworkInterfaceInfo, Prerequisite } from '../../shared/live-types';
import { listNetworkInterfaces } from './network-interfaces';
import { formatPrefix, parsePrefix } from './ipv4-subnet';
import { fail, pass } from './prerequisites';
import { requireAll, type HotspotProvider, type ProviderDeps, type ProviderUpResult } from './provider';

/** How to share a connection on each platform, for the user to do by hand. */
export function sharingGuidance(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'darwin':
      return (
        'Turn on Internet Sharing in System Settings → General → Sharing: share your connection from Ethernet (or ' +
        'another port) to Wi-Fi, and set the Wi-Fi network name and password under Wi-Fi Options. macOS then creates ' +
        'the interface bridge100 (usually 192.168.2.1/24); pick it here once the phone has joined.'
      );
    case 'win32':
      return (
        'Turn on Mobile hotspot in Settings → Network & internet → Mobile hotspot and note its network name and ' +
        'password. Windows shares through a virtual adapter named like "Local Area Connection* 10" (usually ' +
        '192.168.137.1/24); pick it here. Capturing on it needs Npcap.'
      );
    default:
      return (
        'Use an interface you already share (for example a hotspot made in your desktop settings, or a bridge you ' +
        'configured): PhoneHome only watches it and changes nothing.'
      );
  }
}

export function createExistingProvider(deps: ProviderDeps): HotspotProvider {
  const { runner, system } = deps;

  async function find(
    name: string,
  ): Promise<{ iface: NetworkInterfaceInfo | undefined; all: NetworkInterfaceInfo[] }> {
    const all = await listNetworkInterfaces(runner, system);
    return { iface: all.find((i) => i.name === name), all };
  }

  async function assess(
    name: string,
  ): Promise<{ list: Prerequisite[]; iface: NetworkInterfaceInfo | undefined }> {
    const { iface, all } = await find(name);
    if (!iface) {
      const names = all.filter((i) => i.kind !== 'loopback').map((i) => i.name);
      return {
        list: [
          fail(
            'interface',
            `interface ${name} does not exist (interfaces here: ${names.join(', ') || 'none'}). ${sharingGuidance(system.platform)}`,
          ),
        ],
        iface,
      };
    }
    if (!iface.up) {
      return {
        list: [
          fail(
            'interface',
            `interface ${name} is down: turn on sharing first. ${sharingGuidance(system.platform)}`,
          ),
        ],
        iface,
      };
    }
    return { list: [pass('interface', `interface ${name} is up`)], iface };
  }

  return {
    name: 'existing',
    systemPrerequisites: async () => [pass('platform', sharingGuidance(system.platform))],
    prerequisites: async (o) => (await assess(o.interface)).list,
    async up(o): Promise<ProviderUpResult> {
      const { list, iface } = await assess(o.interface);
      requireAll(list);
      const v4 = iface!.addresses.find((a) => parsePrefix(a) !== null) ?? null;
      const prefix = v4 ? parsePrefix(v4) : null;
      return {
        interface: o.interface,
        upstream: null,
        ssid: o.ssid ?? null,
        gateway: v4,
        subnet: prefix ? formatPrefix(prefix) : null,
        guidance: `PhoneHome uses ${o.interface} as it is and changes nothing. ${sharingGuidance(system.platform)}`,
        leaseFile: null,
        leaseSeconds: 0,
      };
    },
  };
}
