/**
 * decodePacket over the public capture corpus (/work/shared/corpus, see its README): it must never
 * throw, and on representative files the frames where it finds TCP, UDP and IP fragments must be
 * the ones tshark finds (tshark runs at test time; it is the oracle, not our own output).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureReader } from '../pcap/capture-reader';
import type { CapturedPacket } from '../pcap/types';
import { decodePacket } from './decode-packet';
import { FragmentReassembler } from './fragment-reassembler';

const CORPUS = '/work/shared/corpus';
const haveCorpus = existsSync(join(CORPUS, 'manifest.tsv'));
const haveTshark = spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;

function captures(): string[] {
  return readdirSync(CORPUS).filter((name) => /\.(pcap|pcapng|cap)$/.test(name));
}

function readPackets(name: string, onPacket: (packet: CapturedPacket) => void): void {
  const reader = new CaptureReader({ onPacket });
  reader.push(readFileSync(join(CORPUS, name)));
  reader.end();
}

/** Per frame: the innermost transport we found ('tcp' / 'udp') and whether it was an IP fragment. */
function ourView(name: string): { transport: Map<number, string>; fragments: Set<number> } {
  const reasm = new FragmentReassembler();
  const transport = new Map<number, string>();
  const fragments = new Set<number>();
  readPackets(name, (packet) => {
    const before = reasm.stats.fragments;
    const decoded = decodePacket(packet, reasm, () => {});
    if (reasm.stats.fragments > before) fragments.add(packet.frame);
    for (const d of decoded) {
      if (d.ip.fragmented && d.ip.truncated) fragments.add(packet.frame);
      if (d.transport.kind === 'tcp') transport.set(packet.frame, 'tcp');
      else if (d.transport.kind === 'udp' && transport.get(packet.frame) !== 'tcp')
        transport.set(packet.frame, 'udp');
    }
  });
  return { transport, fragments };
}

/**
 * tshark's view. The innermost transport is the tcp/udp layer after the last ip/ipv6 layer of
 * frame.protocols (an outer UDP carrying a tunnel does not count, as decodePacket returns the
 * inner datagram). Frames tshark calls malformed and ICMP errors (which quote a header) are
 * returned separately, to be left out of the comparison.
 */
function tsharkView(name: string) {
  const fields = [
    'frame.number',
    'frame.protocols',
    'ip.flags.mf',
    'ip.frag_offset',
    'ipv6.fraghdr.offset',
    'ipv6.fraghdr.more',
    '_ws.malformed',
  ];
  const result = spawnSync(
    'tshark',
    [
      '-r',
      join(CORPUS, name),
      '-n',
      '-T',
      'fields',
      '-E',
      'separator=/t',
      ...fields.flatMap((f) => ['-e', f]),
    ],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    },
  );
  const transport = new Map<number, string>();
  const fragments = new Set<number>();
  const excluded = new Set<number>();
  const nonZero = (list: string) => list.split(',').some((value) => value !== '' && value !== '0');
  for (const line of result.stdout.split('\n')) {
    if (!line) continue;
    const [frameText, protocols, ipMf, ipOffset, v6Offset, v6More, malformed] = line.split('\t');
    const frame = Number(frameText);
    const layers = protocols.split(':');
    if (malformed || layers.includes('icmp') || layers.includes('icmpv6')) excluded.add(frame);
    let innermost = '';
    for (const layer of layers) {
      if (layer === 'ip' || layer === 'ipv6') innermost = '';
      else if ((layer === 'tcp' || layer === 'udp') && innermost === '') innermost = layer;
    }
    if (innermost) transport.set(frame, innermost);
    if (nonZero(ipMf) || nonZero(ipOffset) || nonZero(v6Offset) || nonZero(v6More)) fragments.add(frame);
  }
  return { transport, fragments, excluded };
}

/** Files chosen for what they exercise (features from manifest.tsv). */
const REPRESENTATIVE = [
  'ndpi__4in6tunnel.pcap', // IPv4 in IPv6
  'arkime__ipv6-gtp6.pcap', // VLAN, IPv6, GTP-U
  'ndpi__vxlan.pcap', // VLAN, VXLAN
  'ndpi__tls_invalid_reads.pcap', // QinQ, GTP-U
  'zeek__tunnels__Teredo.pcap', // Teredo
  'zeek__tunnels__gre-over-udp-4754.pcap', // GRE in UDP
  'suricata-verify__filestore-filecontainer-http__filecontainer-http.pcap', // VLAN
  'pcapplusplus__Pcap++Test__PcapExamples__frag_with_padding.pcap', // VLAN, IPv4 fragments
  'pcapplusplus__ExamplesTest__pcap_examples__frag_http_req.pcap', // IPv4 fragments
  'ndpi__dnscrypt-v1-and-resolver-pings.pcap', // IPv4 fragments
  'ndpi__badpackets.pcap', // cut-short first fragments
  'zeek__ipv6-fragmented-dns.pcap', // IPv6 fragments
  'suricata-verify__ipv6-evasion__ipv6-malformed-fragments-29__frag-29.pcap', // IPv6 fragment evasion
  'suricata-verify__defrag__bug-6887-defrag-ppp-ipv6-tcp__frag-ppp-ipv6-tcp.pcap', // PPP, IPv6 fragments
  'ndpi__dlt_ppp.pcap', // PPP
  'arkime__80211http.pcap', // radiotap 802.11
  'zeek__dns-inverse-query.pcap', // FDDI
  'pcapplusplus__Pcap++Test__PcapExamples__sll2.pcap', // Linux SLL2
  'ndpi__quic-v2.pcapng', // Linux SLL
  'arkime__tls-alpn-h2.pcap', // BSD null
  'suricata-verify__linktype-228__flow-test-01.pcap', // LINKTYPE_IPV4
  'pcapplusplus__Pcap++Test__PcapExamples__raw_ip.pcap', // raw IP
  'zeek__ldap__gap-data-missing.pcapng', // several interfaces and link types
  'ndpi__fuzz-2006-06-26-2594.pcap', // big-endian, malformed, fragments
];

describe.skipIf(!haveCorpus)('decodePacket on the corpus', () => {
  it('never throws on any capture, and its payloads stay inside the packet', () => {
    const names = captures();
    expect(names.length).toBeGreaterThan(100);
    let datagrams = 0;
    for (const name of names) {
      const reasm = new FragmentReassembler();
      readPackets(name, (packet) => {
        for (const d of decodePacket(packet, reasm, () => {})) {
          datagrams++;
          expect(d.ip.frames.length).toBeGreaterThan(0);
          // An empty payload may be a shared empty array (byteView): it holds no bytes at all.
          if (!d.ip.fragmented && d.transport.kind !== 'other' && d.transport.payload.length > 0) {
            expect(d.transport.payload.buffer).toBe(packet.data.buffer);
            expect(d.transport.payload.byteOffset + d.transport.payload.length).toBeLessThanOrEqual(
              packet.data.byteOffset + packet.data.length,
            );
          }
        }
      });
      reasm.flush();
    }
    expect(datagrams).toBeGreaterThan(30_000);
  }, 120_000);

  describe.skipIf(!haveTshark)('agrees with tshark on which frames hold TCP, UDP and fragments', () => {
    it.each(REPRESENTATIVE)(
      '%s',
      (name) => {
        const ours = ourView(name);
        const theirs = tsharkView(name);
        const frames = new Set([
          ...ours.transport.keys(),
          ...theirs.transport.keys(),
          ...ours.fragments,
          ...theirs.fragments,
        ]);
        const differences: string[] = [];
        for (const frame of [...frames].sort((a, b) => a - b)) {
          if (theirs.excluded.has(frame)) continue;
          if (ours.transport.get(frame) !== theirs.transport.get(frame)) {
            differences.push(
              `frame ${frame}: ours ${ours.transport.get(frame)}, tshark ${theirs.transport.get(frame)}`,
            );
          }
          if (ours.fragments.has(frame) !== theirs.fragments.has(frame))
            differences.push(`frame ${frame}: fragment disagreement`);
        }
        expect(differences).toEqual([]);
        expect(theirs.transport.size + theirs.fragments.size).toBeGreaterThan(0);
      },
      60_000,
    );
  });
});
