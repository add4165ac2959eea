/**
 * Hold the first `before-quit` until the shutdown registry has run, then quit for real.
 * Electron does not wait for async work in its quit events, so the first quit is cancelled,
 * the handlers run (capped by the registry), and a second quit goes through untouched.
 */
import type { ShutdownOutcome, ShutdownRegistry } from './shutdown-registry';

/** The slice of Electron's `app` the hook uses. */
export interface QuittableApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export function installQuitHook(
  app: QuittableApp,
  registry: ShutdownRegistry,
  report: (outcome: ShutdownOutcome) => void,
): void {
  let state: 'running' | 'idle' | 'done' = 'idle';
  app.on('before-quit', (event) => {
    if (state === 'done') return;
    event.preventDefault();
    if (state === 'running') return;
    state = 'running';
    void registry.run().then((outcome) => {
      state = 'done';
      report(outcome);
      app.quit();
    });
  });
}
