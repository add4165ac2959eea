/**
 * electron-vite build of the desktop app into out/:
 * - out/main/index.js: the Electron entry (ESM, as package.json says "type": "module"), with the
 *   engine worker emitted beside it through the `?modulePath` import in main/app/main.ts;
 * - out/preload/index.cjs: the preload as ONE CommonJS file, since a sandboxed preload can
 *   neither load ES modules nor require anything but `electron`;
 * - out/renderer/: the React UI, the same build `phonehome serve` hosts.
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        input: { index: resolve(root, 'main/app/main.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // Bundle every dependency in: the sandbox has no module resolution to fall back on.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'main/app/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      target: 'es2023',
      // Inline assets would need data: URLs in the Content-Security-Policy; keep them files.
      assetsInlineLimit: 0,
      rolldownOptions: {
        input: resolve(root, 'renderer/index.html'),
      },
    },
  },
});
