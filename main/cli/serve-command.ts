/** `phonehome serve`: the session services plus the web transport, until SIGINT/SIGTERM. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Identifier } from '../../shared/identifier-types';
import { sourceEngineWorker } from '../services/engine-worker-factory';
import { createSessionService } from '../services/session-service';
import { startWebServer } from '../server/web-server';

export interface ServeOptions {
  host: string;
  port: number;
  open: string | null;
  identifiers: Identifier[] | undefined;
  dataDir: string | null;
  repoRoot: string;
}

export function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'phonehome');
}

export async function runServe(opts: ServeOptions): Promise<number> {
  const service = createSessionService({
    dataDir: opts.dataDir ?? defaultDataDir(),
    sampleDir: join(opts.repoRoot, 'e2e', 'fixtures', 'sample'),
    engineWorker: sourceEngineWorker,
    initialIdentifiers: opts.identifiers,
  });
  await service.ready;
  const server = await startWebServer({
    host: opts.host,
    port: opts.port,
    service,
    staticDir: join(opts.repoRoot, 'out', 'renderer'),
  });
  process.stdout.write(`${server.url}\n`);
  if (opts.host !== '127.0.0.1' && opts.host !== '::1' && opts.host !== 'localhost') {
    process.stderr.write(
      `phonehome: listening on ${opts.host}: anyone who can reach this address and has the token can use PhoneHome.\n`,
    );
  }
  if (opts.open) {
    try {
      await service.commands.openCapture(opts.open);
    } catch (err) {
      process.stderr.write(`phonehome: --open: ${(err as Error).message}\n`);
      await server.close();
      await service.dispose();
      return 3;
    }
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await service.dispose();
  return 0;
}
