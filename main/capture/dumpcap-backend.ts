/**
 * Wireshark's dumpcap as the capture process, for a user who may run it without a password: in
 * the wireshark group on Debian and Ubuntu (dumpcap then has CAP_NET_RAW and CAP_NET_ADMIN as
 * file capabilities), or wherever dumpcap was given those capabilities by hand.
 *
 * `dumpcap -i IF [-f FILTER] -B MB -n -q -w -` writes pcapng to stdout, nothing before the
 * interface is open (so readiness is the stream's interface description arriving), and prints
 * messages to stderr: "Capturing on 'lo'", errors as "dumpcap: ..." followed by advice, and on
 * SIGTERM a final line "Packets received/dropped on interface 'lo': R/D (pcap:P/dumpcap:U/
 * flushed:F/ps_ifdrop:I) (x%)". dumpcap reports drops only when it stops (its closing ISB has
 * isb_ifdrop = pcap_stats ps_drop); while it runs, the kernel's drop count is unknown and the
 * stats say so.
 *
 * Threat model: dumpcap runs as this user (with capabilities); its arguments are validated here
 * (an interface name of Linux shape, a bounded filter) and passed without a shell. dumpcap does
 * not watch its stdin, so it is stopped with SIGTERM; if this process dies first, dumpcap ends
 * at its next write into the closed pipe.
 */
import { spawn } from 'node:child_process';
import type { CaptureBackend, CaptureStartOptions, KernelDrops } from './capture-backend';
import { DEFAULT_BUFFER_MB, parseHelperArguments } from './helper-arguments';

/** dumpcap's command line; the same validation as the helper's arguments (throws on bad ones). */
export function dumpcapArgv(opts: CaptureStartOptions): string[] {
  const args = parseHelperArguments([
    '--interface',
    opts.interfaceName,
    ...(opts.filter ? ['--filter', opts.filter] : []),
    '--buffer-mb',
    String(opts.bufferMb ?? DEFAULT_BUFFER_MB),
  ]);
  const argv = ['-i', args.interfaceName];
  if (args.filter) argv.push('-f', args.filter);
  argv.push('-B', String(args.bufferBytes / (1024 * 1024)), '-n', '-q', '-w', '-');
  return argv;
}

const FINAL_LINE =
  /^Packets received\/dropped on interface '.*': (\d+)\/(\d+) \(pcap:(\d+)\/dumpcap:(\d+)\/flushed:(\d+)\/ps_ifdrop:(\d+)\)/;
export const DUMPCAP_FINAL_SOURCE = "dumpcap's final count (pcap_stats ps_drop and dumpcap's own drops)";
export const DUMPCAP_RUNNING_SOURCE =
  'kernel drops unknown while dumpcap runs: it reports them when it stops';

/** The kernel and dumpcap drops of dumpcap's closing line, or null for any other line. */
export function parseDumpcapFinalLine(
  line: string,
): { kernel: number; ifdrop: number; received: number } | null {
  const m = FINAL_LINE.exec(line);
  if (!m) return null;
  return { received: Number(m[1]), kernel: Number(m[3]) + Number(m[4]), ifdrop: Number(m[6]) };
}

/** What to do about a dumpcap error, in one sentence after its own first line. */
function advise(message: string): string {
  if (/permission|capabilities|not permitted/i.test(message)) {
    return `${message} To capture without a password, add yourself to the wireshark group ("sudo dpkg-reconfigure wireshark-common", then "sudo usermod -aG wireshark $USER" and log in again), or choose the pkexec backend.`;
  }
  return message;
}

export function dumpcapBackend(dumpcapPath = 'dumpcap'): CaptureBackend {
  let sawError = false;
  return {
    name: 'dumpcap',
    start(opts) {
      sawError = false;
      return spawn(dumpcapPath, dumpcapArgv(opts), { stdio: ['pipe', 'pipe', 'pipe'], shell: false });
    },
    stop(child) {
      child.kill('SIGTERM');
    },
    killable: true,
    readyOn: 'stream',
    interpret(line) {
      const text = line.trim();
      if (!text) return { kind: 'ignore' };
      const final = parseDumpcapFinalLine(text);
      if (final) {
        return {
          kind: 'status',
          delivered: null,
          kernel: { dropped: final.kernel, source: DUMPCAP_FINAL_SOURCE },
        };
      }
      if (text.startsWith('dumpcap: ')) {
        sawError = true;
        return { kind: 'error', message: advise(text.slice('dumpcap: '.length)) };
      }
      // The advice dumpcap prints after an error is summarised above; other lines are news.
      if (sawError || /^(Capturing on|File: |Packets captured: )/.test(text)) return { kind: 'ignore' };
      return { kind: 'warning', text };
    },
    initialKernelDrops: (): KernelDrops => ({ dropped: null, source: DUMPCAP_RUNNING_SOURCE }),
    kernelDropsFromIsb(isb) {
      // dumpcap writes isb_ifdrop = ps_drop in the block it closes the capture with.
      if (isb.ifDrop === undefined) return null;
      return { dropped: isb.ifDrop, source: 'dumpcap ISB (isb_ifdrop = pcap_stats ps_drop)' };
    },
  };
}
