import { describe, expect, it } from 'vitest';
import type { EngineRecord } from '../../../shared/events';
import { FlushQueue } from './flush-queue';
import { FakeScheduler, flow } from './test-fixtures';

function setup(chunkSize = 100) {
  const scheduler = new FakeScheduler();
  const applied: number[][] = [];
  const queue = new FlushQueue(
    (records: readonly EngineRecord[], from: number, to: number) =>
      applied.push(records.slice(from, to).map((r) => (r.type === 'flow' ? r.flowId : -1))),
    scheduler,
    { floorMs: 250, chunkSize },
  );
  return { scheduler, applied, queue };
}

describe('FlushQueue', () => {
  it('applies nothing until a flush fires, then everything pushed so far in one batch', () => {
    const { scheduler, applied, queue } = setup();
    queue.push([flow(1), flow(2)]);
    queue.push([flow(3)]);
    expect(applied).toEqual([]);
    expect(scheduler.frames.size).toBe(1);
    expect(scheduler.timers.size).toBe(1);
    scheduler.runFrames();
    expect(applied).toEqual([[1, 2, 3]]);
  });

  it('schedules one animation frame and one timer floor of 250 ms, and cancels the loser', () => {
    const { scheduler, applied, queue } = setup();
    queue.push([flow(1)]);
    expect(Array.from(scheduler.timers.values()).map((t) => t.ms)).toEqual([250]);
    scheduler.runFrames();
    expect(scheduler.timers.size).toBe(0);
    scheduler.runTimers();
    expect(applied).toHaveLength(1);
  });

  it('still flushes from the timer when animation frames never come (background tab)', () => {
    const { scheduler, applied, queue } = setup();
    queue.push([flow(1)]);
    scheduler.runTimers();
    expect(applied).toEqual([[1]]);
    expect(scheduler.frames.size).toBe(0);
  });

  it('applies a huge queue in chunks, one chunk per flush', () => {
    const { scheduler, applied, queue } = setup(10);
    queue.push(Array.from({ length: 25 }, (_, i) => flow(i)));
    scheduler.runFrames();
    expect(applied.map((b) => b.length)).toEqual([10]);
    expect(queue.pending).toBe(15);
    scheduler.runTimers();
    scheduler.runFrames();
    expect(applied.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(applied.flat()).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(scheduler.frames.size + scheduler.timers.size).toBe(0);
  });

  it('flushAll drains every chunk synchronously and leaves nothing scheduled', () => {
    const { scheduler, applied, queue } = setup(10);
    queue.push(Array.from({ length: 25 }, (_, i) => flow(i)));
    queue.flushAll();
    expect(applied.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(scheduler.frames.size + scheduler.timers.size).toBe(0);
  });

  it('clear drops queued records and the scheduled flush', () => {
    const { scheduler, applied, queue } = setup();
    queue.push([flow(1)]);
    queue.clear();
    expect(scheduler.frames.size + scheduler.timers.size).toBe(0);
    queue.push([flow(2)]);
    scheduler.runFrames();
    expect(applied).toEqual([[2]]);
  });
});
