import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, EVENT_NAMES } from '../../shared/api';
import type { EventName } from '../../shared/api';
import type { Identifier } from '../../shared/identifier-types';
import { createPreloadClient } from '../../shared/preload-api';
import { EVENT_CHANNEL, OPEN_DIALOG_CHANNEL, SAVE_DIALOG_CHANNEL, commandChannel } from './ipc-channels';
import { UNTRUSTED_SENDER_MESSAGE } from './ipc-guard';
import { registerIpcTransport } from './ipc-transport';
import { UNAPPROVED_SAVE_MESSAGE } from './save-approvals';
import { createPreloadApi } from './preload-bridge';
import { FAKE_APP_URL, connectIpc, connectIpcClient } from './testing/connect-ipc-client';
import { FakeIpcMain, createFakeRenderer, exposeInFakeMainWorld } from './testing/electron-fake';
import { DOWN_HOTSPOT, IDLE_LIVE } from '../../shared/live-types';
import { EMPTY_SNAPSHOT, createRecordingHost } from './testing/recording-host';

/** Let queued IPC deliveries (microtasks) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A page in a frame we choose, talking to a transport that trusts only FAKE_APP_URL. */
function pageAt(url: string, options: { subframe?: boolean } = {}) {
  const recording = createRecordingHost();
  const connection = connectIpc(recording.host);
  const parent = options.subframe ? connection.renderer.frame : null;
  const other = createFakeRenderer(connection.ipcMain, url, parent);
  const api = exposeInFakeMainWorld(createPreloadApi(other.ipcRenderer, { getPathForFile: () => '' }));
  const methods = api as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  return { recording, connection, other, api, methods };
}

describe('registerIpcTransport', () => {
  it('registers one channel per command, each exactly once, and nothing generic', () => {
    const ipcMain = new FakeIpcMain();
    registerIpcTransport(ipcMain, createRecordingHost().host, () => true);
    expect([...ipcMain.channels].sort()).toEqual(COMMAND_NAMES.map(commandChannel).sort());
    expect(new Set(ipcMain.channels).size).toBe(COMMAND_NAMES.length);
    // A second registration would throw in Electron; the transport must not attempt one.
    expect(() => registerIpcTransport(ipcMain, createRecordingHost().host, () => true)).toThrow(
      /second handler/,
    );
  });

  it('removes its handlers and stops forwarding on dispose', async () => {
    const recording = createRecordingHost();
    const ipcMain = new FakeIpcMain();
    const transport = registerIpcTransport(ipcMain, recording.host, () => true);
    const renderer = createFakeRenderer(ipcMain, FAKE_APP_URL);
    transport.forward(renderer.webContents);
    expect(recording.listenerCount()).toBe(1);
    transport.dispose();
    expect(ipcMain.channels).toEqual([]);
    expect(recording.listenerCount()).toBe(0);
  });

  it('passes each command and its arguments through, as copies', async () => {
    const recording = createRecordingHost();
    const client = connectIpcClient(recording.host);
    const identifiers: Identifier[] = [{ kind: 'imei', value: '490154203237518', label: 'test phone' }];

    await expect(client.call('getSnapshot')).resolves.toEqual(EMPTY_SNAPSHOT);
    await expect(client.call('setIdentifiers', identifiers)).resolves.toEqual({ checks: [], applied: true });
    await expect(client.call('getFlowContent', 7, 4096)).resolves.toEqual({
      flowId: 7,
      chunks: [],
      highlights: [],
      truncated: false,
    });
    await expect(client.call('saveCapture', '/tmp/out.pcapng')).resolves.toEqual({
      path: '/tmp/out.pcapng',
      bytes: 1234,
    });

    expect(recording.calls.map((c) => c.name)).toEqual([
      'getSnapshot',
      'setIdentifiers',
      'getFlowContent',
      'saveCapture',
    ]);
    expect(recording.calls[1].args).toEqual([identifiers]);
    // Structured clone: equal content, never the caller's object.
    expect(recording.calls[1].args[0]).not.toBe(identifiers);
    expect(recording.calls[2].args).toEqual([7, 4096]);
    client.close();
  });

  it('rejects a service error with its bare message', async () => {
    const recording = createRecordingHost();
    const client = connectIpcClient(recording.host);
    recording.failNext('openCapture', new TypeError('No capture at /nope.pcap: the file does not exist.'));
    const failure = await client.call('openCapture', '/nope.pcap').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    // Not Electron's "Error invoking remote method ..." wrapping, and no class name.
    expect((failure as Error).message).toBe('No capture at /nope.pcap: the file does not exist.');

    recording.failNext('cancel', 'plain string failure');
    await expect(client.call('cancel')).rejects.toThrow(/^plain string failure$/);
    client.close();
  });

  it('rejects an unknown command name without reaching the services', async () => {
    const recording = createRecordingHost();
    const client = connectIpcClient(recording.host);
    const untyped = client as unknown as { call(name: string): Promise<unknown> };
    await expect(untyped.call('deleteEverything')).rejects.toThrow(/Unknown command "deleteEverything"/);
    expect(recording.calls).toEqual([]);
    client.close();
  });

  it.each([
    ['a foreign web page', 'https://evil.example/index.html'],
    ['another local file', 'file:///home/user/Downloads/report.html'],
    ['a blank page', 'about:blank'],
  ])('refuses calls from %s', async (_what, url) => {
    const { recording, api, methods } = pageAt(url);
    for (const name of COMMAND_NAMES) {
      await expect(methods[name]('/etc/passwd')).rejects.toThrow(UNTRUSTED_SENDER_MESSAGE);
    }
    await expect(api.chooseSaveLocation()).rejects.toThrow(UNTRUSTED_SENDER_MESSAGE);
    expect(recording.calls).toEqual([]);
  });

  it('refuses calls from a subframe even when it shows our own page', async () => {
    const { recording, api } = pageAt(FAKE_APP_URL, { subframe: true });
    await expect(api.openCapture('/tmp/x.pcap')).rejects.toThrow(UNTRUSTED_SENDER_MESSAGE);
    expect(recording.calls).toEqual([]);
  });

  it('checks the frame on every call, so a page that navigated away loses access', async () => {
    const recording = createRecordingHost();
    const connection = connectIpc(recording.host);
    await expect(connection.api.getSnapshot()).resolves.toEqual(EMPTY_SNAPSHOT);
    connection.renderer.frame.url = 'https://evil.example/';
    await expect(connection.api.getSnapshot()).rejects.toThrow(UNTRUSTED_SENDER_MESSAGE);
    connection.renderer.frame.url = FAKE_APP_URL;
    connection.renderer.detachFrame();
    await expect(connection.api.getSnapshot()).rejects.toThrow(UNTRUSTED_SENDER_MESSAGE);
    expect(recording.calls).toHaveLength(1);
    connection.close();
  });

  it('delivers every event name with its payload, in order', async () => {
    const recording = createRecordingHost();
    const client = connectIpcClient(recording.host);
    const seen: [EventName, unknown][] = [];
    client.subscribe((event, payload) => seen.push([event, payload]));

    recording.emit('reset', EMPTY_SNAPSHOT);
    recording.emit('progress', { bytesRead: 10, totalBytes: 100 });
    recording.emit('records', []);
    recording.emit('done', {
      type: 'summary',
      packets: 3,
      bytes: 300,
      flows: 1,
      leaks: 0,
      suspects: 0,
      anomalies: 0,
      dns: 1,
      tls: 0,
      http: 0,
      firstTs: 1,
      lastTs: 2,
      anomalyCounts: {},
    });
    recording.emit('error', { message: 'The capture ended in the middle of a packet.' });
    recording.emit('identifiers', { identifiers: [], checks: [] });
    recording.emit('live', { ...IDLE_LIVE, state: 'capturing', interface: 'wlan0' });
    recording.emit('hotspot', DOWN_HOTSPOT);
    recording.emit('devices', []);
    recording.emit('progress', { bytesRead: 100, totalBytes: 100 });
    await settle();

    expect(seen.map(([event]) => event)).toEqual([...EVENT_NAMES, 'progress']);
    expect(seen[1][1]).toEqual({ bytesRead: 10, totalBytes: 100 });
    expect(seen[4][1]).toEqual({ message: 'The capture ended in the middle of a packet.' });
    expect(seen[6][1]).toMatchObject({ state: 'capturing', interface: 'wlan0' });
    client.close();
  });

  it('sends events on the event channel only, as {event, payload}', async () => {
    const recording = createRecordingHost();
    const connection = connectIpc(recording.host);
    recording.emit('progress', { bytesRead: 1, totalBytes: null });
    expect(connection.renderer.webContents.sent).toEqual([
      { channel: EVENT_CHANNEL, args: [{ event: 'progress', payload: { bytesRead: 1, totalBytes: null } }] },
    ]);
    connection.close();
  });

  it('stops delivering after unsubscribe, and after the window is destroyed', async () => {
    const recording = createRecordingHost();
    const client = connectIpcClient(recording.host);
    const seen: EventName[] = [];
    const unsubscribe = client.subscribe((event) => seen.push(event));
    recording.emit('progress', { bytesRead: 1, totalBytes: 2 });
    await settle();
    unsubscribe();
    recording.emit('progress', { bytesRead: 2, totalBytes: 2 });
    await settle();
    expect(seen).toEqual(['progress']);

    expect(recording.listenerCount()).toBe(1);
    client.close();
    expect(recording.listenerCount()).toBe(0);
  });

  it('answers dialog requests from the page with the chosen path', async () => {
    const recording = createRecordingHost();
    const connection = connectIpc(recording.host, {
      dialogs: {
        chooseSaveLocation: async () => '/home/user/phone-phonehome.pcapng',
        chooseCaptureFile: async () => null,
      },
    });
    expect(connection.ipcMain.channels).toEqual(
      expect.arrayContaining([SAVE_DIALOG_CHANNEL, OPEN_DIALOG_CHANNEL]),
    );
    await expect(connection.api.chooseSaveLocation()).resolves.toBe('/home/user/phone-phonehome.pcapng');
    await expect(connection.api.chooseCaptureFile()).resolves.toBeNull();
    connection.close();
    expect(connection.ipcMain.channels).toEqual([]);
  });

  it('in the app, saves only to a path the save dialog returned', async () => {
    const recording = createRecordingHost();
    const connection = connectIpc(recording.host, {
      holdSavesToDialog: true,
      dialogs: {
        chooseSaveLocation: async () => '/home/user/chosen.pcapng',
        chooseCaptureFile: async () => null,
      },
    });
    await expect(connection.api.saveCapture('/home/user/.bashrc')).rejects.toThrow(UNAPPROVED_SAVE_MESSAGE);
    expect(recording.calls).toEqual([]);

    const path = await connection.api.chooseSaveLocation();
    await expect(connection.api.saveCapture(path!)).resolves.toEqual({
      path: '/home/user/chosen.pcapng',
      bytes: 1234,
    });
    // The approval is spent: a second write needs a second choice.
    await expect(connection.api.saveCapture(path!)).rejects.toThrow(UNAPPROVED_SAVE_MESSAGE);
    expect(recording.calls.map((c) => c.args)).toEqual([['/home/user/chosen.pcapng']]);
    connection.close();
  });

  it('gives the contract-suite client the same behaviour as a direct preload client', async () => {
    const recording = createRecordingHost();
    const connection = connectIpc(recording.host);
    const direct = createPreloadClient(connection.api);
    await expect(
      direct.call('checkIdentifiers', [{ kind: 'mac', value: '00:11:22:33:44:55' }]),
    ).resolves.toEqual([{ ok: true, errors: [], notes: [] }]);
    connection.close();
  });
});
