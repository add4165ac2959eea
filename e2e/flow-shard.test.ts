/**
 * Offline analysis on two threads (main/services/flow-shard.ts, main/engine/shard/) must give the
 * records of the engine alone, byte for byte and in the same order: the single-threaded engine
 * is the oracle here (it is held to tshark by the corpus test). Every public capture and a
 * generated mixed capture with planted identifiers are read both ways, with and without
 * identifiers, with the shard taking all of the flows it may and a part of them, in small
 * chunks so that flows, messages and matches cross many chunk boundaries.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_IDENTIFIERS } from '../bench/bench-identifiers';
import { writeMixedCapture } from '../bench/make-mixed-capture';
import type { Identifier } from '../shared/identifier-types';
import { shardOwns } from '../main/engine/shard/shard-ops';
import { analyzeFile, ShardMismatchError, type FlowShard } from '../main/services/analyze-file';
import { inlineFlowShard, workerFlowShard } from '../main/services/flow-shard';

const repo = fileURLToPath(new URL('../', import.meta.url));
const corpusDir = join(repo, '..', 'shared', 'corpus');
const CHUNK = 64 << 10;
const tmp = mkdtempSync(join(tmpdir(), 'phonehome-shard-'));
const mixed = join(tmp, 'mixed.pcapng');
let planted = { imei: 0, phone: 0, email: 0 };

beforeAll(() => {
  ({ planted } = writeMixedCapture(mixed, 6_000_000, 7));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every record analyzeFile delivered, as JSON lines, then the summary. */
async function records(path: string, identifiers: Identifier[], shard: FlowShard | null): Promise<string[]> {
  const lines: string[] = [];
  const result = await analyzeFile(path, {
    identifiers,
    shard,
    chunkSize: CHUNK,
    enrich: null,
    onRecords: (batch) => {
      for (const r of batch) lines.push(JSON.stringify(r));
    },
  });
  lines.push(JSON.stringify(result.summary));
  return lines;
}

/** The first line where two runs differ, for a readable failure. */
function firstDifference(a: string[], b: string[]): string | null {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}:\n  alone: ${a[i]}\n  shard: ${b[i]}`;
  }
  return null;
}

const captures = readdirSync(corpusDir)
  .filter((f) => /\.(pcap|pcapng|cap)$/i.test(f))
  .sort()
  .map((f) => join(corpusDir, f));

describe('analysis with a flow shard', () => {
  it(
    'gives the engine’s records on every corpus capture and a mixed capture',
    { timeout: 300_000 },
    async () => {
      const differences: string[] = [];
      let shardRecords = 0;
      for (const path of [...captures, mixed]) {
        for (const identifiers of [[], BENCH_IDENTIFIERS]) {
          const alone = await records(path, identifiers, null);
          for (const eighths of [8, 3]) {
            const sharded = await records(path, identifiers, inlineFlowShard(identifiers, eighths));
            const diff = firstDifference(alone, sharded);
            if (diff) differences.push(`${path} (${identifiers.length} ids, ${eighths}/8): ${diff}`);
            shardRecords += sharded.length;
          }
        }
      }
      expect(differences).toEqual([]);
      expect(shardRecords).toBeGreaterThan(10_000);
    },
  );

  it('finds the planted leaks with the shard running the flows they are in', async () => {
    const sharded = await records(mixed, BENCH_IDENTIFIERS, inlineFlowShard(BENCH_IDENTIFIERS, 8));
    const leaks = sharded.map((l) => JSON.parse(l)).filter((r) => r.type === 'leak');
    // What the generator planted (an IMEI, a phone number, an e-mail address: bench-identifiers.ts).
    const kinds = (['imei', 'phone', 'email'] as const).filter((k) => planted[k] > 0);
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(leaks.map((r) => r.kind))).toEqual(new Set(kinds));
  });

  it('gives the same records with the shard on a worker thread', { timeout: 120_000 }, async () => {
    for (const identifiers of [[], BENCH_IDENTIFIERS]) {
      const alone = await records(mixed, identifiers, null);
      const shard = workerFlowShard(mixed, identifiers, { chunkSize: CHUNK, shardEighths: 6 });
      const sharded = await records(mixed, identifiers, shard);
      expect(firstDifference(alone, sharded)).toBeNull();
    }
  });

  it('stops with ShardMismatchError when the shard and the engine split the flows differently', async () => {
    const shard = inlineFlowShard(BENCH_IDENTIFIERS, 4);
    const lying: FlowShard = { ...shard, owns: (flow) => shardOwns(flow, 8) };
    await expect(records(mixed, BENCH_IDENTIFIERS, lying)).rejects.toThrow(ShardMismatchError);
  });

  it('stops with ShardMismatchError when the shard’s worker fails', { timeout: 60_000 }, async () => {
    // The worker opens its own copy of the path: one that does not exist makes it fail.
    const shard = workerFlowShard(join(tmp, 'gone.pcapng'), [], { chunkSize: CHUNK });
    await expect(records(mixed, [], shard)).rejects.toThrow(/flow shard failed: .*ENOENT/s);
  });
});
