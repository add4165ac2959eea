/**
 * Reads a file front to back in fixed-size chunks with two buffers, so the read of the next
 * chunk runs (in the libuv thread pool) while the caller works on the current one. A chunk is a
 * view of a reused buffer: valid until the generator is resumed twice.
 */
import type { FileHandle } from 'node:fs/promises';

export async function* fileChunks(handle: FileHandle, size: number): AsyncGenerator<Uint8Array> {
  const buffers = [new Uint8Array(size), new Uint8Array(size)];
  let which = 0;
  let pos = 0;
  let reading: Promise<{ bytesRead: number }> | null = handle.read(buffers[0], 0, size, 0);
  try {
    while (reading !== null) {
      const { bytesRead } = await reading;
      reading = null;
      if (bytesRead === 0) return;
      const buf = buffers[which];
      pos += bytesRead;
      which ^= 1;
      reading = handle.read(buffers[which], 0, size, pos);
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    // A read still in flight must finish before the handle is closed; its error, if any, does
    // not matter any more.
    if (reading !== null) await reading.catch(() => undefined);
  }
}
