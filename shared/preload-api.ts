/**
 * What the Electron preload puts on `window.phonehome`, and the adapter that turns it into the
 * transport-neutral ApiClient.
 *
 * The preload exposes one named method per command (never a generic `invoke(channel)`), so a
 * compromised page can reach exactly the commands the contract lists and nothing else. The
 * adapter lives here, beside the contract, because both the renderer bridge and the Node-side
 * contract tests build their clients from it.
 */
import { COMMAND_NAMES, EVENT_NAMES } from './api';
import type { ApiClient, CommandName, Commands, EventListener, EventName } from './api';

/** The global the preload defines in the page's main world. */
export const PRELOAD_GLOBAL = 'phonehome';

/**
 * A file the user dropped or picked in the page. In the renderer this is a DOM `File`; the
 * shared layer has no DOM types, and the preload only hands it back to Electron, so the
 * structural minimum is enough to keep callers honest.
 */
export interface PickedFile {
  readonly name: string;
  readonly size: number;
}

export interface PhonehomePreloadApi extends Commands {
  /** Hear every service event; returns the function that stops listening. */
  onEvent(listener: EventListener): () => void;
  /** The file's path on disk, or "" when it has none (built in memory, or not a file). */
  pathForFile(file: PickedFile): string;
  /** Ask the user where to save the capture; null when they cancel. */
  chooseSaveLocation(): Promise<string | null>;
  /** Ask the user which capture to open; null when they cancel. */
  chooseCaptureFile(): Promise<string | null>;
}

export function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && (COMMAND_NAMES as readonly string[]).includes(value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}

/** The ApiClient half of the bridge: commands and events, straight through to the preload. */
export function createPreloadClient(api: PhonehomePreloadApi): ApiClient {
  return {
    call<K extends CommandName>(name: K, ...args: Parameters<Commands[K]>): ReturnType<Commands[K]> {
      // The names are typed, but a plain-JS caller or a stale build could still pass anything;
      // answering with a rejection keeps the "every command is async" promise of the contract.
      const result = new Promise<unknown>((resolve) => {
        if (!isCommandName(name)) throw new Error(`Unknown command "${String(name)}".`);
        const method = api[name] as (...params: unknown[]) => Promise<unknown>;
        resolve(Reflect.apply(method, api, args));
      });
      return result as ReturnType<Commands[K]>;
    },
    subscribe(listener: EventListener): () => void {
      return api.onEvent(listener);
    },
  };
}
