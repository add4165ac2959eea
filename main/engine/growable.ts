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
