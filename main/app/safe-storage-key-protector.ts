/**
 * Protects the identifier vault's key with Electron's safeStorage (the OS keychain, DPAPI, or
 * the desktop secret service). Only available once the app is ready; null when the platform
 * offers no encryption, in which case the vault falls back to its documented file key.
 */
import type { SafeStorage } from 'electron';
import type { KeyProtector } from '../storage/identifier-vault';

export function safeStorageKeyProtector(
  safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>,
): KeyProtector | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  // safeStorage encrypts strings, so the key travels as base64 text.
  return {
    protect: (key) => safeStorage.encryptString(key.toString('base64')),
    unprotect: (blob) => Buffer.from(safeStorage.decryptString(blob), 'base64'),
  };
}
