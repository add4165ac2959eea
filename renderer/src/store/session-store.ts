/**
 * The session as the UI sees it: a zustand store fed by the bridge's events, plus the commands
 * the screens call. A 'reset' (or the first snapshot) replaces everything; 'records' go through
 * the FlushQueue so bursts become one render per frame. DOM-free: the bridge and the scheduler
 * are passed in, so tests drive it with fakes.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  CaptureInfo,
  FlowContent,
  Progress,
  SessionPhase,
  SessionSnapshot,
  VariantPreview,
} from '../../../shared/api';
import type { EngineRecord, MarkerRecord } from '../../../shared/events';
import type { Identifier, IdentifierCheck } from '../../../shared/identifier-types';
import {
  DOWN_HOTSPOT,
  IDLE_LIVE,
  type DeviceInfo,
  type HotspotOptions,
  type HotspotStatus,
  type LiveCaptureState,
  type NetworkInterfaceInfo,
  type StartCaptureOptions,
} from '../../../shared/live-types';
import type { ApiBridge } from '../bridge/types';
import { deriveDestinations, type Destination } from './destinations';
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
  /** Flows and leaks grouped by server name; see the derivation notes in createSessionStore. */
  destinations: Destination[];
  live: LiveCaptureState;
  hotspot: HotspotStatus;
  /** Devices on the hotspot, as the services merged them (leases + what the engine saw). */
  devices: DeviceInfo[];
}

export interface SessionActions {
  openFile: (file: File) => Promise<void>;
  openSample: () => Promise<void>;
  cancel: () => Promise<void>;
  saveCapture: () => Promise<void>;
  /** Applies identifiers; resolves with the per-identifier checks (null if the call failed). */
  setIdentifiers: (
    identifiers: Identifier[],
  ) => Promise<{ checks: IdentifierCheck[]; applied: boolean } | null>;
  checkIdentifiers: (identifiers: Identifier[]) => Promise<IdentifierCheck[] | null>;
  /** The patterns that will be searched for one identifier; null if the call failed. */
  previewVariants: (identifier: Identifier) => Promise<VariantPreview | null>;
  getFlowContent: (flowId: number, maxBytes?: number) => Promise<FlowContent>;
  dismissError: () => void;
  /** Null when the call failed (the error banner says why). */
  listInterfaces: () => Promise<NetworkInterfaceInfo[] | null>;
  startCapture: (options: StartCaptureOptions) => Promise<void>;
  stopCapture: () => Promise<void>;
  addMarker: (label: string) => Promise<MarkerRecord | null>;
  refreshHotspot: () => Promise<void>;
  hotspotUp: (options: HotspotOptions) => Promise<void>;
  hotspotDown: () => Promise<void>;
  refreshDevices: () => Promise<void>;
}

export interface SessionStore {
  store: StoreApi<SessionState>;
  actions: SessionActions;
  /** Applies anything still queued at once (tests, and before "done" is shown). */
  flushNow: () => void;
  dispose: () => void;
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
    destinations: [],
    live: IDLE_LIVE,
    hotspot: DOWN_HOTSPOT,
    devices: [],
  };
}

/**
 * Destinations are re-derived from all flows after a flush. That is a few milliseconds for a
 * phone's usual few thousand flows, done in the same update; when it took longer than this, the
 * next derivation waits DERIVE_SPACING times its cost, so a huge capture spends at most about a
 * tenth of its time on it while loading.
 */
export const DERIVE_BUDGET_MS = 4;
export const DERIVE_SPACING = 10;
export const DERIVE_MAX_WAIT_MS = 2000;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createSessionStore(
  bridge: ApiBridge,
  scheduler: Scheduler,
  options: FlushQueueOptions = {},
): SessionStore {
  const store = createStore<SessionState>(initialState);

  let deriveCost = 0;
  let deriveTimer: number | null = null;
  let derivedFrom: Pick<SessionState, 'flows' | 'leaks' | 'names'> | null = null;

  const derive = (s: SessionState): Destination[] => {
    if (deriveTimer !== null) scheduler.clearTimer(deriveTimer);
    deriveTimer = null;
    derivedFrom = { flows: s.flows, leaks: s.leaks, names: s.names };
    const start = scheduler.now();
    const destinations = deriveDestinations(s.flows, s.leaks, s.flowIndex, s.names);
    deriveCost = scheduler.now() - start;
    return destinations;
  };

  /** Destinations for `next`, now when cheap, else later from a timer (null = keep the old). */
  const destinationsFor = (next: SessionState): Destination[] | null => {
    if (
      derivedFrom &&
      derivedFrom.flows === next.flows &&
      derivedFrom.leaks === next.leaks &&
      derivedFrom.names === next.names
    ) {
      return null;
    }
    if (deriveCost <= DERIVE_BUDGET_MS) return derive(next);
    deriveTimer ??= scheduler.setTimer(
      () => store.setState((s) => ({ destinations: derive(s) })),
      Math.min(DERIVE_MAX_WAIT_MS, deriveCost * DERIVE_SPACING),
    );
    return null;
  };

  const queue = new FlushQueue(
    (records: readonly EngineRecord[], from: number, to: number) =>
      store.setState((s) => {
        const next = { ...s, ...applyRecords(s, records, from, to) };
        const destinations = destinationsFor(next);
        return destinations ? { ...next, destinations } : next;
      }),
    scheduler,
    options,
  );

  const reset = (snapshot: SessionSnapshot): void => {
    // Anything still queued was produced before this snapshot and is either in it or stale.
    queue.clear();
    const records = applyRecords(emptyRecordState(), snapshot.records);
    const destinations = derive({ ...store.getState(), ...records });
    store.setState((s) => ({
      ...records,
      destinations,
      summary: snapshot.summary ?? records.summary,
      captureStats: snapshot.captureStats ?? records.captureStats,
      live: snapshot.live ?? IDLE_LIVE,
      hotspot: snapshot.hotspot ?? DOWN_HOTSPOT,
      devices: snapshot.devices ?? [],
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
        store.setState((s) => ({
          summary: payload as SessionState['summary'],
          phase: 'ready',
          progress: null,
          // The final picture is exact, however long it takes.
          destinations: deriveTimer !== null ? derive(s) : s.destinations,
        }));
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
      case 'live':
        store.setState({ live: payload as LiveCaptureState });
        break;
      case 'hotspot':
        store.setState({ hotspot: payload as HotspotStatus });
        break;
      case 'devices':
        store.setState({ devices: payload as DeviceInfo[] });
        break;
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
    previewVariants: (identifier) => bridge.call('previewVariants', identifier).catch(() => null),
    getFlowContent: (flowId, maxBytes) => bridge.call('getFlowContent', flowId, maxBytes),
    dismissError: () => store.setState({ error: null }),
    listInterfaces: () =>
      bridge.call('listInterfaces').catch((error: unknown) => {
        fail('Could not list the network interfaces')(error);
        return null;
      }),
    async startCapture(options) {
      store.setState({ error: null });
      try {
        store.setState({ live: await bridge.call('startCapture', options) });
      } catch (error) {
        fail(`Could not start capturing on ${options.interface}`)(error);
      }
    },
    async stopCapture() {
      try {
        store.setState({ live: await bridge.call('stopCapture') });
      } catch (error) {
        fail('Could not stop the capture')(error);
      }
    },
    async addMarker(label) {
      try {
        const marker = await bridge.call('addMarker', label);
        // The services also send it as a record; markers replace by id, so applying it twice is harmless.
        store.setState((s) => ({ ...applyRecords(s, [marker]) }));
        return marker;
      } catch (error) {
        fail(`Could not add the marker "${label}"`)(error);
        return null;
      }
    },
    async refreshHotspot() {
      try {
        store.setState({ hotspot: await bridge.call('hotspotStatus') });
      } catch (error) {
        fail('Could not read the hotspot status')(error);
      }
    },
    async hotspotUp(options) {
      store.setState({ error: null });
      try {
        store.setState({ hotspot: await bridge.call('hotspotUp', options) });
      } catch (error) {
        fail('Could not start the hotspot')(error);
      }
    },
    async hotspotDown() {
      try {
        store.setState({ hotspot: await bridge.call('hotspotDown') });
      } catch (error) {
        fail('Could not stop the hotspot')(error);
      }
    },
    async refreshDevices() {
      try {
        store.setState({ devices: await bridge.call('listDevices') });
      } catch (error) {
        fail('Could not list the devices')(error);
      }
    },
  };

  return {
    store,
    actions,
    flushNow: () => queue.flushAll(),
    dispose: () => {
      unsubscribe();
      queue.clear();
      if (deriveTimer !== null) scheduler.clearTimer(deriveTimer);
    },
  };
}
