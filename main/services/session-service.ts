/**
 * The services behind the API contract (shared/api.ts), shared by the Electron main process and
 * `phonehome serve`: one session at a time (a capture file being analysed or reviewed, or a live
 * capture), the engine in a worker thread, identifiers in the encrypted vault, the hotspot and
 * its devices, and saving the capture with leak comments.
 *
 * A live capture is a session like a file: phase "capturing" while the capture process writes
 * the pcapng (in the data folder's captures/) and the worker's engine reads the same bytes;
 * records stream as `records` events, capture-stats once a second. Stopping finalises the file
 * (leak and marker comments, written to a temporary file and renamed over it) and analyses it
 * again, so the session the user reviews is exactly what re-opening the file would show, with
 * evidence offsets that match the file on disk.
 *
 * Threat model: commands arrive from the renderer, which shows hostile packet data; a
 * compromised renderer could send any arguments. Paths it names are only opened for reading as a
 * capture (never executed, never written) except `saveCapture`, which writes a pcapng where the
 * user chose (Electron's save dialog) or only inside this session's exports folder (web mode,
 * where the browser cannot pick a server path). Live capture options are checked
 * (live-options.ts) before a capture process sees them; files are only created under the data
 * folder with names built here.
 */
import { checkReceiveOffloads } from '../capture/offload-warning';
import { previewVariants } from './variant-preview';
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
import type {
  CaptureStatsRecord,
  DeviceRecord,
  EngineRecord,
  MarkerRecord,
  SummaryRecord,
} from '../../shared/events';
import type { Identifier } from '../../shared/identifier-types';
import { checkIdentifier, parseIdentifiersFile } from '../../shared/identifiers';
import { IDLE_LIVE, type HotspotOptions, type LiveCaptureState } from '../../shared/live-types';
import type { BackendName, CaptureBackend } from '../capture/capture-backend';
import { backendFor, chooseBackend, probeBackends } from '../capture/choose-backend';
import { createHotspotManager, defaultStateDir, type HotspotManager } from '../hotspot';
import { IdentifierVault, type KeyProtector } from '../storage/identifier-vault';
import { exportPcapngWithComments } from '../storage/pcapng-export';
import type { ApiHost } from './api-host';
import { captureComments, type LiveCaptureSummary } from './capture-comments';
import type { EngineWorkerFactory } from './engine-worker-factory';
import type { FromWorker, ToWorker } from './engine-worker-protocol';
import { HotspotBridge } from './hotspot-bridge';
import { captureFileName, checkCaptureOptions, checkMarkerLabel } from './live-options';
import { startLiveSession, type LiveSession } from './live-session';

/** Picks the capture backend for a request, or throws an Error that says why none works. */
export type CaptureBackendChooser = (
  requested: 'auto' | BackendName,
  interfaceName: string,
) => Promise<{ backend: CaptureBackend; reason: string }>;

export interface SessionServiceOptions {
  /** Where the vault, uploads, exports and live captures live. */
  dataDir: string;
  /** Folder holding founding-case.pcapng and founding-case.ids.json, or null. */
  sampleDir: string | null;
  engineWorker: EngineWorkerFactory;
  keyProtector?: KeyProtector | null;
  /** Identifiers to start with instead of the vault's (the CLI's --ids). */
  initialIdentifiers?: Identifier[];
  /** The hotspot manager; a real one on the user's state folder when absent. */
  hotspot?: HotspotManager;
  /** How a capture backend is chosen; this machine's probe when absent. */
  chooseCaptureBackend?: CaptureBackendChooser;
  /** Lease polling period while a hotspot is up (tests shorten it). */
  leasePollMs?: number;
}

export type SessionService = ApiHost & {
  /** Resolves when the vault has been read. */
  ready: Promise<void>;
  /** Resolves when the current analysis (if any) has finished. */
  idle(): Promise<void>;
  exportsDir: string;
  uploadsDir: string;
  capturesDir: string;
  dispose(): Promise<void>;
};

const SAMPLE_CAPTURE = 'founding-case.pcapng';
const SAMPLE_IDS = 'founding-case.ids.json';
const DEFAULT_FLOW_BYTES = 4 << 20;
const MAX_FLOW_BYTES = 64 << 20;
const LIVE_END_TIMEOUT_MS = 30_000;

export const defaultCaptureBackendChooser: CaptureBackendChooser = async (requested, interfaceName) => {
  const probe = await probeBackends(interfaceName);
  const choice = chooseBackend(requested, probe);
  if ('error' in choice) throw new Error(`Cannot capture: ${choice.error}.`);
  return { backend: backendFor(choice.name, probe), reason: choice.reason };
};

export function createSessionService(opts: SessionServiceOptions): SessionService {
  const listeners = new Set<EventListener>();
  const vault = new IdentifierVault(opts.dataDir, opts.keyProtector ?? null);
  const exportsDir = join(opts.dataDir, 'exports');
  const uploadsDir = join(opts.dataDir, 'uploads');
  const capturesDir = join(opts.dataDir, 'captures');
  const chooseCaptureBackend = opts.chooseCaptureBackend ?? defaultCaptureBackendChooser;

  let identifiers: Identifier[] = [];
  let records: EngineRecord[] = [];
  let keyedIndex = new Map<string, number>();
  let markers: MarkerRecord[] = [];
  let capture: CaptureInfo | null = null;
  let phase: SessionSnapshot['phase'] = 'empty';
  let progress: SessionSnapshot['progress'] = null;
  let summary: SummaryRecord | null = null;
  let error: string | null = null;
  let runId = 0;
  let idleWaiters: (() => void)[] = [];

  let live: LiveCaptureState = IDLE_LIVE;
  let liveSession: LiveSession | null = null;
  let captureStats: CaptureStatsRecord | null = null;
  let stopping: Promise<LiveCaptureState> | null = null;
  let liveDone: { runId: number; resolve(): void } | null = null;
  let nextMarkerId = 1;

  let worker: Worker | null = null;
  let nextRequest = 1;
  const pendingFlow = new Map<number, { resolve(c: FlowContent): void; reject(e: Error): void }>();

  const emit = <E extends EventName>(event: E, payload: ServerEvents[E]) => {
    for (const l of listeners) l(event, payload);
  };

  let hotspotManager: HotspotManager | null = opts.hotspot ?? null;
  const manager = (): HotspotManager =>
    (hotspotManager ??= createHotspotManager({ stateDir: defaultStateDir() }));
  const hotspot = new HotspotBridge({
    manager,
    onStatus: (status) => emit('hotspot', status),
    onDevices: (devices) => emit('devices', devices),
    pollMs: opts.leasePollMs,
  });

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
      liveDone?.resolve();
    });
    worker = w;
    return w;
  }

  const send = (msg: ToWorker, transfer?: ArrayBuffer[]) => getWorker().postMessage(msg, transfer);

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
      live,
      hotspot: hotspot.status,
      devices: hotspot.devices,
      captureStats,
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

  function setLive(next: LiveCaptureState) {
    live = next;
    emit('live', live);
  }

  /**
   * Records that are re-emitted as they grow (flows by flowId, leaks by leakId, devices by MAC,
   * structural sightings by identifier, protocol and field) keep their first place, last copy.
   */
  function keyOf(r: EngineRecord): string | null {
    switch (r.type) {
      case 'flow':
        return `f${r.flowId}`;
      case 'leak':
        return `l${r.leakId}`;
      case 'device':
        return `d${r.mac}`;
      case 'structural':
        return `s${r.identifier}|${r.protocol}|${r.field}`;
      default:
        return null;
    }
  }

  function absorb(batch: EngineRecord[]) {
    const devices: DeviceRecord[] = [];
    for (const r of batch) {
      if (r.type === 'stats' || r.type === 'summary') continue;
      if (r.type === 'capture-stats') {
        captureStats = r;
        continue;
      }
      if (r.type === 'device') devices.push(r);
      const key = keyOf(r);
      const i = key === null ? undefined : keyedIndex.get(key);
      if (i !== undefined) {
        records[i] = r;
      } else {
        if (key !== null) keyedIndex.set(key, records.length);
        records.push(r);
      }
    }
    hotspot.addRecords(devices);
  }

  function publish(batch: EngineRecord[]) {
    absorb(batch);
    emit('records', batch);
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
        publish(msg.records);
        break;
      case 'progress':
        progress = { bytesRead: msg.bytesRead, totalBytes: msg.totalBytes };
        emit('progress', progress);
        break;
      case 'done':
        if (liveDone?.runId === msg.runId) {
          // The live engine finished; the analysis of the finalised file follows.
          liveDone.resolve();
          break;
        }
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
        if (msg.fatal && phase === 'loading') {
          failRun(msg.message);
          break;
        }
        error = msg.message;
        emit('error', { message: msg.message });
        break;
    }
  }

  /** Start a new session: what the previous one showed is gone (markers included). */
  function resetSession(info: CaptureInfo, nextPhase: SessionSnapshot['phase']) {
    runId++;
    capture = info;
    records = [];
    keyedIndex = new Map();
    summary = null;
    error = null;
    phase = nextPhase;
    hotspot.clearRecords();
  }

  async function startAnalysis(info: CaptureInfo) {
    resetSession(info, 'loading');
    // A finished live capture is analysed again from its file: its markers belong to it.
    for (const m of markers) absorb([m]);
    progress = { bytesRead: 0, totalBytes: info.size };
    emit('reset', snapshot());
    send({ type: 'analyze', runId, path: info.path!, identifiers });
  }

  const liveBusy = () => live.state === 'starting' || live.state === 'capturing' || live.state === 'stopping';

  function refuseWhileLive(what: string) {
    if (liveBusy()) {
      throw new Error(`A live capture is running: stop it before you ${what}.`);
    }
  }

  async function openCapturePath(path: string, source: CaptureInfo['source']) {
    if (typeof path !== 'string' || !path) throw new Error('No capture file was given.');
    refuseWhileLive('open another capture');
    let st;
    try {
      st = await stat(path);
    } catch {
      throw new Error(`${path}: no such file. Check the path and try again.`);
    }
    if (!st.isFile()) throw new Error(`${path} is not a regular file.`);
    // Uploads are stored as "<uuid>-<original name>": show the name the user knows.
    const name = path.startsWith(uploadsDir) ? basename(path).replace(/^[0-9a-f-]{36}-/, '') : basename(path);
    markers = [];
    captureStats = null;
    await startAnalysis({ name, path, size: st.size, source, startedAt: Date.now() });
  }

  async function applyIdentifiers(ids: Identifier[], persist: boolean) {
    identifiers = ids;
    if (persist) await vault.save(ids);
    emit('identifiers', { identifiers, checks: ids.map(checkIdentifier) });
    // A live engine keeps the identifiers it started with; the analysis after the capture
    // stops uses the new ones.
    if (capture?.path && !liveBusy()) {
      await startAnalysis({ ...capture, startedAt: Date.now() });
    }
  }

  async function startCapture(options: unknown): Promise<LiveCaptureState> {
    await ready;
    const checked = checkCaptureOptions(options);
    if (liveBusy()) {
      throw new Error(
        `A capture is already ${live.state === 'stopping' ? 'stopping' : 'running'} on ${live.interface}.`,
      );
    }
    if (phase === 'loading') {
      send({ type: 'cancel', runId });
      await new Promise<void>((r) => idleWaiters.push(r));
    }
    const startedAt = Date.now();
    const path = join(capturesDir, captureFileName(checked.interfaceName, new Date(startedAt)));
    setLive({
      state: 'starting',
      interface: checked.interfaceName,
      filter: checked.filter || null,
      backend: checked.backend,
      path,
      startedAt: null,
      error: null,
    });
    let session: LiveSession;
    let backendName: string;
    let offloads: string | null = null;
    try {
      offloads = await checkReceiveOffloads(checked.interfaceName);
      const { backend } = await chooseCaptureBackend(checked.backend, checked.interfaceName);
      backendName = backend.name;
      await mkdir(capturesDir, { recursive: true, mode: 0o700 });
      const liveRun = runId + 1;
      session = await startLiveSession({
        runId: liveRun,
        interfaceName: checked.interfaceName,
        filter: checked.filter,
        backend,
        path,
        identifiers,
        post: send,
        onStats: (record) => {
          if (liveSession?.runId !== liveRun) return;
          publish([record]);
        },
        onWarning: (text) => emit('error', { message: `Capture (${backend.name}): ${text}` }),
      });
    } catch (err) {
      const message = (err as Error).message;
      setLive({ ...live, state: 'error', error: message });
      throw new Error(message.endsWith('.') ? message : `${message}.`);
    }
    liveSession = session;
    markers = [];
    captureStats = null;
    resetSession({ name: checked.interfaceName, path, size: null, source: 'live', startedAt }, 'capturing');
    progress = null;
    emit('reset', snapshot());
    // Told, not changed: the interface is not ours (the hotspot turns them off on its own).
    if (offloads) publish([{ type: 'anomaly', name: 'receive-offloads-on', detail: offloads }]);
    setLive({ ...live, state: 'capturing', backend: backendName, startedAt });
    session.ended.then(
      () => {
        if (liveSession === session && live.state === 'capturing') void stopLive(null, true);
      },
      (err: unknown) => {
        if (liveSession === session) void stopLive((err as Error).message, true);
      },
    );
    return live;
  }

  /** Stop the live capture, finalise its file, and (unless disposing) analyse it again. */
  function stopLive(failure: string | null, reanalyse: boolean): Promise<LiveCaptureState> {
    if (stopping) return stopping;
    const session = liveSession;
    if (!session) return Promise.resolve(live);
    stopping = (async () => {
      setLive({ ...live, state: 'stopping' });
      const engineDone = new Promise<void>((resolve) => {
        liveDone = { runId: session.runId, resolve };
        setTimeout(resolve, LIVE_END_TIMEOUT_MS).unref();
      });
      await session.stop();
      const finalStats = session.stats();
      publish([finalStats]);
      await engineDone;
      liveDone = null;
      liveSession = null;
      const path = live.path!;
      let problem = failure;
      try {
        if (session.lastFrame > 0 || existsSync(path)) {
          const summaryOf: LiveCaptureSummary = {
            interfaceName: live.interface!,
            backend: live.backend ?? 'unknown',
            filter: live.filter ?? '',
            startedAt: live.startedAt ?? capture?.startedAt ?? Date.now(),
            stoppedAt: Date.now(),
            stats: finalStats,
          };
          const comments = captureComments(
            capture?.name ?? path,
            records,
            identifiers,
            session.lastFrame,
            summaryOf,
          );
          await exportPcapngWithComments(path, path, {
            commentsByFrame: comments.commentsByFrame,
            application: 'PhoneHome 0.1.0',
            sectionComments: comments.sectionComments,
          });
          // The file carries the markers now (packet comments; one set before the first packet
          // rides on frame 1) and its analysis restores them: kept here too, they would show
          // twice. With no packet at all only the section comment names them, so they stay.
          if (session.lastFrame > 0) markers = [];
        }
      } catch (err) {
        problem ??= `The capture was saved, but its leak comments could not be added: ${(err as Error).message}`;
      }
      setLive({ ...live, state: problem ? 'error' : 'idle', error: problem });
      if (problem) {
        error = problem;
        emit('error', { message: problem });
      }
      if (reanalyse && existsSync(path)) {
        const st = await stat(path);
        await startAnalysis({ ...capture!, path, size: st.size, source: 'live' });
        await new Promise<void>((r) => (phase === 'loading' ? idleWaiters.push(r) : r()));
      } else if (reanalyse) {
        phase = 'ready';
      }
      return live;
    })().finally(() => {
      stopping = null;
    });
    return stopping;
  }

  const commands: Commands = {
    async getSnapshot() {
      await ready;
      void hotspot.refreshOnce();
      return snapshot();
    },
    async openCapture(path) {
      await ready;
      await openCapturePath(path, 'file');
    },
    async openSample() {
      await ready;
      refuseWhileLive('open the sample');
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
    async previewVariants(id) {
      return previewVariants(id);
    },
    async getFlowContent(flowId, maxBytes) {
      // While a stopped capture's file is rewritten, the live engine's offsets are stale.
      if (stopping) await stopping;
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
      if (stopping) await stopping;
      if (phase === 'loading') await new Promise<void>((r) => idleWaiters.push(r));
      let target = path;
      if (!target) {
        await mkdir(exportsDir, { recursive: true });
        const stem = basename(capture.name).replace(/\.(pcapng|pcap|cap)$/i, '');
        target = join(exportsDir, `${stem}-phonehome-${randomUUID().slice(0, 8)}.pcapng`);
      }
      const packets = summary?.packets ?? liveSession?.lastFrame ?? 0;
      const comments = captureComments(capture.name, records, identifiers, packets, null);
      const result = await exportPcapngWithComments(capture.path, target, {
        commentsByFrame: comments.commentsByFrame,
        application: 'PhoneHome 0.1.0',
        sectionComments: comments.sectionComments,
      });
      return { path: target, bytes: result.bytes };
    },
    async cancel() {
      if (phase === 'loading') send({ type: 'cancel', runId });
    },
    async listInterfaces() {
      return manager().listInterfaces();
    },
    startCapture,
    async stopCapture() {
      if (live.state === 'starting') throw new Error('The capture is still starting; stop it once it runs.');
      return stopLive(null, true);
    },
    async addMarker(label) {
      const text = checkMarkerLabel(label);
      if (live.state !== 'capturing' || !liveSession) {
        throw new Error('Markers go on a live capture: start one first.');
      }
      const marker: MarkerRecord = {
        type: 'marker',
        id: nextMarkerId++,
        ts: Date.now() / 1000,
        label: text,
        frame: liveSession.lastFrame > 0 ? liveSession.lastFrame : null,
      };
      markers.push(marker);
      publish([marker]);
      return marker;
    },
    async hotspotStatus() {
      return hotspot.refresh();
    },
    async hotspotUp(options) {
      return hotspot.up(checkHotspotOptions(options));
    },
    async hotspotDown() {
      return hotspot.down();
    },
    async listDevices() {
      return hotspot.listDevices();
    },
  };

  return {
    commands,
    ready,
    exportsDir,
    uploadsDir,
    capturesDir,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    idle() {
      if (phase !== 'loading' && !stopping) return Promise.resolve();
      return (stopping ?? Promise.resolve()).then(
        () => new Promise<void>((r) => (phase === 'loading' ? idleWaiters.push(r) : r())),
      );
    },
    async dispose() {
      if (liveSession) await stopLive(null, false).catch(() => undefined);
      hotspot.dispose();
      listeners.clear();
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}

/** Only the fields of HotspotOptions go to the manager (not the lab's extra ones), type-checked. */
function checkHotspotOptions(options: unknown): HotspotOptions {
  if (typeof options !== 'object' || options === null) throw new Error('hotspotUp needs its options.');
  const o = options as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const v = o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || v.length > 256) throw new Error(`The hotspot's ${key} must be text.`);
    return v;
  };
  const provider = text('provider');
  const iface = text('interface');
  if (!provider || !iface) throw new Error('Choose a hotspot provider and an interface.');
  const dnsServers = o.dnsServers;
  if (
    dnsServers !== undefined &&
    (!Array.isArray(dnsServers) || !dnsServers.every((s) => typeof s === 'string'))
  ) {
    throw new Error("The hotspot's DNS servers must be a list of addresses.");
  }
  return {
    provider: provider as HotspotOptions['provider'],
    interface: iface,
    upstream: text('upstream') ?? null,
    ssid: text('ssid'),
    password: text('password'),
    subnet: text('subnet'),
    dnsServers: dnsServers as string[] | undefined,
  };
}
