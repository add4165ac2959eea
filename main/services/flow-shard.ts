/**
 * Flow shards for offline analysis (analyze-file.ts, engine/shard/): the worker-thread shard
 * the CLI uses to put a second core to work, and an in-thread one with the same behaviour for
 * tests. Either way the records are those of the engine alone, byte for byte.
 */
import { Worker } from 'node:worker_threads';
import type { Identifier } from '../../shared/identifier-types';
import { ShardEngine } from '../engine/shard/shard-engine';
import { shardOwns, type ShardBatch } from '../engine/shard/shard-ops';
import { DEFAULT_CHUNK_SIZE, ShardMismatchError, type FlowShard } from './analyze-file';
import type { ShardWorkerData, ShardWorkerMessage } from './shard-worker-protocol';
import type { FlowState } from '../engine/transport/flow-table';

/**
 * Eighths of the flows the shard runs (of those it may: shard-ops.ts). The engine's thread also
 * decodes every packet for its flow table, keeps the devices, the evidence index and DNS, and
 * replays the shard's calls; six eighths gave the two threads about equal CPU time on the
 * bench's 200 MB mixed capture (each thread's CPU time read from /proc/PID/task; four and five
 * eighths were within the noise).
 */
export const SHARD_EIGHTHS = 6;

/** Set by build/bundle-cli.mjs in the bundled CLI: the bundle's own URL. */
declare const __phonehomeBundleUrl: string | undefined;

/** The shard's worker script: bundled beside the bundled CLI, else the source through tsx. */
function shardWorkerUrl(): URL {
  return typeof __phonehomeBundleUrl === 'string'
    ? new URL('./shard-worker.mjs', __phonehomeBundleUrl)
    : new URL('./shard-worker-source.mjs', import.meta.url);
}

/** A shard on this thread: runs each chunk when asked (tests, and a check of the protocol). */
export function inlineFlowShard(identifiers: readonly Identifier[], shardEighths = SHARD_EIGHTHS): FlowShard {
  const owns = (flow: FlowState) => shardOwns(flow, shardEighths);
  const engine = new ShardEngine(identifiers, owns);
  return {
    owns,
    async batchFor(chunk) {
      engine.pushBytes(chunk);
      return engine.takeBatch();
    },
    async end() {
      engine.end();
      return engine.takeBatch();
    },
    stop() {},
  };
}

/**
 * A shard on a worker thread that reads `path` itself (in the same chunks as analyzeFile), so
 * the capture's bytes are never copied between threads; only its calls come back, one batch
 * per chunk. It runs ahead of the engine as far as it can.
 */
export function workerFlowShard(
  path: string,
  identifiers: readonly Identifier[],
  opts: { chunkSize?: number; shardEighths?: number } = {},
): FlowShard {
  const shardEighths = opts.shardEighths ?? SHARD_EIGHTHS;
  const data: ShardWorkerData = {
    path,
    identifiers: [...identifiers],
    chunkSize: opts.chunkSize ?? DEFAULT_CHUNK_SIZE,
    shardEighths,
  };
  const worker = new Worker(shardWorkerUrl(), { workerData: data });
  const arrived: ShardWorkerMessage[] = [];
  let waiting: ((m: ShardWorkerMessage) => void) | null = null;
  let stopped = false;
  const deliver = (m: ShardWorkerMessage) => {
    if (waiting) {
      const w = waiting;
      waiting = null;
      w(m);
    } else arrived.push(m);
  };
  worker.on('message', deliver);
  worker.on('error', (err) => deliver({ type: 'error', message: err.stack ?? String(err) }));
  worker.on('exit', (code) => {
    if (!stopped)
      deliver({ type: 'error', message: `the shard's worker exited (code ${code}) before it finished` });
  });
  const nextMessage = () =>
    new Promise<ShardWorkerMessage>((resolve) => {
      const m = arrived.shift();
      if (m) resolve(m);
      else waiting = resolve;
    });
  const expect = async (type: 'batch' | 'end'): Promise<ShardBatch> => {
    const m = await nextMessage();
    if (m.type === 'error') throw new ShardMismatchError(`the flow shard failed: ${m.message}`);
    if (m.type !== type) throw new ShardMismatchError(`the flow shard sent ${m.type} where ${type} was due`);
    if (type === 'end') stopped = true;
    return m.batch;
  };
  return {
    owns: (flow) => shardOwns(flow, shardEighths),
    batchFor: () => expect('batch'),
    end: () => expect('end'),
    stop() {
      stopped = true;
      void worker.terminate();
    },
  };
}
