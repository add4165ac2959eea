/**
 * A scripted Linux machine for provider tests: `ip -j` answers built from a list of links and
 * routes, daemons that "start" by writing their pid file, and tools that succeed unless told
 * otherwise. Tests then assert on the exact argument vectors the runner saw.
 */
import { FakeRunner, FakeSystem } from './fake-host';

export interface FakeLink {
  name: string;
  up?: boolean;
  type?: string;
  mac?: string;
  addresses?: string[];
}

export interface FakeRoute {
  dst: string;
  dev?: string;
  gateway?: string;
}

export function ipAddrJson(links: FakeLink[]): string {
  return JSON.stringify(
    links.map((l, i) => ({
      ifindex: i + 1,
      ifname: l.name,
      flags: l.up === false ? ['BROADCAST', 'MULTICAST'] : ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
      link_type: l.type ?? 'ether',
      address: l.mac ?? `02:00:00:00:00:${(i + 1).toString(16).padStart(2, '0')}`,
      addr_info: (l.addresses ?? []).map((a) => {
        const [local, len] = a.split('/');
        return { family: local.includes(':') ? 'inet6' : 'inet', local, prefixlen: Number(len) };
      }),
    })),
  );
}

export const LAPTOP_LINKS: FakeLink[] = [
  { name: 'lo', type: 'loopback', mac: '00:00:00:00:00:00', addresses: ['127.0.0.1/8'] },
  { name: 'eth0', addresses: ['192.0.2.2/24'] },
  { name: 'usb0' },
  { name: 'wlan0', up: false },
];

export const LAPTOP_ROUTES: FakeRoute[] = [
  { dst: 'default', gateway: '192.0.2.1', dev: 'eth0' },
  { dst: '192.0.2.0/24', dev: 'eth0' },
];

/** A pid for each daemon program, so assertions can name them. */
export const PIDS: Record<string, number> = { dnsmasq: 4242, hostapd: 4343 };

export function linuxHost(opts: { links?: FakeLink[]; routes?: FakeRoute[]; gro?: 'on' | 'off' } = {}) {
  const runner = new FakeRunner();
  const system = new FakeSystem();
  const links = opts.links ?? LAPTOP_LINKS;
  runner
    .on(['ip', '-j', 'addr', 'show'], { stdout: ipAddrJson(links) })
    .on(['ip', '-j', '-4', 'route', 'show', 'table', 'all'], {
      stdout: JSON.stringify(opts.routes ?? LAPTOP_ROUTES),
    })
    .on(['ip', 'addr'], {})
    .on(['ethtool', '-k'], {
      stdout: [
        'Features for usb0:',
        'rx-checksumming: on',
        `generic-receive-offload: ${opts.gro ?? 'on'}`,
        'large-receive-offload: off [fixed]',
        'rx-gro-hw: off [fixed]',
        '',
      ].join('\n'),
    })
    .on(['ethtool', '-K'], {})
    .on(['nft'], {})
    .on(['iw', 'list'], { code: 1, stderr: 'nl80211 not found.' })
    .on(['iw', 'dev'], { code: 1, stderr: 'nl80211 not found.' });
  for (const program of ['dnsmasq', 'hostapd']) {
    runner.on([program], (args) => {
      const pidArg =
        args.find((a) => a.startsWith('--pid-file='))?.slice('--pid-file='.length) ??
        args[args.indexOf('-P') + 1];
      system.files.set(pidArg, `${PIDS[program]}\n`);
      system.processes.set(PIDS[program], [`/usr/sbin/${program}`, ...args]);
      return {};
    });
  }
  return { runner, system };
}
