/** Messages between the session service and its engine worker thread. */
import type { FlowContent } from '../../shared/api';
import type { EngineRecord, SummaryRecord } from '../../shared/events';
import type { Identifier } from '../../shared/identifier-types';

export type ToWorker =
  | { type: 'analyze'; runId: number; path: string; identifiers: Identifier[] }
  | { type: 'cancel'; runId: number }
  | { type: 'flowContent'; requestId: number; flowId: number; maxBytes: number };

export type FromWorker =
  | { type: 'records'; runId: number; records: EngineRecord[] }
  | { type: 'progress'; runId: number; bytesRead: number; totalBytes: number }
  | { type: 'done'; runId: number; summary: SummaryRecord; inputError: string | null }
  | { type: 'failed'; runId: number; message: string }
  | { type: 'flowContent'; requestId: number; content: FlowContent | null; error?: string };
