// Starts the capture helper from its TypeScript source (CLI, serve and tests run from source),
// as engine-worker-source.mjs does for the engine worker: a child process does not inherit the
// parent's tsx loader, so it loads the .ts file through tsx's API itself.
import { tsImport } from 'tsx/esm/api';

await tsImport('./capture-helper.ts', import.meta.url);
