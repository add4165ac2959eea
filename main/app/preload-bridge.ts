/**
 * The object the preload exposes to the page, built from ipcRenderer and webUtils.
 *
 * Kept apart from preload.ts (which only hands it to contextBridge) so tests can build it
 * around an in-memory ipcRenderer. Nothing Electron gives us reaches the page: callbacks get
 * `(event, payload)` and never the IpcRendererEvent, whose `sender` is ipcRenderer itself.
 */
import { COMMAND_NAMES } from '../../shared/api';
import type { Commands, EventListener } from '../../shared/api';
import { isEventName } from '../../shared/preload-api';
import type { PhonehomePreloadApi, PickedFile } from '../../shared/preload-api';
import { EVENT_CHANNEL, OPEN_DIALOG_CHANNEL, SAVE_DIALOG_CHANNEL, commandChannel } from './ipc-channels';

type IpcListener = (event: unknown, ...args: unknown[]) => void;

/** The slice of Electron's ipcRenderer the preload uses. */
export interface PreloadIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

/** The slice of Electron's webUtils the preload uses. */
export interface PreloadWebUtils {
  getPathForFile(file: PickedFile): string;
}

export function createPreloadApi(ipc: PreloadIpc, webUtils: PreloadWebUtils): PhonehomePreloadApi {
  async function request(channel: string, args: unknown[]): Promise<unknown> {
    const reply = await ipc.invoke(channel, ...args);
    if (typeof reply !== 'object' || reply === null || !('ok' in reply)) {
      throw new Error('The main process sent a reply PhoneHome does not understand; restart the app.');
    }
    if (reply.ok === true && 'value' in reply) return reply.value;
    const error = 'error' in reply ? reply.error : null;
    const message =
      typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string'
        ? error.message
        : 'The request failed for an unknown reason.';
    throw new Error(message);
  }

  const commands = Object.fromEntries(
    COMMAND_NAMES.map((name) => [name, (...args: unknown[]) => request(commandChannel(name), args)]),
  ) as unknown as Commands;

  // One ipcRenderer listener fans out to every subscriber, so many stores subscribing does not
  // pile listeners on ipcRenderer (and trip its leak warning).
  const listeners = new Set<EventListener>();
  const onMessage: IpcListener = (_event, message) => {
    if (typeof message !== 'object' || message === null) return;
    const { event, payload } = message as { event?: unknown; payload?: unknown };
    if (!isEventName(event)) return;
    for (const listener of [...listeners]) {
      try {
        (listener as (name: string, data: unknown) => void)(event, payload);
      } catch (error) {
        // One failing subscriber must not starve the others; rethrowing later still reports it.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  };

  return {
    ...commands,
    onEvent(listener: EventListener): () => void {
      if (typeof listener !== 'function') throw new TypeError('onEvent needs a function.');
      if (listeners.size === 0) ipc.on(EVENT_CHANNEL, onMessage);
      // A wrapper per subscription, so subscribing the same function twice needs two unsubscribes.
      const entry: EventListener = (event, payload) => listener(event, payload);
      listeners.add(entry);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        listeners.delete(entry);
        if (listeners.size === 0) ipc.removeListener(EVENT_CHANNEL, onMessage);
      };
    },
    pathForFile(file: PickedFile): string {
      try {
        return webUtils.getPathForFile(file);
      } catch {
        // webUtils throws for anything that is not a File; "no path" is the honest answer.
        return '';
      }
    },
    async chooseSaveLocation(): Promise<string | null> {
      const path = await request(SAVE_DIALOG_CHANNEL, []);
      return typeof path === 'string' ? path : null;
    },
    async chooseCaptureFile(): Promise<string | null> {
      const path = await request(OPEN_DIALOG_CHANNEL, []);
      return typeof path === 'string' ? path : null;
    },
  };
}
