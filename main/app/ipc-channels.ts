/**
 * The IPC channels between the preload and the main process, and the shape of every reply.
 *
 * One channel per command keeps the surface enumerable: the main process handles exactly the
 * names the contract lists, so there is no channel through which a page could name something
 * else. Replies travel as an envelope rather than as thrown errors because Electron rewrites a
 * rejected handler into "Error invoking remote method '...': Error: ...", which is not a message
 * a user should read.
 */
import type { CommandName } from '../../shared/api';

export const CHANNEL_PREFIX = 'phonehome:';

/** Main → renderer: `{ event, payload }` for every service event. */
export const EVENT_CHANNEL = 'phonehome:event';

/** Renderer → main: native dialogs owned by the window. */
export const SAVE_DIALOG_CHANNEL = 'phonehome:dialog:save';
export const OPEN_DIALOG_CHANNEL = 'phonehome:dialog:open';

export function commandChannel(name: CommandName): string {
  return `${CHANNEL_PREFIX}${name}`;
}

export type IpcReply<T> = { ok: true; value: T } | { ok: false; error: { message: string } };

export interface IpcEventMessage {
  event: string;
  payload: unknown;
}

/** The message of anything a handler threw, with nothing else (no stack, no class). */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return 'The request failed for an unknown reason.';
}
