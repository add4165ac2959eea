import { describe, expect, it } from 'vitest';
import { installQuitHook } from './quit-hook';
import type { QuittableApp } from './quit-hook';
import { createShutdownRegistry } from './shutdown-registry';
import type { ShutdownOutcome } from './shutdown-registry';

/** A fake `app` whose quit() fires before-quit and records whether it was cancelled. */
function fakeApp() {
  let listener: ((event: { preventDefault(): void }) => void) | null = null;
  const quits: ('cancelled' | 'proceeded')[] = [];
  const app: QuittableApp = {
    on: (_event, l) => {
      listener = l;
    },
    quit: () => {
      let cancelled = false;
      listener?.({ preventDefault: () => (cancelled = true) });
      quits.push(cancelled ? 'cancelled' : 'proceeded');
    },
  };
  return { app, quits };
}

describe('installQuitHook', () => {
  it('holds the first quit until shutdown has run, then quits for real', async () => {
    const { app, quits } = fakeApp();
    const registry = createShutdownRegistry(1000);
    let release: () => void = () => {};
    const steps: string[] = [];
    registry.add(
      'worker',
      () => new Promise<void>((resolve) => (release = () => (steps.push('worker stopped'), resolve()))),
    );
    const reports: ShutdownOutcome[] = [];
    installQuitHook(app, registry, (outcome) => reports.push(outcome));

    app.quit();
    app.quit();
    expect(quits).toEqual(['cancelled', 'cancelled']);
    expect(reports).toEqual([]);

    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(steps).toEqual(['worker stopped']);
    expect(reports).toEqual([{ failed: [], timedOut: [] }]);
    expect(quits).toEqual(['cancelled', 'cancelled', 'proceeded']);
  });
});
