/**
 * The hotspot's state file: which provider is up and every change it made (addresses, nftables
 * table, sysctl, offloads, processes, files, NetworkManager profiles), recorded as undo steps the
 * moment each change is made, so `phonehome hotspot down` in a new process restores the machine
 * even after a crash halfway through `up`.
 *
 * Threat model: the file lives in the user's state directory and `down` usually runs as root. A
 * tampered file must not turn `down` into "kill any process" or "delete any file", so every step
 * is validated on reading: names must have the shapes we create, files must lie inside the state
 * directory, processes are stopped only if /proc shows our program with our marker argument.
 */
import { homedir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import type { HotspotProviderName } from '../../shared/live-types';
import { parsePrefix } from './ipv4-subnet';
import type { SystemAccess } from './system-access';

export const STATE_FILE = 'hotspot.json';
export const IP_FORWARD = '/proc/sys/net/ipv4/ip_forward';

export type UndoStep =
  /** A daemon we started; `marker` is an argument only our instance has (its pid or config file). */
  | { kind: 'process'; program: 'dnsmasq' | 'hostapd'; pid: number; marker: string }
  | { kind: 'address'; interface: string; address: string }
  /** Restore a sysctl to its value before `up`. */
  | { kind: 'sysctl'; path: typeof IP_FORWARD; value: '0' | '1' }
  | { kind: 'nft-table'; family: 'inet'; table: string }
  /** Receive offloads we turned off and must turn back on. */
  | { kind: 'offloads'; interface: string; features: ('gro' | 'lro')[] }
  /** A NetworkManager connection profile we created (delete it) or activated (take it down). */
  | { kind: 'nm-connection'; name: string }
  | { kind: 'nm-active'; name: string }
  | { kind: 'file'; path: string };

export interface HotspotState {
  version: 1;
  provider: HotspotProviderName;
  /** Random hex naming everything this run created (nft table, NM profile, files). */
  tag: string;
  /** "starting" until `up` finished; a file left in that state means `up` was interrupted. */
  phase: 'starting' | 'up';
  interface: string;
  upstream: string | null;
  ssid: string | null;
  gateway: string | null;
  subnet: string | null;
  guidance: string | null;
  /** The DHCP server's lease file, when there is one we can read. */
  leaseFile: string | null;
  leaseSeconds: number;
  startedAt: number;
  /** Things that did not stop the hotspot but the user should know (e.g. offloads left on). */
  warnings: string[];
  undo: UndoStep[];
}

/** `--state-dir`, else PHONEHOME_STATE_DIR, else $XDG_STATE_HOME/phonehome, else ~/.local/state/phonehome. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  if (env.PHONEHOME_STATE_DIR) return env.PHONEHOME_STATE_DIR;
  const base = env.XDG_STATE_HOME || join(home, '.local', 'state');
  return join(base, 'phonehome');
}

export const TAG = /^[0-9a-f]{8}$/;
/** Linux interface names: at most 15 bytes, no '/', ':' or whitespace; we also refuse quotes and shell-ish punctuation. */
export const LINUX_IFNAME = /^[A-Za-z0-9_.@+-]{1,15}$/;
const PROVIDERS: HotspotProviderName[] = ['networkmanager', 'hostapd', 'wired-share', 'existing'];

function insideDir(dir: string, path: unknown): path is string {
  if (typeof path !== 'string') return false;
  const root = resolve(dir);
  const p = resolve(path);
  return p.startsWith(root + sep) && p === path;
}

function validStep(s: unknown, stateDir: string): s is UndoStep {
  if (!s || typeof s !== 'object') return false;
  const o = s as Record<string, unknown>;
  const ifname = (v: unknown) => typeof v === 'string' && LINUX_IFNAME.test(v);
  switch (o.kind) {
    case 'process':
      return (
        (o.program === 'dnsmasq' || o.program === 'hostapd') &&
        typeof o.pid === 'number' &&
        Number.isInteger(o.pid) &&
        o.pid > 1 &&
        insideDir(stateDir, o.marker)
      );
    case 'address':
      return ifname(o.interface) && typeof o.address === 'string' && parsePrefix(o.address) !== null;
    case 'sysctl':
      return o.path === IP_FORWARD && (o.value === '0' || o.value === '1');
    case 'nft-table':
      return o.family === 'inet' && typeof o.table === 'string' && /^phonehome_[0-9a-f]{8}$/.test(o.table);
    case 'offloads':
      return (
        ifname(o.interface) &&
        Array.isArray(o.features) &&
        o.features.every((f) => f === 'gro' || f === 'lro')
      );
    case 'nm-connection':
    case 'nm-active':
      return typeof o.name === 'string' && /^phonehome-[0-9a-f]{8}$/.test(o.name);
    case 'file':
      return insideDir(stateDir, o.path);
    default:
      return false;
  }
}

const nullableString = (v: unknown) => v === null || typeof v === 'string';

/** The parsed state, or a sentence saying why the file cannot be trusted. */
export function validateState(json: unknown, stateDir: string): HotspotState | string {
  if (!json || typeof json !== 'object') return 'the state file is not a JSON object';
  const o = json as Record<string, unknown>;
  if (o.version !== 1) return `the state file has version ${String(o.version)}, expected 1`;
  if (!PROVIDERS.includes(o.provider as HotspotProviderName))
    return 'the state file names an unknown provider';
  if (typeof o.tag !== 'string' || !TAG.test(o.tag)) return 'the state file has a malformed tag';
  if (o.phase !== 'starting' && o.phase !== 'up') return 'the state file has an unknown phase';
  if (typeof o.interface !== 'string' || !o.interface || o.interface.length > 256) {
    return 'the state file has no interface';
  }
  for (const key of ['upstream', 'ssid', 'gateway', 'subnet', 'guidance', 'leaseFile'] as const) {
    if (!nullableString(o[key])) return `the state file's ${key} is not a string`;
  }
  if (o.leaseFile !== null && !(typeof o.leaseFile === 'string' && o.leaseFile.startsWith('/'))) {
    return 'the state file names a relative lease file';
  }
  if (typeof o.leaseSeconds !== 'number' || typeof o.startedAt !== 'number') {
    return 'the state file lacks its times';
  }
  if (!Array.isArray(o.warnings) || !o.warnings.every((w) => typeof w === 'string')) {
    return 'the state file has malformed warnings';
  }
  if (!Array.isArray(o.undo)) return 'the state file has no undo list';
  const bad = o.undo.findIndex((s) => !validStep(s, stateDir));
  if (bad >= 0)
    return `undo step ${bad + 1} in the state file is not one PhoneHome creates (${JSON.stringify(o.undo[bad])})`;
  return json as HotspotState;
}

export type LoadedState =
  { kind: 'none' } | { kind: 'ok'; state: HotspotState } | { kind: 'corrupt'; reason: string; path: string };

export async function loadState(system: SystemAccess, stateDir: string): Promise<LoadedState> {
  const path = join(stateDir, STATE_FILE);
  const text = await system.readText(path);
  if (text === null) return { kind: 'none' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'corrupt', reason: 'the state file is not valid JSON', path };
  }
  const result = validateState(json, stateDir);
  return typeof result === 'string'
    ? { kind: 'corrupt', reason: result, path }
    : { kind: 'ok', state: result };
}

export async function saveState(system: SystemAccess, stateDir: string, state: HotspotState): Promise<void> {
  await system.makeDir(stateDir);
  await system.writeText(join(stateDir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`, 0o600);
}

export async function removeState(system: SystemAccess, stateDir: string): Promise<void> {
  await system.remove(join(stateDir, STATE_FILE));
}
