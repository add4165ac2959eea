/**
 * How the capture helper gets its rights. `direct` starts it as a plain child, for a parent that
 * is already privileged (root in the lab tests, or a user granted CAP_NET_RAW,CAP_NET_ADMIN on
 * node). pkexec (polkit) and dumpcap backends implement the same interface.
 *
 * Contract with the helper: its stdin is a pipe that the parent keeps open for as long as it
 * wants the capture (the helper exits when it closes), stdout carries the pcapng stream and
 * stderr the JSON message lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { helperArgv } from './helper-arguments';

export interface CaptureStartOptions {
  interfaceName: string;
  filter?: string;
  bufferMb?: number;
}

export interface CaptureBackend {
  readonly name: string;
  /** Start the helper; stdin, stdout and stderr must all be pipes. */
  start(opts: CaptureStartOptions): ChildProcess;
}

const HELPER_ENTRY = fileURLToPath(new URL('./capture-helper-source.mjs', import.meta.url));

export const directBackend: CaptureBackend = {
  name: 'direct',
  start(opts) {
    return spawn(process.execPath, [HELPER_ENTRY, ...helperArgv(opts)], {
      stdio: ['pipe', 'pipe', 'pipe'],
      // No shell: the arguments reach the helper exactly as given, and it validates them.
      shell: false,
    });
  },
};
