/**
 * Threat model: everything arriving on ipcMain comes from a renderer process, and a renderer
 * is only as trustworthy as the page it shows. Ours shows strings taken from captured traffic
 * (host names, URIs, decoded bodies), so an escaping bug in the UI could let captured content
 * run script; a navigation bug could load a foreign page; an iframe could be injected. Each
 * handler therefore answers only the main frame of our own page (checked per call, since a
 * frame can navigate between calls) and returns errors as bare messages, never stacks.
 * Argument validation stays with the services, which the WebSocket transport shares.
 *
 * The types below are the narrow slices of Electron's ipcMain and WebFrameMain this module
 * uses; Electron's own objects satisfy them, and the in-memory fake used by tests does too.
 */
import { errorMessage } from './ipc-channels';
import type { IpcReply } from './ipc-channels';

export interface SenderFrame {
  readonly url: string;
  readonly parent: SenderFrame | null;
}

export interface SenderEvent {
  /** Null when the frame navigated away or was destroyed after sending. */
  readonly senderFrame: SenderFrame | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** Decides whether a main frame's URL is our app. */
export type FrameTrust = (frame: SenderFrame) => boolean;

export const UNTRUSTED_SENDER_MESSAGE =
  'This request came from a page or frame that is not PhoneHome, so it was refused.';

/**
 * Register `run` on `channel` so that it only ever executes for our app's main frame, and its
 * outcome always reaches the renderer as an IpcReply.
 */
export function handleTrusted<T>(
  ipcMain: IpcMainLike,
  channel: string,
  isTrusted: FrameTrust,
  run: (args: unknown[]) => Promise<T> | T,
): void {
  ipcMain.handle(channel, async (event, ...args): Promise<IpcReply<T>> => {
    const frame = event.senderFrame;
    if (frame === null || frame.parent !== null || !isTrusted(frame)) {
      return { ok: false, error: { message: UNTRUSTED_SENDER_MESSAGE } };
    }
    try {
      return { ok: true, value: await run(args) };
    } catch (error) {
      return { ok: false, error: { message: errorMessage(error) } };
    }
  });
}
