/**
 * The engine's thread in the app and in `serve`: analyses a capture file and answers evidence
 * requests, so a big file never blocks the process that talks to the UI.
 */
import { parentPort } from 'node:worker_threads';
import type { Engine } from '../engine/engine';
import type { FromWorker, ToWorker } from './engine-worker-protocol';
import { analyzeFile } from './analyze-file';
import { readFlowContent } from './flow-content';

if (!parentPort) throw new Error('engine-worker must run as a worker thread');
const port = parentPort;

let current: { runId: number; abort: AbortController; engine: Engine | null; path: string } | null = null;
const post = (msg: FromWorker) => port.postMessage(msg);

port.on('message', (msg: ToWorker) => {
  switch (msg.type) {
    case 'analyze':
      void runAnalysis(msg.runId, msg.path, msg);
      break;
    case 'cancel':
      if (current?.runId === msg.runId) current.abort.abort();
      break;
    case 'flowContent':
      void answerFlowContent(msg.requestId, msg.flowId, msg.maxBytes);
      break;
  }
});

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
    post({ type: 'failed', runId, message: (err as Error).message });
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
