/**
 * The Electron entry point: a thin shell around the session services. It owns the single
 * window, the menu, the native dialogs and the IPC transport; everything the app actually does
 * lives in main/services, shared with `phonehome serve` and the CLI.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BrowserWindow, Menu, app, dialog, ipcMain, safeStorage, session } from 'electron';
import engineWorkerPath from '../services/engine-worker?modulePath';
import { createSessionService } from '../services/session-service';
import iconPath from '../../build/icons/512x512.png?asset';
import { buildMenuTemplate } from './app-menu';
import { contentSecurityPolicy } from './content-security-policy';
import { registerDialogHandlers } from './dialog-ipc';
import { createAppUrlCheck, frameTrustFor } from './frame-trust';
import { errorMessage } from './ipc-channels';
import { registerIpcTransport } from './ipc-transport';
import { createMainWindow, hardenWebContents } from './main-window';
import { createNativeDialogs } from './native-dialogs';
import { installQuitHook } from './quit-hook';
import { safeStorageKeyProtector } from './safe-storage-key-protector';
import { createSaveApprovals, refuseUnapprovedSaves } from './save-approvals';
import { installSessionPolicy } from './session-policy';
import { createShutdownRegistry } from './shutdown-registry';

const isDev = !app.isPackaged;
const devServerUrl = isDev ? (process.env.ELECTRON_RENDERER_URL ?? null) : null;
const appUrl = devServerUrl ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href;
const preloadPath = join(import.meta.dirname, '../preload/index.cjs');
const isAppUrl = createAppUrlCheck(appUrl);

// Sandbox every renderer, including any a future feature might create without thinking of it.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another PhoneHome owns the session (and its capture); it will raise its own window.
  app.quit();
} else {
  start();
}

function start(): void {
  const shutdown = createShutdownRegistry();
  let mainWindow: BrowserWindow | null = null;

  installQuitHook(app, shutdown, (outcome) => {
    for (const { name, error } of outcome.failed) console.error(`Shutdown step "${name}" failed:`, error);
    if (outcome.timedOut.length > 0)
      console.error(`Shutdown gave up waiting for: ${outcome.timedOut.join(', ')}`);
  });

  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, isAppUrl));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app
    .whenReady()
    .then(() => {
      installSessionPolicy(
        session.defaultSession,
        contentSecurityPolicy({
          devServerOrigin: devServerUrl === null ? null : new URL(devServerUrl).origin,
        }),
      );

      const services = createSessionService({
        dataDir: app.getPath('userData'),
        sampleDir: findSampleDir(),
        engineWorker: () => new Worker(engineWorkerPath),
        keyProtector: safeStorageKeyProtector(safeStorage),
      });
      shutdown.add('session services', () => services.dispose());

      const isTrusted = frameTrustFor(isAppUrl);
      const approvals = createSaveApprovals();
      const transport = registerIpcTransport(ipcMain, services, isTrusted, {
        refuse: refuseUnapprovedSaves(approvals),
      });
      shutdown.add('ipc transport', () => transport.dispose());

      const dialogs = createNativeDialogs(
        dialog,
        () => mainWindow,
        async () => (await services.commands.getSnapshot()).capture?.name ?? null,
      );
      shutdown.add('dialog handlers', registerDialogHandlers(ipcMain, dialogs, isTrusted, approvals));

      const reportFailure = (what: string) => (error: unknown) => {
        const options = { type: 'error' as const, message: what, detail: errorMessage(error) };
        void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
      };
      const menu = buildMenuTemplate(
        {
          openCapture: () => {
            dialogs
              .chooseCaptureFile()
              .then((path) => (path === null ? undefined : services.commands.openCapture(path)))
              .catch(reportFailure('PhoneHome could not open that capture.'));
          },
          saveCapture: () => {
            dialogs
              .chooseSaveLocation()
              .then((path) => (path === null ? undefined : services.commands.saveCapture(path)))
              .catch(reportFailure('PhoneHome could not save the capture.'));
          },
          openSample: () => {
            services.commands
              .openSample()
              .catch(reportFailure('PhoneHome could not open the sample capture.'));
          },
        },
        { isDev, isMac: process.platform === 'darwin' },
      );
      Menu.setApplicationMenu(Menu.buildFromTemplate(menu));

      const openWindow = (): void => {
        const window = createMainWindow({
          preloadPath,
          appUrl,
          isDev,
          ...(process.platform === 'linux' ? { icon: iconPath } : {}),
        });
        mainWindow = window;
        transport.forward(window.webContents);
        window.on('closed', () => {
          if (mainWindow === window) mainWindow = null;
        });
      };
      openWindow();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openWindow();
      });
    })
    .catch((error: unknown) => {
      dialog.showErrorBox(
        'PhoneHome could not start',
        `${errorMessage(error)}\n\nPlease report this with the text above.`,
      );
      app.exit(1);
    });
}

/** The bundled sample: beside the app when packaged, in the repository's fixtures otherwise. */
function findSampleDir(): string | null {
  const dir = app.isPackaged
    ? join(process.resourcesPath, 'sample')
    : join(app.getAppPath(), 'e2e', 'fixtures', 'sample');
  return existsSync(dir) ? dir : null;
}
