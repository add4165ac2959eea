/**
 * Everything besides running programs that the hotspot code asks of the operating system:
 * files in /proc and /sys, its own state files, signals, and the process's privileges. Behind an
 * interface so that unit tests run the providers against a scripted machine.
 */
import { constants } from 'node:fs';
import { access, mkdir, open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { networkInterfaces, type NetworkInterfaceInfo as OsInterfaceInfo } from 'node:os';
import { join } from 'node:path';
import { augmentedPath } from './command-runner';

export interface SystemAccess {
  platform: NodeJS.Platform;
  /** The effective user id, or null where there is none (Windows). */
  euid(): number | null;
  /** The file's text, at most `maxBytes`, or null when it does not exist or cannot be read. */
  readText(path: string, maxBytes?: number): Promise<string | null>;
  /** Writes the whole file atomically (temporary file, then rename) with the given mode. */
  writeText(path: string, text: string, mode?: number): Promise<void>;
  /** Writes into an existing file in place, as /proc/sys files need. */
  overwrite(path: string, text: string): Promise<void>;
  remove(path: string): Promise<void>;
  exists(path: string): Promise<boolean>;
  listDir(path: string): Promise<string[]>;
  makeDir(path: string): Promise<void>;
  /** The executable's path from PATH and the sbin directories, or null. */
  findBinary(name: string): Promise<string | null>;
  /** Sends a signal; false when the process does not exist. */
  kill(pid: number, signal: NodeJS.Signals): boolean;
  sleep(ms: number): Promise<void>;
  now(): number;
  /** Node's view of the interfaces, for platforms without iproute2. */
  osInterfaces(): Record<string, OsInterfaceInfo[] | undefined>;
}

export function createNodeSystem(): SystemAccess {
  return {
    platform: process.platform,
    euid: () => (typeof process.geteuid === 'function' ? process.geteuid() : null),
    async readText(path, maxBytes = 1024 * 1024) {
      // Read at most maxBytes: /proc files report size 0, and a lease file is fed by devices.
      let handle;
      try {
        handle = await open(path, 'r');
        const buf = Buffer.alloc(maxBytes);
        let filled = 0;
        while (filled < maxBytes) {
          const { bytesRead } = await handle.read(buf, filled, maxBytes - filled, null);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        return buf.subarray(0, filled).toString('utf8');
      } catch {
        return null;
      } finally {
        await handle?.close();
      }
    },
    async writeText(path, text, mode = 0o600) {
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, text, { mode });
      await rename(tmp, path);
    },
    async overwrite(path, text) {
      await writeFile(path, text, { flag: 'r+' });
    },
    async remove(path) {
      await rm(path, { force: true });
    },
    async exists(path) {
      try {
        await access(path, constants.F_OK);
        return true;
      } catch {
        return false;
      }
    },
    async listDir(path) {
      try {
        return await readdir(path);
      } catch {
        return [];
      }
    },
    async makeDir(path) {
      await mkdir(path, { recursive: true, mode: 0o700 });
    },
    async findBinary(name) {
      for (const dir of augmentedPath(process.env.PATH).split(':')) {
        const candidate = join(dir, name);
        try {
          await access(candidate, constants.X_OK);
          return candidate;
        } catch {
          // Not in this directory; try the next one.
        }
      }
      return null;
    },
    kill(pid, signal) {
      try {
        process.kill(pid, signal);
        return true;
      } catch {
        return false;
      }
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
    osInterfaces: () => networkInterfaces(),
  };
}
