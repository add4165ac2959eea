/**
 * The capture helper as a process: one JSON error line for each way it refuses to start, and,
 * as root on the loopback interface, a pcapng stream that tshark reads and that ends with an
 * interface statistics block when the helper stops because its parent closed its stdin or sent
 * SIGTERM.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('./capture-helper-source.mjs', import.meta.url));
const isRoot = process.getuid?.() === 0;
const hasCap = (() => {
  try {
    createRequire(import.meta.url).resolve('cap');
    return true;
  } catch {
    return false;
  }
})();
const hasTshark = spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;
const tmp = mkdtempSync(join(tmpdir(), 'phonehome-helper-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function runHelper(args: string[], opts: { uid?: number; gid?: number } = {}) {
  const r = spawnSync(process.execPath, [entry, ...args], { encoding: 'utf8', input: '', ...opts });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Block types of a little-endian pcapng stream, walked by each block's total length. */
function blockTypes(bytes: Buffer): number[] {
  const types: number[] = [];
  for (let pos = 0; pos + 12 <= bytes.length;) {
    const length = bytes.readUInt32LE(pos + 4);
    if (length < 12 || pos + length > bytes.length) throw new Error(`bad block length ${length} at ${pos}`);
    types.push(bytes.readUInt32LE(pos));
    pos += length;
  }
  return types;
}

/** Start the helper on lo, wait for its ready line, stop it with `stop`, return its output. */
async function captureLoopback(stop: (child: ReturnType<typeof spawn>) => void) {
  const child = spawn(process.execPath, [entry, '--interface', 'lo', '--buffer-mb', '2'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  let err = '';
  child.stdout!.on('data', (d: Buffer) => chunks.push(d));
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    if (err.includes('"ready"') && !child.killed) stop(child);
  });
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('close', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  return { code, out: Buffer.concat(chunks), err };
}

describe('capture helper', () => {
  it('refuses bad arguments with one JSON error line and writes no stream', () => {
    const r = runHelper(['--interface', 'eth0;reboot']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(JSON.parse(r.err.trim())).toEqual({
      error: expect.stringContaining('not an interface name'),
    });
    expect(JSON.parse(runHelper(['--interface', 'lo', '--output', 'x']).err.trim()).error).toMatch(
      /unknown argument/,
    );
  });

  it.skipIf(!hasCap)('names the interfaces libpcap knows when the interface does not exist', () => {
    const r = runHelper(['--interface', 'nosuchif0']);
    expect(r.code).toBe(1);
    const { error } = JSON.parse(r.err.trim()) as { error: string };
    expect(error).toContain('no such interface "nosuchif0"');
    expect(error).toContain('lo');
  });

  it.skipIf(!hasCap || !isRoot)('tells an unprivileged user how to get the rights (run as nobody)', () => {
    const r = runHelper(['--interface', 'lo'], { uid: 65534, gid: 65534 });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.err.trim()).error).toMatch(
      /permission denied.*run as root or grant CAP_NET_RAW,CAP_NET_ADMIN/,
    );
  });

  it.skipIf(!hasCap || !isRoot)('reports a filter libpcap cannot compile', () => {
    const r = runHelper(['--interface', 'lo', '--filter', 'tcp port']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.err.trim()).error).toMatch(/filter "tcp port" is not valid/);
  });

  it.skipIf(!hasCap || !isRoot || !hasTshark)(
    'exits when its parent closes stdin, leaving a stream tshark reads that ends with statistics',
    async () => {
      const r = await captureLoopback((child) => child.stdin!.end());
      expect(r.code).toBe(0);
      const types = blockTypes(r.out);
      expect(types.slice(0, 2)).toEqual([0x0a0d0d0a, 1]); // SHB, IDB
      expect(types[types.length - 1]).toBe(5); // ISB
      const file = join(tmp, 'stdin-closed.pcapng');
      writeFileSync(file, r.out);
      const read = spawnSync('tshark', ['-r', file], { encoding: 'utf8' });
      expect(read.status).toBe(0);
      expect(read.stderr.replace(/.*Running as user "root".*\n?/, '')).toBe('');
      // The status lines say honestly that libpcap's drop count is not known.
      expect(r.err).toContain('"captureDrops":"unavailable"');
    },
  );

  it.skipIf(!hasCap || !isRoot)('flushes and exits 0 on SIGTERM', async () => {
    const r = await captureLoopback((child) => child.kill('SIGTERM'));
    expect(r.code).toBe(0);
    const types = blockTypes(r.out);
    expect(types[0]).toBe(0x0a0d0d0a);
    expect(types[types.length - 1]).toBe(5);
  });
});
