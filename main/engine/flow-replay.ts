/**
 * Rebuild one flow's reassembled data from its packets (read back from the capture file), with
 * the same decoders and the same TCP reassembler the engine used — so stream offsets here are
 * the offsets the engine reported for its leaks.
 */
import type { AnomalySink } from './anomaly';
import { ignoreAnomalies } from './anomaly';
import { decodePacket } from './ip/decode-packet';
import { endpointText } from './ip/ip-address';
import { FragmentReassembler } from './ip/fragment-reassembler';
import type { CapturedPacket } from './pcap/types';
import { TcpDirection, type StreamSink } from './transport/tcp-reassembler';

export interface ReplayedChunk {
  direction: 'out' | 'in';
  offset: number;
  frame: number;
  bytes: Uint8Array;
}

export interface ReplayResult {
  chunks: ReplayedChunk[];
  truncated: boolean;
}

/**
 * `client` and `server` are the flow's endpoints as the engine reported them ("ip:port").
 * Collects at most `maxBytes` of payload.
 */
export function replayFlow(
  packets: Iterable<CapturedPacket>,
  flow: { transport: 'tcp' | 'udp'; client: string; server: string },
  maxBytes: number,
  anomaly: AnomalySink = ignoreAnomalies,
): ReplayResult {
  const chunks: ReplayedChunk[] = [];
  let total = 0;
  let truncated = false;
  const add = (direction: 'out' | 'in', bytes: Uint8Array, offset: number, frame: number) => {
    if (truncated) return;
    if (total + bytes.length > maxBytes) {
      truncated = true;
      bytes = bytes.subarray(0, maxBytes - total);
      if (!bytes.length) return;
    }
    total += bytes.length;
    chunks.push({ direction, offset, frame, bytes: bytes.slice() });
  };
  const sink = (direction: 'out' | 'in'): StreamSink => ({
    onData: (bytes, offset, frame) => add(direction, bytes, offset, frame),
    onGap: () => {},
  });
  const tcp = [new TcpDirection(sink('out'), {}, anomaly), new TcpDirection(sink('in'), {}, anomaly)];
  const udpOffset = [0, 0];
  const reasm = new FragmentReassembler(anomaly);

  for (const p of packets) {
    for (const d of decodePacket(p, reasm, anomaly)) {
      const t = d.transport;
      if (t.kind !== flow.transport) continue;
      if (t.kind !== 'tcp' && t.kind !== 'udp') continue;
      const src = endpointText(d.ip.src, t.srcPort);
      const dst = endpointText(d.ip.dst, t.dstPort);
      let i: 0 | 1;
      if (src === flow.client && dst === flow.server) i = 0;
      else if (src === flow.server && dst === flow.client) i = 1;
      else continue;
      if (t.kind === 'tcp') {
        tcp[i].push(t.seq, t.flags, t.payload, p.frame);
      } else if (t.payload.length) {
        add(i === 0 ? 'out' : 'in', t.payload, udpOffset[i], p.frame);
        udpOffset[i] += t.payload.length;
      }
    }
  }
  tcp[0].flush();
  tcp[1].flush();
  // Chunks from the two directions interleave in the order their frames were captured.
  chunks.sort((a, b) => a.frame - b.frame || (a.direction === b.direction ? a.offset - b.offset : 0));
  return { chunks, truncated };
}
