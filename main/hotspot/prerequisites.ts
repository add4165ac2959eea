/**
 * Checks shared by the providers. Each returns a Prerequisite whose message says what is
 * missing and what to do about it, precisely enough to act on without reading the code.
 */
import { isIP } from 'node:net';
import type { HotspotProviderName, Prerequisite } from '../../shared/live-types';
import type { CommandRunner } from './command-runner';
import { LINUX_IFNAME } from './hotspot-state';
import {
  defaultRouteDevices,
  parseIpAddr,
  parseIpRoutes,
  usedByAddresses,
  type IpLink,
  type UsedPrefix,
} from './ip-json';
import {
  formatPrefix,
  overlaps,
  parsePrefix,
  pickUnusedSubnet,
  planSubnet,
  type SubnetPlan,
} from './ipv4-subnet';
import type { SystemAccess } from './system-access';

/** The Debian package that ships each program we run. */
export const DEBIAN_PACKAGES: Record<string, string> = {
  ip: 'iproute2',
  dnsmasq: 'dnsmasq-base',
  nft: 'nftables',
  ethtool: 'ethtool',
  iw: 'iw',
  hostapd: 'hostapd',
  nmcli: 'network-manager',
};

export function pass(name: string, message: string): Prerequisite {
  return { name, ok: true, message };
}

export function fail(name: string, message: string): Prerequisite {
  return { name, ok: false, message };
}

export function linuxOnly(system: SystemAccess, provider: HotspotProviderName): Prerequisite {
  if (system.platform === 'linux') return pass('platform', 'running on Linux');
  return fail(
    'platform',
    `the ${provider} provider runs only on Linux; on this system share the connection with the operating system ` +
      `(macOS Internet Sharing, Windows Mobile Hotspot) and use the existing provider`,
  );
}

export async function binary(system: SystemAccess, name: string, purpose: string): Promise<Prerequisite> {
  const path = await system.findBinary(name);
  if (path) return pass(name, `${name} found at ${path}`);
  return fail(name, `${name} not found: apt install ${DEBIAN_PACKAGES[name] ?? name} (${purpose})`);
}

const CAP_NET_ADMIN = 12n;

/** Root with CAP_NET_ADMIN in its effective set: the daemons we start need root to bind ports 53 and 67. */
export async function privileges(
  system: SystemAccess,
  provider: HotspotProviderName,
  changes: string,
): Promise<Prerequisite> {
  if (system.euid() !== 0) {
    return fail('privileges', `not running as root: the ${provider} provider ${changes}; run it with sudo`);
  }
  const status = (await system.readText('/proc/self/status', 64 * 1024)) ?? '';
  const m = /^CapEff:\s*([0-9a-fA-F]+)\s*$/m.exec(status);
  if (m && (BigInt(`0x${m[1]}`) & (1n << CAP_NET_ADMIN)) === 0n) {
    return fail(
      'privileges',
      `running as root but without CAP_NET_ADMIN (a restricted container?): the ${provider} provider ${changes}; ` +
        'run it where it has CAP_NET_ADMIN',
    );
  }
  return pass('privileges', 'running as root with CAP_NET_ADMIN');
}

/** What `ip` says about this machine's links, addresses and routes. */
export interface IpFacts {
  links: IpLink[];
  used: UsedPrefix[];
  defaultDevices: string[];
  /** Set when `ip` could not be asked; the checks that need it then fail with this text. */
  error: string | null;
}

export async function readIpFacts(runner: CommandRunner): Promise<IpFacts> {
  const addr = await runner.run('ip', ['-j', 'addr', 'show']);
  const routes = await runner.run('ip', ['-j', '-4', 'route', 'show', 'table', 'all']);
  if (addr.code !== 0 || routes.code !== 0) {
    const r = addr.code !== 0 ? addr : routes;
    return {
      links: [],
      used: [],
      defaultDevices: [],
      error: (r.stderr || `ip exited with ${r.code}`).trim(),
    };
  }
  const links = parseIpAddr(addr.stdout);
  return {
    links,
    used: [...usedByAddresses(links), ...parseIpRoutes(routes.stdout)],
    defaultDevices: defaultRouteDevices(routes.stdout),
    error: null,
  };
}

export function interfacePresent(
  facts: IpFacts,
  name: string,
  opts: { requireUp: boolean; role: string },
): Prerequisite {
  const key = opts.role === 'upstream' ? 'upstream' : 'interface';
  if (!LINUX_IFNAME.test(name)) return fail(key, `"${name}" is not a valid Linux interface name`);
  if (facts.error) return fail(key, `could not list interfaces with ip: ${facts.error}`);
  const link = facts.links.find((l) => l.name === name);
  if (!link) {
    const names = facts.links.filter((l) => l.linkType !== 'loopback').map((l) => l.name);
    return fail(
      key,
      `${opts.role} interface ${name} does not exist (interfaces here: ${names.join(', ') || 'none'})`,
    );
  }
  if (opts.requireUp && !link.up) {
    return fail(
      key,
      `${opts.role} interface ${name} is down: bring it up with "ip link set ${name} up" (and plug in the cable)`,
    );
  }
  return pass(key, `${opts.role} interface ${name} is present${link.up ? ' and up' : ''}`);
}

/**
 * Refuse to serve DHCP on the interface that leads to this machine's own network: a second DHCP
 * server there would hand out addresses to every device on that LAN.
 */
export function notTheUplink(
  facts: IpFacts,
  name: string,
  upstream: string | null | undefined,
): Prerequisite {
  if (upstream && upstream === name) {
    return fail(
      'interface',
      `the hotspot interface and the upstream interface are both ${name}; the phone must join a different interface`,
    );
  }
  if (facts.defaultDevices.includes(name)) {
    return fail(
      'interface',
      `${name} carries this machine's default route (its way to the network): a DHCP server there would answer every ` +
        'device on that network; choose the interface the phone is connected to',
    );
  }
  return pass('uplink', `${name} is not this machine's default route`);
}

/**
 * The subnet to use: the given one if it clashes with nothing outside the share interface, or
 * the first unused 10.x.y.0/24.
 */
export function chooseSubnet(
  facts: IpFacts,
  subnet: string | undefined,
  shareInterface: string,
): { prerequisite: Prerequisite; plan: SubnetPlan | null } {
  if (facts.error)
    return { prerequisite: fail('subnet', `could not read routes with ip: ${facts.error}`), plan: null };
  if (subnet) {
    const prefix = parsePrefix(subnet, true);
    if (!prefix) {
      return {
        prerequisite: fail(
          'subnet',
          `subnet "${subnet}" is not an IPv4 network in CIDR form, e.g. 10.42.0.0/24`,
        ),
        plan: null,
      };
    }
    if (prefix.length < 16 || prefix.length > 30) {
      return { prerequisite: fail('subnet', `subnet ${subnet} must be between a /16 and a /30`), plan: null };
    }
    const clash = facts.used.find((u) => u.dev !== shareInterface && overlaps(u.prefix, prefix));
    if (clash) {
      return {
        prerequisite: fail(
          'subnet',
          `subnet ${subnet} clashes with ${clash.text}; choose another with --subnet`,
        ),
        plan: null,
      };
    }
    return { prerequisite: pass('subnet', `subnet ${subnet} is unused`), plan: planSubnet(prefix) };
  }
  const picked = pickUnusedSubnet(facts.used.map((u) => u.prefix));
  if (!picked) {
    return {
      prerequisite: fail(
        'subnet',
        'no unused 10.x.y.0/24 subnet: every one overlaps a route or address here; give one with --subnet',
      ),
      plan: null,
    };
  }
  return {
    prerequisite: pass('subnet', `picked unused subnet ${formatPrefix(picked)}`),
    plan: planSubnet(picked),
  };
}

export function dnsServers(list: readonly string[] | undefined): Prerequisite {
  const bad = (list ?? []).filter((s) => isIP(s) === 0);
  if (bad.length) return fail('dns-servers', `DNS server "${bad[0]}" is not an IP address`);
  return pass(
    'dns-servers',
    list?.length ? `DNS queries go to ${list.join(', ')}` : "DNS queries go to this machine's resolvers",
  );
}

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*$/;

export function hostEntries(hosts: Readonly<Record<string, string>> | undefined): Prerequisite {
  for (const [name, address] of Object.entries(hosts ?? {})) {
    if (!HOSTNAME.test(name)) return fail('hosts', `host name "${name}" is not a valid DNS name`);
    if (isIP(address) === 0)
      return fail('hosts', `host ${name} maps to "${address}", which is not an IP address`);
  }
  return pass('hosts', 'host entries are valid');
}

/** WPA2-PSK: an SSID of 1 to 32 bytes and a passphrase of 8 to 63 printable ASCII characters. */
export function wifiCredentials(ssid: string | undefined, password: string | undefined): Prerequisite[] {
  const out: Prerequisite[] = [];
  const ssidBytes = Buffer.byteLength(ssid ?? '', 'utf8');
  if (!ssid) out.push(fail('ssid', 'a Wi-Fi hotspot needs a network name: give --ssid NAME'));
  else if (ssidBytes > 32)
    out.push(fail('ssid', `the network name is ${ssidBytes} bytes long; Wi-Fi allows at most 32`));
  else if (/[\u0000-\u001f\u007f]/.test(ssid))
    out.push(fail('ssid', 'the network name contains control characters'));
  else out.push(pass('ssid', `network name "${ssid}"`));
  if (password === undefined || password === '') {
    out.push(fail('password', 'a WPA2 hotspot needs a password: give --password with 8 to 63 characters'));
  } else if (!/^[\x20-\x7e]{8,63}$/.test(password)) {
    out.push(
      fail(
        'password',
        `the WPA2 password must be 8 to 63 printable ASCII characters (got ${password.length} characters)`,
      ),
    );
  } else {
    out.push(pass('password', 'WPA2 password is acceptable'));
  }
  return out;
}
