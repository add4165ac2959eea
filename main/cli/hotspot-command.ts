/**
 * `phonehome hotspot up|down|status|devices|interfaces`: start, stop and inspect a hotspot
 * provider from the command line. `down` works from a new process: it reads what `up` recorded
 * in the state directory. Exit codes: 0 ok, 1 the operation failed, 2 usage error,
 * 3 prerequisites missing (each is printed).
 */
import { parseArgs } from 'node:util';
import type {
  DeviceInfo,
  HotspotProviderName,
  HotspotStatus,
  NetworkInterfaceInfo,
} from '../../shared/live-types';
import {
  createHotspotManager,
  defaultStateDir,
  HotspotError,
  type HotspotManager,
  type HotspotUpOptions,
} from '../hotspot/index';

const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
const EXIT_PREREQUISITES = 3;

export const HOTSPOT_USAGE = `Usage:
  phonehome hotspot up --provider P --interface IF [--subnet CIDR] [--upstream IF] [--dns IP[,IP]]
                       [--ssid NAME --password PASS] [--channel N] [--country CC] [--host NAME=IP]...
                       [--state-dir DIR] [--format text|json]
      P is networkmanager, hostapd, wired-share or existing. The password may also come from
      the environment variable PHONEHOME_HOTSPOT_PASSWORD (it then does not show in ps).
  phonehome hotspot down [--state-dir DIR] [--format text|json]
      Undo everything "up" changed, even from a new shell.
  phonehome hotspot status [--state-dir DIR] [--format text|json]
  phonehome hotspot devices [--state-dir DIR] [--format table|json]
      Devices in the hotspot's DHCP lease table.
  phonehome hotspot interfaces [--format table|json]

The state directory defaults to $PHONEHOME_STATE_DIR, else $XDG_STATE_HOME/phonehome, else
~/.local/state/phonehome.
Exit codes: 0 ok, 1 failed, 2 usage error, 3 prerequisites missing.`;

const PROVIDERS: HotspotProviderName[] = ['networkmanager', 'hostapd', 'wired-share', 'existing'];

export interface HotspotCommandIo {
  createManager?: (stateDir: string) => HotspotManager;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  env?: NodeJS.ProcessEnv;
}

class UsageError extends Error {}

/** Text from devices (host names) and the system may hold terminal escapes: show control characters as '.'. */
function clean(s: string | null | undefined): string {
  return (s ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, '.');
}

/** The same for messages that span lines (a daemon's log tail): newlines stay. */
function cleanLines(s: string | null | undefined): string {
  return (s ?? '').split('\n').map(clean).join('\n');
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

function describeStatus(s: HotspotStatus): string {
  const lines: string[] = [];
  if (s.state === 'up') lines.push(`Hotspot up: ${s.provider} on ${s.interface}`);
  else if (s.state === 'down') lines.push(clean(s.guidance ?? 'No hotspot is up.'));
  else
    lines.push(
      `Hotspot ${s.state}${s.provider ? `: ${s.provider}` : ''}${s.interface ? ` on ${s.interface}` : ''}`,
    );
  if (s.ssid) lines.push(`  network  ${clean(s.ssid)}`);
  if (s.gateway) lines.push(`  gateway  ${s.gateway}`);
  if (s.subnet) lines.push(`  subnet   ${s.subnet}`);
  if (s.guidance && s.state !== 'down') lines.push(clean(s.guidance));
  if (s.error) lines.push(`Error: ${cleanLines(s.error)}`);
  if (s.state === 'down' && s.prerequisites.length) {
    lines.push('Prerequisites:');
    for (const p of s.prerequisites) lines.push(`  ${p.ok ? 'ok     ' : 'MISSING'} ${clean(p.message)}`);
  }
  return `${lines.join('\n')}\n`;
}

function devicesTable(devices: DeviceInfo[]): string {
  if (!devices.length) return 'No devices in the lease table.\n';
  return `${table(
    ['MAC', 'IPV4', 'HOSTNAME', 'VENDOR'],
    devices.map((d) => [
      d.mac,
      d.ipv4.join(','),
      clean(d.hostname) || '-',
      d.randomized ? 'randomised MAC' : clean(d.vendor) || 'unknown',
    ]),
  )}\n`;
}

function interfacesTable(list: NetworkInterfaceInfo[]): string {
  return `${table(
    ['NAME', 'KIND', 'STATE', 'MAC', 'AP', 'ADDRESSES'],
    list.map((i) => [
      clean(i.name),
      i.kind,
      i.up ? 'up' : 'down',
      i.mac ?? '-',
      i.apCapable ? 'yes' : '-',
      i.addresses.join(' '),
    ]),
  )}\n`;
}

function parseHosts(values: string[] | undefined): Record<string, string> | undefined {
  if (!values?.length) return undefined;
  const hosts: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0 || eq === v.length - 1) throw new UsageError(`--host takes NAME=IP (got "${v}")`);
    hosts[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return hosts;
}

function upOptions(
  values: Record<string, string | boolean | string[] | undefined>,
  env: NodeJS.ProcessEnv,
): HotspotUpOptions {
  const provider = values.provider as string | undefined;
  if (!provider)
    throw new UsageError('hotspot up needs --provider (networkmanager, hostapd, wired-share or existing)');
  if (!PROVIDERS.includes(provider as HotspotProviderName)) {
    throw new UsageError(
      `--provider must be networkmanager, hostapd, wired-share or existing (got "${provider}")`,
    );
  }
  if (!values.interface) throw new UsageError('hotspot up needs --interface IF');
  let channel: number | undefined;
  if (values.channel !== undefined) {
    channel = Number(values.channel);
    if (!Number.isInteger(channel))
      throw new UsageError(`--channel must be a number (got "${String(values.channel)}")`);
  }
  const dns = values.dns as string | undefined;
  return {
    provider: provider as HotspotProviderName,
    interface: values.interface as string,
    upstream: (values.upstream as string | undefined) ?? null,
    subnet: values.subnet as string | undefined,
    dnsServers: dns
      ? dns
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined,
    ssid: values.ssid as string | undefined,
    password: (values.password as string | undefined) ?? env.PHONEHOME_HOTSPOT_PASSWORD,
    channel,
    country: values.country as string | undefined,
    hosts: parseHosts(values.host as string[] | undefined),
  };
}

export async function runHotspot(argv: string[], io: HotspotCommandIo = {}): Promise<number> {
  const out = io.stdout ?? ((t: string) => void process.stdout.write(t));
  const err = io.stderr ?? ((t: string) => void process.stderr.write(t));
  const env = io.env ?? process.env;
  const [sub, ...rest] = argv;
  try {
    const { values } = parseArgs({
      args: rest,
      options: {
        provider: { type: 'string' },
        interface: { type: 'string' },
        subnet: { type: 'string' },
        upstream: { type: 'string' },
        dns: { type: 'string' },
        ssid: { type: 'string' },
        password: { type: 'string' },
        channel: { type: 'string' },
        country: { type: 'string' },
        host: { type: 'string', multiple: true },
        'state-dir': { type: 'string' },
        format: { type: 'string' },
      },
    });
    const format = values.format ?? (sub === 'devices' || sub === 'interfaces' ? 'table' : 'text');
    if (!['text', 'table', 'json'].includes(format))
      throw new UsageError(`--format must be text, table or json (got "${format}")`);
    const json = format === 'json';
    const stateDir = values['state-dir'] ?? defaultStateDir(env);
    const manager = (io.createManager ?? ((dir: string) => createHotspotManager({ stateDir: dir })))(
      stateDir,
    );
    const print = (value: unknown, text: string) => out(json ? `${JSON.stringify(value, null, 2)}\n` : text);

    switch (sub) {
      case 'up': {
        const options = upOptions(values, env);
        const status = await manager.up(options);
        // A failure is told on stderr; stdout carries the status only when it is up or for scripts.
        if (json || status.state === 'up') print(status, describeStatus(status));
        const missing = status.prerequisites.filter((p) => !p.ok);
        if (status.state === 'up') return 0;
        if (missing.length) {
          err(
            `phonehome hotspot: cannot start the ${options.provider} hotspot:\n${missing.map((p) => `  - ${clean(p.message)}\n`).join('')}`,
          );
          return EXIT_PREREQUISITES;
        }
        err(`phonehome hotspot: ${cleanLines(status.error)}\n`);
        return EXIT_FAILED;
      }
      case 'down': {
        const status = await manager.down();
        print(status, describeStatus(status));
        return status.state === 'error' ? EXIT_FAILED : 0;
      }
      case 'status': {
        const status = await manager.status();
        print(status, describeStatus(status));
        return status.state === 'error' ? EXIT_FAILED : 0;
      }
      case 'devices': {
        const devices = await manager.leases();
        print(devices, devicesTable(devices));
        return 0;
      }
      case 'interfaces': {
        const list = await manager.listInterfaces();
        print(list, interfacesTable(list));
        return 0;
      }
      case undefined:
        throw new UsageError('hotspot needs a subcommand: up, down, status, devices or interfaces');
      default:
        throw new UsageError(`unknown hotspot subcommand "${sub}"`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`phonehome hotspot: ${(e as Error).message}\n\n${HOTSPOT_USAGE}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof HotspotError) {
      err(`phonehome hotspot: ${cleanLines(e.message)}\n`);
      return EXIT_FAILED;
    }
    throw e;
  }
}
