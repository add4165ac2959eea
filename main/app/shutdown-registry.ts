/**
 * One place for everything that must happen before the app exits (stop the engine worker,
 * finish a capture file, remove IPC handlers). Handlers run together and the whole run is
 * capped, so one stuck handler delays quitting by at most the cap instead of forever.
 */
export interface ShutdownOutcome {
  /** Handlers that threw or rejected, with the reason. */
  failed: { name: string; error: unknown }[];
  /** Handlers still running when the cap ran out. */
  timedOut: string[];
}

export interface ShutdownRegistry {
  /** Register a handler; the returned function unregisters it. */
  add(name: string, handler: () => Promise<void> | void): () => void;
  /** Run every handler once; later calls return the first run's outcome. */
  run(): Promise<ShutdownOutcome>;
}

export const DEFAULT_SHUTDOWN_CAP_MS = 5000;

export function createShutdownRegistry(capMs = DEFAULT_SHUTDOWN_CAP_MS): ShutdownRegistry {
  const handlers = new Map<symbol, { name: string; handler: () => Promise<void> | void }>();
  let running: Promise<ShutdownOutcome> | null = null;

  async function runAll(): Promise<ShutdownOutcome> {
    const outcome: ShutdownOutcome = { failed: [], timedOut: [] };
    const pending = new Set<string>();
    const all = Promise.all(
      [...handlers.values()].map(async ({ name, handler }) => {
        pending.add(name);
        try {
          await handler();
        } catch (error) {
          outcome.failed.push({ name, error });
        } finally {
          pending.delete(name);
        }
      }),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const cap = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, capMs);
    });
    await Promise.race([all, cap]);
    clearTimeout(timer);
    outcome.timedOut.push(...pending);
    return outcome;
  }

  return {
    add(name, handler) {
      const key = Symbol(name);
      handlers.set(key, { name, handler });
      return () => {
        handlers.delete(key);
      };
    },
    run() {
      running ??= runAll();
      return running;
    },
  };
}
