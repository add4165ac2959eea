/**
 * The machine's network interfaces for the UI's pickers: on Linux from `ip -j addr` and sysfs
 * (which links are Wi-Fi, bridges or virtual, and whether the Wi-Fi radio can be an access
 * point); elsewhere from Node's own view, which lists only interfaces that have an address.
 */
import type { NetworkInterfaceInfo } from '../../shared/live-types';
import type { CommandRunner } from './command-runner';
import { parseIpAddr } from './ip-json';
import type { SystemAccess } from './system-access';
import { parseIwList, supportsAp } from './wifi-capabilities';

async function linuxInterfaces(runner: CommandRunner, system: SystemAccess): Promise<NetworkInterfaceInfo[]> {
  const r = await runner.run('ip', ['-j', 'addr', 'show']);
  if (r.code !== 0) return [];
  const links = parseIpAddr(r.stdout);
  const out: NetworkInterfaceInfo[] = [];
  let radios: ReturnType<typeof parseIwList> | null = null;
  for (const link of links) {
    const sys = `/sys/class/net/${link.name}`;
    let kind: string;
    let apCapable = false;
    if (link.linkType === 'loopback') kind = 'loopback';
    else if ((await system.exists(`${sys}/wireless`)) || (await system.exists(`${sys}/phy80211`))) {
      kind = 'wifi';
      // The radio's name (phy0) links the interface to `iw list`, which is asked once.
      const phy = (await system.readText(`${sys}/phy80211/name`, 64))?.trim();
      if (phy) {
        if (radios === null) {
          const iw = await runner.run('iw', ['list']);
          radios = iw.code === 0 ? parseIwList(iw.stdout) : [];
        }
        apCapable = supportsAp(radios.find((radio) => radio.name === phy));
      }
    } else if (await system.exists(`${sys}/bridge`)) kind = 'bridge';
    else if (await system.exists(`/sys/devices/virtual/net/${link.name}`)) kind = 'virtual';
    else if (link.linkType === 'ether') kind = 'ethernet';
    else kind = 'other';
    out.push({ name: link.name, kind, up: link.up, mac: link.mac, addresses: link.addresses, apCapable });
  }
  return out;
}

function nodeInterfaces(system: SystemAccess): NetworkInterfaceInfo[] {
  return Object.entries(system.osInterfaces()).map(([name, entries]) => {
    const list = entries ?? [];
    const mac = list.find((e) => e.mac && e.mac !== '00:00:00:00:00:00')?.mac ?? null;
    return {
      name,
      kind: list.some((e) => e.internal) ? 'loopback' : 'other',
      up: true,
      mac,
      addresses: list.map((e) => e.cidr ?? e.address),
      apCapable: false,
    };
  });
}

export async function listNetworkInterfaces(
  runner: CommandRunner,
  system: SystemAccess,
): Promise<NetworkInterfaceInfo[]> {
  if (system.platform === 'linux' && (await system.findBinary('ip'))) return linuxInterfaces(runner, system);
  return nodeInterfaces(system);
}
