/**
 * The service's side of a live capture: starts the capture process (through the chosen
 * backend), writes its stream to the capture file, posts the same bytes to the engine worker,
 * and produces a capture-stats record every second from the stream's counters, the backend's
 * drop counts and the worker's queue (shared counters, see engine-worker-protocol.ts).
 *
 * Bytes that arrive before the capture is known to be running (the section header, the
 * interface description and maybe a few packets) are held and posted once it is, so a capture
 * that fails to start never disturbs the worker's current session.
 */
import type { CaptureStatsRecord } from '../../shared/events';
import type { Identifier } from '../../shared/identifier-types';
import type { CaptureBackend } from '../capture/capture-backend';
import { startCaptureProcess, type CaptureProcess } from '../capture/capture-process';
import { STATS_INTERVAL_MS } from '../capture/live-capture';
import {
  LIVE_COUNTERS,
  LIVE_POSTED,
  LIVE_PROCESSED,
  LIVE_SHED,
  type ToWorker,
} from './engine-worker-protocol';

/**
 * Past this many bytes posted but not yet read by the worker (which sheds packets from
 * QUEUE_LIMIT_BYTES on, so this means it is stuck, not just slow), the stream is no longer read:
 * memory stays bounded and the kernel counts what it drops meanwhile.
 */
export const HARD_BACKLOG_BYTES = 256 << 20;
const BACKLOG_CHECK_MS = 50;
/**
 * The stream arrives in pipe reads of at most 64 KiB, ~2,000 a second at 1 Gbit/s; a message to
 * the worker for each cost this thread more than the reads themselves, and while it is busy the
 * helper blocks on a full pipe and its ring overflows. So the reads of one event-loop turn leave
 * together (no added latency: the turn ends before any timer could fire), at most this much per
 * message.
 */
const POST_BATCH_BYTES = 4 << 20;

export interface LiveSessionOptions {
  runId: number;
  interfaceName: string;
  filter: string;
  backend: CaptureBackend;
  path: string;
  identifiers: Identifier[];
  post(msg: ToWorker, transfer?: ArrayBuffer[]): void;
  onStats(record: CaptureStatsRecord): void;
  onWarning?(text: string): void;
}

export interface LiveSession {
  readonly runId: number;
  /** Frame number of the last packet written to the file (0 before any). */
  readonly lastFrame: number;
  /** Settles when the capture process has exited, whoever stopped it; rejects on a failure. */
  readonly ended: Promise<void>;
  /** Stop the capture process; resolves once the file is closed and the worker told. */
  stop(): Promise<void>;
  stats(): CaptureStatsRecord;
}

export async function startLiveSession(opts: LiveSessionOptions): Promise<LiveSession> {
  const sab = new SharedArrayBuffer(LIVE_COUNTERS * BigInt64Array.BYTES_PER_ELEMENT);
  const counters = new BigInt64Array(sab);
  let held: Uint8Array[] | null = [];
  let capture: CaptureProcess | null = null;
  let paused: NodeJS.Timeout | null = null;
  const backlog = (): number =>
    Number(Atomics.load(counters, LIVE_POSTED) - Atomics.load(counters, LIVE_PROCESSED));
  const send = (bytes: Uint8Array): void => {
    Atomics.add(counters, LIVE_POSTED, BigInt(bytes.length));
    opts.post({ type: 'liveData', runId: opts.runId, bytes }, [bytes.buffer as ArrayBuffer]);
    if (capture && !paused && backlog() > HARD_BACKLOG_BYTES) {
      const c = capture;
      c.pause();
      paused = setInterval(() => {
        if (backlog() > HARD_BACKLOG_BYTES / 2) return;
        clearInterval(paused!);
        paused = null;
        c.resume();
      }, BACKLOG_CHECK_MS);
    }
  };
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let postScheduled = false;
  const postPending = (): void => {
    postScheduled = false;
    if (pendingBytes === 0) return;
    // One copy the worker can own: the stream's chunks may share memory with other buffers.
    const bytes = new Uint8Array(pendingBytes);
    let at = 0;
    for (const chunk of pending) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    pending = [];
    pendingBytes = 0;
    if (held) held.push(bytes);
    else send(bytes);
  };
  capture = await startCaptureProcess({
    backend: opts.backend,
    interfaceName: opts.interfaceName,
    filter: opts.filter || undefined,
    writePath: opts.path,
    onWarning: (text) => opts.onWarning?.(text),
    onData(chunk) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= POST_BATCH_BYTES) postPending();
      else if (!postScheduled) {
        postScheduled = true;
        setImmediate(postPending);
      }
    },
  });
  opts.post({
    type: 'liveStart',
    runId: opts.runId,
    path: opts.path,
    identifiers: opts.identifiers,
    counters: sab,
  });
  for (const bytes of held) send(bytes);
  held = null;

  const running = capture;
  const stats = (): CaptureStatsRecord =>
    running.stats({ dropped: Number(Atomics.load(counters, LIVE_SHED)), backlogBytes: backlog() });
  const timer = setInterval(() => opts.onStats(stats()), STATS_INTERVAL_MS);
  const ended = running.finished.then(
    () => undefined,
    (err: unknown) => {
      throw err;
    },
  );
  // Whatever ends the process, the worker learns that the stream is over after its last byte.
  const finish = (): void => {
    postPending();
    clearInterval(timer);
    if (paused) clearInterval(paused);
    opts.post({ type: 'liveEnd', runId: opts.runId });
  };
  void ended.then(finish, finish);
  return {
    runId: opts.runId,
    get lastFrame() {
      return running.packets;
    },
    ended,
    async stop() {
      // A paused stream must flow again for the process's last bytes to arrive.
      running.resume();
      await running.stop().catch(() => undefined);
    },
    stats,
  };
}
