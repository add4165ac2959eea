// Starts the engine worker from its TypeScript source (CLI, serve and tests run from source):
// a worker thread does not inherit the parent's tsx loader, so it loads the .ts file through
// tsx's API itself. The packaged app runs the bundled worker instead.
import { tsImport } from 'tsx/esm/api';

await tsImport('./engine-worker.ts', import.meta.url);
