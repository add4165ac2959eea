/**
 * The preload: runs in the sandboxed renderer before the page, and puts one object on
 * `window.phonehome` through contextBridge. It is bundled into a single CommonJS file
 * (electron.vite.config.ts) because a sandboxed preload can require only `electron` and a few
 * polyfilled modules, never a local file.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { PRELOAD_GLOBAL } from '../../shared/preload-api';
import { createPreloadApi } from './preload-bridge';

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, createPreloadApi(ipcRenderer, webUtils));
