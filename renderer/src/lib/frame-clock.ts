/**
 * Times of frames the UI has no record for. A leak lists the frame of every sighting, but only
 * the first one's time; the timeline and the time-range filter need them all. Every record with
 * both a frame and a time (flow starts, DNS messages, leaks) is an anchor; a frame between two
 * anchors gets the time linearly interpolated between them, one before the first or after the
 * last anchor gets that anchor's time. Frames are in capture order, so for an ordinary capture
 * the estimate lies between the times of the nearest known frames on either side.
 */
export class FrameClock {
  private constructor(
    private readonly frames: Float64Array,
    private readonly times: Float64Array,
  ) {}

  /** Builds the clock from (frame, ts) pairs in any order; a frame seen twice keeps its first time. */
  static from(anchors: readonly (readonly [frame: number, ts: number])[]): FrameClock {
    const valid = anchors.filter(([f, t]) => Number.isFinite(f) && Number.isFinite(t));
    // Records arrive nearly in frame order, which makes this sort close to linear.
    const order = valid.map((_, i) => i).sort((a, b) => valid[a][0] - valid[b][0] || a - b);
    const frames: number[] = [];
    const times: number[] = [];
    for (const i of order) {
      const [f, t] = valid[i];
      if (frames.length > 0 && frames[frames.length - 1] === f) continue;
      frames.push(f);
      times.push(t);
    }
    return new FrameClock(Float64Array.from(frames), Float64Array.from(times));
  }

  get size(): number {
    return this.frames.length;
  }

  /** The (estimated) time of `frame`, or null when the clock has no anchor at all. */
  timeOf(frame: number): number | null {
    const n = this.frames.length;
    if (n === 0) return null;
    if (frame <= this.frames[0]) return this.times[0];
    if (frame >= this.frames[n - 1]) return this.times[n - 1];
    let lo = 0;
    let hi = n - 1;
    // Invariant: frames[lo] < frame < frames[hi], or one of them equals it.
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (this.frames[mid] <= frame) lo = mid;
      else hi = mid;
    }
    if (this.frames[lo] === frame) return this.times[lo];
    const f0 = this.frames[lo];
    const f1 = this.frames[hi];
    const t0 = this.times[lo];
    const t1 = this.times[hi];
    return t0 + ((t1 - t0) * (frame - f0)) / (f1 - f0);
  }
}
