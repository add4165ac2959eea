/**
 * `phonehome capture` run inside the lab's laptop namespace, on the hotspot's phone-side
 * interface, with its NDJSON records collected as they arrive (each stamped with its arrival
 * time, so tests can measure send→record latency).
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Lab, LabProcess } from './lab';
import { jsonOf } from './line-reader';
import { procStat } from './proc-stat';

export interface CaptureLine {
  /** Date.now() when the line arrived. */
  at: number;
  record: Record<string, unknown>;
}

export interface LabCaptureOptions {
  /** Identifiers file (DESIGN §4). */
  ids?: string;
  /** Where the CLI saves the pcapng. */
  write?: string;
  filter?: string;
  /** Interface to capture on; the laptop's phone-side interface by default. */
  interfaceName?: string;
  /** `--backend` of `phonehome capture`; the CLI's default (auto) when absent. */
  backend?: string;
}

export class LabCapture {
  private constructor(
    readonly proc: LabProcess,
    readonly interfaceName: string,
  ) {}

  /** Start the CLI and wait until it says it is capturing (the helper has opened the interface). */
  static async start(lab: Lab, opts: LabCaptureOptions = {}): Promise<LabCapture> {
    const interfaceName = opts.interfaceName ?? lab.ifs.laptopPhoneSide;
    const args = ['capture', '--interface', interfaceName, '--format', 'ndjson'];
    if (opts.ids) args.push('--ids', opts.ids);
    if (opts.write) args.push('--write', opts.write);
    if (opts.filter) args.push('--filter', opts.filter);
    if (opts.backend) args.push('--backend', opts.backend);
    const proc = lab.phonehome(args, { name: 'phonehome capture' });
    await proc.stderr.waitFor((l) => l.text.includes('capturing on'), 60_000, 'phonehome capture to start');
    return new LabCapture(proc, interfaceName);
  }

  /** Every record printed so far, in order. */
  lines(): CaptureLine[] {
    const out: CaptureLine[] = [];
    for (const l of this.proc.stdout.lines) {
      const record = jsonOf(l);
      if (record) out.push({ at: l.at, record });
    }
    return out;
  }

  /** The first record that satisfies `test`, waiting up to `timeoutMs` for it. */
  async waitFor(
    test: (r: Record<string, unknown>) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<CaptureLine> {
    const line = await this.proc.stdout.waitFor(
      (l) => {
        const r = jsonOf(l);
        return r !== null && test(r);
      },
      timeoutMs,
      what,
    );
    return { at: line.at, record: jsonOf(line)! };
  }

  /** PIDs of the capture helper(s): the CLI's children that run capture-helper (not tsx's esbuild). */
  helperPids(): number[] {
    const pids: number[] = [];
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const stat = procStat(Number(name));
      if (stat?.ppid !== this.proc.pid || stat.state === 'Z') continue;
      let cmdline = '';
      try {
        cmdline = readFileSync(`/proc/${name}/cmdline`, 'latin1');
      } catch {
        continue;
      }
      if (cmdline.includes('capture-helper')) pids.push(Number(name));
    }
    return pids;
  }

  /** SIGINT, as Ctrl-C would: the CLI finishes the file and prints its summary. */
  async stop(timeoutMs = 15_000): Promise<{ code: number | null; summary: Record<string, unknown> | null }> {
    const { code } = await this.proc.stop('SIGINT', timeoutMs);
    const last = this.lines().at(-1)?.record ?? null;
    return { code, summary: last?.type === 'summary' ? last : null };
  }
}
