/**
 * The session as the UI sees it: a zustand store fed by the bridge's events, plus the commands
 * the screens call. A 'reset' (or the first snapshot) replaces everything; 'records' go through
 * the FlushQueue so bursts become one render per frame. DOM-free: the bridge and the scheduler
 * are passed in, so tests drive it with fakes.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CaptureInfo, FlowContent, Progress, SessionPhase, SessionSnapshot } from '../../../shared/api';
import type { EngineRecord } from '../../../shared/events';
import type { Identifier, IdentifierCheck } from '../../../shared/identifier-types';
import type { ApiBridge } from '../bridge/types';
import { FlushQueue, type FlushQueueOptions } from './flush-queue';
import { applyRecords, emptyRecordState, type RecordState } from './record-state';
import type { Scheduler } from './scheduler';

export interface Upload {
  name: string;
  sent: number;
  total: number;
}

export interface SessionState extends RecordState {
  /** False until the first snapshot arrived. */
  loaded: boolean;
  /** Counts resets, so views can drop selections that belonged to the previous session. */
  generation: number;
  phase: SessionPhase;
  capture: CaptureInfo | null;
  progress: Progress | null;
  /** A file on its way to the services (web mode), before the engine starts on it. */
  upload: Upload | null;
  identifiers: Identifier[];
  checks: IdentifierCheck[];
  sampleAvailable: boolean;
  /** The last thing that went wrong, phrased for the user; cleared by dismissError. */
  error: string | null;
}

export interface SessionActions {
  openFile(file: File): Promise<void>;
  openSample(): Promise<void>;
  cancel(): Promise<void>;
  saveCapture(): Promise<void>;
  /** Applies identifiers; resolves with the per-identifier checks (null if the call failed). */
  setIdentifiers(identifiers: Identifier[]): Promise<{ checks: IdentifierCheck[]; applied: boolean } | null>;
  checkIdentifiers(identifiers: Identifier[]): Promise<IdentifierCheck[] | null>;
  getFlowContent(flowId: number, maxBytes?: number): Promise<FlowContent>;
  dismissError(): void;
}

export interface SessionStore {
  store: StoreApi<SessionState>;
  actions: SessionActions;
  /** Applies anything still queued at once (tests, and before "done" is shown). */
  flushNow(): void;
  dispose(): void;
}

function initialState(): SessionState {
  return {
    ...emptyRecordState(),
    loaded: false,
    generation: 0,
    phase: 'empty',
    capture: null,
    progress: null,
    upload: null,
    identifiers: [],
    checks: [],
    sampleAvailable: false,
    error: null,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createSessionStore(
  bridge: ApiBridge,
  scheduler: Scheduler,
  options: FlushQueueOptions = {},
): SessionStore {
  const store = createStore<SessionState>(initialState);

  const queue = new FlushQueue(
    (records: readonly EngineRecord[], from: number, to: number) =>
      store.setState((s) => applyRecords(s, records, from, to)),
    scheduler,
    options,
  );

  const reset = (snapshot: SessionSnapshot): void => {
    // Anything still queued was produced before this snapshot and is either in it or stale.
    queue.clear();
    const records = applyRecords(emptyRecordState(), snapshot.records);
    store.setState((s) => ({
      ...records,
      summary: snapshot.summary ?? records.summary,
      loaded: true,
      generation: s.generation + 1,
      phase: snapshot.phase,
      capture: snapshot.capture,
      progress: snapshot.progress,
      upload: null,
      identifiers: snapshot.identifiers,
      checks: snapshot.checks,
      sampleAvailable: snapshot.sampleAvailable,
      error: snapshot.error,
    }));
  };

  const unsubscribe = bridge.subscribe((event, payload) => {
    switch (event) {
      case 'reset':
        reset(payload as SessionSnapshot);
        break;
      case 'records':
        queue.push(payload as EngineRecord[]);
        break;
      case 'progress':
        store.setState({ progress: payload as Progress });
        break;
      case 'done':
        queue.flushAll();
        store.setState({
          summary: payload as SessionState['summary'],
          phase: 'ready',
          progress: null,
        });
        break;
      case 'error':
        store.setState((s) => ({
          error: (payload as { message: string }).message,
          phase: s.phase === 'loading' ? 'error' : s.phase,
          upload: null,
        }));
        break;
      case 'identifiers': {
        const p = payload as { identifiers: Identifier[]; checks: IdentifierCheck[] };
        store.setState({ identifiers: p.identifiers, checks: p.checks });
        break;
      }
    }
  });

  bridge.call('getSnapshot').then(
    (snapshot) => {
      // A reset that arrived first is at least as new as this answer.
      if (!store.getState().loaded) reset(snapshot);
    },
    (error: unknown) => store.setState({ error: `Could not load the session: ${messageOf(error)}` }),
  );

  const fail = (what: string) => (error: unknown) => {
    store.setState({ error: `${what}: ${messageOf(error)}`, upload: null });
  };

  const actions: SessionActions = {
    async openFile(file) {
      store.setState({ upload: { name: file.name, sent: 0, total: file.size }, error: null });
      try {
        await bridge.openFile(file, (sent, total) => {
          if (store.getState().upload) store.setState({ upload: { name: file.name, sent, total } });
        });
        store.setState({ upload: null });
      } catch (error) {
        fail(`Could not open ${file.name}`)(error);
      }
    },
    openSample: () => bridge.call('openSample').catch(fail('Could not open the sample capture')),
    cancel: () => bridge.call('cancel').catch(fail('Could not cancel')),
    saveCapture: () => bridge.saveCapture().catch(fail('Could not save the capture')),
    async setIdentifiers(identifiers) {
      try {
        const result = await bridge.call('setIdentifiers', identifiers);
        store.setState({ checks: result.checks });
        return result;
      } catch (error) {
        fail('Could not apply the identifiers')(error);
        return null;
      }
    },
    async checkIdentifiers(identifiers) {
      try {
        return await bridge.call('checkIdentifiers', identifiers);
      } catch {
        // Live checks are advisory; Apply reports a failure that matters.
        return null;
      }
    },
    getFlowContent: (flowId, maxBytes) => bridge.call('getFlowContent', flowId, maxBytes),
    dismissError: () => store.setState({ error: null }),
  };

  return {
    store,
    actions,
    flushNow: () => queue.flushAll(),
    dispose: () => {
      unsubscribe();
      queue.clear();
    },
  };
}
