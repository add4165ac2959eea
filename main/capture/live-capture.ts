/**
 * A live capture: start the helper through a backend, tee its pcapng stream to a file (written
 * as it arrives, synced to disk every second) and to an Engine, and hand the engine's records to
 * the caller as they come. The helper's JSON error lines become a rejected promise with their
 * message; its other stderr lines are passed on as warnings.
 */
import type { ChildProcess } from 'node:child_process';
import { closeSync, fsync, fsyncSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { EngineRecord, SummaryRecord } from '../../shared/events';
import type { Identifier } from '../../shared/identifier-types';
import { Engine } from '../engine/engine';
import { directBackend, type CaptureBackend, type CaptureStartOptions } from './capture-backend';
import { parseHelperMessage, type HelperReady, type HelperStatus } from './helper-messages';

export interface LiveCaptureOptions extends CaptureStartOptions {
  identifiers: readonly Identifier[];
  /** Where to save the pcapng stream; null or absent keeps no copy. */
  writePath?: string | null;
  backend?: CaptureBackend;
  onRecords(records: EngineRecord[]): void;
  onStatus?(status: HelperStatus['status']): void;
  /** Lines the helper or libpcap printed that are not messages (libpcap warnings). */
  onWarning?(text: string): void;
}

export interface LiveCaptureResult {
  summary: SummaryRecord;
  /** The helper's last status line, or null if it sent none. */
  status: HelperStatus['status'] | null;
  bytesWritten: number;
}

export interface LiveCapture {
  readonly pid: number | undefined;
  readonly ready: HelperReady['ready'];
  /** Settles when the helper has exited and the engine and file are finished. */
  readonly finished: Promise<LiveCaptureResult>;
  /** Ask the helper to stop (SIGTERM), wait for it, and finish the engine and the file. */
  stop(): Promise<LiveCaptureResult>;
}

/** A capture that could not start or that failed; the message says what to do. */
export class CaptureError extends Error {}

/** Records are handed over at most this long after the bytes that produced them arrived. */
const DRAIN_DELAY_MS = 20;
const FSYNC_INTERVAL_MS = 1000;
const KILL_AFTER_MS = 5000;

export async function startLiveCapture(opts: LiveCaptureOptions): Promise<LiveCapture> {
  let fd: number | null = null;
  if (opts.writePath) {
    try {
      fd = openSync(opts.writePath, 'w');
    } catch (err) {
      throw new CaptureError(`cannot write ${opts.writePath}: ${(err as Error).message}`);
    }
  }
  const engine = new Engine({ identifiers: opts.identifiers });
  const child: ChildProcess = (opts.backend ?? directBackend).start(opts);

  let bytesWritten = 0;
  let dirty = false;
  let syncing: Promise<void> = Promise.resolve();
  let drainTimer: NodeJS.Timeout | null = null;
  let lastStatus: HelperStatus['status'] | null = null;
  let lastError: string | null = null;
  const otherStderr: string[] = [];
  let stopping = false;
  let wasReady = false;

  const drain = (): void => {
    drainTimer = null;
    const records = engine.drain();
    if (records.length) opts.onRecords(records);
  };

  child.stdout!.on('data', (chunk: Buffer) => {
    if (fd !== null) {
      try {
        writeSync(fd, chunk);
        bytesWritten += chunk.length;
        dirty = true;
      } catch (err) {
        // A full disk or a vanished mount: a capture that is not being saved must not go on
        // silently, so the helper is stopped and the reason becomes the capture's error.
        lastError = `cannot write ${opts.writePath}: ${(err as Error).message}; the capture was stopped`;
        closeSync(fd);
        fd = null;
        child.kill('SIGTERM');
        return;
      }
    }
    // The engine keeps no view of the chunk past this call.
    engine.pushBytes(chunk);
    drainTimer ??= setTimeout(drain, DRAIN_DELAY_MS);
  });

  const syncTimer = setInterval(() => {
    if (fd === null || !dirty) return;
    dirty = false;
    const target = fd;
    syncing = syncing.then(() => new Promise<void>((resolve) => fsync(target, () => resolve())));
  }, FSYNC_INTERVAL_MS);

  let onReady!: (r: HelperReady['ready']) => void;
  let onStartFailed!: (e: Error) => void;
  const started = new Promise<HelperReady['ready']>((resolve, reject) => {
    onReady = resolve;
    onStartFailed = reject;
  });

  createInterface({ input: child.stderr! }).on('line', (line) => {
    const m = parseHelperMessage(line);
    if (m === null) {
      if (line.trim()) {
        otherStderr.push(line);
        opts.onWarning?.(line);
      }
    } else if ('error' in m) {
      lastError = m.error;
      onStartFailed(new CaptureError(m.error));
    } else if ('ready' in m) {
      wasReady = true;
      onReady(m.ready);
    } else {
      lastStatus = m.status;
      opts.onStatus?.(m.status);
    }
  });

  const finished = new Promise<LiveCaptureResult>((resolve, reject) => {
    child.on('error', (err) => {
      const e = new CaptureError(`cannot start the capture helper: ${err.message}`);
      onStartFailed(e);
      reject(e);
    });
    const finish = async (code: number | null, signal: NodeJS.Signals | null): Promise<void> => {
      clearInterval(syncTimer);
      if (drainTimer) clearTimeout(drainTimer);
      // A helper that never got ready sent no stream, and an empty stream is no news to report.
      if (wasReady) {
        drain();
        engine.end();
        const tail = engine.drain();
        if (tail.length) opts.onRecords(tail);
      }
      await syncing;
      if (fd !== null) {
        const last = fd;
        fd = null;
        try {
          fsyncSync(last);
        } finally {
          closeSync(last);
        }
        // A capture that never started leaves no empty file behind to be mistaken for one.
        if (!wasReady && opts.writePath) unlinkSync(opts.writePath);
      }
      if (lastError !== null || (!stopping && code !== 0)) {
        const why =
          lastError ??
          `the capture helper stopped unexpectedly (${signal ?? `exit code ${code}`})` +
            (otherStderr.length ? `: ${otherStderr.slice(-5).join(' | ')}` : '');
        throw new CaptureError(why);
      }
      onStartFailed(new CaptureError('the capture helper exited before it was ready'));
      resolve({ summary: engine.summary(), status: lastStatus, bytesWritten });
    };
    // 'close' comes after stdout and stderr have ended, so every byte has been seen by then.
    child.on('close', (code, signal) => {
      finish(code, signal).catch((err: unknown) => {
        const e =
          err instanceof CaptureError
            ? err
            : new CaptureError(`cannot finish ${opts.writePath ?? 'the capture'}: ${(err as Error).message}`);
        onStartFailed(e);
        reject(e);
      });
    });
  });
  // A failure before the capture started is reported through `started`; keep it from also
  // surfacing as an unhandled rejection.
  finished.catch(() => undefined);

  const ready = await started;
  const stop = (): Promise<LiveCaptureResult> => {
    if (!stopping && child.exitCode === null && child.signalCode === null) {
      stopping = true;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
      finished.then(
        () => clearTimeout(killer),
        () => clearTimeout(killer),
      );
    }
    stopping = true;
    return finished;
  };
  return { pid: child.pid, ready, finished, stop };
}
