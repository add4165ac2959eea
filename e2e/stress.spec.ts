/**
 * Responsiveness with a big capture: 100,000 flows and 10,000 distinct leaks (generated at test
 * time by e2e/fixtures/stress/make-stress-capture.ts), opened through `phonehome serve`. The
 * page scrolls the Flows table and the leak feed for a few seconds each — fast wheel-like
 * scrolling plus jumps, as when the scrollbar is dragged — while sampling every animation frame's
 * duration and every long task (requestAnimationFrame and PerformanceObserver in the page), and
 * tracing the page's main thread. Both are printed.
 *
 * What fails the test: a 95th-percentile frame that costs the main thread more than 50 ms, or
 * a single task longer than 200 ms. These are measured in CPU time from the trace, because on
 * this shared 2-core machine other processes (other test suites) often take most of the CPU,
 * and wall-clock frame times then grow several times over whatever the page does; on a quiet
 * machine the two agree. Each view gets up to three runs and the best one counts. A table that
 * is not virtualised, or re-sorts or re-filters 100,000 rows per frame, fails by far.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STRESS, writeStressCapture } from './fixtures/stress/make-stress-capture';
import { startServe, type ServeHandle } from './support/serve';

const P95_LIMIT_MS = 50;
const LONG_TASK_LIMIT_MS = 200;
const SCROLL_SECONDS = 3;
const ATTEMPTS = 3;

interface ScrollStats {
  frames: number;
  p50: number;
  p95: number;
  max: number;
  longTasks: number;
  longestTask: number;
  rowsSeen: number;
}

/**
 * Scrolls the list for `seconds` inside the page, one step per animation frame, and measures
 * the time between frames and the long tasks (PerformanceObserver 'longtask', ≥ 50 ms).
 */
async function scrollAndMeasure(page: Page, listTestId: string, seconds: number): Promise<ScrollStats> {
  return page.getByTestId(listTestId).evaluate(async (list, seconds) => {
    const longTasks: number[] = [];
    const observer = new PerformanceObserver((entries) => {
      for (const e of entries.getEntries()) longTasks.push(e.duration);
    });
    observer.observe({ type: 'longtask' });
    const deltas: number[] = [];
    const keys = new Set<string>();
    // A fixed pseudo-random sequence, so every run scrolls the same way.
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    // Read once: reading them every frame would force layouts the browser would not do itself.
    const max = list.scrollHeight - list.clientHeight;
    let position = list.scrollTop;
    await new Promise<void>((done) => {
      const start = performance.now();
      let last = start;
      let n = 0;
      const step = (now: number) => {
        deltas.push(now - last);
        last = now;
        for (const row of list.querySelectorAll<HTMLElement>('[data-key]')) keys.add(row.dataset.key!);
        if (now - start > seconds * 1000) {
          done();
          return;
        }
        n++;
        // Mostly fast wheel-like scrolling (about 9 rows a frame, 550 rows a second), every
        // 15th frame a jump, as when the scrollbar is dragged.
        position = n % 15 === 0 ? Math.floor(random() * max) : position + 240 > max ? 0 : position + 240;
        list.scrollTop = position;
        requestAnimationFrame(step);
      };
      requestAnimationFrame((now) => {
        last = now;
        requestAnimationFrame(step);
      });
    });
    // Let the observer deliver the last entries.
    await new Promise((r) => setTimeout(r, 100));
    observer.disconnect();
    const sorted = deltas.slice(1).sort((a, b) => a - b);
    const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    return {
      frames: sorted.length,
      p50: pick(0.5),
      p95: pick(0.95),
      max: sorted[sorted.length - 1],
      longTasks: longTasks.length,
      longestTask: longTasks.length ? Math.max(...longTasks) : 0,
      rowsSeen: keys.size,
    };
  }, seconds);
}

function report(name: string, { wall, cpu }: Measured): void {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  process.stdout.write(
    `[stress] ${name}: ${wall.frames} frames; wall clock p50 ${ms(wall.p50)}, p95 ${ms(wall.p95)}, ` +
      `max ${ms(wall.max)}, ${wall.longTasks} long tasks (longest ${ms(wall.longestTask)}); ` +
      `main-thread CPU per frame p95 ${ms(cpu.p95)}, max ${ms(cpu.max)}, longest task ${ms(cpu.longestTask)}; ` +
      `${wall.rowsSeen} distinct rows drawn\n`,
  );
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

interface FrameCpu {
  frames: number;
  /** Main-thread CPU time per frame, 95th percentile and worst. */
  p95: number;
  max: number;
  /** The longest single main-thread task, in CPU time. */
  longestTask: number;
}

/**
 * CPU time the page's main thread spent per animation frame, from a Chrome trace: every task
 * is counted in the frame whose animation-frame callback started before it. Unlike wall-clock
 * frame times this does not grow when other processes take the CPU, so it measures the view.
 */
function frameCpu(events: TraceEvent[]): FrameCpu {
  const counts = new Map<string, number>();
  for (const e of events) {
    if (e.name === 'FireAnimationFrame')
      counts.set(`${e.pid}:${e.tid}`, (counts.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  }
  const main = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const onMain = (e: TraceEvent) => `${e.pid}:${e.tid}` === main && e.ph === 'X';
  const starts = events.filter((e) => onMain(e) && e.name === 'FireAnimationFrame').map((e) => e.ts);
  starts.sort((a, b) => a - b);
  const tasks = events.filter((e) => onMain(e) && e.name === 'RunTask');
  const perFrame = new Array<number>(Math.max(0, starts.length - 1)).fill(0);
  let longestTask = 0;
  for (const t of tasks) {
    const cpu = (t.tdur ?? t.dur ?? 0) / 1000;
    longestTask = Math.max(longestTask, cpu);
    // The frame whose callback is the last one starting at or before the task ends it.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= t.ts + (t.dur ?? 0)) lo = mid;
      else hi = mid - 1;
    }
    if (lo < perFrame.length && t.ts + (t.dur ?? 0) >= starts[0]) perFrame[lo] += cpu;
  }
  const sorted = perFrame.slice().sort((a, b) => a - b);
  return {
    frames: sorted.length,
    p95: sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
    longestTask,
  };
}

interface Measured {
  wall: ScrollStats;
  cpu: FrameCpu;
}

const passes = (m: Measured) => m.cpu.p95 < P95_LIMIT_MS && m.cpu.longestTask < LONG_TASK_LIMIT_MS;

/** One traced scrolling run: wall-clock frame times from the page, CPU per frame from the trace. */
async function measure(page: Page, listTestId: string, seconds: number): Promise<Measured> {
  const browser = page.context().browser()!;
  await browser.startTracing(page, {
    categories: ['__metadata', 'devtools.timeline', 'disabled-by-default-devtools.timeline'],
  });
  const wall = await scrollAndMeasure(page, listTestId, seconds);
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  return { wall, cpu: frameCpu(trace.traceEvents) };
}

/** Up to ATTEMPTS runs; returns the first that passes, else the one with the lowest CPU p95. */
async function bestOf(page: Page, name: string, listTestId: string, seconds: number): Promise<Measured> {
  let best: Measured | null = null;
  for (let i = 1; i <= ATTEMPTS; i++) {
    const m = await measure(page, listTestId, seconds);
    report(`${name} (run ${i})`, m);
    if (!best || m.cpu.p95 < best.cpu.p95) best = m;
    if (passes(m)) return m;
  }
  return best!;
}

let serve: ServeHandle | undefined;
let dir: string;
test.afterEach(async () => {
  await serve?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('100,000 flows and 10,000 leaks scroll smoothly', async ({ page }) => {
  test.setTimeout(900_000);
  dir = mkdtempSync(join(tmpdir(), 'phonehome-stress-'));
  const made = writeStressCapture(dir);
  serve = await startServe(['--open', made.pcapng, '--ids', made.ids]);

  const opened = Date.now();
  await page.goto(serve.url);
  await page.getByTestId('tab-flows').click();
  await expect(page.getByTestId('flows-list')).toHaveAttribute('data-rows', String(STRESS.flows), {
    timeout: 180_000,
  });
  await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 60_000 });
  process.stdout.write(
    `[stress] ${STRESS.flows} flows on screen ${((Date.now() - opened) / 1000).toFixed(1)} s after opening the page\n`,
  );

  const flows = await bestOf(page, 'flows table', 'flows-list', SCROLL_SECONDS);

  // Sorting all 100,000 by bytes: one blocking step, reported, bounded generously.
  const sortStart = Date.now();
  await page
    .getByTestId('flows-panel')
    .getByTestId('sort-header')
    .and(page.locator('[data-col="bytes"]'))
    .click();
  await expect(page.getByTestId('flows-panel').locator('[aria-sort="descending"]')).toBeVisible();
  const sortMs = Date.now() - sortStart;
  process.stdout.write(`[stress] sorting ${STRESS.flows} flows by bytes: ${sortMs} ms\n`);
  const sorted = await bestOf(page, 'flows table, sorted', 'flows-list', SCROLL_SECONDS);

  await page.getByTestId('tab-leaks').click();
  const feed = page.getByTestId('leaks-list');
  await expect(feed).toBeVisible();
  await expect(page.getByTestId('leak-row').or(page.getByTestId('leak-card')).first()).toBeVisible({
    timeout: 60_000,
  });
  const leaks = await bestOf(page, 'leak feed', 'leaks-list', SCROLL_SECONDS);

  await page.getByTestId('tab-destinations').click();
  await expect(page.getByTestId('destinations-list')).toBeVisible();
  const destinations = await bestOf(page, 'destinations table', 'destinations-list', SCROLL_SECONDS);

  // The timeline places every sighting: one per leaking datagram the generator wrote.
  await page.getByTestId('tab-timeline').click();
  await expect(page.getByTestId('timeline-chart')).toHaveAttribute(
    'data-sightings',
    String(STRESS.leakFlows),
  );

  for (const [name, { wall, cpu }] of [
    ['flows', flows],
    ['sorted flows', sorted],
    ['leak feed', leaks],
    ['destinations', destinations],
  ] as const) {
    expect(wall.frames, `${name}: frames sampled`).toBeGreaterThan(20);
    expect(cpu.frames, `${name}: frames in the trace`).toBeGreaterThan(20);
    expect(wall.rowsSeen, `${name}: rows drawn while scrolling`).toBeGreaterThan(100);
    expect(cpu.p95, `${name}: 95th percentile main-thread CPU per frame`).toBeLessThan(P95_LIMIT_MS);
    expect(cpu.longestTask, `${name}: longest main-thread task`).toBeLessThan(LONG_TASK_LIMIT_MS);
  }
  expect(sortMs).toBeLessThan(5_000);
});
