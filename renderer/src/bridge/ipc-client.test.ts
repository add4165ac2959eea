import { describe, expect, it } from 'vitest';
import type { Commands, EventListener } from '../../../shared/api';
import type { PhonehomePreloadApi, PickedFile } from '../../../shared/preload-api';
import { NO_FILE_PATH_MESSAGE, createIpcBridge, findPreloadApi } from './ipc-client';

/** A stand-in for window.phonehome that records what the bridge asks of it. */
function fakePreload(options: { savePath?: string | null; paths?: Map<PickedFile, string> } = {}) {
  const calls: [string, unknown[]][] = [];
  const listeners = new Set<EventListener>();
  const command =
    (name: keyof Commands, value: unknown) =>
    async (...args: unknown[]) => {
      calls.push([name, args]);
      return value;
    };
  const api = {
    getSnapshot: command('getSnapshot', {}),
    openCapture: command('openCapture', undefined),
    openSample: command('openSample', undefined),
    setIdentifiers: command('setIdentifiers', { checks: [], applied: true }),
    checkIdentifiers: command('checkIdentifiers', []),
    getFlowContent: command('getFlowContent', { flowId: 1, chunks: [], highlights: [], truncated: false }),
    saveCapture: command('saveCapture', { path: '/x', bytes: 1 }),
    cancel: command('cancel', undefined),
    onEvent(listener: EventListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    pathForFile: (file: PickedFile) => options.paths?.get(file) ?? '',
    chooseSaveLocation: async () => {
      calls.push(['chooseSaveLocation', []]);
      return options.savePath ?? null;
    },
    chooseCaptureFile: async () => null,
  } as unknown as PhonehomePreloadApi;
  return { api, calls, listeners };
}

describe('createIpcBridge', () => {
  it('says it is the Electron bridge and forwards commands by name', async () => {
    const { api, calls } = fakePreload();
    const bridge = createIpcBridge(api);
    expect(bridge.mode).toBe('electron');
    await expect(bridge.call('getFlowContent', 1, 2048)).resolves.toEqual({
      flowId: 1,
      chunks: [],
      highlights: [],
      truncated: false,
    });
    expect(calls).toEqual([['getFlowContent', [1, 2048]]]);
  });

  it('opens a dropped file by its path on disk', async () => {
    const file = new File([new Uint8Array(4)], 'phone.pcapng');
    const { api, calls } = fakePreload({ paths: new Map([[file, '/home/user/phone.pcapng']]) });
    await createIpcBridge(api).openFile(file);
    expect(calls).toEqual([['openCapture', ['/home/user/phone.pcapng']]]);
  });

  it('explains, without calling the services, when a file has no path', async () => {
    const { api, calls } = fakePreload();
    await expect(createIpcBridge(api).openFile(new File(['x'], 'pasted.pcap'))).rejects.toThrow(
      NO_FILE_PATH_MESSAGE,
    );
    expect(calls).toEqual([]);
  });

  it('saves where the user chose, and does nothing when they cancel', async () => {
    const chosen = fakePreload({ savePath: '/home/user/out.pcapng' });
    await createIpcBridge(chosen.api).saveCapture();
    expect(chosen.calls).toEqual([
      ['chooseSaveLocation', []],
      ['saveCapture', ['/home/user/out.pcapng']],
    ]);

    const cancelled = fakePreload({ savePath: null });
    await createIpcBridge(cancelled.api).saveCapture();
    expect(cancelled.calls).toEqual([['chooseSaveLocation', []]]);
  });

  it('subscribes through the preload and unsubscribes with the returned function', () => {
    const { api, listeners } = fakePreload();
    const off = createIpcBridge(api).subscribe(() => {});
    expect(listeners.size).toBe(1);
    off();
    expect(listeners.size).toBe(0);
  });
});

describe('findPreloadApi', () => {
  it('finds window.phonehome only when the preload defined it', () => {
    const { api } = fakePreload();
    expect(findPreloadApi({ phonehome: api })).toBe(api);
    expect(findPreloadApi({})).toBeNull();
    expect(findPreloadApi({ phonehome: 'spoofed' })).toBeNull();
  });
});
