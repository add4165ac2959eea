/**
 * How a live capture gets its rights. Every backend starts one process that writes a pcapng
 * stream to its stdout; they differ in who that process is and how it talks on stderr:
 * - `direct`: our capture helper as a plain child, for a parent that is already privileged (root
 *   in the lab tests, or node granted CAP_NET_RAW,CAP_NET_ADMIN).
 * - `pkexec`: the same helper through pkexec and the org.phonehome.capture polkit action
 *   (pkexec-backend.ts), for a desktop user who can authenticate as an administrator.
 * - `dumpcap`: Wireshark's capture program (dumpcap-backend.ts), for a user in the wireshark
 *   group or where dumpcap has the capabilities itself.
 *
 * Contract with the helper: its stdin is a pipe that the parent keeps open for as long as it
 * wants the capture (the helper exits when it closes), stdout carries the pcapng stream and
 * stderr the JSON message lines (helper-messages.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { helperArgv } from './helper-arguments';
import { parseHelperMessage } from './helper-messages';
import type { IsbCounters } from './pcapng-block-tap';

export type BackendName = 'direct' | 'pkexec' | 'dumpcap';
export const BACKEND_NAMES: readonly BackendName[] = ['direct', 'pkexec', 'dumpcap'];

export interface CaptureStartOptions {
  interfaceName: string;
  filter?: string;
  bufferMb?: number;
}

/** The kernel's drop count as a backend knows it. */
export interface KernelDrops {
  /** Null when unknown. */
  dropped: number | null;
  /** Where the count comes from, or why it is unknown. */
  source: string;
}

/** What one stderr line of the capture process means. */
export type BackendMessage =
  | { kind: 'ready' }
  | { kind: 'error'; message: string }
  | { kind: 'status'; delivered: number | null; kernel: KernelDrops }
  | { kind: 'warning'; text: string }
  | { kind: 'ignore' };

export interface CaptureBackend {
  readonly name: BackendName;
  /** Start the capture process; stdin, stdout and stderr must all be pipes. */
  start(opts: CaptureStartOptions): ChildProcess;
  /** Ask it to stop; it then writes its last statistics and exits. */
  stop(child: ChildProcess): void;
  /** Whether SIGKILL can end it when it does not stop (not a process running as root for us). */
  readonly killable: boolean;
  /**
   * When the capture is running: on the process's "ready" message (the helper), or once the
   * stream's interface description has arrived (dumpcap, which writes nothing before that).
   */
  readonly readyOn: 'message' | 'stream';
  interpret(line: string): BackendMessage;
  /** The kernel's drops before the first status arrives (or for good, when none ever does). */
  initialKernelDrops(): KernelDrops;
  /** Drops read from a statistics block in the stream, for backends whose ISBs carry them. */
  kernelDropsFromIsb?(isb: IsbCounters): KernelDrops | null;
  /**
   * A message for an exit before ready that sent no error message (pkexec's 126 and 127), given
   * the exit code and the last plain lines the process printed on stderr.
   */
  describeExit?(code: number | null, stderr: readonly string[]): string | null;
}

const HELPER_ENTRY = fileURLToPath(new URL('./capture-helper-source.mjs', import.meta.url));

/** How the helper's own stderr lines read, shared by the direct and pkexec backends. */
export function interpretHelperLine(line: string): BackendMessage {
  const m = parseHelperMessage(line);
  if (m === null) return line.trim() ? { kind: 'warning', text: line } : { kind: 'ignore' };
  if ('error' in m) return { kind: 'error', message: m.error };
  if ('ready' in m) return { kind: 'ready' };
  return {
    kind: 'status',
    delivered: m.status.delivered,
    kernel: { dropped: m.status.kernelDropped, source: m.status.kernelDropSource },
  };
}

export const helperInitialDrops = (): KernelDrops => ({
  dropped: null,
  source: 'kernel drops unknown until the helper first reports',
});

export const directBackend: CaptureBackend = {
  name: 'direct',
  start(opts) {
    return spawn(process.execPath, [HELPER_ENTRY, ...helperArgv(opts)], {
      stdio: ['pipe', 'pipe', 'pipe'],
      // No shell: the arguments reach the helper exactly as given, and it validates them.
      shell: false,
    });
  },
  stop(child) {
    child.kill('SIGTERM');
  },
  killable: true,
  readyOn: 'message',
  interpret: interpretHelperLine,
  initialKernelDrops: helperInitialDrops,
};
