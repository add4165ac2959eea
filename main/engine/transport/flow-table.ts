/**
 * The flow table: maps each TCP/UDP packet to its connection and says which side sent it.
 *
 * Threat model: packets are untrusted and a scan or flood can create flows without end, so the
 * table is bounded: flows idle longer than their timeout (packet time) are evicted, and beyond
 * maxFlows the least recently used flow is evicted with anomaly 'flow-table-full'. Each eviction
 * calls onEvict so the owner can flush the flow's reassemblers.
 *
 * Performance: a lookup runs for every packet. Building a string key per packet (and hashing it)
 * cost several times more than the rest of the lookup, so flows are found through a numeric hash
 * of both endpoints instead, seeded at random per table so that crafted addresses cannot force
 * collisions; colliding flows share a short chain and are told apart by comparing endpoints.
 * The chains hang off a power-of-two array (a Map of numbers cost more than the rest of the
 * lookup), and about half of all packets belong to the same flow as the packet before, so the
 * last flow found is tried before any hashing. Flows also sit on intrusive LRU lists, one per
 * timeout class, for constant-time expiry; a flow already last on its list stays put.
 */
import { ignoreAnomalies, type AnomalySink } from '../anomaly';
import type { DecodedPacket } from '../ip/decoded-packet';
import { endpointText } from '../ip/ip-address';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from './tcp-header';

export interface FlowState {
  /** 1-based, in creation order. */
  id: number;
  transport: 'tcp' | 'udp';
  clientIp: string;
  clientPort: number;
  serverIp: string;
  serverPort: number;
  /** Endpoint text, "ip:port" or "[ipv6]:port". */
  client: string;
  server: string;
  /** Packet times (seconds since the epoch) of the first and latest packet. */
  firstTs: number;
  lastTs: number;
  firstFrame: number;
  packets: number;
  /** Transport payload bytes sent by the client ('out') and by the server ('in'). */
  bytesOut: number;
  bytesIn: number;
  /** TCP flags seen from each side, OR-ed together (0 for UDP). */
  tcpFlagsOut: number;
  tcpFlagsIn: number;
  /** Free for the engine's per-flow application state. */
  app: unknown;
}

/**
 * What lookup returns. The table reuses one FlowHit for every lookup (it runs per packet), so a
 * FlowHit is valid only until the next lookup: read its fields at once, keep `flow` if needed.
 */
export interface FlowHit {
  flow: FlowState;
  /** 'out' when the packet comes from the client. */
  direction: 'out' | 'in';
}

export type EvictReason = 'idle' | 'full' | 'reused';

export interface FlowTableOptions {
  maxFlows?: number;
  /** Idle timeouts in seconds of packet time. */
  tcpIdleSec?: number;
  /** For TCP flows that saw a RST or a FIN from both sides. */
  tcpClosedIdleSec?: number;
  udpIdleSec?: number;
  anomaly?: AnomalySink;
  onEvict?: (flow: FlowState, reason: EvictReason) => void;
}

/**
 * Ports on which the receiving side is taken as the server when no handshake says otherwise:
 * everything below 1024, plus services phones talk to on higher ports.
 */
const SERVICE_PORTS = new Set([
  853, 1883, 1900, 3478, 4500, 5222, 5223, 5228, 5353, 5355, 8080, 8443, 8883, 19302,
]);

function isServicePort(port: number): boolean {
  return port < 1024 || SERVICE_PORTS.has(port);
}

const LIST_TCP = 0;
const LIST_TCP_CLOSED = 1;
const LIST_UDP = 2;

interface FlowEntry {
  hash: number;
  flow: FlowState;
  /** Next entry with the same hash. */
  chain: FlowEntry | null;
  list: number;
  previous: FlowEntry | null;
  next: FlowEntry | null;
}

/** FNV-1a over the string's UTF-16 code units, from a per-table seed. */
function hashString(text: string, seed: number): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

const ADDRESS_SLOTS = 256;
/** Buckets of an empty table; the array doubles whenever the flows outnumber its slots. */
const INITIAL_BUCKETS = 1024;

/**
 * Remembers the hashes of recent address strings. The IP decoder hands out the same string
 * object for a repeated address (ip-address.ts caches them), so a slot chosen from the length
 * and the last two characters, confirmed by `===` (a pointer comparison for the same object),
 * replaces hashing the whole text twice per packet. A miss hashes and takes the slot over, so
 * the cache is bounded and a flood of addresses only makes it miss.
 */
class AddressHashes {
  private readonly keys = new Array<string>(ADDRESS_SLOTS).fill('');
  private readonly hashes = new Int32Array(ADDRESS_SLOTS);

  constructor(private readonly seed: number) {}

  of(text: string): number {
    const n = text.length;
    if (n < 2) return hashString(text, this.seed);
    const slot = (n * 31 + text.charCodeAt(n - 1) * 7 + text.charCodeAt(n - 2)) & (ADDRESS_SLOTS - 1);
    if (this.keys[slot] === text) return this.hashes[slot];
    const hash = hashString(text, this.seed);
    this.keys[slot] = text;
    this.hashes[slot] = hash;
    return hash;
  }
}

function matches(
  flow: FlowState,
  transport: 'tcp' | 'udp',
  src: string,
  srcPort: number,
  dst: string,
  dstPort: number,
): boolean {
  if (flow.transport !== transport) return false;
  if (
    flow.clientPort === srcPort &&
    flow.serverPort === dstPort &&
    flow.clientIp === src &&
    flow.serverIp === dst
  ) {
    return true;
  }
  return (
    flow.clientPort === dstPort &&
    flow.serverPort === srcPort &&
    flow.clientIp === dst &&
    flow.serverIp === src
  );
}

/**
 * A doubly linked list of entries, least recently used at the head. Both changes say whether
 * a different entry (or none) became the head. (They used to call back the table instead, but
 * each table's callback was a closure of its own, and the optimized lookup that called one
 * was thrown away at the next table's first packet: the call target had changed.)
 */
class LruList {
  head: FlowEntry | null = null;
  tail: FlowEntry | null = null;

  append(entry: FlowEntry): boolean {
    entry.previous = this.tail;
    entry.next = null;
    const newHead = this.tail === null;
    if (newHead) this.head = entry;
    else (this.tail as FlowEntry).next = entry;
    this.tail = entry;
    return newHead;
  }

  remove(entry: FlowEntry): boolean {
    const newHead = entry.previous === null;
    if (newHead) this.head = entry.next;
    else (entry.previous as FlowEntry).next = entry.next;
    if (entry.next) entry.next.previous = entry.previous;
    else this.tail = entry.previous;
    entry.previous = null;
    entry.next = null;
    return newHead;
  }
}

export class FlowTable {
  /** First entry of each hash chain, at hash & (buckets.length - 1). */
  private buckets: (FlowEntry | null)[] = new Array<FlowEntry | null>(INITIAL_BUCKETS).fill(null);
  private count = 0;
  /** The entry the last lookup returned, while it is in the table. */
  private last: FlowEntry | null = null;
  private readonly seed = (Math.random() * 0x100000000) | 0;
  private readonly addressHashes = new AddressHashes(this.seed);
  private readonly lists: LruList[];
  /**
   * Packet time before which no flow can be idle past its timeout, so that expire() has nothing
   * to look at (it reads the head of every list, which per packet cost as much as the rest of a
   * lookup). The time comes from the heads when expire() last walked the lists; a head that
   * sees a packet only moves its deadline later, and a new head resets this to -Infinity.
   */
  private quietUntil = -Infinity;
  private readonly timeouts: number[];
  private readonly maxFlows: number;
  private readonly anomaly: AnomalySink;
  private readonly onEvict: (flow: FlowState, reason: EvictReason) => void;
  private nextId = 1;
  /**
   * The FlowHit every lookup returns (see FlowHit). Made here rather than at the first lookup:
   * an object literal inside lookup, run once per table, invalidated the optimized lookup (and
   * its callers) at each new table's first packet.
   */
  private readonly hit: FlowHit = { flow: null as unknown as FlowState, direction: 'out' };

  constructor(options: FlowTableOptions = {}) {
    this.maxFlows = Math.max(1, options.maxFlows ?? 200_000);
    this.timeouts = [options.tcpIdleSec ?? 7200, options.tcpClosedIdleSec ?? 120, options.udpIdleSec ?? 120];
    this.anomaly = options.anomaly ?? ignoreAnomalies;
    this.onEvict = options.onEvict ?? (() => {});
    this.lists = [new LruList(), new LruList(), new LruList()];
  }

  get size(): number {
    return this.count;
  }

  forEach(callback: (flow: FlowState) => void): void {
    for (const entry of this.allEntries()) callback(entry.flow);
  }

  /**
   * Finds or creates the flow of a TCP or UDP packet at packet time `ts` and counts the packet.
   * Returns null for other transports. The FlowHit is reused by the next lookup.
   */
  lookup(packet: DecodedPacket, ts: number): FlowHit | null {
    const transport = packet.transport;
    if (transport.kind === 'other') return null;
    this.expire(ts);
    const src = packet.ip.src;
    const dst = packet.ip.dst;
    const srcPort = transport.srcPort;
    const dstPort = transport.dstPort;
    const kind = transport.kind;
    const flags = kind === 'tcp' ? transport.flags : 0;
    let entry = this.last;
    if (entry === null || !matches(entry.flow, kind, src, srcPort, dst, dstPort)) {
      entry = this.find(this.hashOf(kind, src, srcPort, dst, dstPort), kind, src, srcPort, dst, dstPort);
    }
    if (entry !== null && isNewConnection(entry.flow, flags)) {
      this.evict(entry, 'reused');
      entry = null;
    }
    if (entry === null) {
      entry = this.create(this.hashOf(kind, src, srcPort, dst, dstPort), packet, srcPort, dstPort, flags, ts);
    }
    this.last = entry;
    const flow = entry.flow;
    const out = src === flow.clientIp && srcPort === flow.clientPort;
    if (ts > flow.lastTs) flow.lastTs = ts;
    flow.packets++;
    if (out) {
      flow.bytesOut += transport.payload.length;
      flow.tcpFlagsOut |= flags;
    } else {
      flow.bytesIn += transport.payload.length;
      flow.tcpFlagsIn |= flags;
    }
    const list = entry.list === LIST_TCP && isClosed(flow) ? LIST_TCP_CLOSED : entry.list;
    if (list !== entry.list || entry.next !== null) {
      this.unlink(entry);
      this.append(list, entry);
    }
    this.hit.flow = flow;
    this.hit.direction = out ? 'out' : 'in';
    return this.hit;
  }

  /**
   * The hash of a flow's endpoints. Each endpoint hashes on its own, and the two are combined
   * symmetrically, so both directions of a flow land on the same hash.
   */
  private hashOf(kind: 'tcp' | 'udp', src: string, srcPort: number, dst: string, dstPort: number): number {
    const srcHash = Math.imul(this.addressHashes.of(src), 0x2c1b3c6d) + srcPort;
    const dstHash = Math.imul(this.addressHashes.of(dst), 0x2c1b3c6d) + dstPort;
    const mixed =
      (srcHash ^ dstHash) + Math.imul(srcHash & dstHash, 0x9e3779b1) + (kind === 'tcp' ? 0 : 0x5bd1e995);
    return (mixed ^ (mixed >>> 16)) & 0x3fffffff;
  }

  private find(
    hash: number,
    kind: 'tcp' | 'udp',
    src: string,
    srcPort: number,
    dst: string,
    dstPort: number,
  ): FlowEntry | null {
    let entry = this.buckets[hash & (this.buckets.length - 1)];
    while (entry !== null && (entry.hash !== hash || !matches(entry.flow, kind, src, srcPort, dst, dstPort)))
      entry = entry.chain;
    return entry;
  }

  /**
   * Doubles the bucket array and re-chains every entry. A flow's endpoints are in at most one
   * entry (lookup creates one only when none matches), so the order within a chain is free.
   */
  private grow(): void {
    const old = this.buckets;
    const buckets = new Array<FlowEntry | null>(old.length * 2).fill(null);
    const mask = buckets.length - 1;
    for (let i = 0; i < old.length; i++) {
      let entry = old[i];
      while (entry !== null) {
        const next = entry.chain;
        const slot = entry.hash & mask;
        entry.chain = buckets[slot];
        buckets[slot] = entry;
        entry = next;
      }
    }
    this.buckets = buckets;
  }

  /** Evicts flows idle past their timeout at packet time `now`. */
  expire(now: number): void {
    if (now < this.quietUntil) return;
    let quietUntil = Infinity;
    for (let list = 0; list < this.lists.length; list++) {
      const timeout = this.timeouts[list];
      let head = this.lists[list].head;
      while (head !== null && now - head.flow.lastTs > timeout) {
        this.evict(head, 'idle');
        head = this.lists[list].head;
      }
      // A second short of the deadline, so that rounding can never skip a flow that is due.
      if (head !== null) quietUntil = Math.min(quietUntil, head.flow.lastTs + timeout - 1);
    }
    this.quietUntil = quietUntil;
  }

  /** Evicts every flow (end of capture). */
  evictAll(): void {
    for (const entry of [...this.allEntries()]) this.evict(entry, 'idle');
  }

  private *allEntries(): Generator<FlowEntry> {
    for (const list of this.lists) {
      for (let entry = list.head; entry !== null; entry = entry.next) yield entry;
    }
  }

  private create(
    hash: number,
    packet: DecodedPacket,
    srcPort: number,
    dstPort: number,
    flags: number,
    ts: number,
  ): FlowEntry {
    if (this.count >= this.maxFlows) this.evictLeastRecent();
    const senderIsClient = chooseSenderIsClient(packet.transport.kind === 'tcp', flags, srcPort, dstPort);
    const clientIp = senderIsClient ? packet.ip.src : packet.ip.dst;
    const serverIp = senderIsClient ? packet.ip.dst : packet.ip.src;
    const clientPort = senderIsClient ? srcPort : dstPort;
    const serverPort = senderIsClient ? dstPort : srcPort;
    const flow: FlowState = {
      id: this.nextId++,
      transport: packet.transport.kind === 'tcp' ? 'tcp' : 'udp',
      clientIp,
      clientPort,
      serverIp,
      serverPort,
      client: endpointText(clientIp, clientPort),
      server: endpointText(serverIp, serverPort),
      firstTs: ts,
      lastTs: ts,
      firstFrame: packet.frame,
      packets: 0,
      bytesOut: 0,
      bytesIn: 0,
      tcpFlagsOut: 0,
      tcpFlagsIn: 0,
      app: undefined,
    };
    if (this.count >= this.buckets.length) this.grow();
    const slot = hash & (this.buckets.length - 1);
    const entry: FlowEntry = {
      hash,
      flow,
      chain: this.buckets[slot],
      list: flow.transport === 'tcp' ? LIST_TCP : LIST_UDP,
      previous: null,
      next: null,
    };
    this.buckets[slot] = entry;
    this.count++;
    this.append(entry.list, entry);
    return entry;
  }

  private evictLeastRecent(): void {
    let oldest: FlowEntry | null = null;
    for (const list of this.lists) {
      if (list.head !== null && (oldest === null || list.head.flow.lastTs < oldest.flow.lastTs))
        oldest = list.head;
    }
    if (oldest === null) return;
    this.anomaly('flow-table-full', `evicted ${oldest.flow.client} -> ${oldest.flow.server}`);
    this.evict(oldest, 'full');
  }

  private evict(entry: FlowEntry, reason: EvictReason): void {
    const slot = entry.hash & (this.buckets.length - 1);
    const first = this.buckets[slot] as FlowEntry;
    if (first === entry) {
      this.buckets[slot] = entry.chain;
    } else {
      let before = first;
      while (before.chain !== entry) before = before.chain as FlowEntry;
      before.chain = entry.chain;
    }
    entry.chain = null;
    if (this.last === entry) this.last = null;
    this.count--;
    this.unlink(entry);
    this.onEvict(entry.flow, reason);
  }

  /** Puts `entry` last on list `list`. A new head resets quietUntil (expire() must look again). */
  private append(list: number, entry: FlowEntry): void {
    entry.list = list;
    if (this.lists[list].append(entry)) this.quietUntil = -Infinity;
  }

  /** Takes `entry` off its list. A new head resets quietUntil (expire() must look again). */
  private unlink(entry: FlowEntry): void {
    if (this.lists[entry.list].remove(entry)) this.quietUntil = -Infinity;
  }
}

/**
 * Who opened the connection: the sender of a SYN without ACK; the receiver of a SYN-ACK; else the
 * side not on a service port; else (both on service ports) the side on the higher port; else
 * whoever spoke first.
 */
function chooseSenderIsClient(tcp: boolean, flags: number, srcPort: number, dstPort: number): boolean {
  if (tcp && (flags & TCP_SYN) !== 0) return (flags & TCP_ACK) === 0;
  const srcService = isServicePort(srcPort);
  const dstService = isServicePort(dstPort);
  if (srcService !== dstService) return dstService;
  if (srcService && srcPort !== dstPort) return srcPort > dstPort;
  return true;
}

/** A SYN (without ACK) on a flow that already ended with FIN or RST opens a new connection. */
function isNewConnection(flow: FlowState, flags: number): boolean {
  return (
    flow.transport === 'tcp' &&
    (flags & (TCP_SYN | TCP_ACK)) === TCP_SYN &&
    ((flow.tcpFlagsOut | flow.tcpFlagsIn) & (TCP_FIN | TCP_RST)) !== 0
  );
}

function isClosed(flow: FlowState): boolean {
  const all = flow.tcpFlagsOut | flow.tcpFlagsIn;
  return (all & TCP_RST) !== 0 || ((flow.tcpFlagsOut & TCP_FIN) !== 0 && (flow.tcpFlagsIn & TCP_FIN) !== 0);
}
