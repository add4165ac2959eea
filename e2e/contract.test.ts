/**
 * One contract suite, two transports (DESIGN §2): the same behaviour through the WebSocket of
 * `phonehome serve` (with the renderer's real client) and through Electron IPC (the real
 * ipc-transport, preload logic and renderer bridge, joined by an in-memory stand-in for
 * Electron's ipcMain/ipcRenderer since the Electron binary cannot run here). Behind both: the
 * real session service with its engine worker.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiClient, EventName, ServerEvents } from '../shared/api';
import type { LeakRecord } from '../shared/events';
import { connectIpcClient } from '../main/app/testing/connect-ipc-client';
import { sourceEngineWorker } from '../main/services/engine-worker-factory';
import { createSessionService, type SessionService } from '../main/services/session-service';
import { startWebServer, type RunningWebServer } from '../main/server/web-server';
import { WsClient } from '../renderer/src/bridge/ws-client';
import { repoRoot, sampleDir } from './support/serve';

const hasTshark = spawnSync('tshark', ['--version']).status === 0;

interface Harness {
  client: ApiClient;
  service: SessionService;
  close(): Promise<void>;
}

function waitFor<E extends EventName>(
  client: ApiClient,
  event: E,
  timeoutMs = 20_000,
): Promise<ServerEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} event in ${timeoutMs} ms`)), timeoutMs);
    const off = client.subscribe((e, payload) => {
      if ((e as string) === event) {
        clearTimeout(timer);
        off();
        resolve(payload as ServerEvents[E]);
      }
    });
  });
}

const transports: {
  name: string;
  open(service: SessionService): Promise<{ client: ApiClient; close(): Promise<void> }>;
}[] = [
  {
    name: 'websocket',
    async open(service) {
      const server: RunningWebServer = await startWebServer({
        host: '127.0.0.1',
        port: 0,
        service,
        staticDir: join(repoRoot, 'out', 'renderer'),
      });
      const client = await WsClient.connect(
        `ws://${new URL(server.origin).host}/api/ws?token=${server.token}`,
        (u) => new WebSocket(u, { origin: server.origin }) as unknown as globalThis.WebSocket,
      );
      return {
        client,
        close: async () => {
          client.close();
          await server.close();
        },
      };
    },
  },
  {
    name: 'electron-ipc',
    async open(service) {
      const client = connectIpcClient(service);
      return { client, close: async () => Promise.resolve(client.close()) };
    },
  },
];

for (const transport of transports) {
  describe(`API contract over ${transport.name}`, () => {
    let h: Harness;
    let dataDir: string;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'phonehome-contract-'));
      const service = createSessionService({ dataDir, sampleDir, engineWorker: sourceEngineWorker });
      await service.ready;
      const opened = await transport.open(service);
      h = {
        client: opened.client,
        service,
        close: async () => {
          await opened.close();
          await service.dispose();
        },
      };
    });
    afterAll(async () => {
      await h?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('starts empty, with the sample available', async () => {
      const snap = await h.client.call('getSnapshot');
      expect(snap.phase).toBe('empty');
      expect(snap.capture).toBeNull();
      expect(snap.records).toEqual([]);
      expect(snap.sampleAvailable).toBe(true);
    });

    it('says what is wrong with an identifier, without applying it', async () => {
      const checks = await h.client.call('checkIdentifiers', [
        { kind: 'imei', value: '865301020304058' },
        { kind: 'phone', value: '13800138000' },
      ]);
      expect(checks[0].ok).toBe(false);
      expect(checks[0].errors.join(' ')).toMatch(/check digit/i);
      expect(checks[1].ok).toBe(false);
      expect(checks[1].errors.join(' ')).toMatch(/country/i);
      const result = await h.client.call('setIdentifiers', [{ kind: 'imei', value: '865301020304058' }]);
      expect(result.applied).toBe(false);
    });

    it('opens the sample: reset, records and done events, then a snapshot with the five leaks', async () => {
      const reset = waitFor(h.client, 'reset');
      const done = waitFor(h.client, 'done');
      await h.client.call('openSample');
      expect((await reset).phase).toBe('loading');
      const summary = await done;
      expect(summary.leaks).toBe(5);
      const snap = await h.client.call('getSnapshot');
      expect(snap.phase).toBe('ready');
      expect(snap.capture?.source).toBe('sample');
      expect(snap.identifiers).toHaveLength(6);
      const leaks = snap.records.filter((r): r is LeakRecord => r.type === 'leak');
      expect(leaks.map((l) => l.kind).sort()).toEqual(['carrier', 'imei', 'imsi', 'phone', 'phone']);
    });

    it('reads a flow back from the file with the IMEI highlighted at its exact bytes', async () => {
      const snap = await h.client.call('getSnapshot');
      const imei = snap.records.find((r): r is LeakRecord => r.type === 'leak' && r.kind === 'imei')!;
      const content = await h.client.call('getFlowContent', imei.flowId);
      const out = Buffer.concat(
        content.chunks.filter((c) => c.direction === 'out').map((c) => Buffer.from(c.data, 'base64')),
      );
      expect(out.toString('latin1')).toContain('POST /pass/v2/activation/report HTTP/1.1');
      const hl = content.highlights.find((x) => x.kind === 'imei')!;
      expect(out.subarray(hl.offset, hl.offset + hl.length).toString('latin1')).toBe('865301020304057');
      expect(content.chunks.some((c) => c.direction === 'in')).toBe(true);
    });

    it('rejects a missing capture with a message that says so', async () => {
      await expect(h.client.call('openCapture', '/nonexistent/phone.pcap')).rejects.toThrow(/no such file/);
    });

    it.skipIf(!hasTshark)(
      'saves a pcapng that tshark reads, with a comment on every leak frame',
      async () => {
        const saved = await h.client.call('saveCapture', '');
        expect(existsSync(saved.path)).toBe(true);
        const r = spawnSync(
          'tshark',
          ['-r', saved.path, '-n', '-T', 'fields', '-e', 'frame.number', '-e', 'frame.comment'],
          {
            encoding: 'utf8',
          },
        );
        expect(r.status).toBe(0);
        expect(r.stderr.replace(/Running as user "root".*\n?/, '')).toBe('');
        const commented = r.stdout
          .split('\n')
          .filter((l) => l.includes('PhoneHome leak'))
          .map((l) => Number(l.split('\t')[0]));
        const snap = await h.client.call('getSnapshot');
        const leakFrames = new Set(
          snap.records.filter((x): x is LeakRecord => x.type === 'leak').flatMap((l) => l.occurrenceFrames),
        );
        expect(new Set(commented)).toEqual(leakFrames);
        // Kind and encoding are named; the identifier's value never is.
        expect(r.stdout).toContain('imei (plain)');
        expect(r.stdout).not.toContain('865301020304057');
        const count = execFileSync('tshark', ['-r', saved.path, '-n'], { encoding: 'utf8' })
          .trim()
          .split('\n').length;
        expect(count).toBe(snap.summary?.packets);
      },
    );
  });
}
