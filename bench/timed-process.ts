/**
 * Runs one command and measures its wall time (from spawn to exit, so process start-up counts,
 * as it does for a user) and, where GNU time is installed, its peak resident memory.
 * Standard output goes to /dev/null unless the caller asks to count lines of it; counting
 * happens in this process, on the other core, and costs the measured tool nothing but the
 * pipe writes it would make to a terminal or file anyway.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

export interface TimedRun {
  seconds: number;
  /** Peak resident set size in kilobytes, when GNU time measured it. */
  peakRssKb?: number;
  /** Lines of standard output that passed `countLines`, when asked. */
  lines?: number;
  /** Why the run failed (non-zero exit, signal, timeout), with the end of its stderr. */
  error?: string;
}

export interface TimedOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs: number;
  /** Counts the stdout lines for which this returns true; stdout is discarded when absent. */
  countLines?: (line: string) => boolean;
}

export function hasGnuTime(): boolean {
  return existsSync(GNU_TIME);
}

export function runTimed(command: string, args: string[], opts: TimedOptions): Promise<TimedRun> {
  const scratch = mkdtempSync(join(tmpdir(), 'phonehome-bench-'));
  const rssFile = join(scratch, 'rss');
  const useTime = hasGnuTime();
  const [file, argv] = useTime ? [GNU_TIME, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, args];
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(file, argv, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', opts.countLines ? 'pipe' : 'ignore', 'pipe'],
    });
    let stderrTail = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-2000);
    });
    let lines = 0;
    let partial = '';
    if (opts.countLines && child.stdout) {
      const keep = opts.countLines;
      child.stdout.setEncoding('latin1');
      child.stdout.on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) if (keep(line)) lines++;
      });
    }
    let timedOut = false;
    let finished = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
      // A child that fails to start emits both 'error' and 'close'; report it once.
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      if (partial && opts.countLines?.(partial)) lines++;
      let peakRssKb: number | undefined;
      if (useTime && existsSync(rssFile)) {
        // GNU time writes "Command exited with non-zero status N" before the figure on failure.
        const figures = readFileSync(rssFile, 'utf8').trim().split('\n');
        const kb = Number(figures[figures.length - 1]);
        if (Number.isFinite(kb) && kb > 0) peakRssKb = kb;
      }
      rmSync(scratch, { recursive: true, force: true });
      let error: string | undefined;
      if (spawnError) error = `could not start ${command}: ${spawnError.message}`;
      else if (timedOut) error = `${command} took longer than ${opts.timeoutMs / 1000} s and was stopped`;
      else if (code !== 0)
        error = `${command} exited with ${signal ?? `status ${code}`}: ${stderrTail.trim().split('\n').slice(-5).join(' | ')}`;
      resolve({ seconds, peakRssKb, lines: opts.countLines ? lines : undefined, error });
    };
    child.on('error', (err) => finish(null, null, err));
    child.on('close', (code, signal) => finish(code, signal));
  });
}
