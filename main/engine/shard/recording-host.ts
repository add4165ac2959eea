/**
 * The engine as a flow shard's TCP sessions see it (session-host.ts): every call is recorded
 * as a ShardOp for the engine to replay at the same sync point, except what depends only on the
 * session's own bytes — contexts and suspect candidates — which is computed here, on the
 * shard's thread, since that is the work being spread.
 *
 * Threat model: as for the engine; the bytes are captured payload and reach the scan tools and
 * the suspect finder only, which bound their work. Ops carry records and excerpts, never views
 * of the capture's buffers.
 */
import type { EngineRecord, LeakPlace, TransportName } from '../../../shared/events';
import type { AnomalySink } from '../anomaly';
import type { NameSource } from '../host-names';
import type { IdentifierMatcher, Match } from '../match/matcher';
import type { ScanTools } from '../scan-tools';
import type { AddressName, Direction, LeakInfo, SessionHost, SuspectScanInfo } from '../session-host';
import type { FlowState } from '../transport/flow-table';
import type { ShardOp } from './shard-ops';

/** Bound on the suspect values remembered per flow as already sent (beyond it, all are sent). */
const MAX_SENT_SUSPECTS = 100_000;

export class RecordingHost implements SessionHost {
  /** The calls of the current sync point; null between sync points (nothing is recorded). */
  ops: ShardOp[] | null = null;
  /** How many times each flow's name may have changed (suspect dedupe below). */
  private readonly namings = new Map<number, number>();
  private readonly sentSuspects = new Set<string>();

  constructor(
    private readonly clock: { readonly frame: number; readonly ts: number },
    private readonly tools: ScanTools,
  ) {}

  get matcher(): IdentifierMatcher | null {
    return this.tools.matcher;
  }

  get frame(): number {
    return this.clock.frame;
  }

  get ts(): number {
    return this.clock.ts;
  }

  readonly anomaly: AnomalySink = (name, detail) => {
    this.record(detail === undefined ? { op: 'anomaly', name } : { op: 'anomaly', name, detail });
  };

  emit(record: EngineRecord): void {
    this.record({ op: 'emit', record });
  }

  nameServer(flow: FlowState, name: string, source: NameSource, learn: AddressName | null): void {
    this.namings.set(flow.id, (this.namings.get(flow.id) ?? 0) + 1);
    this.record({ op: 'name', name, source, learn });
  }

  learnHost(ip: string, name: string, source: NameSource): void {
    this.record({ op: 'learn', ip, name, source });
  }

  scanName(
    _flow: FlowState,
    direction: Direction,
    name: string,
    where: LeakPlace,
    protocol: string,
    transport: TransportName,
    frames: number[],
  ): void {
    // A name is short and its leaks depend on the engine's tallies: the engine scans it.
    if (this.tools.matcher && name)
      this.record({ op: 'scan-name', direction, name, where, protocol, transport, frames });
  }

  reportLeak(_flow: FlowState, direction: Direction, match: Match, info: LeakInfo): void {
    this.record({ op: 'leak', direction, match, info });
  }

  /**
   * Finds and judges the suspects here and sends the engine only what it could report: a value
   * this flow already sent under the same name of the flow would make the same dedupe key
   * there, which the engine has seen (or its table is full, and stays so).
   */
  scanSuspects(flow: FlowState, direction: Direction, bytes: Uint8Array, info: SuspectScanInfo): void {
    const naming = this.namings.get(flow.id) ?? 0;
    const findings = this.tools.suspectFindings(bytes, info, (kind, value) => {
      const sent = `${flow.id}\u0000${naming}\u0000${kind}\u0000${value}`;
      if (this.sentSuspects.has(sent)) return false;
      if (this.sentSuspects.size < MAX_SENT_SUSPECTS) this.sentSuspects.add(sent);
      return true;
    });
    if (findings.length === 0) return;
    const found =
      info.host === undefined
        ? { protocol: info.protocol, findings }
        : { protocol: info.protocol, host: info.host, findings };
    this.record({ op: 'suspects', direction, found });
  }

  context(bytes: Uint8Array, start: number, end: number): string {
    return this.tools.context(bytes, start, end);
  }

  private record(op: ShardOp): void {
    this.ops?.push(op);
  }
}
