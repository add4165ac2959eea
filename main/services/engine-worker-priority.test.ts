/**
 * The engine's thread lowers its own scheduling priority (engine-worker.ts): read from the
 * kernel's view of this process's threads (/proc/self/task/TID/stat, field 19 is the nice value,
 * proc(5)), not from anything the worker says about itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { sourceEngineWorker } from './engine-worker-factory';

/** Thread id → [name, nice] for every thread of this process. */
function threads(): Map<number, [string, number]> {
  const out = new Map<number, [string, number]>();
  for (const tid of readdirSync('/proc/self/task')) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // a thread that ended meanwhile
    }
    // "tid (comm) state ..." — comm may hold spaces and parentheses, so split after the last ')'.
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    out.set(Number(tid), [stat.slice(stat.indexOf('(') + 1, close), Number(fields[16])]);
  }
  return out;
}

describe.skipIf(process.platform !== 'linux')('engine worker priority', () => {
  it('runs its thread ten nice steps below the thread that started it', async () => {
    const before = new Set(threads().keys());
    const worker = sourceEngineWorker();
    try {
      await new Promise((resolve) => worker.once('online', resolve));
      const base = getPriority();
      const expected = Math.min(19, base + 10);
      let found: [string, number][] = [];
      for (let i = 0; i < 100 && !found.some(([, nice]) => nice === expected); i++) {
        await new Promise((r) => setTimeout(r, 50)); // the worker's module runs after 'online'
        found = [...threads()].filter(([tid]) => !before.has(tid)).map(([, t]) => t);
      }
      expect(found.filter(([, nice]) => nice === expected).length).toBeGreaterThan(0);
      expect(getPriority()).toBe(base); // this thread is left alone
    } finally {
      await worker.terminate();
    }
  });
});
