/**
 * The desktop shell end to end: the built app (out/, from `npx electron-vite build`) started
 * in the real Electron binary by Playwright. Checks what unit tests cannot: the window really
 * is sandboxed and isolated, the page sees only the preload's named methods, and a command
 * and its events make the round trip through IPC to the real services.
 *
 * Skipped where the Electron binary was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, expect, test } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';
import { COMMAND_NAMES } from '../shared/api';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const SKIP_MESSAGE =
  'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD); run `npx electron --version` where it is';

/**
 * The path `require('electron')` would return, worked out the same way but without running the
 * package's index.js, which tries to download the binary when it is missing.
 */
function electronBinary(): string | null {
  const require = createRequire(import.meta.url);
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const binary = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron')
    : join(packageDir, 'dist', relative);
  return existsSync(binary) ? binary : null;
}

/** The preload's object as the page sees it; the Node project has no DOM types. */
type PageGlobal = { phonehome: Record<string, (...args: unknown[]) => Promise<unknown>> } & Record<
  string,
  unknown
>;

const binary = electronBinary();

test.describe('Electron shell', () => {
  test.skip(binary === null, SKIP_MESSAGE);

  let app: ElectronApplication;
  let page: Page;
  let userData: string;

  test.beforeAll(async () => {
    if (!existsSync(join(repoRoot, 'out', 'main', 'index.js'))) {
      throw new Error('The app is not built: run `npx electron-vite build` before this test.');
    }
    userData = mkdtempSync(join(tmpdir(), 'phonehome-electron-'));
    const env = { ...process.env } as Record<string, string>;
    // Always the built page, never a dev server someone left in the environment.
    delete env.ELECTRON_RENDERER_URL;
    app = await _electron.launch({
      executablePath: binary!,
      args: [repoRoot, `--user-data-dir=${userData}`],
      cwd: repoRoot,
      env,
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  test('runs the page sandboxed, isolated and without Node', async () => {
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const window = BrowserWindow.getAllWindows()[0];
      // Present at run time; missing from some versions of Electron's type definitions.
      return (window.webContents as unknown as { getLastWebPreferences(): unknown }).getLastWebPreferences();
    });
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    const globals = await page.evaluate(() => {
      const scope = globalThis as unknown as Record<string, unknown>;
      return { require: typeof scope.require, process: typeof scope.process, ipc: typeof scope.ipcRenderer };
    });
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', ipc: 'undefined' });
  });

  test('exposes one named method per command and nothing generic', async () => {
    const keys = await page.evaluate(() =>
      Object.keys((globalThis as unknown as PageGlobal).phonehome).sort(),
    );
    expect(keys).toEqual(
      [...COMMAND_NAMES, 'onEvent', 'pathForFile', 'chooseSaveLocation', 'chooseCaptureFile'].sort(),
    );
  });

  test('answers a command through IPC from the real services', async () => {
    const snapshot = (await page.evaluate(() =>
      (globalThis as unknown as PageGlobal).phonehome.getSnapshot(),
    )) as {
      phase: string;
      sampleAvailable: boolean;
    };
    expect(['empty', 'loading', 'ready', 'error']).toContain(snapshot.phase);
    expect(snapshot.sampleAvailable).toBe(true);
  });

  test('opens the sample and streams its events to the page', async () => {
    const summary = await page.evaluate(
      () =>
        new Promise<unknown>((resolve, reject) => {
          const api = (globalThis as unknown as PageGlobal).phonehome as unknown as {
            onEvent(listener: (event: string, payload: unknown) => void): () => void;
            openSample(): Promise<void>;
          };
          const off = api.onEvent((event, payload) => {
            if (event === 'done') {
              off();
              resolve(payload);
            }
            if (event === 'error') {
              off();
              reject(new Error(String((payload as { message: string }).message)));
            }
          });
          api.openSample().catch(reject);
        }),
    );
    expect(summary).toMatchObject({ type: 'summary' });
    expect((summary as { packets: number }).packets).toBeGreaterThan(0);
  });

  // Plain http, so the blocked navigation is not also handed to the system browser.
  test('keeps the page on our own origin', async () => {
    const before = page.url();
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'http://example.org/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
  });
});
