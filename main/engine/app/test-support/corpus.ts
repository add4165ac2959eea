/**
 * Reading the public corpus (/work/shared/corpus, see its README) for cross-checks: the tshark
 * oracle JSON of a capture, and the capture's payloads extracted by tshark itself, so that the
 * parsers under test see exactly the bytes tshark saw, without our own capture reader.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasTshark, run } from './tools';

export const CORPUS_DIR = process.env.PHONEHOME_CORPUS ?? '/work/shared/corpus';
export const hasCorpus = hasTshark && existsSync(join(CORPUS_DIR, 'manifest.tsv'));

export function corpusPath(name: string): string {
  return join(CORPUS_DIR, name);
}

// The oracle is tshark's JSON; tests read the few fields they compare.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function oracle(name: string): any {
  return JSON.parse(readFileSync(corpusPath(`${name}.oracle.json`), 'utf8'));
}

function hex(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The corpus oracle was made with these options; the extraction uses the same. */
const TSHARK_OPTIONS = ['-n', '-2', '-o', 'tcp.reassemble_out_of_order:TRUE'];

/** UDP payloads of the frames matching `filter`: [frame, payload]. */
export function udpPayloads(name: string, filter: string): [number, Uint8Array][] {
  const out = run('tshark', [
    '-r',
    corpusPath(name),
    ...TSHARK_OPTIONS,
    '-Y',
    filter,
    '-T',
    'fields',
    '-E',
    'occurrence=l',
    '-e',
    'frame.number',
    '-e',
    'udp.length',
    '-e',
    'udp.payload',
  ]);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t'))
    .filter(([, , payload]) => payload)
    .map(([frame, length, payload]) => {
      // udp.payload is whatever follows the header; the UDP length field says how much is payload.
      const bytes = hex(payload);
      const declared = Number(length) - 8;
      return [Number(frame), declared >= 0 && declared < bytes.length ? bytes.subarray(0, declared) : bytes];
    });
}

export interface Delivery {
  bytes: Uint8Array;
  offset: number;
  frame: number;
}

export interface TcpDirection {
  stream: number;
  src: string;
  sport: number;
  dport: number;
  /** The direction's bytes in stream order, as an in-order reassembler would hand them on. */
  deliveries: Delivery[];
  /** The first frame of this direction with FIN or RST, or null. */
  closeFrame: number | null;
}

/**
 * Every TCP direction with payload, keyed "stream/sport", reassembled in order: segments that
 * arrive early wait for the hole to fill (and are then delivered with the frame that filled
 * it), retransmitted bytes are dropped. Offsets count from the direction's lowest sequence
 * number seen in a data segment.
 */
export function tcpDirections(name: string): Map<string, TcpDirection> {
  const out = run('tshark', [
    '-r',
    corpusPath(name),
    ...TSHARK_OPTIONS,
    '-Y',
    'tcp.len > 0 || tcp.flags.fin == 1 || tcp.flags.reset == 1',
    '-T',
    'fields',
    '-E',
    'occurrence=l',
    '-e',
    'frame.number',
    '-e',
    'tcp.stream',
    '-e',
    'ip.src',
    '-e',
    'ipv6.src',
    '-e',
    'tcp.srcport',
    '-e',
    'tcp.dstport',
    '-e',
    'tcp.seq_raw',
    '-e',
    'tcp.payload',
    '-e',
    'tcp.flags.fin',
    '-e',
    'tcp.flags.reset',
  ]);
  const raw = new Map<
    string,
    { dir: TcpDirection; segs: { frame: number; seq: number; bytes: Uint8Array }[] }
  >();
  for (const line of out.split('\n')) {
    if (!line) continue;
    const [frame, stream, ip4, ip6, sport, dport, seq, payload, fin, rst] = line.split('\t');
    const key = `${stream}/${sport}`;
    let entry = raw.get(key);
    if (!entry) {
      const dir: TcpDirection = {
        stream: Number(stream),
        src: ip4 || ip6,
        sport: Number(sport),
        dport: Number(dport),
        deliveries: [],
        closeFrame: null,
      };
      entry = { dir, segs: [] };
      raw.set(key, entry);
    }
    const closing = fin === '1' || fin === 'True' || rst === '1' || rst === 'True';
    if (closing && entry.dir.closeFrame === null) entry.dir.closeFrame = Number(frame);
    if (payload) entry.segs.push({ frame: Number(frame), seq: Number(seq), bytes: hex(payload) });
  }
  const result = new Map<string, TcpDirection>();
  for (const [key, { dir, segs }] of raw) {
    if (segs.length === 0) continue;
    const base = segs.reduce(
      (m, s) => (((s.seq - segs[0].seq) | 0) < ((m - segs[0].seq) | 0) ? s.seq : m),
      segs[0].seq,
    );
    let next = 0;
    const waiting: { frame: number; offset: number; bytes: Uint8Array }[] = [];
    for (const s of segs) {
      waiting.push({ frame: s.frame, offset: (s.seq - base) >>> 0, bytes: s.bytes });
      let progressed = true;
      while (progressed) {
        progressed = false;
        for (let i = 0; i < waiting.length; i++) {
          const w = waiting[i];
          if (w.offset > next) continue;
          waiting.splice(i, 1);
          const skip = next - w.offset;
          if (skip < w.bytes.length) {
            dir.deliveries.push({ bytes: w.bytes.subarray(skip), offset: next, frame: s.frame });
            next += w.bytes.length - skip;
          }
          progressed = true;
          break;
        }
      }
    }
    result.set(key, dir);
  }
  return result;
}
