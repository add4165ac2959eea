import type { BaseWindow, Dialog, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { createNativeDialogs, suggestSaveName } from './native-dialogs';

describe('suggestSaveName', () => {
  it('derives a new pcapng name from the open capture, never the same file', () => {
    expect(suggestSaveName('phone.pcap')).toBe('phone-phonehome.pcapng');
    expect(suggestSaveName('/tmp/dir/phone.pcapng')).toBe('phone-phonehome.pcapng');
    expect(suggestSaveName('.hidden')).toBe('.hidden-phonehome.pcapng');
    expect(suggestSaveName(null)).toBe('capture-phonehome.pcapng');
    expect(suggestSaveName('  ')).toBe('capture-phonehome.pcapng');
  });
});

describe('createNativeDialogs', () => {
  function fakeDialog(answer: { canceled: boolean; path: string }) {
    const seen: { owner: BaseWindow | null; options: OpenDialogOptions | SaveDialogOptions }[] = [];
    const dialog = {
      showOpenDialog: async (...args: unknown[]) => {
        seen.push(
          args.length === 2
            ? { owner: args[0] as BaseWindow, options: args[1] as OpenDialogOptions }
            : { owner: null, options: args[0] as OpenDialogOptions },
        );
        return { canceled: answer.canceled, filePaths: answer.canceled ? [] : [answer.path] };
      },
      showSaveDialog: async (...args: unknown[]) => {
        seen.push(
          args.length === 2
            ? { owner: args[0] as BaseWindow, options: args[1] as SaveDialogOptions }
            : { owner: null, options: args[0] as SaveDialogOptions },
        );
        return { canceled: answer.canceled, filePath: answer.canceled ? '' : answer.path };
      },
    } as unknown as Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;
    return { dialog, seen };
  }

  it('returns the chosen paths and attaches the dialogs to the window', async () => {
    const window = { id: 1 } as unknown as BaseWindow;
    const { dialog, seen } = fakeDialog({ canceled: false, path: '/home/user/x.pcapng' });
    const dialogs = createNativeDialogs(
      dialog,
      () => window,
      async () => 'phone.pcap',
    );
    await expect(dialogs.chooseCaptureFile()).resolves.toBe('/home/user/x.pcapng');
    await expect(dialogs.chooseSaveLocation()).resolves.toBe('/home/user/x.pcapng');
    expect(seen.map((s) => s.owner)).toEqual([window, window]);
    expect((seen[1].options as SaveDialogOptions).defaultPath).toBe('phone-phonehome.pcapng');
  });

  it('returns null when the user cancels, and works without a window', async () => {
    const { dialog, seen } = fakeDialog({ canceled: true, path: '' });
    const dialogs = createNativeDialogs(
      dialog,
      () => null,
      async () => null,
    );
    await expect(dialogs.chooseCaptureFile()).resolves.toBeNull();
    await expect(dialogs.chooseSaveLocation()).resolves.toBeNull();
    expect(seen.map((s) => s.owner)).toEqual([null, null]);
  });
});
