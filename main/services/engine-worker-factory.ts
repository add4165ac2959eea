/**
 * How the services start their engine worker. The entry point decides: from source (CLI, serve,
 * tests) the worker is the .ts file run through tsx; in the packaged Electron app it is the
 * bundled script electron-vite emits.
 */
import { Worker } from 'node:worker_threads';

export type EngineWorkerFactory = () => Worker;

/** Worker from the TypeScript source, loaded through tsx (used by the CLI, serve and tests). */
export const sourceEngineWorker: EngineWorkerFactory = () =>
  new Worker(new URL('./engine-worker-source.mjs', import.meta.url));
