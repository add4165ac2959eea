/**
 * Which capture backend to use. `auto` takes the first that works without asking anything of the
 * user: `direct` when this process is root or has CAP_NET_RAW and CAP_NET_ADMIN (the helper is
 * its child and inherits them), `dumpcap` when dumpcap can open the interface as this user (tried
 * with `dumpcap -L -i IF`, which needs the same rights as capturing), and else `pkexec`, which
 * asks for an administrator's password. The probe is impure (processes, /proc); the choice is a
 * pure function of it, so every branch is tested.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { directBackend, type BackendName, type CaptureBackend } from './capture-backend';
import { dumpcapBackend } from './dumpcap-backend';
import { DEFAULT_HELPER_LAUNCHER, POLKIT_POLICY_PATH, pkexecBackend } from './pkexec-backend';

const CAP_NET_ADMIN = 12n;
const CAP_NET_RAW = 13n;

export interface BackendProbe {
  isRoot: boolean;
  /** CAP_NET_RAW and CAP_NET_ADMIN are both in this process's effective set. */
  netCapabilities: boolean;
  dumpcap: { path: string | null; canCapture: boolean; why: string };
  pkexec: { path: string | null; launcher: string; launcherInstalled: boolean; policyInstalled: boolean };
}

export type BackendChoice = { name: BackendName; reason: string } | { error: string };

/** The effective capability set from /proc/self/status has both capture capabilities. */
export function hasNetCapabilities(procStatus: string): boolean {
  const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(procStatus);
  if (!m) return false;
  const eff = BigInt(`0x${m[1]}`);
  return ((eff >> CAP_NET_RAW) & 1n) === 1n && ((eff >> CAP_NET_ADMIN) & 1n) === 1n;
}

export function chooseBackend(requested: 'auto' | BackendName, probe: BackendProbe): BackendChoice {
  const privileged = probe.isRoot || probe.netCapabilities;
  const pkexecReady = probe.pkexec.path !== null && probe.pkexec.launcherInstalled;
  switch (requested) {
    case 'direct':
      return privileged
        ? { name: 'direct', reason: 'requested' }
        : {
            error:
              'the direct backend needs root or CAP_NET_RAW,CAP_NET_ADMIN on node; choose auto, dumpcap or pkexec instead',
          };
    case 'dumpcap':
      return probe.dumpcap.path !== null
        ? { name: 'dumpcap', reason: 'requested' }
        : {
            error:
              'dumpcap is not installed: install it ("sudo apt install wireshark-common") or choose another backend',
          };
    case 'pkexec':
      if (probe.pkexec.path === null) {
        return {
          error:
            'pkexec is not installed: install polkit ("sudo apt install pkexec") or choose another backend',
        };
      }
      return probe.pkexec.launcherInstalled
        ? { name: 'pkexec', reason: 'requested' }
        : {
            error: `the capture helper launcher ${probe.pkexec.launcher} is not installed; see build/linux/README.md`,
          };
    case 'auto':
      if (privileged) {
        return {
          name: 'direct',
          reason: probe.isRoot ? 'running as root' : 'this process has CAP_NET_RAW,CAP_NET_ADMIN',
        };
      }
      if (probe.dumpcap.canCapture) return { name: 'dumpcap', reason: 'dumpcap may capture as this user' };
      if (pkexecReady) {
        return {
          name: 'pkexec',
          reason: probe.pkexec.policyInstalled
            ? 'pkexec with the org.phonehome.capture action'
            : 'pkexec (the org.phonehome.capture action is not installed, so it asks for the password every time)',
        };
      }
      return {
        error:
          `no way to capture here without privileges: ${probe.dumpcap.why}; ` +
          (probe.pkexec.path === null
            ? 'pkexec is not installed'
            : `the capture helper launcher ${probe.pkexec.launcher} is not installed (see build/linux/README.md)`) +
          '. Run as root, or add yourself to the wireshark group, or install the helper launcher and its polkit action.',
      };
  }
}

/** The backend object for a chosen name. */
export function backendFor(name: BackendName, probe?: BackendProbe): CaptureBackend {
  if (name === 'direct') return directBackend;
  if (name === 'dumpcap') return dumpcapBackend(probe?.dumpcap.path ?? 'dumpcap');
  return pkexecBackend(probe?.pkexec.launcher ?? DEFAULT_HELPER_LAUNCHER, probe?.pkexec.path ?? 'pkexec');
}

/** The first executable called `name` on PATH, or null. */
export function findExecutable(name: string, path = process.env.PATH ?? ''): string | null {
  for (const dir of [...path.split(delimiter), '/usr/sbin', '/sbin', '/usr/bin']) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here; keep looking.
    }
  }
  return null;
}

function run(file: string, args: string[]): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 5000, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ ok: !err, out: `${stdout}${stderr}` });
    });
  });
}

/** Why dumpcap can or cannot capture as this user, in words for an error message. */
async function probeDumpcap(path: string | null, interfaceName: string): Promise<BackendProbe['dumpcap']> {
  if (path === null) return { path, canCapture: false, why: 'dumpcap is not installed' };
  const tried = await run(path, ['-L', '-i', interfaceName]);
  if (tried.ok) return { path, canCapture: true, why: 'dumpcap can open the interface' };
  const getcap = findExecutable('getcap');
  const caps = getcap ? (await run(getcap, [path])).out : '';
  const hasCaps = /cap_net_raw/.test(caps);
  const inGroup = inWiresharkGroup();
  const first = tried.out.split('\n').find((l) => l.startsWith('dumpcap:')) ?? tried.out.split('\n')[0];
  return {
    path,
    canCapture: false,
    why:
      `dumpcap cannot capture as this user (${first.trim()}; ` +
      `${hasCaps ? 'it has capture capabilities' : 'it has no capture capabilities'}, ` +
      `${inGroup ? 'you are in the wireshark group' : 'you are not in the wireshark group'})`,
  };
}

function inWiresharkGroup(): boolean {
  try {
    const line = readFileSync('/etc/group', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('wireshark:'));
    if (!line) return false;
    const gid = Number(line.split(':')[2]);
    return process.getgroups?.().includes(gid) ?? false;
  } catch {
    return false;
  }
}

export async function probeBackends(
  interfaceName: string,
  launcher = DEFAULT_HELPER_LAUNCHER,
): Promise<BackendProbe> {
  let procStatus = '';
  try {
    procStatus = readFileSync('/proc/self/status', 'utf8');
  } catch {
    // Not Linux: no capabilities to read.
  }
  const isRoot = process.getuid?.() === 0;
  const netCapabilities = hasNetCapabilities(procStatus);
  // A privileged process never needs the other two, so they are not probed for it.
  const dumpcapPath = findExecutable('dumpcap');
  const dumpcap =
    isRoot || netCapabilities
      ? { path: dumpcapPath, canCapture: dumpcapPath !== null, why: 'not probed (privileged)' }
      : await probeDumpcap(dumpcapPath, interfaceName);
  return {
    isRoot,
    netCapabilities,
    dumpcap,
    pkexec: {
      path: findExecutable('pkexec'),
      launcher,
      launcherInstalled: existsSync(launcher),
      policyInstalled: existsSync(POLKIT_POLICY_PATH),
    },
  };
}
