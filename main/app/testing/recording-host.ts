/**
 * A scripted ApiHost for transport tests: records every command call with its arguments,
 * answers with canned values (or a scripted failure), and emits events on demand.
 */
import type {
  CommandName,
  Commands,
  EventListener,
  EventName,
  ServerEvents,
  SessionSnapshot,
} from '../../../shared/api';
import { DOWN_HOTSPOT, IDLE_LIVE } from '../../../shared/live-types';
import type { ApiHost } from '../../services/api-host';

export const EMPTY_SNAPSHOT: SessionSnapshot = {
  phase: 'empty',
  capture: null,
  progress: null,
  identifiers: [],
  checks: [],
  records: [],
  summary: null,
  error: null,
  sampleAvailable: true,
  live: IDLE_LIVE,
  hotspot: DOWN_HOTSPOT,
  devices: [],
  captureStats: null,
};

export interface RecordingHost {
  host: ApiHost;
  calls: { name: CommandName; args: unknown[] }[];
  /** Make the next call of `name` throw `error` (anything, as services might). */
  failNext(name: CommandName, error: unknown): void;
  emit<E extends EventName>(event: E, payload: ServerEvents[E]): void;
  listenerCount(): number;
}

export function createRecordingHost(): RecordingHost {
  const calls: RecordingHost['calls'] = [];
  const failures = new Map<CommandName, unknown>();
  const listeners = new Set<EventListener>();

  function record<T>(name: CommandName, args: unknown[], value: T): Promise<T> {
    calls.push({ name, args });
    const failing = failures.has(name);
    const error = failures.get(name);
    failures.delete(name);
    return (async () => {
      if (failing) throw error;
      return value;
    })();
  }

  const commands: Commands = {
    getSnapshot: (...args) => record('getSnapshot', args, EMPTY_SNAPSHOT),
    openCapture: (...args) => record('openCapture', args, undefined),
    openSample: (...args) => record('openSample', args, undefined),
    setIdentifiers: (...args) => record('setIdentifiers', args, { checks: [], applied: true }),
    checkIdentifiers: (...args) =>
      record(
        'checkIdentifiers',
        args,
        args[0].map(() => ({ ok: true, errors: [], notes: [] })),
      ),
    previewVariants: (...args) => record('previewVariants', args, { ok: true, total: 0, groups: [] }),
    getFlowContent: (...args) =>
      record('getFlowContent', args, { flowId: args[0], chunks: [], highlights: [], truncated: false }),
    saveCapture: (...args) => record('saveCapture', args, { path: args[0], bytes: 1234 }),
    cancel: (...args) => record('cancel', args, undefined),
    listInterfaces: (...args) => record('listInterfaces', args, []),
    startCapture: (...args) =>
      record('startCapture', args, {
        ...IDLE_LIVE,
        state: 'capturing' as const,
        interface: args[0].interface,
        backend: args[0].backend ?? 'auto',
        startedAt: 1_700_000_000_000,
      }),
    stopCapture: (...args) => record('stopCapture', args, IDLE_LIVE),
    addMarker: (...args) =>
      record('addMarker', args, {
        type: 'marker' as const,
        id: 1,
        ts: 1_700_000_000,
        label: args[0],
        frame: null,
      }),
    hotspotStatus: (...args) => record('hotspotStatus', args, DOWN_HOTSPOT),
    hotspotUp: (...args) =>
      record('hotspotUp', args, {
        ...DOWN_HOTSPOT,
        state: 'up' as const,
        provider: args[0].provider,
        interface: args[0].interface,
      }),
    hotspotDown: (...args) => record('hotspotDown', args, DOWN_HOTSPOT),
    listDevices: (...args) => record('listDevices', args, []),
  };

  return {
    host: {
      commands,
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    calls,
    failNext: (name, error) => failures.set(name, error),
    emit(event, payload) {
      for (const listener of [...listeners]) listener(event, payload);
    },
    listenerCount: () => listeners.size,
  };
}
