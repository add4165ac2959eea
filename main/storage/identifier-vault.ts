/**
 * The user's identifiers at rest, encrypted. They are the most sensitive thing PhoneHome holds:
 * a phone's IMEI, IMSI and number identify a person.
 *
 * Threat model: protects against someone who gets a copy of the data folder (a backup, a synced
 * folder) but not the key. In the desktop app the key is protected by the OS keychain through
 * Electron safeStorage (the app passes `protect`/`unprotect`); in headless `serve` mode there is
 * no keychain, so a random 256-bit key lives beside the data in a file readable only by this
 * user (0600) — documented as the weaker fallback. AES-256-GCM authenticates the data, so a
 * tampered vault fails to open with a clear message instead of yielding wrong identifiers.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Identifier } from '../../shared/identifier-types';

export interface KeyProtector {
  protect(key: Buffer): Buffer;
  unprotect(blob: Buffer): Buffer;
}

interface VaultFile {
  version: 1;
  iv: string;
  tag: string;
  data: string;
}

export class IdentifierVault {
  private readonly vaultPath: string;
  private readonly keyPath: string;

  constructor(
    private readonly dir: string,
    private readonly protector: KeyProtector | null = null,
  ) {
    this.vaultPath = join(dir, 'identifiers.vault');
    this.keyPath = join(dir, protector ? 'vault.key.protected' : 'vault.key');
  }

  async load(): Promise<Identifier[]> {
    let raw: string;
    try {
      raw = await readFile(this.vaultPath, 'utf8');
    } catch {
      return [];
    }
    const file = JSON.parse(raw) as VaultFile;
    const key = await this.key(false);
    if (!key)
      throw new Error(
        `The identifier vault ${this.vaultPath} exists but its key is missing; re-enter the identifiers.`,
      );
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(file.data, 'base64')), decipher.final()]);
      return (JSON.parse(plain.toString('utf8')) as { identifiers: Identifier[] }).identifiers;
    } catch {
      throw new Error(
        `The identifier vault ${this.vaultPath} could not be decrypted (damaged or a different key); re-enter the identifiers.`,
      );
    }
  }

  async save(identifiers: Identifier[]): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const key = (await this.key(true))!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify({ identifiers }), 'utf8'), cipher.final()]);
    const file: VaultFile = {
      version: 1,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
    const tmp = `${this.vaultPath}.tmp`;
    await writeFile(tmp, JSON.stringify(file), { mode: 0o600 });
    await rename(tmp, this.vaultPath);
  }

  private async key(create: boolean): Promise<Buffer | null> {
    try {
      const stored = await readFile(this.keyPath);
      return this.protector ? this.protector.unprotect(stored) : stored;
    } catch {
      if (!create) return null;
    }
    const key = randomBytes(32);
    await writeFile(this.keyPath, this.protector ? this.protector.protect(key) : key, { mode: 0o600 });
    return key;
  }
}
