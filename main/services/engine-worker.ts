/**
 * The engine's thread in the app and in `serve`: analyses a capture file or a live capture's
 * stream and answers evidence requests, so neither a big file nor a busy capture blocks the
 * process that talks to the UI.
 */
import { getPriority, setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { Engine } from '../engine/engine';
import type { FromWorker, ToWorker } from './engine-worker-protocol';
import { analyzeFile } from './analyze-file';
import { defaultEnrichData } from './enrich-data';
import { readFlowContent } from './flow-content';
import { LiveEngineRun } from './live-engine-run';

if (!parentPort) throw new Error('engine-worker must run as a worker thread');
const port = parentPort;

/**
 * Analysis yields to capture and to the UI: when the CPU is short (a flood on a two-core laptop)
 * the engine can catch up from its queue later, but the capture helper's ring and the window's
 * frames cannot wait. Linux nice values are per thread, so this lowers only the engine's thread.
 * Lowering one's own priority needs no privilege; where it fails the engine runs as it was.
 */
const ENGINE_NICE_STEP = 10;
try {
  setPriority(Math.min(19, getPriority() + ENGINE_NICE_STEP));
} catch {
  // Not Linux-like scheduling (or a sandbox refused): nothing to yield with.
}

/** The run whose engine answers evidence requests: the last analysis, or the live capture. */
let current: { runId: number; abort: AbortController; engine: Engine | null; path: string } | null = null;
let live: { runId: number; run: LiveEngineRun } | null = null;
const post = (msg: FromWorker) => port.postMessage(msg);

port.on('message', (msg: ToWorker) => {
  switch (msg.type) {
    case 'analyze':
      abandonLive();
      void runAnalysis(msg.runId, msg.path, msg);
      break;
    case 'cancel':
      if (current?.runId === msg.runId) current.abort.abort();
      break;
    case 'flowContent':
      void answerFlowContent(msg.requestId, msg.flowId, msg.maxBytes);
      break;
    case 'liveStart':
      startLive(msg);
      break;
    case 'liveData':
      if (live?.runId === msg.runId) live.run.push(msg.bytes);
      break;
    case 'liveEnd':
      endLive(msg.runId);
      break;
  }
});

function startLive(msg: Extract<ToWorker, { type: 'liveStart' }>): void {
  current?.abort.abort();
  abandonLive();
  const runId = msg.runId;
  const run = new LiveEngineRun({
    identifiers: msg.identifiers,
    counters: msg.counters,
    enrich: defaultEnrichData().enricher,
    onRecords: (records) => post({ type: 'records', runId, records }),
  });
  live = { runId, run };
  // The live engine answers evidence requests while the file grows: it only ever knows of
  // frames the service wrote to the file before posting them.
  current = { runId, abort: new AbortController(), engine: run.engine, path: msg.path };
}

function endLive(runId: number): void {
  if (live?.runId !== runId) return;
  const { summary, inputError } = live.run.end();
  live = null;
  post({ type: 'done', runId, summary, inputError });
}

function abandonLive(): void {
  live?.run.abandon();
  live = null;
}

async function runAnalysis(runId: number, path: string, msg: Extract<ToWorker, { type: 'analyze' }>) {
  current?.abort.abort();
  const abort = new AbortController();
  const run = { runId, abort, engine: null as Engine | null, path };
  current = run;
  try {
    let lastProgress = 0;
    const result = await analyzeFile(path, {
      identifiers: msg.identifiers,
      signal: abort.signal,
      onRecords: (records) => post({ type: 'records', runId, records }),
      onProgress: (bytesRead, totalBytes) => {
        const now = Date.now();
        if (now - lastProgress > 100 || bytesRead === totalBytes) {
          lastProgress = now;
          post({ type: 'progress', runId, bytesRead, totalBytes });
        }
      },
    });
    run.engine = result.engine;
    if (result.cancelled) {
      post({ type: 'failed', runId, message: 'Analysis cancelled; what was read so far is shown.' });
    }
    post({ type: 'done', runId, summary: result.summary, inputError: result.inputError });
  } catch (err) {
    post({ type: 'failed', runId, message: (err as Error).message, fatal: true });
  }
}

async function answerFlowContent(requestId: number, flowId: number, maxBytes: number) {
  const run = current;
  if (!run?.engine) {
    post({ type: 'flowContent', requestId, content: null, error: 'No analysed capture is open.' });
    return;
  }
  try {
    const content = await readFlowContent(run.path, run.engine, flowId, maxBytes);
    post({ type: 'flowContent', requestId, content });
  } catch (err) {
    post({ type: 'flowContent', requestId, content: null, error: (err as Error).message });
  }
}
