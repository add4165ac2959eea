/** Messages between analyzeFile's thread and a flow shard's worker (flow-shard.ts, shard-worker.ts). */
import type { Identifier } from '../../shared/identifier-types';
import type { ShardBatch } from '../engine/shard/shard-ops';

export interface ShardWorkerData {
  path: string;
  identifiers: Identifier[];
  chunkSize: number;
  shardEighths: number;
}

export type ShardWorkerMessage =
  /** The calls of one chunk, in file order. */
  | { type: 'batch'; batch: ShardBatch }
  /** The calls made finishing the flows open at the end; the last message. */
  | { type: 'end'; batch: ShardBatch }
  | { type: 'error'; message: string };
