/**
 * The capture helper started through pkexec (polkit), for a desktop user who is not privileged:
 * pkexec asks for an administrator's password (kept for a few minutes: auth_admin_keep) under
 * the org.phonehome.capture action, whose exec.path annotation names the installed helper
 * launcher (build/linux/org.phonehome.capture.policy, installed as build/linux/README.md says).
 * pkexec then execs the launcher as root, with a clean environment and our pipes as its stdio.
 *
 * Threat model: the launcher runs as root with arguments from this less trusted process. It is a
 * fixed, root-owned file; the helper it starts validates every argument itself
 * (helper-arguments.ts). We cannot signal a process running as root, so the capture is stopped
 * the way the helper is built to notice: its stdin closes.
 */
import { spawn } from 'node:child_process';
import {
  helperInitialDrops,
  interpretHelperLine,
  type CaptureBackend,
  type CaptureStartOptions,
} from './capture-backend';
import { helperArgv } from './helper-arguments';

/** Where packages install the launcher the polkit action names. */
export const DEFAULT_HELPER_LAUNCHER = '/usr/lib/phonehome/phonehome-capture-helper';
export const POLKIT_ACTION_ID = 'org.phonehome.capture';
export const POLKIT_POLICY_PATH = `/usr/share/polkit-1/actions/${POLKIT_ACTION_ID}.policy`;

/** pkexec's command line for a capture: pkexec LAUNCHER --interface IF [...]. */
export function pkexecArgv(launcher: string, opts: CaptureStartOptions): string[] {
  return [launcher, ...helperArgv(opts)];
}

/**
 * pkexec's own exit codes (pkexec(1)): 126 when the user dismissed the password dialog; 127 when
 * the user is not authorised, no agent could ask, or pkexec failed otherwise. Its stderr tells
 * those apart (polkit 122's pkexec.c), so the message follows it where it can.
 */
export function describePkexecExit(code: number | null, stderr: readonly string[] = []): string | null {
  const said = stderr.join('\n');
  if (code === 126) {
    return 'the administrator password was not given (the request was dismissed); start the capture again to retry';
  }
  if (code !== 127) return null;
  if (/not authori[sz]ed/i.test(said)) {
    return 'polkit refused the capture (this account is not allowed the org.phonehome.capture action, or the password was wrong); ask an administrator, or use another backend (see build/linux/README.md)';
  }
  // "No authentication agent found", or, with no agent but no terminal either (an app started
  // from the desktop), "Error creating textual authentication agent: ... /dev/tty ...".
  if (/authentication agent/i.test(said)) {
    return 'pkexec could not ask for the administrator password: no polkit agent is running in this session; see build/linux/README.md';
  }
  return `pkexec could not start the capture helper${said ? ` (${said.trim().split('\n').at(-1)})` : ''}; check that the helper launcher is installed (see build/linux/README.md)`;
}

export function pkexecBackend(launcher = DEFAULT_HELPER_LAUNCHER, pkexecPath = 'pkexec'): CaptureBackend {
  return {
    name: 'pkexec',
    start(opts) {
      return spawn(pkexecPath, pkexecArgv(launcher, opts), { stdio: ['pipe', 'pipe', 'pipe'], shell: false });
    },
    stop(child) {
      child.stdin?.end();
    },
    killable: false,
    readyOn: 'message',
    interpret: interpretHelperLine,
    initialKernelDrops: helperInitialDrops,
    describeExit: describePkexecExit,
  };
}
