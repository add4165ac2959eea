/**
 * The hotspot manager: the API the services and the CLI use. It picks the provider, keeps the
 * state file (hotspot-state.ts) up to date while a provider works, undoes recorded changes when
 * `up` fails halfway or `down` is asked for (even from a new process), and lists devices and
 * interfaces. Operations on one manager run one at a time.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import {
  DOWN_HOTSPOT,
  type DeviceInfo,
  type HotspotProviderName,
  type HotspotStatus,
  type NetworkInterfaceInfo,
  type Prerequisite,
} from '../../shared/live-types';
import { createExecFileRunner, type CommandRunner } from './command-runner';
import { leasesToDevices } from './device-list';
import { parseDnsmasqLeases } from './dnsmasq-leases';
import { createExistingProvider } from './existing-interface';
import { createHostapdProvider } from './hostapd-provider';
import { loadState, removeState, saveState, type HotspotState } from './hotspot-state';
import { listNetworkInterfaces } from './network-interfaces';
import { createNetworkManagerProvider } from './networkmanager';
import {
  HotspotError,
  PrerequisiteError,
  type HotspotProvider,
  type HotspotUpOptions,
  type ProviderDeps,
} from './provider';
import { createNodeSystem, type SystemAccess } from './system-access';
import { undoAll } from './undo-steps';
import { createWiredShareProvider } from './wired-share';

export type { CommandResult, CommandRunner } from './command-runner';
export { mergeDevices } from './device-list';
export { defaultStateDir } from './hotspot-state';
export { HotspotError, PrerequisiteError, type HotspotUpOptions } from './provider';
export type { SystemAccess } from './system-access';

export interface HotspotManager {
  /** The current hotspot, or the default provider's prerequisites when none is up. */
  status(): Promise<HotspotStatus>;
  prerequisites(options: HotspotUpOptions): Promise<Prerequisite[]>;
  /**
   * Makes the hotspot. Resolves with state "error" (and the prerequisites) when it cannot;
   * rejects with HotspotError only when another hotspot is already up or the state file is unusable.
   */
  up(options: HotspotUpOptions): Promise<HotspotStatus>;
  down(): Promise<HotspotStatus>;
  /** Devices in the DHCP server's lease table (merge with engine records via mergeDevices). */
  leases(): Promise<DeviceInfo[]>;
  listInterfaces(): Promise<NetworkInterfaceInfo[]>;
}

export interface HotspotManagerOptions {
  stateDir: string;
  runner?: CommandRunner;
  system?: SystemAccess;
}

const MAX_LEASE_FILE = 1024 * 1024;

function baseStatus(provider: HotspotProviderName | null): HotspotStatus {
  return { ...DOWN_HOTSPOT, provider };
}

function statusOf(
  s: HotspotState,
  state: HotspotStatus['state'],
  prerequisites: Prerequisite[],
): HotspotStatus {
  const warnings = s.warnings.length ? ` Note: ${s.warnings.join('; ')}.` : '';
  return {
    provider: s.provider,
    state,
    interface: s.interface,
    ssid: s.ssid,
    gateway: s.gateway,
    subnet: s.subnet,
    guidance: s.guidance ? `${s.guidance}${warnings}` : warnings.trim() || null,
    error: null,
    prerequisites,
  };
}

export function createHotspotManager(opts: HotspotManagerOptions): HotspotManager {
  const stateDir = resolve(opts.stateDir);
  const runner = opts.runner ?? createExecFileRunner();
  const system = opts.system ?? createNodeSystem();
  const deps: ProviderDeps = { runner, system };
  const providers: Record<HotspotProviderName, HotspotProvider> = {
    networkmanager: createNetworkManagerProvider(deps),
    hostapd: createHostapdProvider(deps),
    'wired-share': createWiredShareProvider(deps),
    existing: createExistingProvider(deps),
  };
  let startingHere = false;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };

  /** NetworkManager where it runs the Wi-Fi, else hostapd where a radio can be an AP, else wired-share; the OS's own sharing off Linux. */
  async function defaultProvider(): Promise<HotspotProvider> {
    if (system.platform !== 'linux') return providers.existing;
    if (await system.findBinary('nmcli')) {
      const r = await runner.run('nmcli', ['-t', '-f', 'RUNNING', 'general']);
      if (r.code === 0 && r.stdout.trim() === 'running') return providers.networkmanager;
    }
    if (await system.findBinary('hostapd')) {
      const ap = (await providers.hostapd.systemPrerequisites()).find((p) => p.name === 'wifi-ap');
      if (ap?.ok) return providers.hostapd;
    }
    return providers['wired-share'];
  }

  function provider(name: HotspotProviderName): HotspotProvider {
    const p = providers[name];
    if (!p)
      throw new HotspotError(
        `unknown hotspot provider "${String(name)}" (use networkmanager, hostapd, wired-share or existing)`,
      );
    return p;
  }

  /** A daemon we started that has died means the hotspot no longer works. */
  async function health(s: HotspotState): Promise<string | null> {
    for (const step of s.undo) {
      if (step.kind !== 'process') continue;
      const stat = await system.readText(`/proc/${step.pid}/stat`, 4096);
      const state = stat ? stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) : 'X';
      if (state === 'Z' || state === 'X') {
        return `${step.program} (pid ${step.pid}) has stopped; see its log in ${stateDir}, then run "phonehome hotspot down" and start the hotspot again`;
      }
    }
    return null;
  }

  async function currentStatus(): Promise<HotspotStatus> {
    const loaded = await loadState(system, stateDir);
    if (loaded.kind === 'none') {
      const p = await defaultProvider();
      return {
        ...baseStatus(p.name),
        guidance: `No hotspot is up. The ${p.name} provider suits this machine.`,
        prerequisites: await p.systemPrerequisites(),
      };
    }
    if (loaded.kind === 'corrupt') {
      return {
        ...baseStatus(null),
        state: 'error',
        error: `${loaded.reason} (${loaded.path}); undo by hand what it lists, then delete it`,
      };
    }
    const s = loaded.state;
    const prerequisites = await provider(s.provider).systemPrerequisites();
    if (s.phase === 'starting') {
      if (startingHere) return statusOf(s, 'starting', prerequisites);
      return {
        ...statusOf(s, 'error', prerequisites),
        error: 'a previous "hotspot up" was interrupted; run "phonehome hotspot down" to undo what it did',
      };
    }
    const problem = await health(s);
    return problem
      ? { ...statusOf(s, 'error', prerequisites), error: problem }
      : statusOf(s, 'up', prerequisites);
  }

  async function up(o: HotspotUpOptions): Promise<HotspotStatus> {
    const p = provider(o.provider);
    const loaded = await loadState(system, stateDir);
    if (loaded.kind === 'corrupt')
      throw new HotspotError(`${loaded.reason} (${loaded.path}); undo by hand what it lists, then delete it`);
    if (loaded.kind === 'ok') {
      throw new HotspotError(
        `a hotspot is already ${loaded.state.phase === 'up' ? 'up' : 'half made'} (${loaded.state.provider} on ${loaded.state.interface}); ` +
          'run "phonehome hotspot down" first',
      );
    }
    const state: HotspotState = {
      version: 1,
      provider: p.name,
      tag: randomBytes(4).toString('hex'),
      phase: 'starting',
      interface: o.interface,
      upstream: o.upstream ?? null,
      ssid: o.ssid ?? null,
      gateway: null,
      subnet: o.subnet ?? null,
      guidance: null,
      leaseFile: null,
      leaseSeconds: 0,
      startedAt: Math.floor(system.now() / 1000),
      warnings: [],
      undo: [],
    };
    startingHere = true;
    try {
      await saveState(system, stateDir, state);
      const result = await p.up(o, {
        runner,
        system,
        stateDir,
        tag: state.tag,
        record: async (step) => {
          state.undo.push(step);
          await saveState(system, stateDir, state);
        },
        warn: (text) => state.warnings.push(text),
      });
      Object.assign(state, { ...result, phase: 'up' });
      await saveState(system, stateDir, state);
      return statusOf(state, 'up', []);
    } catch (err) {
      const undone = await undoAll(state.undo, { runner, system });
      if (undone.remaining.length) await saveState(system, stateDir, { ...state, undo: undone.remaining });
      else await removeState(system, stateDir);
      const failed: HotspotStatus = { ...statusOf(state, 'error', []), gateway: null };
      if (err instanceof PrerequisiteError)
        return { ...failed, error: err.message, prerequisites: err.prerequisites };
      const leftovers = undone.errors.length
        ? `; undoing the partial setup also failed: ${undone.errors.join('; ')} (run "phonehome hotspot down" to retry)`
        : '';
      return { ...failed, error: `${(err as Error).message}${leftovers}` };
    } finally {
      startingHere = false;
    }
  }

  async function down(): Promise<HotspotStatus> {
    const loaded = await loadState(system, stateDir);
    if (loaded.kind === 'none')
      return { ...baseStatus(null), guidance: 'No hotspot is up; there was nothing to undo.' };
    if (loaded.kind === 'corrupt')
      throw new HotspotError(`${loaded.reason} (${loaded.path}); undo by hand what it lists, then delete it`);
    const s = loaded.state;
    const undone = await undoAll(s.undo, { runner, system });
    const notes = undone.notes.length ? `${undone.notes.join('; ')}.` : null;
    if (undone.remaining.length) {
      await saveState(system, stateDir, { ...s, undo: undone.remaining });
      return {
        ...statusOf(s, 'error', []),
        guidance: notes,
        error: `could not undo everything: ${undone.errors.join('; ')}; fix that and run "phonehome hotspot down" again`,
      };
    }
    await removeState(system, stateDir);
    return {
      ...baseStatus(s.provider),
      guidance:
        notes ?? `The ${s.provider} hotspot on ${s.interface} is down and everything it changed is restored.`,
    };
  }

  async function leases(): Promise<DeviceInfo[]> {
    const loaded = await loadState(system, stateDir);
    if (loaded.kind !== 'ok' || !loaded.state.leaseFile) return [];
    const text = await system.readText(loaded.state.leaseFile, MAX_LEASE_FILE);
    return text ? leasesToDevices(parseDnsmasqLeases(text), loaded.state.leaseSeconds) : [];
  }

  return {
    status: () => serial(currentStatus),
    prerequisites: (o) => serial(() => provider(o.provider).prerequisites(o)),
    up: (o) => serial(() => up(o)),
    down: () => serial(down),
    leases: () => serial(leases),
    listInterfaces: () => serial(() => listNetworkInterfaces(runner, system)),
  };
}
