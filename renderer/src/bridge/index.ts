/**
 * The only place that picks a transport: the Electron preload when present, else the WebSocket
 * of `phonehome serve`.
 */
import type { PhonehomePreloadApi } from '../../../shared/preload-api';
import { createIpcBridge } from './ipc-client';
import type { ApiBridge } from './types';
import { createWebBridge } from './ws-client';

export type { ApiBridge } from './types';

export function connectBridge(): Promise<ApiBridge> {
  const preload = (window as unknown as { phonehome?: PhonehomePreloadApi }).phonehome;
  if (preload) return Promise.resolve(createIpcBridge(preload));
  return createWebBridge();
}
