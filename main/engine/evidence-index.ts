/**
 * Where each frame sits in the capture file and which frames belong to which flow, so the
 * services can read a flow's payload back from the file on demand instead of keeping it in
 * memory (DESIGN §8: memory stays flat over hours).
 */
import { BlockLists, GrowableFloat64, GrowableUint32 } from './growable';

export interface FrameLocation {
  frame: number;
  fileOffset: number;
  capLen: number;
  linkType: number;
}

export interface FlowEvidence {
  flowId: number;
  frames: FrameLocation[];
  highlights: { direction: 'out' | 'in'; offset: number; length: number; kind: string; encoding: string }[];
}

export class EvidenceIndex {
  /*
   * Small at first on purpose: the arrays then double a few times within the first few hundred
   * packets, before the per-packet code is optimized, so the growth path has been seen by then.
   * Starting at 4096 entries, the first growth came after pushPacket (which inlines addFrame)
   * was optimized, and discarded that code for lack of feedback on it.
   */
  private readonly offsets = new GrowableFloat64(64);
  private readonly lengths = new GrowableUint32(64);
  private readonly linkTypes = new GrowableUint32(64);
  /** Frame number of entry 0; frames are contiguous from there. */
  private base = -1;
  /** Frames of each flow, by flow id (ids count up from 1, so they index arrays densely). */
  private readonly flowFrames = new BlockLists();
  private readonly flowHighlights = new Map<number, FlowEvidence['highlights']>();

  addFrame(frame: number, fileOffset: number, capLen: number, linkType: number): void {
    // Stored on every frame rather than in a branch taken once (see Engine.pushPacket's firstTs).
    this.base = this.base < 0 ? frame : this.base;
    // Frames arrive in order; a reader that skipped numbers would leave holes, which we fill so
    // that index = frame - base stays true.
    while (this.base + this.offsets.length < frame) {
      this.offsets.push(-1);
      this.lengths.push(0);
      this.linkTypes.push(0);
    }
    this.offsets.push(fileOffset);
    this.lengths.push(capLen);
    this.linkTypes.push(linkType);
  }

  addFlowFrame(flowId: number, frame: number): void {
    // Fragments of one datagram and several datagrams in one frame repeat frame numbers.
    this.flowFrames.addUnlessLast(flowId, frame);
  }

  setHighlights(flowId: number, highlights: FlowEvidence['highlights']): void {
    this.flowHighlights.set(flowId, highlights);
  }

  flow(flowId: number): FlowEvidence | null {
    const list = this.flowFrames.values(flowId);
    if (list === null) return null;
    const frames: FrameLocation[] = [];
    const seen = new Set<number>();
    for (const frame of list) {
      if (seen.has(frame)) continue;
      seen.add(frame);
      const i = frame - this.base;
      const fileOffset = this.offsets.get(i);
      if (i < 0 || i >= this.offsets.length || fileOffset < 0) continue;
      frames.push({ frame, fileOffset, capLen: this.lengths.get(i), linkType: this.linkTypes.get(i) });
    }
    frames.sort((a, b) => a.frame - b.frame);
    return { flowId, frames, highlights: this.flowHighlights.get(flowId) ?? [] };
  }
}
