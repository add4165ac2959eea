/**
 * Builds the renderer for both shells: Electron loads out/renderer/index.html from disk and
 * `phonehome serve` serves the same folder over HTTP, so every asset URL is relative (base './').
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'es2023',
    // Inline assets would need data: URLs in script-src/style-src; keep every asset a file.
    assetsInlineLimit: 0,
  },
});
