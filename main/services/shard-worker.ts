/**
 * A flow shard's worker thread (flow-shard.ts): reads the capture file in analyzeFile's chunks,
 * runs the shard's TCP flows (engine/shard/shard-engine.ts) and posts each chunk's calls.
 * It stops where the engine stops: at the end of the file or after a chunk with a fatal error.
 */
import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { ShardEngine } from '../engine/shard/shard-engine';
import { shardOwns } from '../engine/shard/shard-ops';
import { fileChunks } from './file-chunks';
import type { ShardWorkerData, ShardWorkerMessage } from './shard-worker-protocol';

const port = parentPort!;
const post = (m: ShardWorkerMessage) => port.postMessage(m);

async function run(data: ShardWorkerData): Promise<void> {
  const engine = new ShardEngine(data.identifiers, (flow) => shardOwns(flow, data.shardEighths));
  const handle = await open(data.path, 'r');
  try {
    for await (const chunk of fileChunks(handle, data.chunkSize)) {
      engine.pushBytes(chunk);
      post({ type: 'batch', batch: engine.takeBatch() });
      if (engine.inputError) break;
    }
  } finally {
    await handle.close();
  }
  engine.end();
  post({ type: 'end', batch: engine.takeBatch() });
}

run(workerData as ShardWorkerData).catch((err: unknown) =>
  post({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
);
