/**
 * `phonehome analyze` when its second thread goes wrong: the records must still be complete,
 * so it says so on stderr and reads the file again on one thread.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { shardOwns } from '../engine/shard/shard-ops';
import type { FlowShard } from '../services/analyze-file';
import { inlineFlowShard } from '../services/flow-shard';
import { runAnalyze } from './analyze-command';

const sample = fileURLToPath(new URL('../../e2e/fixtures/sample/founding-case.pcapng', import.meta.url));

/** Runs the command with stdout and stderr captured. */
async function analyze(makeShard?: () => FlowShard, threads: number | 'auto' = 2) {
  const out: string[] = [];
  const err: string[] = [];
  const write = (into: string[]) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      into.push(String(chunk));
      const done = rest.find((r) => typeof r === 'function') as ((e?: Error) => void) | undefined;
      done?.();
      return true;
    }) as typeof process.stdout.write;
  vi.spyOn(process.stdout, 'write').mockImplementation(write(out));
  vi.spyOn(process.stderr, 'write').mockImplementation(write(err));
  const code = await runAnalyze(sample, [], 'ndjson', threads, makeShard);
  vi.restoreAllMocks();
  return { code, out: out.join(''), err: err.join('') };
}

afterEach(() => vi.restoreAllMocks());

describe('runAnalyze with a second thread', () => {
  it('reads the file again alone when the shard disagrees with the engine', async () => {
    const alone = await analyze(undefined, 1);
    expect(alone.code).toBe(0);
    expect(alone.out.split('\n').length).toBeGreaterThan(10);
    // A shard that runs fewer flows than it tells the engine it does.
    const lying = () => ({ ...inlineFlowShard([], 2), owns: (flow) => shardOwns(flow, 8) }) as FlowShard;
    const r = await analyze(lying);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/flow shard and the engine disagree: .*; analysing again on one thread\./);
    expect(r.out).toBe(alone.out);
  });

  it('uses the shard it is given when it works, with the same output', async () => {
    let started = 0;
    const counting = () => {
      started++;
      return inlineFlowShard([], 8);
    };
    const alone = await analyze(undefined, 1);
    const r = await analyze(counting);
    expect(started).toBe(1);
    expect(r.err).toBe('');
    expect(r.out).toBe(alone.out);
  });
});
