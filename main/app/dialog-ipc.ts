/**
 * The two native dialogs the page may ask for. They return a path chosen by the user in a
 * window drawn by the operating system, so the page learns a path only with the user's consent.
 * The same trust check as the commands applies (see ipc-guard.ts), and a path chosen for saving
 * is recorded in the save approvals (see save-approvals.ts).
 */
import { OPEN_DIALOG_CHANNEL, SAVE_DIALOG_CHANNEL } from './ipc-channels';
import { handleTrusted } from './ipc-guard';
import type { FrameTrust, IpcMainLike } from './ipc-guard';
import type { SaveApprovals } from './save-approvals';

export interface CaptureDialogs {
  chooseSaveLocation(): Promise<string | null>;
  chooseCaptureFile(): Promise<string | null>;
}

export function registerDialogHandlers(
  ipcMain: IpcMainLike,
  dialogs: CaptureDialogs,
  isTrusted: FrameTrust,
  approvals: SaveApprovals | null,
): () => void {
  handleTrusted(ipcMain, SAVE_DIALOG_CHANNEL, isTrusted, async () => {
    const path = await dialogs.chooseSaveLocation();
    if (path !== null) approvals?.approve(path);
    return path;
  });
  handleTrusted(ipcMain, OPEN_DIALOG_CHANNEL, isTrusted, () => dialogs.chooseCaptureFile());
  return () => {
    ipcMain.removeHandler(SAVE_DIALOG_CHANNEL);
    ipcMain.removeHandler(OPEN_DIALOG_CHANNEL);
  };
}
