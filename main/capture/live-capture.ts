/**
 * A live capture with the engine in this process (the CLI's `phonehome capture`): the capture
 * process's stream is teed to the file and into an Engine, the engine's records are handed to
 * the caller as they come, a capture-stats record follows every second, and matches that wait
 * for more bytes are settled when their flow goes idle, so a leak shows even if nothing follows
 * it. The app and `serve` run the engine in their worker instead (services/live-session.ts) with
 * the same capture process.
 *
 * Here the engine reads the stream as it arrives, so it never falls behind by more than the pipe
 * holds: when it is slow, the capture process blocks on the pipe and the kernel drops (and
 * counts) packets, so engineDropped stays 0.
 */
import type { EngineRecord, SummaryRecord } from '../../shared/events';
import type { Identifier } from '../../shared/identifier-types';
import { Engine } from '../engine/engine';
import type { Enricher } from '../engine/enrich/enricher';
import { directBackend, type CaptureBackend, type CaptureStartOptions } from './capture-backend';
import { CaptureError, startCaptureProcess, type CaptureProcess } from './capture-process';

export { CaptureError };

export interface LiveCaptureOptions extends CaptureStartOptions {
  identifiers: readonly Identifier[];
  /** Where to save the pcapng stream; null or absent keeps no copy. */
  writePath?: string | null;
  backend?: CaptureBackend;
  /** Country, AS and tracker data for flow records; none when absent. */
  enrich?: Enricher | null;
  onRecords(records: EngineRecord[]): void;
  /** Lines the capture process printed that are not messages (libpcap warnings). */
  onWarning?(text: string): void;
}

export interface LiveCaptureResult {
  summary: SummaryRecord;
  bytesWritten: number;
}

export interface LiveCapture {
  readonly pid: number | undefined;
  readonly backend: string;
  /** Settles when the capture process has exited and the engine and file are finished. */
  readonly finished: Promise<LiveCaptureResult>;
  /** Ask the capture process to stop, wait for it, and finish the engine and the file. */
  stop(): Promise<LiveCaptureResult>;
}

/** Records are handed over at most this long after the bytes that produced them arrived. */
export const DRAIN_DELAY_MS = 20;
export const STATS_INTERVAL_MS = 1000;
/** How often idle flows are checked, and how long a flow must be quiet to count as idle. */
export const IDLE_CHECK_MS = 100;
export const IDLE_FLOW_SECONDS = 0.3;

export async function startLiveCapture(opts: LiveCaptureOptions): Promise<LiveCapture> {
  const engine = new Engine({ identifiers: opts.identifiers, enrich: opts.enrich ?? null });
  // Idle flows are tracked from the first call on: make it before the first packet.
  engine.flushIdle(Date.now() / 1000, IDLE_FLOW_SECONDS);
  const backend = opts.backend ?? directBackend;
  let drainTimer: NodeJS.Timeout | null = null;
  let ended = false;
  const drain = (): void => {
    drainTimer = null;
    const records = engine.drain();
    if (records.length) opts.onRecords(records);
  };
  const capture: CaptureProcess = await startCaptureProcess({
    ...opts,
    backend,
    writePath: opts.writePath ?? null,
    onData(chunk) {
      // The engine keeps no view of the chunk past this call.
      engine.pushBytes(chunk);
      drainTimer ??= setTimeout(drain, DRAIN_DELAY_MS);
    },
  });
  const statsTimer = setInterval(() => {
    opts.onRecords([capture.stats({ dropped: 0, backlogBytes: 0 })]);
  }, STATS_INTERVAL_MS);
  const idleTimer = setInterval(() => {
    engine.flushIdle(Date.now() / 1000, IDLE_FLOW_SECONDS);
    drainTimer ??= setTimeout(drain, DRAIN_DELAY_MS);
  }, IDLE_CHECK_MS);

  const end = (): SummaryRecord => {
    clearInterval(statsTimer);
    clearInterval(idleTimer);
    if (drainTimer) clearTimeout(drainTimer);
    if (!ended) {
      ended = true;
      drain();
      opts.onRecords([capture.stats({ dropped: 0, backlogBytes: 0 })]);
      engine.end();
      const tail = engine.drain();
      if (tail.length) opts.onRecords(tail);
    }
    return engine.summary();
  };
  const finished = capture.finished.then(
    (r) => ({ summary: end(), bytesWritten: r.bytesWritten }),
    (err: unknown) => {
      end();
      throw err;
    },
  );
  finished.catch(() => undefined);
  return {
    pid: capture.pid,
    backend: backend.name,
    finished,
    stop: async () => {
      await capture.stop().catch(() => undefined);
      return finished;
    },
  };
}
