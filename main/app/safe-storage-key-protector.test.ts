import { describe, expect, it } from 'vitest';
import { safeStorageKeyProtector } from './safe-storage-key-protector';

/** A reversible stand-in for the OS keychain: XOR with a fixed byte, so the blob differs from the text. */
const fakeSafeStorage = (available: boolean) => ({
  isEncryptionAvailable: () => available,
  encryptString: (text: string) => Buffer.from(Buffer.from(text, 'utf8').map((b) => b ^ 0x5a)),
  decryptString: (blob: Buffer) => Buffer.from(blob.map((b) => b ^ 0x5a)).toString('utf8'),
});

describe('safeStorageKeyProtector', () => {
  it('round-trips a binary key through string encryption', () => {
    const protector = safeStorageKeyProtector(fakeSafeStorage(true));
    expect(protector).not.toBeNull();
    const key = Buffer.from([0, 1, 2, 250, 251, 255, 10, 13]);
    const blob = protector!.protect(key);
    expect(blob.includes(key)).toBe(false);
    expect(protector!.unprotect(blob).equals(key)).toBe(true);
  });

  it('is null when the platform cannot encrypt', () => {
    expect(safeStorageKeyProtector(fakeSafeStorage(false))).toBeNull();
  });
});
