/**
 * `phonehome analyze`: run the engine over a file in-process and print its records.
 * Flow, leak, device and structural records are re-emitted by the engine as they grow; the CLI
 * prints each one once, in its final state, at the place it first appeared. A large file is
 * read on two threads (services/flow-shard.ts), with the same records as on one.
 */
import type { EngineRecord, SummaryRecord } from '../../shared/events';
import type { Identifier } from '../../shared/identifier-types';
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import {
  analyzeFile,
  InputFileError,
  ShardMismatchError,
  type AnalyzeResult,
  type FlowShard,
} from '../services/analyze-file';
import { workerFlowShard } from '../services/flow-shard';
import { formatTable } from './table-format';

/** Files smaller than this are read on one thread: a second one costs more to start than it saves. */
const SHARD_MIN_BYTES = 4 << 20;
/**
 * `auto` starts the second thread only with this many cores. Two threads do more work in all
 * (each compiles the hot code again and decodes every packet), and V8 compiles on threads of
 * its own: on a 2-core machine (measured: 2 vCPUs, 200 MB, 20 identifiers) two threads took
 * 1.5–2.1 s where one took 1.2–1.5 s.
 */
const SHARD_MIN_CORES = 4;

export async function runAnalyze(
  path: string,
  identifiers: Identifier[],
  format: 'ndjson' | 'json' | 'table',
  threads: number | 'auto' = 'auto',
  /** How the second thread is started (tests give one that fails). */
  makeShard: (path: string, identifiers: Identifier[]) => FlowShard = workerFlowShard,
): Promise<number> {
  let run: { collected: EngineRecord[]; result: AnalyzeResult };
  try {
    try {
      run = await collect(path, identifiers, wantShard(path, threads) ? makeShard : null);
    } catch (err) {
      if (!(err instanceof ShardMismatchError)) throw err;
      // Never expected; the records would be right but incomplete, so read the file again alone.
      process.stderr.write(`phonehome: ${err.message}; analysing again on one thread.\n`);
      run = await collect(path, identifiers, null);
    }
  } catch (err) {
    if (err instanceof InputFileError) {
      process.stderr.write(`phonehome: ${err.message}\n`);
      return 3;
    }
    throw err;
  }
  const { collected, result } = run;
  const summary: SummaryRecord = result.summary;
  if (format === 'ndjson') {
    const lines = collected.map((r) => JSON.stringify(r));
    lines.push(JSON.stringify(summary));
    await write(`${lines.join('\n')}\n`);
  } else if (format === 'json') {
    await write(`${JSON.stringify({ records: collected, summary }, null, 2)}\n`);
  } else {
    await write(formatTable(collected, summary, path));
  }
  if (result.inputError) {
    process.stderr.write(
      `phonehome: ${path}: ${result.inputError} Records before that point were printed.\n`,
    );
    return 3;
  }
  return 0;
}

function wantShard(path: string, threads: number | 'auto'): boolean {
  if (threads !== 'auto') return threads >= 2;
  if (availableParallelism() < SHARD_MIN_CORES) return false;
  try {
    return statSync(path).size >= SHARD_MIN_BYTES;
  } catch {
    return false; // analyzeFile reports the unreadable file
  }
}

/** Runs the analysis and keeps each record once, in its final state, where it first appeared. */
async function collect(
  path: string,
  identifiers: Identifier[],
  makeShard: ((path: string, identifiers: Identifier[]) => FlowShard) | null,
): Promise<{ collected: EngineRecord[]; result: AnalyzeResult }> {
  const collected: EngineRecord[] = [];
  const flowAt = new Map<number, number>();
  const leakAt = new Map<number, number>();
  const latestAt = new Map<string, number>();
  const result = await analyzeFile(path, {
    identifiers,
    shard: makeShard ? makeShard(path, identifiers) : null,
    onRecords(batch) {
      for (const r of batch) {
        if (r.type === 'stats' || r.type === 'summary') continue;
        const latestKey =
          r.type === 'device'
            ? `device/${r.mac}`
            : r.type === 'structural'
              ? `structural/${r.identifier}/${r.protocol}/${r.field}`
              : null;
        if (latestKey !== null) {
          const at = latestAt.get(latestKey);
          if (at !== undefined) {
            collected[at] = r;
            continue;
          }
          latestAt.set(latestKey, collected.length);
        }
        const key = r.type === 'flow' ? flowAt : r.type === 'leak' ? leakAt : null;
        const id = r.type === 'flow' ? r.flowId : r.type === 'leak' ? r.leakId : 0;
        if (key) {
          const at = key.get(id);
          if (at !== undefined) {
            collected[at] = r;
            continue;
          }
          key.set(id, collected.length);
        }
        collected.push(r);
      }
    },
  });
  return { collected, result };
}

function write(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (err) => (err ? reject(err) : resolve()));
  });
}
