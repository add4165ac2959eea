/**
 * The renderer's bridge when it runs inside Electron: commands and events go through the
 * preload's `window.phonehome`; files are opened by path (the services run on this machine),
 * and saving asks the main process for a native save dialog first.
 */
import { PRELOAD_GLOBAL, createPreloadClient } from '../../../shared/preload-api';
import type { PhonehomePreloadApi } from '../../../shared/preload-api';
import type { ApiBridge } from './types';

export const NO_FILE_PATH_MESSAGE =
  'This file has no path on disk (it may come from another app or an archive). ' +
  'Save it to a folder first, or use File › Open.';

/** The preload's object when the page runs in Electron, null in a plain browser. */
export function findPreloadApi(scope: object = globalThis): PhonehomePreloadApi | null {
  const api = (scope as Record<string, unknown>)[PRELOAD_GLOBAL];
  return typeof api === 'object' && api !== null ? (api as PhonehomePreloadApi) : null;
}

export function createIpcBridge(api: PhonehomePreloadApi): ApiBridge {
  const client = createPreloadClient(api);
  return {
    ...client,
    mode: 'electron',
    async openFile(file: File): Promise<void> {
      // No upload in Electron: the services read the file where it is, and report progress
      // through the usual events, so `onProgress` has nothing to add here.
      const path = api.pathForFile(file);
      if (path === '') throw new Error(NO_FILE_PATH_MESSAGE);
      await api.openCapture(path);
    },
    async saveCapture(): Promise<void> {
      const path = await api.chooseSaveLocation();
      if (path === null) return;
      await api.saveCapture(path);
    },
  };
}
