/**
 * The web transport's guards (main/server/web-server.ts threat model): token, Origin, Host, and
 * the folders it serves from. Runs against a real server on 127.0.0.1.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { sourceEngineWorker } from '../main/services/engine-worker-factory';
import { createSessionService, type SessionService } from '../main/services/session-service';
import { startWebServer, type RunningWebServer } from '../main/server/web-server';

let server: RunningWebServer;
let service: SessionService;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'phonehome-web-'));
  const staticDir = join(dir, 'ui');
  rmSync(staticDir, { recursive: true, force: true });
  await import('node:fs/promises').then((fs) => fs.mkdir(staticDir));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>PhoneHome</title>');
  writeFileSync(join(dir, 'secret.txt'), 'not for the browser');
  service = createSessionService({
    dataDir: join(dir, 'data'),
    sampleDir: null,
    engineWorker: sourceEngineWorker,
  });
  server = await startWebServer({ host: '127.0.0.1', port: 0, service, staticDir });
});
afterAll(async () => {
  await server.close();
  await service.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const u = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path, headers, method: headers['x-method'] ?? 'GET' },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function wsOutcome(url: string, origin?: string): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

describe('phonehome serve guards', () => {
  it('prints a URL on 127.0.0.1 carrying a 256-bit token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
  });

  it('serves the UI with a strict CSP and no-sniff', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('never serves files outside the UI folder', async () => {
    expect((await get('/../secret.txt')).status).toBe(404);
    expect((await get('/%2e%2e/secret.txt')).status).toBe(404);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const r = await get('/', { host: 'evil.example:80' });
    expect(r.status).toBe(421);
  });

  it('opens the WebSocket only with the token and our own Origin', async () => {
    const base = `ws://${new URL(server.origin).host}/api/ws`;
    expect(await wsOutcome(`${base}?token=${server.token}`, server.origin)).toBe('open');
    expect(await wsOutcome(`${base}?token=${'0'.repeat(64)}`, server.origin)).toBe(403);
    expect(await wsOutcome(`${base}`, server.origin)).toBe(403);
    expect(await wsOutcome(`${base}?token=${server.token}`, 'http://evil.example')).toBe(403);
    expect(await wsOutcome(`${base}?token=${server.token}`)).toBe(403);
  });

  it('requires the token to upload and only downloads from the exports folder', async () => {
    const up = await get('/api/upload?name=x.pcap', { 'x-method': 'POST' });
    expect(up.status).toBe(401);
    const down = await get(
      `/api/download?token=${server.token}&path=${encodeURIComponent(join(dir, 'secret.txt'))}`,
    );
    expect(down.status).toBe(403);
  });
});
