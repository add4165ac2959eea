/**
 * A flow's payload for the evidence view, read back from the capture file by offset: the
 * engine kept only where each packet is, never the payload itself.
 */
import { open } from 'node:fs/promises';
import type { FlowContent } from '../../shared/api';
import type { Engine } from '../engine/engine';
import { replayFlow } from '../engine/flow-replay';
import type { CapturedPacket } from '../engine/pcap/types';

export async function readFlowContent(
  path: string,
  engine: Engine,
  flowId: number,
  maxBytes: number,
): Promise<FlowContent> {
  const evidence = engine.evidence(flowId);
  const flow = engine.flowInfo(flowId);
  if (!evidence || !flow) throw new Error(`Flow ${flowId} is not in this capture.`);
  const handle = await open(path, 'r');
  const packets: CapturedPacket[] = [];
  try {
    for (const loc of evidence.frames) {
      const data = new Uint8Array(loc.capLen);
      await handle.read(data, 0, loc.capLen, loc.fileOffset);
      packets.push({
        frame: loc.frame,
        interfaceId: 0,
        linkType: loc.linkType,
        tsSec: 0,
        tsNsec: 0,
        capLen: loc.capLen,
        origLen: loc.capLen,
        data,
        fileOffset: loc.fileOffset,
      });
    }
  } finally {
    await handle.close();
  }
  const replay = replayFlow(packets, flow, maxBytes);
  return {
    flowId,
    chunks: replay.chunks.map((c) => ({
      direction: c.direction,
      offset: c.offset,
      frame: c.frame,
      data: Buffer.from(c.bytes.buffer, c.bytes.byteOffset, c.bytes.byteLength).toString('base64'),
    })),
    highlights: evidence.highlights,
    truncated: replay.truncated,
  };
}
