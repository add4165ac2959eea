/**
 * Run the engine over a capture file: read it in chunks, hand records to the caller as they
 * come, report progress, and stop when asked. Used in-process by the CLI and inside the engine
 * worker by the services.
 */
import { open } from 'node:fs/promises';
import type { EngineRecord, SummaryRecord } from '../../shared/events';
import type { Identifier } from '../../shared/identifier-types';
import type { Enricher } from '../engine/enrich/enricher';
import { Engine } from '../engine/engine';
import { defaultEnrichData } from './enrich-data';

export interface AnalyzeOptions {
  identifiers: Identifier[];
  onRecords(records: EngineRecord[]): void;
  onProgress?(bytesRead: number, totalBytes: number): void;
  signal?: AbortSignal;
  chunkSize?: number;
  /** Destination enrichment; absent means the process-wide default data, null means none. */
  enrich?: Enricher | null;
}

export interface AnalyzeResult {
  engine: Engine;
  summary: SummaryRecord;
  /** What was wrong with the file, when it could not be read to the end. */
  inputError: string | null;
  cancelled: boolean;
}

/** Thrown for a file that cannot be opened at all (missing, a directory, no permission). */
export class InputFileError extends Error {}

export async function analyzeFile(path: string, opts: AnalyzeOptions): Promise<AnalyzeResult> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new InputFileError(describeOpenError(path, err));
  }
  const enrich = opts.enrich === undefined ? defaultEnrichData().enricher : opts.enrich;
  const engine = new Engine({ identifiers: opts.identifiers, enrich });
  let cancelled = false;
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new InputFileError(`${path} is a directory, not a capture file.`);
    const total = stat.size;
    // Two buffers: the read of the next chunk runs (in the libuv thread pool) while the engine
    // parses the current one, so the file read is no longer on the critical path.
    const size = opts.chunkSize ?? 1 << 20;
    const buffers = [new Uint8Array(size), new Uint8Array(size)];
    let which = 0;
    let pos = 0;
    let reading: Promise<{ bytesRead: number }> | null = handle.read(buffers[0], 0, size, 0);
    try {
      while (reading !== null) {
        const { bytesRead } = await reading;
        reading = null;
        if (bytesRead === 0) break;
        const buf = buffers[which];
        pos += bytesRead;
        if (opts.signal?.aborted) {
          cancelled = true;
          break;
        }
        which ^= 1;
        reading = handle.read(buffers[which], 0, size, pos);
        // The engine keeps no view of the chunk past this call, so the buffer can be reused
        // by the read after next.
        engine.pushBytes(buf.subarray(0, bytesRead));
        const records = engine.drain();
        if (records.length) opts.onRecords(records);
        opts.onProgress?.(pos, total);
        if (engine.inputError) break;
      }
    } finally {
      // A read still in flight must finish before the handle is closed; its error, if any,
      // does not matter any more.
      if (reading !== null) await reading.catch(() => undefined);
    }
  } finally {
    await handle.close();
  }
  engine.end();
  const tail = engine.drain();
  if (tail.length) opts.onRecords(tail);
  return {
    engine,
    summary: engine.summary(),
    inputError: engine.inputError ? engine.inputError.message : null,
    cancelled,
  };
}

function describeOpenError(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${path}: no such file. Check the path and try again.`;
  if (code === 'EACCES') return `${path}: permission denied. Make the file readable by this user.`;
  if (code === 'EISDIR') return `${path} is a directory, not a capture file.`;
  return `${path}: cannot open (${(err as Error).message}).`;
}
