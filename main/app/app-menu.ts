/**
 * The application menu, as a plain template so it can be checked without Electron running.
 * Reload and developer tools exist only in development: in a packaged app a reload would drop
 * the view's state, and devtools would hand anyone at the keyboard a console inside the page.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openCapture(): void;
  saveCapture(): void;
  openSample(): void;
}

export interface MenuOptions {
  isDev: boolean;
  isMac: boolean;
}

export function buildMenuTemplate(
  actions: MenuActions,
  { isDev, isMac }: MenuOptions,
): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: '&Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.openCapture() },
      { label: '&Save As…', accelerator: 'CmdOrCtrl+S', click: () => actions.saveCapture() },
      { type: 'separator' },
      { label: 'Try the &sample', click: () => actions.openSample() },
      // macOS keeps Quit in the application menu.
      ...(isMac ? [] : [{ type: 'separator' as const }, { role: 'quit' as const, label: '&Quit' }]),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(isDev
        ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }]
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    file,
    // The edit roles give copy/paste their shortcuts on macOS, where only menus define them.
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
  ];
}
