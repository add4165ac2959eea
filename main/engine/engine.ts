/**
 * The engine: capture bytes in, typed records out (DESIGN §2). Pure TypeScript with no I/O of
 * its own, so the CLI runs it in-process and the services run it in a worker.
 *
 * Threat model: every byte it sees comes from the network or from a file someone sent us. The
 * engine never throws on bad input: each layer reports what is wrong as a named anomaly and the
 * packet is skipped. Memory is bounded by the limits of the reassemblers and the flow table; the
 * only per-packet state kept for the whole capture is a 14-byte evidence index entry (where the
 * packet is in the file), so payload can be read back from the file instead of held in memory.
 */
import type {
  AnomalyRecord,
  EngineRecord,
  FlowRecord,
  SummaryRecord,
  TransportName,
} from '../../shared/events';
import type { Identifier } from '../../shared/identifier-types';
import { checkIdentifierQuietly } from '../../shared/identifiers';
import type { AnomalySink } from './anomaly';
import { enrichFlowRecord, type Enricher } from './enrich/enricher';
import { EvidenceIndex, type FlowEvidence } from './evidence-index';
import { HostNames, type NameSource } from './host-names';
import { parseArp } from './app/arp';
import { parseNdp } from './app/ndp';
import { DeviceTable } from './device-table';
import { decodePacket, type DecodedPacket } from './ip/decode-packet';
import { ETHERTYPE_ARP, type LinkLayer } from './link/link-layer';
import { FragmentReassembler } from './ip/fragment-reassembler';
import { LeakTracker, type LeakSighting } from './leak-tracker';
import { linkProtocolOf, StructuralTracker, type StructuralProtocol } from './structural-tracker';
import { IdentifierMatcher, type Match, maskValue } from './match/matcher';
import { CaptureReader, type CaptureFileError } from './pcap/capture-reader';
import { packetSeconds, type CapturedPacket } from './pcap/types';
import type { QuicInitialTracker } from './quic/quic';
import { FlowTable, type FlowState } from './transport/flow-table';
import { TcpSession } from './tcp-session';
import { handleDatagram } from './udp-handler';
import { parseMarkerComment } from '../../shared/marker-comment';
import { ScanTools, type SuspectFinding } from './scan-tools';
import type {
  AddressName,
  Direction,
  LeakInfo,
  SessionHost,
  SuspectFindings,
  SuspectScanInfo,
} from './session-host';

/**
 * Flows that another thread runs (shard/shard-replay.ts): for a flow it owns, the engine runs no
 * TcpSession or datagram handler but, at each point where it would have handed the flow a
 * segment or a datagram or finished its session, has the remote side replay what it reported
 * there.
 */
export interface RemoteSessions {
  owns(flow: FlowState): boolean;
  /** The next sync point: a packet of `flow`, or its TCP session finishing (closed, evicted, end). */
  next(engine: Engine, flow: FlowState): void;
}

export interface EngineOptions {
  /** The user's identifiers; invalid ones are skipped (the caller validates and reports them). */
  identifiers?: readonly Identifier[];
  /** Country, AS and tracker-list owner for each flow's server (enrich/enricher.ts); none if absent. */
  enrich?: Enricher | null;
  /** TCP flows whose sessions another thread runs (offline analysis on several cores). */
  remote?: RemoteSessions | null;
}

/** Per-flow application state the engine keeps in FlowState.app. */
export interface FlowApp {
  protocol: string;
  host: string | null;
  leaks: number;
  tcp: TcpSession | null;
  /** QUIC Initial decryption state of a UDP flow that speaks QUIC. */
  quic: QuicInitialTracker | null;
  /** Cumulative datagram bytes per direction, so UDP evidence has stream-like offsets. */
  udpOffset: [number, number];
  highlights: { direction: 'out' | 'in'; offset: number; length: number; kind: string; encoding: string }[];
}

/** A flow's application state when its first packet is seen. */
export function newFlowApp(protocol: string, host: string | null): FlowApp {
  return { protocol, host, leaks: 0, tcp: null, quic: null, udpOffset: [0, 0], highlights: [] };
}

const MAX_ANOMALY_RECORDS_PER_NAME = 50;
const IPPROTO_ICMPV6 = 58;
const MAX_HIGHLIGHTS_PER_FLOW = 500;
const MAX_SUSPECT_KEYS = 100_000;

/** The usable identifiers of a list, with their canonical forms and their index in it. */
export function usableIdentifiers(
  identifiers: readonly Identifier[],
): { identifier: Identifier; canonical: string; index: number }[] {
  const usable: { identifier: Identifier; canonical: string; index: number }[] = [];
  identifiers.forEach((id, index) => {
    const check = checkIdentifierQuietly(id);
    if (check.ok && check.canonical) usable.push({ identifier: id, canonical: check.canonical, index });
  });
  return usable;
}

/**
 * The link observer every engine hands decodePacket, with itself as `this`: one function for all
 * engines, where a closure per engine would be a new call target at each engine's first packet.
 */
function observeLink(this: Engine, link: LinkLayer, data: Uint8Array): void {
  this.sawLink(link, data);
}

export class Engine implements SessionHost {
  private readonly reader: CaptureReader;
  private out: EngineRecord[] = [];
  /** Markers restored from the file's comments so far (their ids). */
  private markers = 0;
  private readonly reasm: FragmentReassembler;
  private readonly flows: FlowTable;
  private readonly hosts = new HostNames();
  readonly matcher: IdentifierMatcher | null;
  private readonly leakTracker: LeakTracker;
  /** Devices on the link (DHCP, DHCPv6, ARP, NDP) and the user's MAC in structural places. */
  readonly devices: DeviceTable;
  readonly structural: StructuralTracker;
  /** The current frame's link: 802.11 (radio captures) or Ethernet-like, for structural records. */
  private linkProtocol: StructuralProtocol = 'ethernet';
  private readonly evidenceIndex = new EvidenceIndex();
  private readonly dirtyFlows = new Set<FlowState>();
  /** Endpoints of every flow ever seen, kept after the flow table evicts it (for evidence). */
  private readonly flowInfos = new Map<
    number,
    { transport: TransportName; client: string; server: string }
  >();
  private readonly identifiers: Identifier[];
  private readonly enrich: Enricher | null;
  private readonly tools: ScanTools;
  private readonly remote: RemoteSessions | null;

  /** Frame and time of the packet being processed, for records and anomalies. */
  frame = 0;
  /** The decoded datagram being handled, for handlers that need its link and IP headers. */
  packet: DecodedPacket | null = null;
  ts = 0;
  private packets = 0;
  private bytes = 0;
  /** Time of the first packet; meaningful once `packets` > 0 (the latest packet's is `ts`). */
  private firstTs = 0;
  private flowCount = 0;
  private counts = { dns: 0, tls: 0, http: 0 };
  private readonly anomalyCounts: Record<string, number> = {};
  /** Suspects already reported (kind, destination, value), so repeats are not. */
  private readonly suspectKeys = new Set<string>();
  private anomalyTotal = 0;
  private lastStatsPackets = -1;
  private ended = false;
  /** Live mode (flushIdle was called): TCP flows that carried data since they were last settled. */
  private readonly activeTcpFlows = new Set<FlowState>();
  private trackIdle = false;
  private shedPackets = 0;
  /**
   * Set by a live consumer whose queue of unread capture bytes is over its bound: packets are
   * then counted and numbered (frame numbers still match the file, which has every packet) but
   * not decoded, and `droppedPackets` says how many.
   */
  shedding = false;

  readonly anomaly: AnomalySink = (name, detail) => this.addAnomaly(name, detail);

  constructor(opts: EngineOptions = {}) {
    this.identifiers = [...(opts.identifiers ?? [])];
    const usable = usableIdentifiers(this.identifiers);
    this.matcher = usable.length ? new IdentifierMatcher(usable) : null;
    this.tools = new ScanTools(this.matcher, usable);
    this.enrich = opts.enrich ?? null;
    this.remote = opts.remote ?? null;
    this.leakTracker = new LeakTracker(this.identifiers);
    this.devices = new DeviceTable(this.anomaly);
    this.structural = new StructuralTracker(usable);
    this.reasm = new FragmentReassembler(this.anomaly);
    this.flows = new FlowTable({
      anomaly: this.anomaly,
      onEvict: (flow) => this.closeFlow(flow),
    });
    this.reader = new CaptureReader({
      onPacket: (p) => this.pushPacket(p),
      onAnomaly: (name, detail) => this.addAnomaly(name, detail),
    });
  }

  /** Capture-file bytes (pcap or pcapng), in any chunking. */
  pushBytes(chunk: Uint8Array): void {
    this.reader.push(chunk);
  }

  /** The first fatal problem with the capture file, if any; packets before it were processed. */
  get inputError(): CaptureFileError | null {
    return this.reader.error;
  }

  /** Bytes of capture file consumed so far. */
  get fileBytes(): number {
    return this.reader.bytesConsumed;
  }

  pushPacket(p: CapturedPacket): void {
    const ts = packetSeconds(p);
    this.frame = p.frame;
    this.ts = ts;
    this.packets++;
    this.bytes += p.origLen;
    // Stored on every packet rather than in a branch taken once per engine: optimized code has no
    // feedback for what only the first packet did, and deoptimizes at the next engine's first one.
    // Numbers only (no null until the first packet), so the field holds the double in place
    // instead of a new heap number per packet.
    this.firstTs = this.packets === 1 ? ts : this.firstTs;
    if (this.shedding) {
      this.shedPackets++;
      return;
    }
    this.evidenceIndex.addFrame(p.frame, p.fileOffset, p.capLen, p.linkType);
    if (p.comments !== undefined) this.restoreMarkers(p.comments);
    if (this.structural.active) this.linkProtocol = linkProtocolOf(p.linkType);
    const decoded = decodePacket(p, this.reasm, this.anomaly, observeLink, this);
    for (const d of decoded) this.handleDecoded(d);
  }

  /**
   * Every frame's link layer (decodePacket calls it through observeLink): the user's MAC in its
   * addresses, and ARP.
   */
  sawLink(link: LinkLayer, data: Uint8Array): void {
    if (this.structural.active) {
      this.structural.sawMac(link.srcMac, this.linkProtocol, 'source address', this.frame, this.ts);
      this.structural.sawMac(link.dstMac, this.linkProtocol, 'destination address', this.frame, this.ts);
    }
    if (link.etherType !== ETHERTYPE_ARP) return;
    const arp = parseArp(data, link.offset, this.anomaly);
    if (arp === null) return;
    this.devices.fromArp(arp, { frame: this.frame, ts: this.ts });
    if (this.structural.active) {
      this.structural.sawMac(arp.senderMac, 'arp', 'sender hardware address', this.frame, this.ts);
      this.structural.sawMac(arp.targetMac, 'arp', 'target hardware address', this.frame, this.ts);
    }
  }

  /** ICMPv6 Neighbor Discovery: device addresses, and the user's MAC in its options. */
  private handleNdp(d: DecodedPacket): void {
    const ndp = parseNdp(d.ip.payload, this.anomaly);
    if (ndp === null) return;
    this.devices.fromNdp(ndp, { frame: this.frame, ts: this.ts, srcIp: d.ip.src, hopLimit: d.ip.hopLimit });
    if (this.structural.active) {
      this.structural.sawMac(ndp.sourceLinkLayer, 'ndp', 'source link-layer address', this.frame, this.ts);
      this.structural.sawMac(ndp.targetLinkLayer, 'ndp', 'target link-layer address', this.frame, this.ts);
    }
  }

  private handleDecoded(d: DecodedPacket): void {
    this.packet = d;
    const t = d.transport;
    if (t.kind === 'other' && t.protocol === IPPROTO_ICMPV6 && d.tunnels === undefined) this.handleNdp(d);
    const srcMac = d.link?.srcMac;
    if (srcMac !== undefined && this.devices.size > 0 && d.tunnels === undefined) {
      this.devices.fromIpSource(srcMac, d.ip.version, d.ip.src, d.ip.hopLimit, this.frame, this.ts);
    }
    if (t.kind !== 'tcp' && t.kind !== 'udp') return;
    const hit = this.flows.lookup(d, this.ts);
    if (!hit) return;
    const { flow, direction } = hit;
    const app = (flow.app as FlowApp | undefined) ?? this.startFlow(flow, t.kind);
    for (const f of d.ip.frames) this.evidenceIndex.addFlowFrame(flow.id, f);
    this.dirtyFlows.add(flow);
    if (this.remote?.owns(flow)) {
      this.remote.next(this, flow);
      return;
    }
    if (t.kind === 'tcp') {
      if (this.trackIdle) this.activeTcpFlows.add(flow);
      (app.tcp ?? this.startTcpSession(flow, app)).push(direction, t.seq, t.ack, t.flags, t.payload);
    } else {
      handleDatagram(this, this, flow, app, direction, t.srcPort, t.dstPort, t.payload);
    }
  }

  /*
   * The state a flow keeps from its first packet on is made by the two functions below, called
   * once per flow: too rarely for the optimizer to inline them into handleDecoded. That keeps
   * their allocation sites out of handleDecoded's optimized code: per-flow objects live long, so
   * V8 soon decides to allocate them in the old generation, and such a decision discards every
   * optimized function that allocates there (here, these two small ones, not the hot one).
   */

  private startFlow(flow: FlowState, transport: 'tcp' | 'udp'): FlowApp {
    const app = newFlowApp(transport, this.hosts.nameOf(flow.serverIp));
    flow.app = app;
    this.flowCount++;
    this.flowInfos.set(flow.id, { transport: flow.transport, client: flow.client, server: flow.server });
    return app;
  }

  private startTcpSession(flow: FlowState, app: FlowApp): TcpSession {
    app.tcp = new TcpSession(this, flow, app);
    return app.tcp;
  }

  /** Flush everything still buffered and emit the summary. Idempotent. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.reasm.flush();
    this.flows.forEach((flow) => this.closeFlow(flow));
    if (this.reader.error) {
      this.addAnomaly(this.reader.error.code, this.reader.error.message);
    } else {
      this.reader.end();
      if (this.reader.error) {
        const err = this.reader.error as CaptureFileError;
        this.addAnomaly(err.code, err.message);
      }
    }
    this.flushDevices(true);
    this.flushFlows();
    this.out.push(this.statsRecord());
    this.out.push(this.summary());
  }

  /** Devices and structural sightings that changed; `final` brings every device's lastTs up to date. */
  private flushDevices(final: boolean): void {
    for (const r of this.devices.drain(final)) this.out.push(r);
    for (const r of this.structural.drain()) this.out.push(r);
  }

  private closeFlow(flow: FlowState): void {
    const app = flow.app as FlowApp | undefined;
    if (flow.transport === 'tcp' && this.remote?.owns(flow)) this.remote.next(this, flow);
    else app?.tcp?.finish();
    this.activeTcpFlows.delete(flow);
    this.dirtyFlows.add(flow);
  }

  /** Packets counted but not decoded because `shedding` was set. */
  get droppedPackets(): number {
    return this.shedPackets;
  }

  /**
   * Live mode: settle what waits for more bytes on TCP flows quiet for `idleSeconds` at `nowTs`
   * (a match held for a look at the next byte or at more of the stream), so a leak shows within
   * a second even if nothing follows it. Only flows that carried data since their last flush are
   * looked at, and flows are tracked from the first call on, so a live consumer calls it from
   * the start of the capture; offline analysis never calls it and keeps no such set.
   */
  flushIdle(nowTs: number, idleSeconds: number): void {
    this.trackIdle = true;
    for (const flow of this.activeTcpFlows) {
      if (nowTs - flow.lastTs < idleSeconds) continue;
      this.activeTcpFlows.delete(flow);
      (flow.app as FlowApp | undefined)?.tcp?.flushIdle();
    }
  }

  /** Records produced since the last call, flows that changed included, then a stats record. */
  drain(): EngineRecord[] {
    this.flushDevices(false);
    this.flushFlows();
    if (this.packets !== this.lastStatsPackets && !this.ended) {
      this.lastStatsPackets = this.packets;
      this.out.push(this.statsRecord());
    }
    const records = this.out;
    this.out = [];
    return records;
  }

  summary(): SummaryRecord {
    const s: SummaryRecord = {
      type: 'summary',
      // The reader also counts blocks Wireshark numbers as frames but that carry no packet.
      packets: Math.max(this.packets, this.reader.frames),
      bytes: this.bytes,
      flows: this.flowCount,
      leaks: this.leakTracker.size,
      suspects: this.suspectKeys.size,
      anomalies: this.anomalyTotal,
      dns: this.counts.dns,
      tls: this.counts.tls,
      http: this.counts.http,
      firstTs: this.packets > 0 ? this.firstTs : null,
      lastTs: this.packets > 0 ? this.ts : null,
      anomalyCounts: { ...this.anomalyCounts },
    };
    if (this.reader.error) s.inputError = this.reader.error.message;
    return s;
  }

  /** Where a flow's packets are in the capture file, and where its matches are. */
  evidence(flowId: number): FlowEvidence | null {
    return this.evidenceIndex.flow(flowId);
  }

  flowInfo(flowId: number): { transport: TransportName; client: string; server: string } | null {
    return this.flowInfos.get(flowId) ?? null;
  }

  // ---- used by the protocol handlers ------------------------------------------------------

  emit(record: EngineRecord): void {
    if (record.type === 'dns' || record.type === 'tls' || record.type === 'http') this.counts[record.type]++;
    this.out.push(record);
  }

  /** Name the flow's server (SNI / Host beat a DNS-derived name). */
  private nameFlow(flow: FlowState, host: string): void {
    const app = flow.app as FlowApp;
    app.host = host;
    this.dirtyFlows.add(flow);
  }

  nameServer(flow: FlowState, name: string, source: NameSource, learn: AddressName | null): void {
    if (source !== 'certificate' || !(flow.app as FlowApp).host) this.nameFlow(flow, name);
    if (learn) this.hosts.learn(learn.ip, learn.host, source);
  }

  learnHost(ip: string, name: string, source: NameSource): void {
    this.hosts.learn(ip, name, source);
  }

  /**
   * Turn a matcher hit into a leak record. `info.context` was taken from the bytes the match
   * offsets refer to (stream, datagram, decoded name); an absent `info.host` is the flow's.
   */
  reportLeak(flow: FlowState, direction: Direction, match: Match, info: LeakInfo): void {
    const app = flow.app as FlowApp;
    const sighting: LeakSighting = {
      frame: info.frames[info.frames.length - 1] ?? this.frame,
      frames: info.frames.length ? info.frames : [this.frame],
      ts: info.ts || this.ts,
      identifier: match.identifier,
      encoding: match.encoding,
      protocol: info.protocol,
      transport: info.transport,
      where: info.where,
      client: direction === 'out' ? flow.client : flow.server,
      server: direction === 'out' ? flow.server : flow.client,
      host: info.host === undefined ? app.host : info.host,
      direction,
      context: info.context,
      flowId: flow.id,
      offset: match.start,
      length: match.end - match.start,
    };
    const record = this.leakTracker.add(sighting);
    if (record.count === 1) app.leaks++;
    if (info.highlight && app.highlights.length < MAX_HIGHLIGHTS_PER_FLOW) {
      app.highlights.push({
        direction,
        offset: match.start,
        length: match.end - match.start,
        kind: record.kind,
        encoding: match.encoding,
      });
      this.evidenceIndex.setHighlights(flow.id, app.highlights);
    }
    this.dirtyFlows.add(flow);
    this.out.push({ ...record, occurrenceFrames: record.occurrenceFrames.slice() });
  }

  /**
   * Look for identifier-shaped values the user did not enter (match/suspects.ts) in plaintext
   * the phone sent. A value that is one of the user's identifiers is a leak, not a suspect.
   */
  scanSuspects(flow: FlowState, direction: Direction, bytes: Uint8Array, info: SuspectScanInfo): void {
    const findings = this.tools.suspectFindings(
      bytes,
      info,
      (kind, value) => this.suspectKey(flow, kind, value, info.host) !== null,
    );
    if (findings.length)
      this.applySuspectFindings(flow, direction, { protocol: info.protocol, host: info.host, findings });
  }

  /** Suspect findings a flow shard made in its own bytes (shard/recording-host.ts). */
  applySuspectFindings(flow: FlowState, direction: Direction, found: SuspectFindings): void {
    for (const f of found.findings) {
      if (f.type === 'nearby') {
        this.reportNearby(flow, direction, f.match, f.where, f.context, f.frame, found);
        continue;
      }
      const key = this.suspectKey(flow, f.kind, f.value, found.host);
      if (key !== null) this.addSuspect(flow, direction, key, f, found);
    }
  }

  /** The key of a suspect not reported yet (kind, destination, value), or null. */
  private suspectKey(
    flow: FlowState,
    kind: string,
    value: string,
    host: string | null | undefined,
  ): string | null {
    const name = host === undefined ? (flow.app as FlowApp).host : host;
    const key = `${kind}\u0000${name ?? flow.server}\u0000${value}`;
    if (this.suspectKeys.has(key) || this.suspectKeys.size >= MAX_SUSPECT_KEYS) return null;
    return key;
  }

  private addSuspect(
    flow: FlowState,
    direction: Direction,
    key: string,
    f: Extract<SuspectFinding, { type: 'suspect' }>,
    info: { protocol: string; host?: string | null },
  ): void {
    this.suspectKeys.add(key);
    this.out.push({
      type: 'suspect',
      frame: f.frame,
      ts: this.ts,
      kind: f.kind,
      key: f.key,
      reason: f.reason,
      protocol: info.protocol,
      where: f.where,
      client: direction === 'out' ? flow.client : flow.server,
      server: direction === 'out' ? flow.server : flow.client,
      host: info.host === undefined ? (flow.app as FlowApp).host : info.host,
      direction,
      context: f.context,
      flowId: flow.id,
    });
  }

  /** A GPS pair near one of the user's locations (scan-tools.ts): a leak of that location. */
  private reportNearby(
    flow: FlowState,
    direction: Direction,
    match: Match,
    where: LeakInfo['where'],
    context: string,
    frame: number,
    info: { protocol: string; host?: string | null },
  ): void {
    this.reportLeak(flow, direction, match, {
      protocol: info.protocol,
      transport: flow.transport,
      where,
      frames: [frame],
      ts: this.ts,
      context,
      host: info.host,
      highlight: false,
    });
  }

  scanName(
    flow: FlowState,
    direction: Direction,
    name: string,
    where: LeakInfo['where'],
    protocol: string,
    transport: TransportName,
    frames: number[],
  ): void {
    if (!this.matcher || !name) return;
    const bytes = new TextEncoder().encode(name);
    for (const m of this.matcher.scanBuffer(bytes)) {
      this.reportLeak(flow, direction, m, {
        protocol,
        transport,
        where,
        frames,
        ts: this.ts,
        context: this.context(bytes, m.start, m.end),
        host: maskValue(name, m.start, m.end),
        highlight: false,
      });
    }
  }

  context(bytes: Uint8Array, start: number, end: number): string {
    return this.tools.context(bytes, start, end);
  }

  /** Markers a live capture left as packet comments (shared/marker-comment.ts) return to the timeline. */
  private restoreMarkers(comments: readonly string[]): void {
    for (const c of comments) {
      const m = parseMarkerComment(c);
      if (m) {
        const frame = m.beforeFirstPacket ? null : this.frame;
        this.emit({ type: 'marker', id: ++this.markers, ts: m.ts, label: m.label, frame });
      }
    }
  }

  private addAnomaly(name: string, detail?: string): void {
    this.anomalyTotal++;
    const n = (this.anomalyCounts[name] = (this.anomalyCounts[name] ?? 0) + 1);
    if (n <= MAX_ANOMALY_RECORDS_PER_NAME) {
      const rec: AnomalyRecord = { type: 'anomaly', name };
      if (this.frame) rec.frame = this.frame;
      if (detail) rec.detail = detail;
      this.out.push(rec);
    }
  }

  private flushFlows(): void {
    for (const flow of this.dirtyFlows) this.out.push(this.flowRecord(flow));
    this.dirtyFlows.clear();
  }

  private flowRecord(flow: FlowState): FlowRecord {
    const app = flow.app as FlowApp;
    const record: FlowRecord = {
      type: 'flow',
      flowId: flow.id,
      transport: flow.transport,
      client: flow.client,
      server: flow.server,
      protocol: app.protocol,
      host: app.host,
      firstTs: flow.firstTs,
      lastTs: flow.lastTs,
      firstFrame: flow.firstFrame,
      packets: flow.packets,
      bytesOut: flow.bytesOut,
      bytesIn: flow.bytesIn,
      leaks: app.leaks,
    };
    if (this.enrich) enrichFlowRecord(record, this.enrich, flow.serverIp);
    return record;
  }

  private statsRecord(): EngineRecord {
    return {
      type: 'stats',
      packets: this.packets,
      bytes: this.bytes,
      fileBytes: this.reader.bytesConsumed,
      flows: this.flowCount,
      leaks: this.leakTracker.size,
      anomalies: this.anomalyTotal,
    };
  }
}
