/**
 * The one way the hotspot code runs a program: argv arrays through execFile, never a shell, so
 * no interface name, SSID or host name can be read as shell syntax, and unit tests can replace
 * the runner and see the exact argument vectors.
 */
import { execFile } from 'node:child_process';

export interface CommandResult {
  /** The exit status; 127 when the program could not be started at all. */
  code: number;
  stdout: string;
  stderr: string;
}

export interface CommandRunner {
  run(command: string, args: readonly string[]): Promise<CommandResult>;
}

/**
 * Administration tools (ip, iw, nft, dnsmasq, hostapd) live in sbin, which an ordinary user's
 * PATH often lacks; adding those directories lets prerequisite checks work without sudo.
 */
export const SBIN_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

export function augmentedPath(path: string | undefined): string {
  const dirs = (path ?? '').split(':').filter(Boolean);
  for (const d of SBIN_DIRS) if (!dirs.includes(d)) dirs.push(d);
  return dirs.join(':');
}

/** The real runner. Output is capped and every command has a time limit so a hung tool cannot block the service. */
export function createExecFileRunner(timeoutMs = 30_000): CommandRunner {
  const env = { ...process.env, PATH: augmentedPath(process.env.PATH), LC_ALL: 'C' };
  return {
    run(command, args) {
      return new Promise((resolve) => {
        execFile(
          command,
          [...args],
          { env, timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024, encoding: 'utf8' },
          (err, stdout, stderr) => {
            if (!err) return resolve({ code: 0, stdout, stderr });
            const e = err as NodeJS.ErrnoException & { code?: number | string; killed?: boolean };
            if (e.code === 'ENOENT')
              return resolve({ code: 127, stdout: '', stderr: `${command}: not found` });
            const code = typeof e.code === 'number' ? e.code : 1;
            const note = e.killed ? `${command} timed out after ${timeoutMs} ms\n` : '';
            resolve({ code, stdout: stdout ?? '', stderr: `${note}${stderr ?? e.message}` });
          },
        );
      });
    },
  };
}

/** The first line of a failed command's error output, for messages. */
export function failureText(command: string, args: readonly string[], r: CommandResult): string {
  const detail = (r.stderr || r.stdout).trim().split('\n')[0] || `exit status ${r.code}`;
  return `${command} ${args.join(' ')} failed: ${detail}`;
}
