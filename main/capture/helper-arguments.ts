/**
 * Arguments of the capture helper. The helper runs as root and its command line comes from a
 * less privileged parent, so every value is checked here before it reaches libpcap: the interface
 * name has the shape of a Linux interface name (and must also be in libpcap's device list, which
 * the helper checks once cap is loaded), the buffer size is a bounded integer, and the filter is
 * only length-checked here because libpcap itself compiles it and rejects what it cannot parse.
 * Nothing is ever passed to a shell.
 */

export interface HelperArguments {
  interfaceName: string;
  /** BPF filter expression; the empty string captures everything. */
  filter: string;
  bufferBytes: number;
}

/**
 * The kernel ring libpcap maps. The helper runs in Node, so it reads packets in bursts between
 * event-loop turns; the ring must absorb a burst at full line rate meanwhile. Measured in the
 * lab at 1 Gbit/s of mixed traffic (`bench/live.ts`): 64 MiB lost 25 % of a 118k-packet replay,
 * 256 MiB 1.7 %. The memory is held only while capturing.
 */
export const DEFAULT_BUFFER_MB = 256;
const MAX_BUFFER_MB = 1024;
const MAX_FILTER_LENGTH = 4096;
/** IFNAMSIZ is 16 on Linux, so a name has at most 15 characters. */
export const INTERFACE_NAME = /^[\w.:-]{1,15}$/;

export class HelperArgumentError extends Error {}

/** Parse `--interface IF [--filter BPF] [--buffer-mb N]`; anything else is an error. */
export function parseHelperArguments(argv: readonly string[]): HelperArguments {
  let interfaceName: string | null = null;
  let filter = '';
  let bufferMb = DEFAULT_BUFFER_MB;
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag !== '--interface' && flag !== '--filter' && flag !== '--buffer-mb') {
      throw new HelperArgumentError(
        `unknown argument "${flag}"; expected --interface, --filter or --buffer-mb`,
      );
    }
    if (value === undefined) throw new HelperArgumentError(`${flag} needs a value`);
    if (seen.has(flag)) throw new HelperArgumentError(`${flag} was given twice`);
    seen.add(flag);
    if (flag === '--interface') {
      if (!INTERFACE_NAME.test(value)) {
        throw new HelperArgumentError(
          `"${value}" is not an interface name (1 to 15 letters, digits, "_", ".", ":" or "-")`,
        );
      }
      interfaceName = value;
    } else if (flag === '--filter') {
      if (value.length > MAX_FILTER_LENGTH || value.includes('\0')) {
        throw new HelperArgumentError(`the filter must be at most ${MAX_FILTER_LENGTH} characters of text`);
      }
      filter = value;
    } else {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < 1 || n > MAX_BUFFER_MB) {
        throw new HelperArgumentError(`--buffer-mb must be a whole number from 1 to ${MAX_BUFFER_MB}`);
      }
      bufferMb = n;
    }
  }
  if (interfaceName === null) throw new HelperArgumentError('--interface is required');
  return { interfaceName, filter, bufferBytes: bufferMb * 1024 * 1024 };
}

/** The helper's command line for these arguments (the inverse of parseHelperArguments). */
export function helperArgv(args: { interfaceName: string; filter?: string; bufferMb?: number }): string[] {
  const argv = ['--interface', args.interfaceName];
  if (args.filter) argv.push('--filter', args.filter);
  if (args.bufferMb !== undefined) argv.push('--buffer-mb', String(args.bufferMb));
  return argv;
}
