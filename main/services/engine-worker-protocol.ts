/** Messages between the session service and its engine worker thread. */
import type { FlowContent } from '../../shared/api';
import type { EngineRecord, SummaryRecord } from '../../shared/events';
import type { Identifier } from '../../shared/identifier-types';

export type ToWorker =
  | { type: 'analyze'; runId: number; path: string; identifiers: Identifier[] }
  | { type: 'cancel'; runId: number }
  | { type: 'flowContent'; requestId: number; flowId: number; maxBytes: number }
  /**
   * A live capture begins: its pcapng stream follows in liveData messages, in order. `counters`
   * is a SharedArrayBuffer of LIVE_COUNTERS BigInt64 slots the two threads share.
   */
  | { type: 'liveStart'; runId: number; path: string; identifiers: Identifier[]; counters: SharedArrayBuffer }
  | { type: 'liveData'; runId: number; bytes: Uint8Array }
  /** The capture process has exited and every byte was sent: finish the engine. */
  | { type: 'liveEnd'; runId: number };

export type FromWorker =
  | { type: 'records'; runId: number; records: EngineRecord[] }
  | { type: 'progress'; runId: number; bytesRead: number; totalBytes: number }
  | { type: 'done'; runId: number; summary: SummaryRecord; inputError: string | null }
  /** `fatal`: no `done` follows (the file could not be read at all). */
  | { type: 'failed'; runId: number; message: string; fatal?: boolean }
  | { type: 'flowContent'; requestId: number; content: FlowContent | null; error?: string };

/**
 * Slots of the live counters: bytes the service posted, bytes the engine has read, and packets
 * the engine shed because it was more than its queue bound behind (the file still has them).
 */
export const LIVE_POSTED = 0;
export const LIVE_PROCESSED = 1;
export const LIVE_SHED = 2;
export const LIVE_COUNTERS = 3;
