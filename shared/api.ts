/**
 * The one API contract between the UI and the Node services (DESIGN §2).
 *
 * `Commands` maps a command name to the type of the function that implements it, so the
 * services, both transports and the renderer bridge are all checked against one definition
 * (the idea of Zui's typed operations). `ServerEvents` maps an event name to its payload.
 * Two transports carry it: Electron IPC through a narrow preload, and a WebSocket served by
 * `phonehome serve`. The renderer never knows which one it has.
 */
import type { CaptureStatsRecord, EngineRecord, MarkerRecord, SummaryRecord } from './events';
import type { Identifier, IdentifierCheck } from './identifier-types';
import type {
  DeviceInfo,
  HotspotOptions,
  HotspotStatus,
  LiveCaptureState,
  NetworkInterfaceInfo,
  StartCaptureOptions,
} from './live-types';

export interface CaptureInfo {
  /** Display name (file name, or interface for live captures). */
  name: string;
  /** Absolute path on the machine running the services, when there is a file. */
  path: string | null;
  size: number | null;
  /** "file" for an opened capture, "live" for one being captured (path = the pcapng written). */
  source: 'file' | 'sample' | 'live';
  startedAt: number;
}

export type SessionPhase = 'empty' | 'loading' | 'capturing' | 'ready' | 'error';

/** Everything a freshly connected client needs to draw the current session. */
export interface SessionSnapshot {
  phase: SessionPhase;
  capture: CaptureInfo | null;
  progress: Progress | null;
  identifiers: Identifier[];
  checks: IdentifierCheck[];
  /** Records so far, in the order the engine produced them (flows collapsed to their last copy). */
  records: EngineRecord[];
  summary: SummaryRecord | null;
  error: string | null;
  sampleAvailable: boolean;
  live: LiveCaptureState;
  hotspot: HotspotStatus;
  devices: DeviceInfo[];
  /** Last capture counters of a live capture, or null. */
  captureStats: CaptureStatsRecord | null;
}

export interface Progress {
  bytesRead: number;
  totalBytes: number | null;
}

/** One contiguous piece of a flow's reassembled data, in capture order. */
export interface FlowChunk {
  direction: 'out' | 'in';
  /**
   * Offset of the first byte in that direction's stream: for TCP after reassembly, for UDP with
   * the direction's datagrams laid end to end (the engine's leak offsets use the same scheme).
   */
  offset: number;
  frame: number;
  /** Base64 of the bytes, so the payload is plain JSON on every transport. */
  data: string;
}

export interface Highlight {
  direction: 'out' | 'in';
  offset: number;
  length: number;
  /** Index into the snapshot's leak list (by record order), for linking back to a leak. */
  kind: string;
  encoding: string;
}

export interface FlowContent {
  flowId: number;
  chunks: FlowChunk[];
  highlights: Highlight[];
  /** True when the content was cut at the size limit. */
  truncated: boolean;
}

/** What the matcher will search for one identifier, grouped by encoding. */
export interface VariantPreview {
  ok: boolean;
  /** Byte patterns in all. */
  total: number;
  /** In the matcher's order of specificity: written forms, their encodings, then digests. */
  groups: {
    /** Encoding as leak records name it, e.g. "phone-national", "md5-hex", "base64(imei-14)". */
    encoding: string;
    count: number;
    /** Up to three of the patterns as text (binary ones, UTF-16LE, as escaped text). */
    examples: string[];
  }[];
}

export interface SetIdentifiersResult {
  checks: IdentifierCheck[];
  /** True when every identifier is valid and the session re-analysed with them. */
  applied: boolean;
}

/** Commands, renderer → services. Each is async on every transport. */
export interface Commands {
  getSnapshot(): Promise<SessionSnapshot>;
  /** Open a capture file that is on the services' machine. */
  openCapture(path: string): Promise<void>;
  /** Open the bundled sample capture and its identifiers. */
  openSample(): Promise<void>;
  /** Replace the identifier list; re-analyses the open capture when all are valid. */
  setIdentifiers(identifiers: Identifier[]): Promise<SetIdentifiersResult>;
  /** Check identifiers without applying them (for the editor's live messages). */
  checkIdentifiers(identifiers: Identifier[]): Promise<IdentifierCheck[]>;
  /** The patterns the matcher will search for one identifier (for the editor's preview). */
  previewVariants(identifier: Identifier): Promise<VariantPreview>;
  /** The reassembled data of one flow, read back from the capture file, with leak highlights. */
  getFlowContent(flowId: number, maxBytes?: number): Promise<FlowContent>;
  /** Save the open capture as pcapng with a packet comment on every leak frame. */
  saveCapture(path: string): Promise<{ path: string; bytes: number }>;
  /** Stop an analysis in progress. */
  cancel(): Promise<void>;
  /** Interfaces that can be captured on or shared. */
  listInterfaces(): Promise<NetworkInterfaceInfo[]>;
  /** Start a live capture (a new session); records stream as `records` events. */
  startCapture(options: StartCaptureOptions): Promise<LiveCaptureState>;
  /** Stop the live capture; the pcapng is finalised and the session stays open for review. */
  stopCapture(): Promise<LiveCaptureState>;
  /** Put a labelled marker ("sent SMS") on the timeline at the current time. */
  addMarker(label: string): Promise<MarkerRecord>;
  /** Which providers work here and why not (prerequisites), and the current hotspot. */
  hotspotStatus(): Promise<HotspotStatus>;
  hotspotUp(options: HotspotOptions): Promise<HotspotStatus>;
  hotspotDown(): Promise<HotspotStatus>;
  /** Devices on the hotspot (leases merged with what the capture saw). */
  listDevices(): Promise<DeviceInfo[]>;
}

export type CommandName = keyof Commands;
export const COMMAND_NAMES = [
  'getSnapshot',
  'openCapture',
  'openSample',
  'setIdentifiers',
  'checkIdentifiers',
  'previewVariants',
  'getFlowContent',
  'saveCapture',
  'cancel',
  'listInterfaces',
  'startCapture',
  'stopCapture',
  'addMarker',
  'hotspotStatus',
  'hotspotUp',
  'hotspotDown',
  'listDevices',
] as const satisfies readonly CommandName[];

/** Events, services → renderer. */
export interface ServerEvents {
  /** A new session began (capture opened or re-analysed); clients drop what they had. */
  reset: SessionSnapshot;
  progress: Progress;
  /** Engine records in production order; a flow record replaces the previous copy with its id. */
  records: EngineRecord[];
  done: SummaryRecord;
  error: { message: string };
  identifiers: { identifiers: Identifier[]; checks: IdentifierCheck[] };
  /** The live capture changed state (started, stopped, failed). */
  live: LiveCaptureState;
  hotspot: HotspotStatus;
  devices: DeviceInfo[];
}

export type EventName = keyof ServerEvents;
export const EVENT_NAMES = [
  'reset',
  'progress',
  'records',
  'done',
  'error',
  'identifiers',
  'live',
  'hotspot',
  'devices',
] as const satisfies readonly EventName[];

export type EventListener = <E extends EventName>(event: E, payload: ServerEvents[E]) => void;

/** What the renderer gets from its bridge, whichever transport carries it. */
export interface ApiClient {
  call<K extends CommandName>(name: K, ...args: Parameters<Commands[K]>): ReturnType<Commands[K]>;
  subscribe(listener: EventListener): () => void;
}

/** Messages on the WebSocket transport. */
export type WireRequest = { id: number; method: CommandName; params: unknown[] };
export type WireResponse = { id: number; result: unknown } | { id: number; error: { message: string } };
export type WireEvent = { event: EventName; payload: unknown };
