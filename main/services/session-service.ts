/**
 * The services behind the API contract (shared/api.ts), shared by the Electron main process and
 * `phonehome serve`: one analysis session at a time, the engine in a worker thread, identifiers
 * in the encrypted vault, and saving the capture with leak comments.
 *
 * Threat model: commands arrive from the renderer, which shows hostile packet data; a
 * compromised renderer could send any arguments. Paths it names are only opened for reading as a
 * capture (never executed, never written) except `saveCapture`, which writes a pcapng where the
 * user chose (Electron's save dialog) or only inside this session's exports folder (web mode,
 * where the browser cannot pick a server path).
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type {
  CaptureInfo,
  Commands,
  EventListener,
  EventName,
  FlowContent,
  ServerEvents,
  SessionSnapshot,
} from '../../shared/api';
import type { EngineRecord, LeakRecord, SummaryRecord } from '../../shared/events';
import type { Identifier } from '../../shared/identifier-types';
import { checkIdentifier, parseIdentifiersFile } from '../../shared/identifiers';
import { IdentifierVault, type KeyProtector } from '../storage/identifier-vault';
import { exportPcapngWithComments } from '../storage/pcapng-export';
import type { ApiHost } from './api-host';
import type { EngineWorkerFactory } from './engine-worker-factory';
import type { FromWorker, ToWorker } from './engine-worker-protocol';

export interface SessionServiceOptions {
  /** Where the vault, uploads and exports live. */
  dataDir: string;
  /** Folder holding founding-case.pcapng and founding-case.ids.json, or null. */
  sampleDir: string | null;
  engineWorker: EngineWorkerFactory;
  keyProtector?: KeyProtector | null;
  /** Identifiers to start with instead of the vault's (the CLI's --ids). */
  initialIdentifiers?: Identifier[];
}

export type SessionService = ApiHost & {
  /** Resolves when the vault has been read. */
  ready: Promise<void>;
  /** Resolves when the current analysis (if any) has finished. */
  idle(): Promise<void>;
  exportsDir: string;
  uploadsDir: string;
  dispose(): Promise<void>;
};

const SAMPLE_CAPTURE = 'founding-case.pcapng';
const SAMPLE_IDS = 'founding-case.ids.json';
const DEFAULT_FLOW_BYTES = 4 << 20;
const MAX_FLOW_BYTES = 64 << 20;

export function createSessionService(opts: SessionServiceOptions): SessionService {
  const listeners = new Set<EventListener>();
  const vault = new IdentifierVault(opts.dataDir, opts.keyProtector ?? null);
  const exportsDir = join(opts.dataDir, 'exports');
  const uploadsDir = join(opts.dataDir, 'uploads');

  let identifiers: Identifier[] = [];
  let records: EngineRecord[] = [];
  let flowIndex = new Map<number, number>();
  let leakIndex = new Map<number, number>();
  let capture: CaptureInfo | null = null;
  let phase: SessionSnapshot['phase'] = 'empty';
  let progress: SessionSnapshot['progress'] = null;
  let summary: SummaryRecord | null = null;
  let error: string | null = null;
  let runId = 0;
  let idleWaiters: (() => void)[] = [];

  let worker: Worker | null = null;
  let nextRequest = 1;
  const pendingFlow = new Map<number, { resolve(c: FlowContent): void; reject(e: Error): void }>();

  const emit = <E extends EventName>(event: E, payload: ServerEvents[E]) => {
    for (const l of listeners) l(event, payload);
  };

  const ready = (async () => {
    if (opts.initialIdentifiers) {
      identifiers = opts.initialIdentifiers;
      return;
    }
    try {
      identifiers = await vault.load();
    } catch (err) {
      error = (err as Error).message;
    }
  })();

  function getWorker(): Worker {
    if (worker) return worker;
    const w = opts.engineWorker();
    w.on('message', (msg: FromWorker) => onWorkerMessage(msg));
    w.on('error', (err) => failRun(`The analysis engine stopped unexpectedly: ${err.message}`));
    w.on('exit', () => {
      if (worker === w) worker = null;
      for (const p of pendingFlow.values()) p.reject(new Error('The analysis engine stopped.'));
      pendingFlow.clear();
      if (phase === 'loading') failRun('The analysis engine stopped unexpectedly.');
    });
    worker = w;
    return w;
  }

  const send = (msg: ToWorker) => getWorker().postMessage(msg);

  function snapshot(): SessionSnapshot {
    return {
      phase,
      capture,
      progress,
      identifiers,
      checks: identifiers.map(checkIdentifier),
      records: records.slice(),
      summary,
      error,
      sampleAvailable: sampleAvailable(),
    };
  }

  function sampleAvailable(): boolean {
    return !!opts.sampleDir && existsSync(join(opts.sampleDir, SAMPLE_CAPTURE));
  }

  function settleIdle() {
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  }

  function failRun(message: string) {
    phase = 'error';
    error = message;
    emit('error', { message });
    settleIdle();
  }

  /** Keep the last copy of each flow and leak, in the place of its first copy. */
  function absorb(batch: EngineRecord[]) {
    for (const r of batch) {
      if (r.type === 'stats' || r.type === 'summary') continue;
      if (r.type === 'flow') {
        const i = flowIndex.get(r.flowId);
        if (i === undefined) {
          flowIndex.set(r.flowId, records.length);
          records.push(r);
        } else records[i] = r;
      } else if (r.type === 'leak') {
        const i = leakIndex.get(r.leakId);
        if (i === undefined) {
          leakIndex.set(r.leakId, records.length);
          records.push(r);
        } else records[i] = r;
      } else {
        records.push(r);
      }
    }
  }

  function onWorkerMessage(msg: FromWorker) {
    if (msg.type === 'flowContent') {
      const p = pendingFlow.get(msg.requestId);
      if (!p) return;
      pendingFlow.delete(msg.requestId);
      if (msg.content) p.resolve(msg.content);
      else p.reject(new Error(msg.error ?? 'Could not read the flow back from the capture file.'));
      return;
    }
    if (msg.runId !== runId) return;
    switch (msg.type) {
      case 'records':
        absorb(msg.records);
        emit('records', msg.records);
        break;
      case 'progress':
        progress = { bytesRead: msg.bytesRead, totalBytes: msg.totalBytes };
        emit('progress', progress);
        break;
      case 'done':
        summary = msg.summary;
        phase = 'ready';
        if (msg.inputError) {
          error = `${msg.inputError} Everything before that point is shown.`;
          emit('error', { message: error });
        }
        emit('done', msg.summary);
        settleIdle();
        break;
      case 'failed':
        error = msg.message;
        emit('error', { message: msg.message });
        break;
    }
  }

  async function startAnalysis(info: CaptureInfo) {
    runId++;
    capture = info;
    records = [];
    flowIndex = new Map();
    leakIndex = new Map();
    summary = null;
    error = null;
    phase = 'loading';
    progress = { bytesRead: 0, totalBytes: info.size };
    emit('reset', snapshot());
    send({ type: 'analyze', runId, path: info.path!, identifiers });
  }

  async function openCapturePath(path: string, source: CaptureInfo['source']) {
    if (typeof path !== 'string' || !path) throw new Error('No capture file was given.');
    let st;
    try {
      st = await stat(path);
    } catch {
      throw new Error(`${path}: no such file. Check the path and try again.`);
    }
    if (!st.isFile()) throw new Error(`${path} is not a regular file.`);
    // Uploads are stored as "<uuid>-<original name>": show the name the user knows.
    const name = path.startsWith(uploadsDir) ? basename(path).replace(/^[0-9a-f-]{36}-/, '') : basename(path);
    await startAnalysis({ name, path, size: st.size, source, startedAt: Date.now() });
  }

  async function applyIdentifiers(ids: Identifier[], persist: boolean) {
    identifiers = ids;
    if (persist) await vault.save(ids);
    emit('identifiers', { identifiers, checks: ids.map(checkIdentifier) });
    if (capture?.path) await startAnalysis({ ...capture, startedAt: Date.now() });
  }

  function leakComment(l: LeakRecord): string {
    const dest = l.host ?? l.server;
    return `PhoneHome leak: ${l.kind} (${l.encoding}) in ${l.where} of ${l.protocol} ${l.direction === 'out' ? 'to' : 'from'} ${dest}`;
  }

  const commands: Commands = {
    async getSnapshot() {
      await ready;
      return snapshot();
    },
    async openCapture(path) {
      await ready;
      await openCapturePath(path, 'file');
    },
    async openSample() {
      await ready;
      if (!opts.sampleDir || !sampleAvailable()) {
        throw new Error('The sample capture is not installed with this copy of PhoneHome.');
      }
      const parsed = parseIdentifiersFile(
        JSON.parse(await readFile(join(opts.sampleDir, SAMPLE_IDS), 'utf8')),
      );
      identifiers = parsed.identifiers;
      emit('identifiers', { identifiers, checks: identifiers.map(checkIdentifier) });
      await openCapturePath(join(opts.sampleDir, SAMPLE_CAPTURE), 'sample');
    },
    async setIdentifiers(ids) {
      await ready;
      const checks = ids.map(checkIdentifier);
      const applied = checks.every((c) => c.ok);
      if (applied) await applyIdentifiers(ids, true);
      return { checks, applied };
    },
    async checkIdentifiers(ids) {
      return ids.map(checkIdentifier);
    },
    getFlowContent(flowId, maxBytes) {
      const limit = Math.min(Math.max(1, maxBytes ?? DEFAULT_FLOW_BYTES), MAX_FLOW_BYTES);
      return new Promise((resolve, reject) => {
        if (!capture?.path) {
          reject(new Error('No capture is open.'));
          return;
        }
        const requestId = nextRequest++;
        pendingFlow.set(requestId, { resolve, reject });
        send({ type: 'flowContent', requestId, flowId, maxBytes: limit });
      });
    },
    async saveCapture(path) {
      if (!capture?.path) throw new Error('No capture is open: open one before saving.');
      if (phase === 'loading') await new Promise<void>((r) => idleWaiters.push(r));
      let target = path;
      if (!target) {
        await mkdir(exportsDir, { recursive: true });
        const stem = basename(capture.name).replace(/\.(pcapng|pcap|cap)$/i, '');
        target = join(exportsDir, `${stem}-phonehome-${randomUUID().slice(0, 8)}.pcapng`);
      }
      const commentsByFrame = new Map<number, string[]>();
      let leaks = 0;
      for (const r of records) {
        if (r.type !== 'leak') continue;
        leaks++;
        for (const f of r.occurrenceFrames) {
          const list = commentsByFrame.get(f) ?? [];
          const c = leakComment(r);
          if (!list.includes(c)) list.push(c);
          commentsByFrame.set(f, list);
        }
      }
      const result = await exportPcapngWithComments(capture.path, target, {
        commentsByFrame,
        application: 'PhoneHome 0.1.0',
        sectionComments: [
          `PhoneHome analysis of ${capture.name}: ${leaks} leak(s), identifiers searched: ${
            identifiers.map((i) => i.kind).join(', ') || 'none'
          }. Leak frames carry a packet comment.`,
        ],
      });
      return { path: target, bytes: result.bytes };
    },
    async cancel() {
      if (phase === 'loading') send({ type: 'cancel', runId });
    },
  };

  return {
    commands,
    ready,
    exportsDir,
    uploadsDir,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    idle() {
      if (phase !== 'loading') return Promise.resolve();
      return new Promise((r) => idleWaiters.push(r));
    },
    async dispose() {
      listeners.clear();
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
