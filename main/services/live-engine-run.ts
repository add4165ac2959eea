/**
 * The engine of a live capture, inside the engine worker: it reads the capture stream the
 * service posts (the same bytes the service wrote to the capture file, so frame numbers and file
 * offsets match the file), hands records over in batches at most DRAIN_DELAY_MS after the bytes
 * that made them, settles matches on idle flows, and sheds load when it falls behind.
 *
 * Falling behind: the service counts the bytes it posted and this run the bytes it read, in
 * shared memory. When the difference (the queue between them) is over QUEUE_LIMIT_BYTES, the
 * engine stops decoding packets (Engine.shedding) and only counts them, until the queue is below
 * half the limit again; the count is shared back as engine drops. The file has every packet
 * regardless, and the analysis that follows the capture reads them all.
 */
import type { EngineRecord, SummaryRecord } from '../../shared/events';
import type { Identifier } from '../../shared/identifier-types';
import type { Enricher } from '../engine/enrich/enricher';
import { Engine } from '../engine/engine';
import { DRAIN_DELAY_MS, IDLE_CHECK_MS, IDLE_FLOW_SECONDS } from '../capture/live-capture';
import { LIVE_POSTED, LIVE_PROCESSED, LIVE_SHED } from './engine-worker-protocol';

export const QUEUE_LIMIT_BYTES = 64 << 20;

export interface LiveEngineRunOptions {
  identifiers: Identifier[];
  counters: SharedArrayBuffer;
  enrich: Enricher | null;
  onRecords(records: EngineRecord[]): void;
  /** Wall-clock seconds; injectable so tests can drive idle flows. */
  now?: () => number;
}

export class LiveEngineRun {
  readonly engine: Engine;
  private readonly counters: BigInt64Array;
  private drainTimer: NodeJS.Timeout | null = null;
  private readonly idleTimer: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly opts: LiveEngineRunOptions) {
    this.engine = new Engine({ identifiers: opts.identifiers, enrich: opts.enrich });
    this.counters = new BigInt64Array(opts.counters);
    this.now = opts.now ?? (() => Date.now() / 1000);
    this.engine.flushIdle(this.now(), IDLE_FLOW_SECONDS);
    this.idleTimer = setInterval(() => {
      this.engine.flushIdle(this.now(), IDLE_FLOW_SECONDS);
      this.scheduleDrain();
    }, IDLE_CHECK_MS);
  }

  push(bytes: Uint8Array): void {
    const backlog = Number(
      Atomics.load(this.counters, LIVE_POSTED) - Atomics.load(this.counters, LIVE_PROCESSED),
    );
    if (!this.engine.shedding && backlog > QUEUE_LIMIT_BYTES) this.engine.shedding = true;
    else if (this.engine.shedding && backlog < QUEUE_LIMIT_BYTES / 2) this.engine.shedding = false;
    this.engine.pushBytes(bytes);
    Atomics.add(this.counters, LIVE_PROCESSED, BigInt(bytes.length));
    Atomics.store(this.counters, LIVE_SHED, BigInt(this.engine.droppedPackets));
    this.scheduleDrain();
  }

  /** The stream ended: flush everything and return the summary. */
  end(): { summary: SummaryRecord; inputError: string | null } {
    this.stopTimers();
    this.drain();
    this.engine.end();
    const tail = this.engine.drain();
    if (tail.length) this.opts.onRecords(tail);
    return {
      summary: this.engine.summary(),
      inputError: this.engine.inputError ? this.engine.inputError.message : null,
    };
  }

  /** Stop without finishing (the run was replaced). */
  abandon(): void {
    this.stopTimers();
  }

  private stopTimers(): void {
    clearInterval(this.idleTimer);
    if (this.drainTimer) clearTimeout(this.drainTimer);
    this.drainTimer = null;
  }

  private scheduleDrain(): void {
    this.drainTimer ??= setTimeout(() => this.drain(), DRAIN_DELAY_MS);
  }

  private drain(): void {
    this.drainTimer = null;
    const records = this.engine.drain();
    if (records.length) this.opts.onRecords(records);
  }
}
