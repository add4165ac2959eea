// Starts a flow shard's worker from its TypeScript source (tests and the CLI run from source):
// a worker thread does not inherit the parent's tsx loader, so it loads the .ts file through
// tsx's API itself. The bundled CLI runs out/cli/shard-worker.mjs instead.
import { tsImport } from 'tsx/esm/api';

await tsImport('./shard-worker.ts', import.meta.url);
