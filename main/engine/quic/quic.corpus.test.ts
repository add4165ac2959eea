/**
 * Cross-check against the corpus oracle (tshark 4.0 decrypting QUIC Initials): every capture
 * whose oracle lists QUIC ClientHellos is read with the engine's own capture reader and packet
 * decoder (test-support/capture-udp.ts); each UDP flow whose first datagram looksLikeQuic gets
 * its own QuicInitialTracker, as the engine runs it, with the flow's first speaker as client.
 * The {frame, version, sni} of every hello must be the oracle's `quic.client_hellos`, and so
 * the hellos with SNI must be its `quic.sni`. For the captures whose hellos are cut into
 * several CRYPTO frames, the frames that carried each hello are checked too, against the
 * CRYPTO offsets and lengths tshark prints for the client's packets.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, corpusPath, hasCorpus } from '../app/test-support/corpus';
import { run } from '../app/test-support/tools';
import { looksLikeQuic } from './looks-like-quic';
import { QuicInitialTracker, type QuicHelloResult } from './quic-initial-tracker';
import { readUdpDatagrams } from './test-support/capture-udp';

interface OracleHello {
  frame: number;
  version: string;
  sni: string | null;
  flow: { src: string; sport: number };
}

/**
 * Captures whose ClientHellos are cut into several CRYPTO frames, shuffled inside one Initial
 * or spread over several (the corpus's quic_ch_multi_packet tag, and one more).
 */
const SPLIT_HELLOS = [
  'ndpi__quic_frags_ch_out_of_order_same_packet_craziness.pcapng',
  'ndpi__quic_frags_different_dcid.pcapng',
  'suricata-verify__quic-frag-wait__input.pcap',
  'suricata-verify__quic-frag__input.pcap',
  'zeek__quic__quic-multiple-initial-fragmented-crypto-only-initial.pcap',
  'zeek__quic__quic-multiple-initial-fragmented-crypto.pcap',
  'zeek__quic__quic-decrypt-fail-google-de-51833.pcap',
];

function quicOracles(): { file: string; hellos: OracleHello[]; sni: Omit<OracleHello, 'flow'>[] }[] {
  if (!hasCorpus) return [];
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.oracle.json'))
    .map((f) => ({
      file: f.replace(/\.oracle\.json$/, ''),
      oracle: JSON.parse(readFileSync(join(CORPUS_DIR, f), 'utf8')),
    }))
    .filter(
      ({ oracle }) => (oracle.quic?.client_hellos?.length ?? 0) > 0 || (oracle.quic?.sni?.length ?? 0) > 0,
    )
    .map(({ file, oracle }) => ({
      file,
      hellos: oracle.quic.client_hellos as OracleHello[],
      sni: oracle.quic.sni,
    }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

function hellosOf(file: string): QuicHelloResult[] {
  const trackers = new Map<string, QuicInitialTracker | null>();
  const out: QuicHelloResult[] = [];
  for (const d of readUdpDatagrams(join(CORPUS_DIR, file))) {
    let tracker = trackers.get(d.flow);
    if (tracker === undefined) {
      tracker = looksLikeQuic(d.payload) ? new QuicInitialTracker(() => {}) : null;
      trackers.set(d.flow, tracker);
    }
    if (tracker) out.push(...tracker.push(d.payload, d.fromClient, d.frame));
  }
  return out.sort((a, b) => a.frame - b.frame);
}

/**
 * From tshark's view of the client's packets: for each oracle hello, the frames up to the one
 * that completed it whose CRYPTO frames brought stream bytes not seen before (so not plain
 * retransmissions). The client's Initials carry nothing but ClientHello bytes before that.
 */
function tsharkHelloFrames(file: string, hellos: OracleHello[]): number[][] {
  const rows = run('tshark', [
    '-r',
    corpusPath(file),
    '-n',
    '-2',
    '-Y',
    'quic.crypto.offset',
    '-T',
    'fields',
    '-e',
    'frame.number',
    '-e',
    'ip.src',
    '-e',
    'ipv6.src',
    '-e',
    'udp.srcport',
    '-e',
    'quic.crypto.offset',
    '-e',
    'quic.crypto.length',
  ])
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [frame, ip4, ip6, port, offsets, lengths] = line.split('\t');
      const lens = lengths.split(',').map(Number);
      return {
        frame: Number(frame),
        endpoint: `${ip4 || ip6}|${port}`,
        pieces: offsets.split(',').map((o, i) => [Number(o), Number(o) + lens[i]]),
      };
    });
  const lastHello = new Map<string, number>();
  return hellos.map((hello) => {
    const endpoint = `${hello.flow.src}|${hello.flow.sport}`;
    const after = lastHello.get(endpoint) ?? 0;
    lastHello.set(endpoint, hello.frame);
    const seen = new Set<number>();
    const frames: number[] = [];
    for (const row of rows) {
      if (row.endpoint !== endpoint || row.frame <= after || row.frame > hello.frame) continue;
      let fresh = false;
      for (const [from, to] of row.pieces) {
        for (let b = from; b < to; b++) {
          if (seen.has(b)) continue;
          seen.add(b);
          fresh = true;
        }
      }
      if (fresh) frames.push(row.frame);
    }
    return frames;
  });
}

const hex8 = (v: number) => `0x${v.toString(16).padStart(8, '0')}`;
const FILES = quicOracles();

describe.skipIf(!hasCorpus)('QUIC ClientHellos against the corpus oracle', () => {
  it('covers the 209 QUIC SNIs of the public corpus', () => {
    expect(FILES.reduce((n, f) => n + f.sni.length, 0)).toBe(209);
  });

  for (const { file, hellos, sni } of FILES) {
    it(file, () => {
      const results = hellosOf(file);
      const got = results.map((r) => ({ frame: r.frame, version: hex8(r.version), sni: r.hello.sni }));
      expect(got).toEqual(hellos.map((h) => ({ frame: h.frame, version: h.version, sni: h.sni })));
      expect(got.filter((h) => h.sni !== null)).toEqual(sni);
      if (SPLIT_HELLOS.includes(file)) {
        expect(results.map((r) => r.frames)).toEqual(tsharkHelloFrames(file, hellos));
      }
    });
  }
});
