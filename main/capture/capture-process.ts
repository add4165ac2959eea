/**
 * One running capture process (the helper, through any backend, or dumpcap): its pcapng stream
 * is written to the output file as it arrives (synced to disk every second) and handed to the
 * caller, who feeds an engine with it, in this process or in a worker. The stream is watched by
 * a PcapngBlockTap for the counters of the capture's status, and the process's stderr is read
 * through its backend. What consumes the stream is the caller's business: the file always gets
 * every byte the capture process wrote.
 *
 * Failures (the process could not start, said it failed, died, or the file could not be written)
 * become a CaptureError whose message says what to do.
 */
import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, fsync, fsyncSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { CaptureStatsRecord } from '../../shared/events';
import type { CaptureBackend, CaptureStartOptions, KernelDrops } from './capture-backend';
import { readInterfaceCounters, type InterfaceCounters } from './interface-counters';
import { PcapngBlockTap } from './pcapng-block-tap';

/** A capture that could not start or that failed; the message says what to do. */
export class CaptureError extends Error {}

export interface CaptureProcessOptions extends CaptureStartOptions {
  backend: CaptureBackend;
  /** Where to save the stream; null keeps no copy. */
  writePath: string | null;
  /** Each chunk of the stream, after it was written to the file. The chunk is the caller's. */
  onData(chunk: Buffer): void;
  /** Lines the capture process printed that are not messages (libpcap warnings). */
  onWarning?(text: string): void;
}

export interface CaptureProcessResult {
  bytesWritten: number;
  packets: number;
}

export interface CaptureProcess {
  readonly pid: number | undefined;
  /** Link type of the captured interface (from the stream's interface description). */
  readonly linkType: number | null;
  /** Settles when the process has exited and the file is closed. */
  readonly finished: Promise<CaptureProcessResult>;
  /** The frame number of the last packet written so far (0 before any). */
  readonly packets: number;
  /** Ask the process to stop, wait for it, and close the file. */
  stop(): Promise<CaptureProcessResult>;
  /**
   * Stop reading the stream for a while (the consumer is too far behind to take more): the
   * capture process then blocks on the full pipe and the kernel drops, and counts, packets.
   */
  pause(): void;
  resume(): void;
  /** The capture's counters now, with the consumer's own engine drops and backlog. */
  stats(engine: { dropped: number; backlogBytes: number }): CaptureStatsRecord;
}

const FSYNC_INTERVAL_MS = 1000;
const KILL_AFTER_MS = 5000;
const INTERFACE_SOURCE = '/sys rx_dropped';

/**
 * The usual reason a running capture dies: its interface went away (a USB adapter unplugged, a
 * hotspot taken down). libpcap then fails in ways that say nothing useful to a user.
 */
function interfaceGone(interfaceName: string): string | null {
  if (process.platform !== 'linux' || existsSync(`/sys/class/net/${interfaceName}`)) return null;
  return `the interface ${interfaceName} went away (unplugged, or its hotspot was taken down); what was captured until then is saved`;
}

/** Start the capture; resolves once it is running, rejects with a CaptureError if it cannot. */
export async function startCaptureProcess(opts: CaptureProcessOptions): Promise<CaptureProcess> {
  const backend = opts.backend;
  let fd: number | null = null;
  if (opts.writePath) {
    try {
      fd = openSync(opts.writePath, 'w', 0o600);
    } catch (err) {
      throw new CaptureError(`cannot write ${opts.writePath}: ${(err as Error).message}`);
    }
  }
  let child: ChildProcess;
  try {
    child = backend.start(opts);
  } catch (err) {
    if (fd !== null) {
      closeSync(fd);
      unlinkSync(opts.writePath!);
    }
    throw new CaptureError((err as Error).message);
  }
  const tap = new PcapngBlockTap();
  const interfaceStart: InterfaceCounters | null = readInterfaceCounters(opts.interfaceName);
  let kernelFromStatus: KernelDrops | null = null;
  let bytesWritten = 0;
  let dirty = false;
  let syncing: Promise<void> = Promise.resolve();
  let lastError: string | null = null;
  const otherStderr: string[] = [];
  let stopping = false;
  let wasReady = false;

  let onReady!: () => void;
  let onStartFailed!: (e: Error) => void;
  const started = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    onStartFailed = reject;
  });
  const markReady = (): void => {
    if (wasReady) return;
    wasReady = true;
    onReady();
  };

  child.stdout!.on('data', (chunk: Buffer) => {
    if (fd !== null) {
      try {
        writeSync(fd, chunk);
        bytesWritten += chunk.length;
        dirty = true;
      } catch (err) {
        // A full disk or a vanished mount: a capture that is not being saved must not go on
        // silently, so the process is stopped and the reason becomes the capture's error.
        lastError = `cannot write ${opts.writePath}: ${(err as Error).message}; the capture was stopped`;
        closeSync(fd);
        fd = null;
        backend.stop(child);
        return;
      }
    }
    tap.push(chunk);
    if (backend.readyOn === 'stream' && tap.interfaces > 0) markReady();
    opts.onData(chunk);
  });

  const syncTimer = setInterval(() => {
    if (fd === null || !dirty) return;
    dirty = false;
    const target = fd;
    syncing = syncing.then(() => new Promise<void>((resolve) => fsync(target, () => resolve())));
  }, FSYNC_INTERVAL_MS);

  createInterface({ input: child.stderr! }).on('line', (line) => {
    const m = backend.interpret(line);
    switch (m.kind) {
      case 'ready':
        markReady();
        break;
      case 'error':
        lastError ??= m.message;
        onStartFailed(new CaptureError(m.message));
        break;
      case 'status':
        kernelFromStatus = m.kernel;
        break;
      case 'warning':
        otherStderr.push(line);
        if (otherStderr.length > 20) otherStderr.shift();
        opts.onWarning?.(line);
        break;
      case 'ignore':
        break;
    }
  });

  const finished = new Promise<CaptureProcessResult>((resolve, reject) => {
    child.on('error', (err) => {
      const e = new CaptureError(`cannot start the capture (${backend.name}): ${err.message}`);
      onStartFailed(e);
      reject(e);
    });
    const finish = async (code: number | null, signal: NodeJS.Signals | null): Promise<void> => {
      clearInterval(syncTimer);
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
      if (lastError === null && tap.error !== null) lastError = tap.error;
      if (lastError !== null || (!stopping && code !== 0) || (!wasReady && code !== 0)) {
        const why =
          lastError ??
          (!wasReady ? backend.describeExit?.(code, otherStderr) : null) ??
          interfaceGone(opts.interfaceName) ??
          `the capture process (${backend.name}) stopped unexpectedly (${signal ?? `exit code ${code}`})` +
            (otherStderr.length ? `: ${otherStderr.slice(-5).join(' | ')}` : '');
        throw new CaptureError(why);
      }
      onStartFailed(new CaptureError(`the capture process (${backend.name}) exited before it was ready`));
      resolve({ bytesWritten, packets: tap.packets });
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

  const stop = (): Promise<CaptureProcessResult> => {
    if (!stopping && child.exitCode === null && child.signalCode === null) {
      stopping = true;
      try {
        backend.stop(child);
      } catch {
        // Already gone: 'close' follows.
      }
      if (backend.killable) {
        const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
        finished.then(
          () => clearTimeout(killer),
          () => clearTimeout(killer),
        );
      }
    }
    stopping = true;
    return finished;
  };

  try {
    await started;
  } catch (err) {
    // The caller gets the error once the process is gone and no half-made file is left.
    await stop().catch(() => undefined);
    throw err;
  }

  const stats = (engine: { dropped: number; backlogBytes: number }): CaptureStatsRecord => {
    const isbDrops =
      tap.lastStats && backend.kernelDropsFromIsb ? backend.kernelDropsFromIsb(tap.lastStats) : null;
    const kernel = kernelFromStatus ?? isbDrops ?? backend.initialKernelDrops();
    const now = interfaceStart ? readInterfaceCounters(opts.interfaceName) : null;
    const interfaceDropped = now && interfaceStart ? now.rxDropped - interfaceStart.rxDropped : null;
    return {
      type: 'capture-stats',
      ts: Date.now() / 1000,
      packets: tap.packets,
      bytes: tap.bytes,
      kernelDropped: kernel.dropped,
      interfaceDropped,
      engineDropped: engine.dropped,
      dropSource: `kernel: ${kernel.source}; interface: ${
        interfaceDropped === null ? 'unknown (no /sys counters for this interface)' : INTERFACE_SOURCE
      }`,
      backlogBytes: engine.backlogBytes,
    };
  };

  return {
    pid: child.pid,
    get linkType() {
      return tap.linkType;
    },
    get packets() {
      return tap.packets;
    },
    finished,
    stop,
    stats,
    pause: () => child.stdout!.pause(),
    resume: () => child.stdout!.resume(),
  };
}
