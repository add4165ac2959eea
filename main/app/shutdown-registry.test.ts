import { afterEach, describe, expect, it, vi } from 'vitest';
import { createShutdownRegistry } from './shutdown-registry';

afterEach(() => {
  vi.useRealTimers();
});

describe('createShutdownRegistry', () => {
  it('runs every handler concurrently and reports failures by name', async () => {
    const registry = createShutdownRegistry(1000);
    const order: string[] = [];
    let releaseSlow: () => void = () => {};
    registry.add(
      'slow',
      () => new Promise<void>((resolve) => (releaseSlow = () => (order.push('slow'), resolve()))),
    );
    registry.add('fast', () => void order.push('fast'));
    registry.add('broken', () => Promise.reject(new Error('disk full')));
    const run = registry.run();
    await Promise.resolve();
    // "fast" finished while "slow" still waits: they were not run one after the other.
    expect(order).toEqual(['fast']);
    releaseSlow();
    const outcome = await run;
    expect(order).toEqual(['fast', 'slow']);
    expect(outcome.timedOut).toEqual([]);
    expect(outcome.failed.map((f) => [f.name, (f.error as Error).message])).toEqual([
      ['broken', 'disk full'],
    ]);
  });

  it('gives up on a stuck handler at the cap and names it', async () => {
    vi.useFakeTimers();
    const registry = createShutdownRegistry(5000);
    registry.add('stuck', () => new Promise<void>(() => {}));
    registry.add('quick', async () => {});
    let settled = false;
    const run = registry.run().then((outcome) => ((settled = true), outcome));
    await vi.advanceTimersByTimeAsync(4999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const outcome = await run;
    expect(outcome.timedOut).toEqual(['stuck']);
    expect(outcome.failed).toEqual([]);
  });

  it('runs handlers once however often it is asked, and skips removed ones', async () => {
    const registry = createShutdownRegistry(1000);
    let count = 0;
    let removedRan = false;
    registry.add('counted', () => void count++);
    const remove = registry.add('removed', () => void (removedRan = true));
    remove();
    const [a, b] = await Promise.all([registry.run(), registry.run()]);
    expect(a).toBe(b);
    expect(count).toBe(1);
    expect(removedRan).toBe(false);
  });
});
