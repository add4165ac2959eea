/**
 * Start a real `phonehome serve` for an end-to-end test: its own data folder, a random port on
 * 127.0.0.1, and the URL (with token) read from its first line of output. Stopped by PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const sampleDir = join(repoRoot, 'e2e', 'fixtures', 'sample');
export const samplePcap = join(sampleDir, 'founding-case.pcapng');
export const sampleIds = join(sampleDir, 'founding-case.ids.json');

export interface ServeHandle {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  process: ChildProcess;
  stderr(): string;
  stop(): Promise<void>;
}

export async function startServe(args: string[] = []): Promise<ServeHandle> {
  const dataDir = mkdtempSync(join(tmpdir(), 'phonehome-e2e-'));
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'bin', 'phonehome.mjs'), 'serve', '--port', '0', '--data-dir', dataDir, ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let errText = '';
  child.stderr!.on('data', (d: Buffer) => (errText += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    const timer = setTimeout(
      () => reject(new Error(`serve did not print its URL in 30 s: ${errText}`)),
      30_000,
    );
    rl.once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${errText}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    dataDir,
    process: child,
    stderr: () => errText,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
