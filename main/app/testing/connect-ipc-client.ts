/**
 * An ApiClient that reaches an ApiHost through the real Electron-transport code (ipc-transport,
 * the preload's object, contextBridge copying, the renderer's preload client) with the
 * in-memory fake standing in for Electron. The transport contract suite runs against this and
 * against the WebSocket transport alike.
 */
import type { ApiClient } from '../../../shared/api';
import { createPreloadClient } from '../../../shared/preload-api';
import type { PhonehomePreloadApi, PickedFile } from '../../../shared/preload-api';
import type { ApiHost } from '../../services/api-host';
import type { CaptureDialogs } from '../dialog-ipc';
import { registerDialogHandlers } from '../dialog-ipc';
import { createAppUrlCheck, frameTrustFor } from '../frame-trust';
import { registerIpcTransport } from '../ipc-transport';
import { createPreloadApi } from '../preload-bridge';
import { createSaveApprovals, refuseUnapprovedSaves } from '../save-approvals';
import { FakeIpcMain, createFakeRenderer, exposeInFakeMainWorld } from './electron-fake';
import type { FakeRenderer } from './electron-fake';

/** The URL the fake page claims; the transport trusts exactly this page. */
export const FAKE_APP_URL = 'file:///opt/PhoneHome/resources/app.asar/out/renderer/index.html';

export interface ConnectIpcOptions {
  dialogs?: CaptureDialogs;
  pathForFile?: (file: PickedFile) => string;
  /**
   * Hold saveCapture to paths the save dialog returned, as the app does. Off by default so the
   * transport contract suite can name a save path directly, as it does over the WebSocket.
   */
  holdSavesToDialog?: boolean;
}

export interface IpcTestConnection {
  ipcMain: FakeIpcMain;
  renderer: FakeRenderer;
  /** The object the page sees as `window.phonehome`. */
  api: PhonehomePreloadApi;
  close(): void;
}

const CANCELLED_DIALOGS: CaptureDialogs = {
  chooseSaveLocation: async () => null,
  chooseCaptureFile: async () => null,
};

/** Wire host → transport → fake Electron → preload object, and return all the parts. */
export function connectIpc(host: ApiHost, options: ConnectIpcOptions = {}): IpcTestConnection {
  const ipcMain = new FakeIpcMain();
  const isTrusted = frameTrustFor(createAppUrlCheck(FAKE_APP_URL));
  const approvals = options.holdSavesToDialog ? createSaveApprovals() : null;
  const transport = registerIpcTransport(ipcMain, host, isTrusted, {
    ...(approvals !== null ? { refuse: refuseUnapprovedSaves(approvals) } : {}),
  });
  const removeDialogs = registerDialogHandlers(
    ipcMain,
    options.dialogs ?? CANCELLED_DIALOGS,
    isTrusted,
    approvals,
  );
  const renderer = createFakeRenderer(ipcMain, FAKE_APP_URL);
  transport.forward(renderer.webContents);
  const webUtils = { getPathForFile: options.pathForFile ?? (() => '') };
  const api = exposeInFakeMainWorld(createPreloadApi(renderer.ipcRenderer, webUtils));
  return {
    ipcMain,
    renderer,
    api,
    close() {
      renderer.webContents.destroy();
      removeDialogs();
      transport.dispose();
    },
  };
}

export function connectIpcClient(host: ApiHost): ApiClient & { close(): void } {
  const connection = connectIpc(host);
  const client = createPreloadClient(connection.api);
  return { ...client, close: () => connection.close() };
}
