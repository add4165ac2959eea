/**
 * Streams a capture file from disk through a CaptureReader, one reused buffer at a time, with
 * progress and cancellation. The reader does the parsing; this module only does the I/O.
 */
import { open } from 'node:fs/promises';
import { CaptureReader, type CaptureFileError } from '../engine/pcap/capture-reader';
import type { CaptureReaderHandlers } from '../engine/pcap/types';

export interface ReadCaptureFileOptions {
  /** Bytes read per system call; 4 MiB by default. */
  chunkSize?: number;
  /** Aborting rejects the promise with the signal's reason after the current chunk. */
  signal?: AbortSignal;
  /** Called after each chunk with the bytes read so far and the file's size. */
  onProgress?(read: number, total: number): void;
  /**
   * Called after each chunk has been parsed, before the next read, so a caller that buffers
   * output (an exporter) can write it out with back-pressure.
   */
  afterChunk?(): void | Promise<void>;
}

export interface ReadCaptureFileResult {
  /** Packets delivered to onPacket. */
  packets: number;
  /** Bytes read from the file. */
  bytes: number;
  /** The fatal problem that stopped reading, or null when the whole file was read. */
  error: CaptureFileError | null;
}

const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;

export async function readCaptureFile(
  path: string,
  handlers: CaptureReaderHandlers,
  opts: ReadCaptureFileOptions = {},
): Promise<ReadCaptureFileResult> {
  const chunkSize = Math.max(1, Math.floor(opts.chunkSize ?? DEFAULT_CHUNK_SIZE));
  const reader = new CaptureReader(handlers);
  const file = await open(path, 'r');
  let read = 0;
  try {
    const total = (await file.stat()).size;
    // One buffer for the whole file: the reader copies whatever it must keep across chunks.
    const buffer = new Uint8Array(chunkSize);
    for (;;) {
      opts.signal?.throwIfAborted();
      const { bytesRead } = await file.read(buffer, 0, chunkSize, null);
      if (bytesRead === 0) break;
      read += bytesRead;
      reader.push(bytesRead === chunkSize ? buffer : buffer.subarray(0, bytesRead));
      opts.onProgress?.(read, total);
      await opts.afterChunk?.();
      if (reader.error !== null) break;
    }
    reader.end();
  } finally {
    await file.close();
  }
  return { packets: reader.packets, bytes: read, error: reader.error };
}
