/**
 * What a TCP session (tcp-session.ts, and the DNS handler it drives for DNS over TCP) asks of
 * the engine around it. The engine implements it directly. A flow shard implements it by
 * recording each call (shard/recording-host.ts), so that another thread can run some flows'
 * sessions — reassembly, parsing, identifier scanning — while the engine replays what they
 * reported at the same point of the capture (shard/shard-replay.ts).
 *
 * That split is why the interface passes no engine-wide state back: a session never reads the
 * flow's current host name, the address map or the leak and suspect tallies (they depend on
 * other flows, which another thread may be running); it hands over what it found and the
 * engine decides with its own state. Everything a session computes from its own bytes
 * (contexts, suspect candidates) it computes itself.
 */
import type { EngineRecord, LeakPlace, TransportName } from '../../shared/events';
import type { AnomalySink } from './anomaly';
import type { NameSource } from './host-names';
import type { IdentifierMatcher, Match } from './match/matcher';
import type { SuspectFinding } from './scan-tools';
import type { FlowState } from './transport/flow-table';

export type Direction = 'out' | 'in';

export interface LeakInfo {
  protocol: string;
  transport: TransportName;
  where: LeakPlace;
  frames: number[];
  ts: number;
  context: string;
  /** The name the leak is shown under; absent means the flow's host name when it is reported. */
  host?: string | null;
  highlight: boolean;
}

export interface SuspectScanInfo {
  protocol: string;
  placeAt: (index: number) => LeakPlace;
  frame: number;
  /** As in LeakInfo: absent means the flow's host name when the suspect is reported. */
  host?: string | null;
}

/** The address map learns `host` for `ip` (a name without port, never an address). */
export interface AddressName {
  ip: string;
  host: string;
}

export interface SessionHost {
  readonly matcher: IdentifierMatcher | null;
  /** Frame number and time of the packet being processed. */
  readonly frame: number;
  readonly ts: number;
  readonly anomaly: AnomalySink;
  emit(record: EngineRecord): void;
  /**
   * The flow's server said or was told its name: name the flow (a certificate only when
   * nothing else named it) and teach the address map `learn`, if given.
   */
  nameServer(flow: FlowState, name: string, source: NameSource, learn: AddressName | null): void;
  /** A DNS answer: `ip` goes by `name`. */
  learnHost(ip: string, name: string, source: NameSource): void;
  /** Scan a decoded name (DNS qname, SNI) and report matches with the name masked. */
  scanName(
    flow: FlowState,
    direction: Direction,
    name: string,
    where: LeakPlace,
    protocol: string,
    transport: TransportName,
    frames: number[],
  ): void;
  reportLeak(flow: FlowState, direction: Direction, match: Match, info: LeakInfo): void;
  /** Identifier-shaped values the user did not enter, in plaintext the phone sent. */
  scanSuspects(flow: FlowState, direction: Direction, bytes: Uint8Array, info: SuspectScanInfo): void;
  /** A printable excerpt around bytes[start..end) with every identifier in it masked. */
  context(bytes: Uint8Array, start: number, end: number): string;
}

/** Suspect findings of one scan, with what the engine needs to report them. */
export interface SuspectFindings {
  protocol: string;
  host?: string | null;
  findings: SuspectFinding[];
}
