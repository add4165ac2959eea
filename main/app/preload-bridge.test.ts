import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../shared/api';
import { EVENT_CHANNEL } from './ipc-channels';
import { createPreloadApi } from './preload-bridge';
import type { PreloadIpc } from './preload-bridge';
import { FakeIpcMain, createFakeRenderer } from './testing/electron-fake';

const APP = 'file:///app/out/renderer/index.html';

function setup(getPathForFile: (file: { name: string; size: number }) => string = () => '') {
  const ipcMain = new FakeIpcMain();
  const renderer = createFakeRenderer(ipcMain, APP);
  const api = createPreloadApi(renderer.ipcRenderer, { getPathForFile });
  return { ipcMain, renderer, api };
}

describe('createPreloadApi', () => {
  it('exposes exactly one named method per command plus the four helpers', () => {
    const { api } = setup();
    expect(Object.keys(api).sort()).toEqual(
      [...COMMAND_NAMES, 'onEvent', 'pathForFile', 'chooseSaveLocation', 'chooseCaptureFile'].sort(),
    );
    for (const key of Object.keys(api))
      expect(typeof (api as unknown as Record<string, unknown>)[key]).toBe('function');
    // No generic escape hatch.
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('send');
  });

  it('never hands the page the IpcRendererEvent (whose sender is ipcRenderer)', async () => {
    const { renderer, api } = setup();
    const calls: unknown[][] = [];
    api.onEvent((...args: unknown[]) => calls.push(args));
    renderer.webContents.send(EVENT_CHANNEL, { event: 'progress', payload: { bytesRead: 1, totalBytes: 2 } });
    await Promise.resolve();
    expect(calls).toEqual([['progress', { bytesRead: 1, totalBytes: 2 }]]);
  });

  it('keeps one ipcRenderer listener however many subscribers, and removes it with the last', () => {
    const { renderer, api } = setup();
    const offs = [api.onEvent(() => {}), api.onEvent(() => {}), api.onEvent(() => {})];
    expect(renderer.ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(1);
    offs[0]();
    offs[0]();
    offs[1]();
    expect(renderer.ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(1);
    offs[2]();
    expect(renderer.ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(0);
  });

  it('ignores messages that are not a known event', async () => {
    const { renderer, api } = setup();
    const seen: string[] = [];
    api.onEvent((event) => seen.push(event));
    renderer.webContents.send(EVENT_CHANNEL, { event: 'shell', payload: 'rm -rf' });
    renderer.webContents.send(EVENT_CHANNEL, 'progress');
    renderer.webContents.send(EVENT_CHANNEL, null);
    renderer.webContents.send(EVENT_CHANNEL, { event: 'done', payload: null });
    await Promise.resolve();
    expect(seen).toEqual(['done']);
  });

  it('keeps delivering to other subscribers when one throws', async () => {
    const { renderer, api } = setup();
    const seen: string[] = [];
    const thrown: unknown[] = [];
    const onUncaught = (error: unknown) => thrown.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      api.onEvent(() => {
        throw new Error('subscriber bug');
      });
      api.onEvent((event) => seen.push(event));
      renderer.webContents.send(EVENT_CHANNEL, { event: 'reset', payload: {} });
      await new Promise((resolve) => setTimeout(resolve, 0));
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(seen).toEqual(['reset']);
    // The failure is still reported, not swallowed.
    expect(thrown).toHaveLength(1);
    expect((thrown[0] as Error).message).toBe('subscriber bug');
  });

  it('returns "" for a file webUtils cannot resolve instead of throwing into the page', () => {
    const { api } = setup((file) => {
      if (file.name === 'ok.pcap') return '/home/user/ok.pcap';
      throw new TypeError('Error processing argument at index 0, conversion failure');
    });
    expect(api.pathForFile({ name: 'ok.pcap', size: 1 })).toBe('/home/user/ok.pcap');
    expect(api.pathForFile({ name: 'forged', size: 1 })).toBe('');
  });

  it('turns a reply it does not understand into a readable error', async () => {
    const ipc: PreloadIpc = { invoke: async () => 'surprise', on: () => {}, removeListener: () => {} };
    const api = createPreloadApi(ipc, { getPathForFile: () => '' });
    await expect(api.getSnapshot()).rejects.toThrow(/reply PhoneHome does not understand/);
  });
});
