/**
 * Batches engine records on their way into the store (the idea of HTTP Toolkit's events store).
 *
 * Records from the transport go into a plain array; nothing is rendered per message. One flush
 * is scheduled on whichever comes first: the next animation frame (smooth when the tab is
 * visible) or a timer floor (so a background tab still catches up a few times a second). A flush
 * applies at most `chunkSize` records and schedules another flush for the rest, so a huge burst
 * never blocks the page for long.
 */
import type { EngineRecord } from '../../../shared/events';
import type { Scheduler } from './scheduler';

export interface FlushQueueOptions {
  /** Timer floor for a flush, in milliseconds. */
  floorMs?: number;
  /** Most records applied per flush. */
  chunkSize?: number;
}

export const DEFAULT_FLOOR_MS = 250;
export const DEFAULT_CHUNK_SIZE = 10_000;

export class FlushQueue {
  private queue: EngineRecord[] = [];
  /** Records before this index are applied; the array is compacted when a flush empties it. */
  private head = 0;
  private frame: number | null = null;
  private timer: number | null = null;
  private readonly floorMs: number;
  private readonly chunkSize: number;

  constructor(
    private readonly apply: (records: readonly EngineRecord[], from: number, to: number) => void,
    private readonly scheduler: Scheduler,
    options: FlushQueueOptions = {},
  ) {
    this.floorMs = options.floorMs ?? DEFAULT_FLOOR_MS;
    this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  }

  get pending(): number {
    return this.queue.length - this.head;
  }

  push(records: readonly EngineRecord[]): void {
    if (records.length === 0) return;
    for (const r of records) this.queue.push(r);
    this.schedule();
  }

  /** Applies one chunk now; schedules the next if records remain. */
  flush = (): void => {
    this.unschedule();
    const to = Math.min(this.queue.length, this.head + this.chunkSize);
    if (to > this.head) {
      const from = this.head;
      this.head = to;
      this.apply(this.queue, from, to);
    }
    if (this.head >= this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else {
      this.schedule();
    }
  };

  /** Applies everything queued, in chunks, right away (e.g. before showing "done"). */
  flushAll(): void {
    while (this.pending > 0) this.flush();
  }

  /** Drops everything queued (a reset made it stale) and cancels the scheduled flush. */
  clear(): void {
    this.unschedule();
    this.queue = [];
    this.head = 0;
  }

  private schedule(): void {
    if (this.frame !== null || this.timer !== null) return;
    this.frame = this.scheduler.requestFrame(this.flush);
    this.timer = this.scheduler.setTimer(this.flush, this.floorMs);
  }

  private unschedule(): void {
    if (this.frame !== null) this.scheduler.cancelFrame(this.frame);
    if (this.timer !== null) this.scheduler.clearTimer(this.timer);
    this.frame = null;
    this.timer = null;
  }
}
