/**
 * Paths the user picked in the native save dialog, so the page can save only there.
 *
 * The services write a pcapng wherever `saveCapture` says. In Electron the page asks for the
 * save dialog first, then passes the chosen path back; a page taken over by hostile capture
 * content could skip the dialog and name ~/.bashrc instead. Holding `saveCapture` to paths the
 * dialog returned (each usable once) leaves it no file to write that the user did not choose.
 */
import type { CommandName } from '../../shared/api';

export interface SaveApprovals {
  approve(path: string): void;
  /** True, once, for a path the dialog returned. */
  take(path: unknown): boolean;
}

/** Few saves are ever pending; the bound keeps a page that opens dialogs in a loop from growing it. */
const MAX_PENDING = 8;

export const UNAPPROVED_SAVE_MESSAGE =
  'PhoneHome saves only where you choose: use File › Save As… or the Save button to pick the file.';

export function createSaveApprovals(): SaveApprovals {
  const pending: string[] = [];
  return {
    approve(path) {
      pending.push(path);
      if (pending.length > MAX_PENDING) pending.shift();
    },
    take(path) {
      const index = typeof path === 'string' ? pending.indexOf(path) : -1;
      if (index < 0) return false;
      pending.splice(index, 1);
      return true;
    },
  };
}

/** The IPC transport's `refuse` hook: `saveCapture` goes through only to an approved path. */
export function refuseUnapprovedSaves(
  approvals: SaveApprovals,
): (name: CommandName, args: unknown[]) => string | null {
  return (name, args) =>
    name === 'saveCapture' && !approvals.take(args[0]) ? UNAPPROVED_SAVE_MESSAGE : null;
}
