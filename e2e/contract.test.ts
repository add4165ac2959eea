/**
 * One contract suite, two transports (DESIGN §2): the same behaviour through the WebSocket of
 * `phonehome serve` (with the renderer's real client) and through Electron IPC (the real
 * ipc-transport, preload logic and renderer bridge, joined by an in-memory stand-in for
 * Electron's ipcMain/ipcRenderer since the Electron binary cannot run here). Behind both: the
 * real session service with its engine worker. The hotspot manager behind it is a stand-in for
 * the OS layer (main/hotspot has its own tests); live capture is real, on a veth pair into a
 * namespace made for the run, when the tests run as root.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiClient, EventName, ServerEvents } from '../shared/api';
import type { CaptureStatsRecord, EngineRecord, LeakRecord, MarkerRecord } from '../shared/events';
import { connectIpcClient } from '../main/app/testing/connect-ipc-client';
import { createVethLab, vethLabUnavailable, type VethLab } from '../main/capture/test-support/veth-lab';
import {
  createHotspotStandIn,
  STAND_IN_INTERFACES,
  STAND_IN_PHONE,
} from '../main/services/testing/hotspot-stand-in';
import { sourceEngineWorker } from '../main/services/engine-worker-factory';
import { createSessionService, type SessionService } from '../main/services/session-service';
import { startWebServer, type RunningWebServer } from '../main/server/web-server';
import { WsClient } from '../renderer/src/bridge/ws-client';
import { repoRoot, sampleDir } from './support/serve';

const hasTshark = spawnSync('tshark', ['--version']).status === 0;
const labMissing = vethLabUnavailable() ?? (hasTshark ? null : 'needs tshark');
const IMEI = '865301020304057';

/** Collects every event a client hears, to wait for one that matches. */
function recorder(client: ApiClient) {
  const seen: { event: EventName; payload: unknown }[] = [];
  const off = client.subscribe((event, payload) => seen.push({ event, payload }));
  return {
    seen,
    off,
    records: () => seen.filter((e) => e.event === 'records').flatMap((e) => e.payload as EngineRecord[]),
    async until<T>(find: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = find();
        if (found !== undefined) return found;
        if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

// Sent from inside the namespace: a form POST that carries the IMEI, over a plain socket.
const SENDER = `
const net = require('node:net');
const [host, port, imei] = process.argv.slice(1);
const body = 'imei=' + imei;
const s = net.connect(Number(port), host, () => {
  s.write('POST /report HTTP/1.1\\r\\nHost: ' + host + '\\r\\nContent-Type: application/x-www-form-urlencoded\\r\\n' +
    'Content-Length: ' + body.length + '\\r\\nConnection: close\\r\\n\\r\\n' + body);
  s.on('data', () => {});
  s.on('end', () => console.log('sent'));
});
`;

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
      const service = createSessionService({
        dataDir,
        sampleDir,
        engineWorker: sourceEngineWorker,
        hotspot: createHotspotStandIn(),
        leasePollMs: 50,
      });
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

    it('previews the patterns searched for an identifier', async () => {
      const preview = await h.client.call('previewVariants', { kind: 'imei', value: '865301020304057' });
      expect(preview.ok).toBe(true);
      const plain = preview.groups.find((g) => g.encoding === 'plain');
      expect(plain?.examples).toEqual(['865301020304057']);
      expect(preview.total).toBeGreaterThan(100);
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

    it('lists the interfaces the hotspot manager sees', async () => {
      expect(await h.client.call('listInterfaces')).toEqual(STAND_IN_INTERFACES);
    });

    it('brings a hotspot up and down, with hotspot and devices events and the lease in the device list', async () => {
      const events = recorder(h.client);
      try {
        expect((await h.client.call('hotspotStatus')).state).toBe('down');
        const up = await h.client.call('hotspotUp', {
          provider: 'wired-share',
          interface: 'wlx0',
          ssid: 'lab',
        });
        expect(up).toMatchObject({
          state: 'up',
          provider: 'wired-share',
          interface: 'wlx0',
          gateway: '10.42.0.1/24',
        });
        await events.until(
          () =>
            events.seen.find((e) => e.event === 'hotspot' && (e.payload as { state: string }).state === 'up'),
          'hotspot event',
        );
        const devices = await events.until(
          () => events.seen.find((e) => e.event === 'devices' && (e.payload as unknown[]).length > 0),
          'devices event',
        );
        expect((devices.payload as { mac: string; hostname: string }[])[0]).toMatchObject({
          mac: STAND_IN_PHONE.mac,
          hostname: 'Redmi-Note',
        });
        expect((await h.client.call('listDevices')).map((d) => d.mac)).toEqual([STAND_IN_PHONE.mac]);
        expect((await h.client.call('getSnapshot')).hotspot.state).toBe('up');
        expect((await h.client.call('hotspotDown')).state).toBe('down');
        await events.until(
          () => events.seen.find((e) => e.event === 'devices' && (e.payload as unknown[]).length === 0),
          'devices event after down',
        );
        expect(await h.client.call('listDevices')).toEqual([]);
      } finally {
        events.off();
      }
    });

    it('refuses capture options and markers that cannot be right, saying why', async () => {
      await expect(h.client.call('startCapture', { interface: 'eth0;reboot' })).rejects.toThrow(
        /not an interface name/,
      );
      await expect(
        h.client.call('startCapture', { interface: 'lo', deviceMac: 'not-a-mac' }),
      ).rejects.toThrow(/not a MAC address/);
      await expect(
        h.client.call('startCapture', { interface: 'lo', backend: 'sudo' as 'auto' }),
      ).rejects.toThrow(/Unknown capture backend/);
      await expect(h.client.call('addMarker', 'sent SMS')).rejects.toThrow(/start one first/);
      await expect(h.client.call('addMarker', '  ')).rejects.toThrow(/needs a label/);
      expect((await h.client.call('stopCapture')).state).not.toBe('capturing');
    });

    describe.skipIf(labMissing !== null)(`live capture on a veth pair (${labMissing ?? 'root'})`, () => {
      let lab: VethLab;
      let http: Server;
      beforeAll(async () => {
        lab = createVethLab(transport.name === 'websocket' ? 'cw' : 'ci');
        http = createServer((req, res) => {
          req.resume();
          req.on('end', () => res.end('ok'));
        });
        await new Promise<void>((r) => http.listen(0, lab.hostAddr, r));
      });
      afterAll(async () => {
        await h.client.call('stopCapture').catch(() => undefined);
        await new Promise<void>((r) => (http ? http.close(() => r()) : r()));
        lab?.close();
      });

      it('captures: records stream, capture-stats every second, a marker, evidence from the growing file; stop leaves a commented file under review', async () => {
        const applied = await h.client.call('setIdentifiers', [
          { kind: 'imei', value: IMEI, label: 'test IMEI' },
        ]);
        expect(applied.applied).toBe(true);
        await h.service.idle();
        const events = recorder(h.client);
        try {
          const state = await h.client.call('startCapture', { interface: lab.hostIf, backend: 'auto' });
          expect(state).toMatchObject({ state: 'capturing', interface: lab.hostIf, backend: 'direct' });
          const snap = await h.client.call('getSnapshot');
          expect(snap.phase).toBe('capturing');
          expect(snap.capture).toMatchObject({ source: 'live', name: lab.hostIf });
          expect(snap.capture!.path!.startsWith(h.service.capturesDir)).toBe(true);
          expect(snap.records).toEqual([]);

          const marker = await h.client.call('addMarker', 'sent the POST');
          expect(marker).toMatchObject({ type: 'marker', label: 'sent the POST' });

          const port = (http.address() as AddressInfo).port;
          const sentAt = Date.now();
          const sent = await lab.nodeInNetns(SENDER, [lab.hostAddr, String(port), IMEI]);
          expect(sent.out.trim()).toBe('sent');
          // Only this capture's leak: a late event of the analysis before it may still arrive.
          const leak = await events.until(
            () =>
              events
                .records()
                .find((r): r is LeakRecord => r.type === 'leak' && r.server === `${lab.hostAddr}:${port}`),
            'leak record',
          );
          process.stderr.write(
            `contract (${transport.name}): leak event ${Date.now() - sentAt} ms after sending\n`,
          );
          expect(leak).toMatchObject({ kind: 'imei', where: 'body', protocol: 'http' });

          // Evidence is read back from the file the capture is still writing.
          const content = await h.client.call('getFlowContent', leak.flowId);
          const out = Buffer.concat(
            content.chunks.filter((c) => c.direction === 'out').map((c) => Buffer.from(c.data, 'base64')),
          );
          expect(out.toString('latin1')).toContain('POST /report HTTP/1.1');
          const hl = content.highlights.find((x) => x.kind === 'imei')!;
          expect(out.subarray(hl.offset, hl.offset + hl.length).toString('latin1')).toBe(IMEI);

          const stats = await events.until(
            () =>
              events
                .records()
                .find((r): r is CaptureStatsRecord => r.type === 'capture-stats' && r.packets > 0),
            'capture-stats record',
            3000,
          );
          expect(stats.engineDropped).toBe(0);
          expect(stats.interfaceDropped).toBe(0);
          expect(stats.dropSource).toMatch(/^kernel: /);
          expect(stats.kernelDropped === null ? stats.dropSource : stats.kernelDropped).toSatisfy(
            (v: unknown) => v === 0 || (typeof v === 'string' && v.includes('kernel drops unknown')),
          );

          const stopped = await h.client.call('stopCapture');
          expect(stopped).toMatchObject({ state: 'idle', error: null });
          const after = await h.client.call('getSnapshot');
          expect(after.phase).toBe('ready');
          expect(after.capture?.source).toBe('live');
          expect(after.live.state).toBe('idle');
          expect(after.captureStats?.packets).toBe(after.summary?.packets);
          const leaks = after.records.filter((r): r is LeakRecord => r.type === 'leak');
          expect(leaks.map((l) => l.kind)).toEqual(['imei']);
          expect(after.records.filter((r): r is MarkerRecord => r.type === 'marker')).toEqual([marker]);

          // The file on disk now carries the leak and marker comments, and tshark reads it cleanly.
          const path = after.capture!.path!;
          const r = spawnSync(
            'tshark',
            ['-r', path, '-n', '-T', 'fields', '-e', 'frame.number', '-e', 'frame.comment'],
            {
              encoding: 'utf8',
            },
          );
          expect(r.status).toBe(0);
          expect(r.stderr.replace(/.*Running as user "root".*\n?/, '')).toBe('');
          const commented = r.stdout.split('\n').filter((l) => l.includes('PhoneHome leak: imei'));
          expect(commented.map((l) => Number(l.split('\t')[0]))).toEqual(leaks[0].occurrenceFrames);
          expect(r.stdout).toContain('PhoneHome marker: "sent the POST"');
          expect(r.stdout).not.toContain(IMEI);
          const frames = r.stdout.trim().split('\n').length;
          expect(frames).toBe(after.summary?.packets);

          // Evidence after the stop comes from the finalised file.
          const reread = await h.client.call('getFlowContent', leaks[0].flowId);
          const again = Buffer.concat(
            reread.chunks.filter((c) => c.direction === 'out').map((c) => Buffer.from(c.data, 'base64')),
          );
          const hl2 = reread.highlights.find((x) => x.kind === 'imei')!;
          expect(again.subarray(hl2.offset, hl2.offset + hl2.length).toString('latin1')).toBe(IMEI);
        } finally {
          events.off();
        }
      }, 60_000);
    });
  });
}
