/**
 * What a flow shard tells the engine (shard-engine.ts → shard-replay.ts): for each sync point —
 * a packet of a flow the shard runs, or the TCP session of such a flow being finished — the
 * calls the shard's session or datagram handler made to the engine, in order. Plain data, so it crosses threads by structured clone.
 *
 * Sync points are counted, not named: the shard and the engine see the same packets in the same
 * order, decode them with the same code and keep identical flow tables (same flow ids, same
 * evictions), so the n-th sync point is the same event on both sides. Groups without calls are
 * not sent; each batch says how many sync points it covers, and the engine checks its own count
 * against it after every chunk, so any disagreement stops the analysis instead of mixing flows.
 */
import type { EngineRecord, LeakPlace, TransportName } from '../../../shared/events';
import type { NameSource } from '../host-names';
import type { Match } from '../match/matcher';
import type { AddressName, Direction, LeakInfo, SuspectFindings } from '../session-host';
import type { FlowState } from '../transport/flow-table';

export type ShardOp =
  | { op: 'anomaly'; name: string; detail?: string }
  | { op: 'emit'; record: EngineRecord }
  | { op: 'name'; name: string; source: NameSource; learn: AddressName | null }
  | { op: 'learn'; ip: string; name: string; source: NameSource }
  | {
      op: 'scan-name';
      direction: Direction;
      name: string;
      where: LeakPlace;
      protocol: string;
      transport: TransportName;
      frames: number[];
    }
  | { op: 'leak'; direction: Direction; match: Match; info: LeakInfo }
  | { op: 'suspects'; direction: Direction; found: SuspectFindings }
  /** The session changed the flow's protocol label (it is read when flow records are built). */
  | { op: 'protocol'; protocol: string };

export interface ShardGroup {
  /** 1-based number of the sync point these calls were made at. */
  sync: number;
  ops: ShardOp[];
}

/** Calls made while the shard read one chunk of the file (or finished, for the last). */
export interface ShardBatch {
  /** Sync points passed from the start of the capture to the end of this chunk. */
  syncs: number;
  groups: ShardGroup[];
}

/**
 * Which flows the shard runs: `shardEighths` out of every eight flow ids, TCP and UDP alike,
 * except datagrams that feed the engine's own tables: DHCP and DHCPv6 (the device list, read
 * with the frame's link header) and DNS, mDNS and LLMNR on their ports (cheap to parse, and
 * the address map wants them first hand).
 */
export function shardOwns(flow: FlowState, shardEighths: number): boolean {
  if (flow.id % 8 >= shardEighths) return false;
  if (flow.transport === 'tcp') return true;
  return !ENGINE_PORTS.has(flow.clientPort) && !ENGINE_PORTS.has(flow.serverPort);
}

const ENGINE_PORTS = new Set([53, 67, 68, 546, 547, 5353, 5355]);
