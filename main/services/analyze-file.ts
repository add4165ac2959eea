/**
 * Run the engine over a capture file: read it in chunks, hand records to the caller as they
 * come, report progress, and stop when asked. Used in-process by the CLI and inside the engine
 * worker by the services.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { EngineRecord, SummaryRecord } from '../../shared/events';
import type { Identifier } from '../../shared/identifier-types';
import type { Enricher } from '../engine/enrich/enricher';
import type { FlowState } from '../engine/transport/flow-table';
import { Engine } from '../engine/engine';
import type { ShardBatch } from '../engine/shard/shard-ops';
import { ShardReplay } from '../engine/shard/shard-replay';
import { fileChunks } from './file-chunks';
import { defaultEnrichData } from './enrich-data';

export interface AnalyzeOptions {
  identifiers: Identifier[];
  onRecords(records: EngineRecord[]): void;
  onProgress?(bytesRead: number, totalBytes: number): void;
  signal?: AbortSignal;
  chunkSize?: number;
  /** Destination enrichment; absent means the process-wide default data, null means none. */
  enrich?: Enricher | null;
  /**
   * A flow shard running part of the TCP flows on another thread (flow-shard.ts). The records
   * are the same as without one; if the shard fails, analyzeFile throws (records already
   * delivered are then incomplete: the caller starts over without a shard).
   */
  shard?: FlowShard | null;
}

/** What analyzeFile needs of a flow shard, wherever it runs. */
export interface FlowShard {
  owns: (flow: FlowState) => boolean;
  /** The shard's calls for this chunk of the file (the same chunks, in order). */
  batchFor(chunk: Uint8Array): Promise<ShardBatch>;
  /** The calls it made finishing the flows still open at the end of the file. */
  end(): Promise<ShardBatch>;
  stop(): void;
}

/** The flow shard and the engine disagree, or the shard failed: start over without one. */
export class ShardMismatchError extends Error {}

export const DEFAULT_CHUNK_SIZE = 1 << 20;

export interface AnalyzeResult {
  engine: Engine;
  summary: SummaryRecord;
  /** What was wrong with the file, when it could not be read to the end. */
  inputError: string | null;
  cancelled: boolean;
}

/** Thrown for a file that cannot be opened at all (missing, a directory, no permission). */
export class InputFileError extends Error {}

export async function analyzeFile(path: string, opts: AnalyzeOptions): Promise<AnalyzeResult> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new InputFileError(describeOpenError(path, err));
  }
  const enrich = opts.enrich === undefined ? defaultEnrichData().enricher : opts.enrich;
  const sharded = opts.shard ? { shard: opts.shard, replay: new ShardReplay(opts.shard.owns) } : null;
  const engine = new Engine({ identifiers: opts.identifiers, enrich, remote: sharded?.replay ?? null });
  try {
    return await analyzeWith(engine, handle, path, opts, sharded);
  } finally {
    sharded?.shard.stop();
  }
}

/** A flow shard and the engine's replay of it. */
interface Sharded {
  shard: FlowShard;
  replay: ShardReplay;
}

async function analyzeWith(
  engine: Engine,
  handle: FileHandle,
  path: string,
  opts: AnalyzeOptions,
  sharded: Sharded | null,
): Promise<AnalyzeResult> {
  let cancelled = false;
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new InputFileError(`${path} is a directory, not a capture file.`);
    const total = stat.size;
    let pos = 0;
    for await (const chunk of fileChunks(handle, opts.chunkSize ?? DEFAULT_CHUNK_SIZE)) {
      pos += chunk.length;
      if (opts.signal?.aborted) {
        cancelled = true;
        break;
      }
      // The engine keeps no view of the chunk past this call, so its buffer can be reused.
      if (sharded) await pushSharded(engine, chunk, sharded);
      else engine.pushBytes(chunk);
      const records = engine.drain();
      if (records.length) opts.onRecords(records);
      opts.onProgress?.(pos, total);
      if (engine.inputError) break;
    }
  } finally {
    await handle.close();
  }
  if (sharded && !cancelled) {
    const batch = await sharded.shard.end();
    sharded.replay.add(batch);
    engine.end();
    checkShard(sharded.replay, batch);
  } else {
    engine.end();
  }
  const tail = engine.drain();
  if (tail.length) opts.onRecords(tail);
  return {
    engine,
    summary: engine.summary(),
    inputError: engine.inputError ? engine.inputError.message : null,
    cancelled,
  };
}

/** One chunk with a shard: its calls for the chunk must be in before the engine reaches them. */
async function pushSharded(engine: Engine, chunk: Uint8Array, sharded: Sharded): Promise<void> {
  const batch = await sharded.shard.batchFor(chunk);
  sharded.replay.add(batch);
  engine.pushBytes(chunk);
  checkShard(sharded.replay, batch);
}

function checkShard(replay: ShardReplay, batch: ShardBatch): void {
  const mismatch = replay.check(batch);
  if (mismatch !== null) throw new ShardMismatchError(`the flow shard and the engine disagree: ${mismatch}`);
}

function describeOpenError(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${path}: no such file. Check the path and try again.`;
  if (code === 'EACCES') return `${path}: permission denied. Make the file readable by this user.`;
  if (code === 'EISDIR') return `${path} is a directory, not a capture file.`;
  return `${path}: cannot open (${(err as Error).message}).`;
}
