/**
 * A flow shard: the part of the engine that runs some TCP flows' sessions on another thread
 * during offline analysis. It reads the same capture bytes as the engine, decodes every packet
 * and keeps a flow table fed with every TCP and UDP packet — exactly the engine's own steps, so
 * both tables give the same flow the same id and evict it at the same packet — but runs the
 * TCP sessions and datagram handlers only of the flows it owns (shard-ops.ts, shardOwns),
 * recording what each reports at each sync point for the engine to replay (shard-replay.ts).
 *
 * Everything else — devices, link-layer sightings, DHCP and DNS datagrams, anomalies of
 * decoding, evidence — is the engine's: here those steps run silently or not at all.
 *
 * Threat model: the same bytes as the engine's, through the same bounded parsers; a fatal file
 * error stops it where it stops the engine.
 */
import type { Identifier } from '../../../shared/identifier-types';
import { ignoreAnomalies } from '../anomaly';
import { newFlowApp, usableIdentifiers, type FlowApp } from '../engine';
import { decodePacket, type DecodedPacket } from '../ip/decode-packet';
import { FragmentReassembler } from '../ip/fragment-reassembler';
import { IdentifierMatcher } from '../match/matcher';
import { CaptureReader, type CaptureFileError } from '../pcap/capture-reader';
import { packetSeconds, type CapturedPacket } from '../pcap/types';
import { ScanTools } from '../scan-tools';
import { TcpSession } from '../tcp-session';
import { handleDatagram } from '../udp-handler';
import { FlowTable, type FlowState } from '../transport/flow-table';
import { RecordingHost } from './recording-host';
import type { ShardBatch, ShardGroup, ShardOp } from './shard-ops';

export class ShardEngine {
  frame = 0;
  ts = 0;
  private readonly reader: CaptureReader;
  private readonly reasm = new FragmentReassembler(ignoreAnomalies);
  private readonly flows: FlowTable;
  private readonly host: RecordingHost;
  private syncs = 0;
  private groups: ShardGroup[] = [];
  private ended = false;

  constructor(
    identifiers: readonly Identifier[],
    private readonly owns: (flow: FlowState) => boolean,
  ) {
    const usable = usableIdentifiers(identifiers);
    const matcher = usable.length ? new IdentifierMatcher(usable) : null;
    this.host = new RecordingHost(this, new ScanTools(matcher, usable));
    this.flows = new FlowTable({ anomaly: ignoreAnomalies, onEvict: (flow) => this.closeFlow(flow) });
    this.reader = new CaptureReader({ onPacket: (p) => this.pushPacket(p), onAnomaly: ignoreAnomalies });
  }

  pushBytes(chunk: Uint8Array): void {
    this.reader.push(chunk);
  }

  get inputError(): CaptureFileError | null {
    return this.reader.error;
  }

  /** The calls recorded since the last batch, and the sync points passed so far. */
  takeBatch(): ShardBatch {
    const batch = { syncs: this.syncs, groups: this.groups };
    this.groups = [];
    return batch;
  }

  /** The capture ended: finish every flow still open, in the engine's order (Engine.end). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.reasm.flush();
    this.flows.forEach((flow) => this.closeFlow(flow));
    if (!this.reader.error) this.reader.end();
  }

  private pushPacket(p: CapturedPacket): void {
    this.frame = p.frame;
    this.ts = packetSeconds(p);
    for (const d of decodePacket(p, this.reasm, ignoreAnomalies)) this.handleDecoded(d);
  }

  private handleDecoded(d: DecodedPacket): void {
    const t = d.transport;
    if (t.kind !== 'tcp' && t.kind !== 'udp') return;
    const hit = this.flows.lookup(d, this.ts);
    if (!hit) return;
    const { flow, direction } = hit;
    if (!this.owns(flow)) return;
    // The host name is the engine's to decide (session-host.ts): sessions here never read it.
    const app = (flow.app as FlowApp | undefined) ?? (flow.app = newFlowApp(t.kind, null));
    if (t.kind === 'tcp') {
      const session = (app.tcp ??= new TcpSession(this.host, flow, app));
      this.sync(app, () => session.push(direction, t.seq, t.ack, t.flags, t.payload));
    } else {
      this.sync(app, () =>
        handleDatagram(this.host, null, flow, app, direction, t.srcPort, t.dstPort, t.payload),
      );
    }
  }

  private closeFlow(flow: FlowState): void {
    if (flow.transport !== 'tcp' || !this.owns(flow)) return;
    const app = flow.app as FlowApp | undefined;
    this.sync(app, () => app?.tcp?.finish());
  }

  /** One sync point: run `step` with the host recording, keep what it recorded. */
  private sync(app: FlowApp | undefined, step: () => void): void {
    this.syncs++;
    const protocol = app?.protocol;
    const ops: ShardOp[] = [];
    this.host.ops = ops;
    step();
    this.host.ops = null;
    if (app && app.protocol !== protocol) ops.push({ op: 'protocol', protocol: app.protocol });
    if (ops.length) this.groups.push({ sync: this.syncs, ops });
  }
}
