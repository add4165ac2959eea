/**
 * The main window and the rules every webContents lives under. The page runs sandboxed with
 * context isolation and no Node; it can reach the services only through the preload's named
 * methods. It cannot navigate away from our page, open windows, or attach webviews; an https
 * link it opens goes to the user's browser instead.
 */
import { BrowserWindow, shell } from 'electron';
import type { WebContents } from 'electron';
import { externalLinkTarget } from './frame-trust';
import type { UrlCheck } from './frame-trust';

export interface MainWindowOptions {
  preloadPath: string;
  /** The dev server URL, or the file:// URL of the bundled index.html. */
  appUrl: string;
  isDev: boolean;
  icon?: string;
}

export function createMainWindow({ preloadPath, appUrl, isDev, icon }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: 'PhoneHome',
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    backgroundColor: '#10151c',
    show: false,
    ...(icon ? { icon } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: isDev,
    },
  });
  // Showing only once the first paint is ready avoids a white flash before the UI draws.
  window.once('ready-to-show', () => window.show());
  void window.loadURL(appUrl);
  return window;
}

/** Applied to every webContents the app creates (see app 'web-contents-created'). */
export function hardenWebContents(contents: WebContents, isAppUrl: UrlCheck): void {
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    openExternally(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
}

function openExternally(url: string): void {
  const target = externalLinkTarget(url);
  if (target !== null) void shell.openExternal(target);
}
