/**
 * The engine's side of a flow shard (shard-engine.ts): for each flow the shard owns, the engine
 * calls next() where it would have handed the flow a packet or finished its TCP session, and
 * the calls the shard's session or datagram handler made there are replayed against the engine — in the same
 * order relative to every other flow's records as if the engine had run the session itself.
 * Batches must be added before the engine reads the chunk they belong to.
 */
import type { Engine, FlowApp, RemoteSessions } from '../engine';
import type { FlowState } from '../transport/flow-table';
import type { ShardBatch, ShardGroup, ShardOp } from './shard-ops';

export class ShardReplay implements RemoteSessions {
  private syncs = 0;
  private groups: ShardGroup[] = [];
  /** Index in `groups` of the next group to replay. */
  private cursor = 0;
  /** The first disagreement seen between the shard's sync points and the engine's. */
  private mismatch: string | null = null;

  constructor(readonly owns: (flow: FlowState) => boolean) {}

  add(batch: ShardBatch): void {
    if (this.cursor > 0) {
      this.groups = this.groups.slice(this.cursor);
      this.cursor = 0;
    }
    for (const g of batch.groups) this.groups.push(g);
  }

  /**
   * After the engine read the chunk of `batch` (or ended): the shard passed `batch.syncs` sync
   * points by then; the engine must have passed as many and replayed every group.
   */
  check(batch: ShardBatch): string | null {
    if (this.mismatch === null && (this.syncs !== batch.syncs || this.cursor !== this.groups.length)) {
      this.mismatch = `the engine passed ${this.syncs} sync points where the shard passed ${batch.syncs}`;
    }
    return this.mismatch;
  }

  next(engine: Engine, flow: FlowState): void {
    this.syncs++;
    const group = this.groups[this.cursor];
    if (group === undefined || group.sync !== this.syncs) {
      if (group !== undefined && group.sync < this.syncs && this.mismatch === null) {
        this.mismatch = `sync point ${group.sync} of the shard was never reached by the engine`;
      }
      return;
    }
    this.cursor++;
    for (const op of group.ops) apply(engine, flow, op);
  }
}

function apply(engine: Engine, flow: FlowState, op: ShardOp): void {
  switch (op.op) {
    case 'anomaly':
      engine.anomaly(op.name, op.detail);
      break;
    case 'emit':
      engine.emit(op.record);
      break;
    case 'name':
      engine.nameServer(flow, op.name, op.source, op.learn);
      break;
    case 'learn':
      engine.learnHost(op.ip, op.name, op.source);
      break;
    case 'scan-name':
      engine.scanName(flow, op.direction, op.name, op.where, op.protocol, op.transport, op.frames);
      break;
    case 'leak':
      engine.reportLeak(flow, op.direction, op.match, op.info);
      break;
    case 'suspects':
      engine.applySuspectFindings(flow, op.direction, op.found);
      break;
    case 'protocol':
      (flow.app as FlowApp).protocol = op.protocol;
      break;
  }
}
