/**
 * UDP datagrams of a capture file, read with the engine's own capture reader, packet decoder
 * and IP fragment reassembler (so tunnels, PPP and fragments are handled as the engine will),
 * grouped into flows whose client is the endpoint that spoke first.
 */
import { readFileSync } from 'node:fs';
import { decodePacket } from '../../ip/decode-packet';
import { FragmentReassembler } from '../../ip/fragment-reassembler';
import { CaptureReader } from '../../pcap/capture-reader';

export interface UdpDatagram {
  /** The frame that carried (or, for fragments, completed) the datagram. */
  frame: number;
  /** Stable key of the flow (both directions). */
  flow: string;
  fromClient: boolean;
  payload: Uint8Array;
}

export function readUdpDatagrams(path: string): UdpDatagram[] {
  const out: UdpDatagram[] = [];
  const clients = new Map<string, string>();
  const noAnomalies = () => {};
  const reasm = new FragmentReassembler(noAnomalies);
  const reader = new CaptureReader({
    onPacket(pkt) {
      for (const d of decodePacket(pkt, reasm, noAnomalies)) {
        if (d.transport.kind !== 'udp') continue;
        const a = `${d.ip.src}|${d.transport.srcPort}`;
        const b = `${d.ip.dst}|${d.transport.dstPort}`;
        const flow = a < b ? `${a}>${b}` : `${b}>${a}`;
        if (!clients.has(flow)) clients.set(flow, a);
        out.push({
          frame: d.frame,
          flow,
          fromClient: clients.get(flow) === a,
          payload: d.transport.payload.slice(),
        });
      }
    },
  });
  reader.push(readFileSync(path));
  reader.end();
  return out;
}
