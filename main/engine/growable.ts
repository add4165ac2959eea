/** Append-only typed arrays that grow by doubling: compact per-frame and per-flow indexes. */

export class GrowableFloat64 {
  private data: Float64Array;
  length = 0;
  constructor(initial = 1024) {
    this.data = new Float64Array(initial);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  get(i: number): number {
    return this.data[i];
  }
}

export class GrowableUint32 {
  private data: Uint32Array;
  length = 0;
  constructor(initial = 16) {
    this.data = new Uint32Array(initial);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  get(i: number): number {
    return this.data[i];
  }
  last(): number | undefined {
    return this.length ? this.data[this.length - 1] : undefined;
  }
  toArray(): number[] {
    return Array.from(this.data.subarray(0, this.length));
  }
}

/** Frames one block of a FrameLists arena holds. */
const BLOCK = 16;

/**
 * Append-only lists of numbers keyed by small integer ids (a flow's frames, by flow id), kept in
 * one arena of fixed-size blocks chained per list. One growable typed array per list cost an
 * ArrayBuffer allocation each time a list doubled (thousands per capture, each far dearer than
 * an append), and three objects to reach per append; here an append writes into the arena and
 * the per-id bookkeeping arrays, which only grow (by doubling) when the arena or the ids do.
 * A list wastes at most one partly filled block.
 */
export class BlockLists {
  private arena = new Uint32Array(BLOCK * 1024);
  /** Per block: the block that continues its list, or -1. */
  private nextBlock = new Int32Array(1024);
  private blocks = 0;
  /** Per id: first and last block of its list (-1: no list), and how many values the last block holds. */
  private first = new Int32Array(1024).fill(-1);
  private last = new Int32Array(1024);
  private fill = new Uint8Array(1024);

  /** Appends `value` to list `id` (a non-negative integer), unless it is already the list's last value. */
  addUnlessLast(id: number, value: number): void {
    if (id >= this.first.length) this.growIds(id);
    let block = this.first[id];
    if (block < 0) {
      block = this.newBlock();
      this.first[id] = block;
      this.last[id] = block;
      this.fill[id] = 0;
    } else {
      block = this.last[id];
      const filled = this.fill[id];
      if (this.arena[block * BLOCK + filled - 1] === value) return;
      if (filled === BLOCK) {
        const next = this.newBlock();
        this.nextBlock[block] = next;
        this.last[id] = next;
        this.fill[id] = 0;
        block = next;
      }
    }
    this.arena[block * BLOCK + this.fill[id]++] = value;
  }

  /** List `id` in order of appending, or null if nothing was ever added to it. */
  values(id: number): number[] | null {
    if (!Number.isInteger(id) || id < 0 || id >= this.first.length || this.first[id] < 0) return null;
    const out: number[] = [];
    const last = this.last[id];
    for (let block = this.first[id]; ; block = this.nextBlock[block]) {
      const count = block === last ? this.fill[id] : BLOCK;
      for (let i = 0; i < count; i++) out.push(this.arena[block * BLOCK + i]);
      if (block === last) return out;
    }
  }

  private newBlock(): number {
    if (this.blocks === this.nextBlock.length) {
      const arena = new Uint32Array(this.arena.length * 2);
      arena.set(this.arena);
      this.arena = arena;
      const nextBlock = new Int32Array(this.nextBlock.length * 2);
      nextBlock.set(this.nextBlock);
      this.nextBlock = nextBlock;
    }
    this.nextBlock[this.blocks] = -1;
    return this.blocks++;
  }

  private growIds(id: number): void {
    let size = this.first.length;
    while (size <= id) size *= 2;
    const first = new Int32Array(size).fill(-1);
    first.set(this.first);
    this.first = first;
    const last = new Int32Array(size);
    last.set(this.last);
    this.last = last;
    const fill = new Uint8Array(size);
    fill.set(this.fill);
    this.fill = fill;
  }
}
