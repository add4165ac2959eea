/**
 * The open and save dialogs, drawn by the operating system and attached to the main window
 * when there is one. Used by the application menu directly and by the page through
 * dialog-ipc.ts.
 */
import { basename, extname } from 'node:path';
import type { BaseWindow, Dialog, FileFilter } from 'electron';
import type { CaptureDialogs } from './dialog-ipc';

export const CAPTURE_FILE_FILTERS: FileFilter[] = [
  { name: 'Packet captures', extensions: ['pcapng', 'pcap', 'cap', 'ntar'] },
  { name: 'All files', extensions: ['*'] },
];

const SAVE_FILTERS: FileFilter[] = [{ name: 'pcapng capture', extensions: ['pcapng'] }];

/** "phone.pcap" → "phone-phonehome.pcapng": a new name, so the original is never overwritten. */
export function suggestSaveName(captureName: string | null): string {
  if (captureName === null || captureName.trim() === '') return 'capture-phonehome.pcapng';
  const base = basename(captureName);
  const stem = base.slice(0, base.length - extname(base).length) || base;
  return `${stem}-phonehome.pcapng`;
}

export function createNativeDialogs(
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>,
  owner: () => BaseWindow | null,
  currentCaptureName: () => Promise<string | null>,
): CaptureDialogs {
  return {
    async chooseCaptureFile() {
      const options = {
        title: 'Open a capture',
        filters: CAPTURE_FILE_FILTERS,
        properties: ['openFile' as const],
      };
      const window = owner();
      const result = window
        ? await dialog.showOpenDialog(window, options)
        : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseSaveLocation() {
      const options = {
        title: 'Save the capture with its findings',
        defaultPath: suggestSaveName(await currentCaptureName()),
        filters: SAVE_FILTERS,
        properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const],
      };
      const window = owner();
      const result = window
        ? await dialog.showSaveDialog(window, options)
        : await dialog.showSaveDialog(options);
      return result.canceled || result.filePath === '' ? null : result.filePath;
    },
  };
}
