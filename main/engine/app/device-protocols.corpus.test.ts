/**
 * Cross-check against tshark on every public corpus capture that holds DHCP, DHCPv6, ARP or
 * NDP (chosen by the oracle's protocol_frames): frame by frame, the DHCP client MAC and host
 * name, the ARP sender MAC/IP pair, the DHCPv6 DUID link-layer address and the NDP link-layer
 * address options we read must be what tshark reads (tshark runs at test time).
 *
 * Our side decodes the file with our own capture reader and decodePacket, ARP through its link
 * observer, so link layers (Linux cooked v1/v2, VLANs) and tunnels are exercised too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodePacket } from '../ip/decode-packet';
import { FragmentReassembler } from '../ip/fragment-reassembler';
import { ETHERTYPE_ARP } from '../link/link-layer';
import { CaptureReader } from '../pcap/capture-reader';
import { parseArp } from './arp';
import { parseDhcp } from './dhcp';
import { parseDhcpv6 } from './dhcpv6';
import { parseNdp } from './ndp';
import { CORPUS_DIR, corpusPath, hasCorpus, oracle } from './test-support/corpus';
import { run } from './test-support/tools';

const PROTOCOLS = ['arp', 'dhcp', 'dhcpv6', 'icmpv6'];

function files(): string[] {
  if (!hasCorpus) return [];
  return readdirSync(CORPUS_DIR)
    .filter((n) => /\.(pcap|pcapng|cap)$/.test(n))
    .filter((n) => {
      const frames = oracle(n).protocol_frames ?? {};
      return PROTOCOLS.some((p) => frames[p]);
    });
}

/** One comparable line per frame: "kind field field ...". */
type Rows = Map<number, string>;

function ours(name: string): Rows {
  const rows: Rows = new Map();
  const noop = () => {};
  const reasm = new FragmentReassembler();
  const reader = new CaptureReader({
    onPacket: (p) => {
      const decoded = decodePacket(p, reasm, noop, (link, data) => {
        if (link.etherType !== ETHERTYPE_ARP) return;
        const a = parseArp(data, link.offset, noop);
        if (a && a.opcode <= 2) rows.set(p.frame, `arp ${a.senderMac ?? ''} ${a.senderIp ?? ''}`);
      });
      for (const d of decoded) {
        const t = d.transport;
        if (t.kind === 'udp' && [67, 68].some((port) => port === t.srcPort || port === t.dstPort)) {
          const m = parseDhcp(t.payload, noop);
          if (m) rows.set(p.frame, `dhcp ${m.clientMac ?? ''} ${m.hostname ?? ''}`);
        } else if (t.kind === 'udp' && [546, 547].some((port) => port === t.srcPort || port === t.dstPort)) {
          const m = parseDhcpv6(t.payload, noop);
          if (m) rows.set(p.frame, `dhcpv6 ${m.msgType} ${m.clientId?.mac ?? ''}`);
        } else if (t.kind === 'other' && t.protocol === 58 && !rows.has(p.frame)) {
          const m = parseNdp(d.ip.payload, noop);
          if (m) rows.set(p.frame, `ndp ${m.type} ${m.sourceLinkLayer ?? ''} ${m.targetLinkLayer ?? ''}`);
        }
      }
    },
  });
  reader.push(readFileSync(corpusPath(name)));
  reader.end();
  return rows;
}

function theirs(name: string): Rows {
  const fields = [
    'frame.number',
    'arp.opcode',
    'arp.src.hw_mac',
    'arp.src.proto_ipv4',
    'dhcp.hw.mac_addr',
    'dhcp.option.hostname',
    'dhcpv6.msgtype',
    'dhcpv6.duidllt.link_layer_addr',
    'dhcpv6.duidll.link_layer_addr',
    'icmpv6.type',
    'icmpv6.opt.src_linkaddr',
    'icmpv6.opt.target_linkaddr',
  ];
  const out = run('tshark', [
    '-r',
    corpusPath(name),
    '-n',
    '-Y',
    '(arp && arp.opcode <= 2) || dhcp || dhcpv6 || (icmpv6.type >= 133 && icmpv6.type <= 137)',
    '-T',
    'fields',
    '-E',
    'occurrence=f',
    ...fields.flatMap((f) => ['-e', f]),
  ]);
  const rows: Rows = new Map();
  // tshark prints a link-layer address option that is not 6 bytes (Teredo's, 14 bytes) as raw
  // hex; we read only Ethernet addresses from it, so such a value compares as absent.
  const mac = (v: string) => (/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(v) ? v : '');
  for (const line of out.split('\n')) {
    if (!line) continue;
    const [
      frame,
      op,
      sha = '',
      spa = '',
      chaddr = '',
      hostname = '',
      v6type,
      llt,
      ll,
      icmpType,
      sll = '',
      tll = '',
    ] = line.split('\t');
    const n = Number(frame);
    if (op) {
      // An ARP header whose declared address sizes run past the frame (a fuzzed capture): tshark
      // marks it malformed and shows no address, we report arp-truncated and no packet.
      if (sha || spa) rows.set(n, `arp ${sha} ${spa}`);
    } else if (v6type) rows.set(n, `dhcpv6 ${v6type} ${llt || ll}`);
    else if (icmpType) rows.set(n, `ndp ${icmpType} ${mac(sll)} ${mac(tll)}`);
    else rows.set(n, `dhcp ${chaddr} ${hostname}`);
  }
  return rows;
}

describe.skipIf(!hasCorpus)('DHCP, DHCPv6, ARP and NDP against tshark on the corpus', () => {
  const names = files();
  it('finds the captures that hold them', () => {
    expect(names.length).toBeGreaterThanOrEqual(20);
  });
  for (const name of names) {
    it(name, () => {
      const mine = ours(name);
      const expected = theirs(name);
      for (const [frame, row] of expected) expect(mine.get(frame), `frame ${frame}`).toBe(row);
      const extra = [...mine.keys()].filter((f) => !expected.has(f));
      expect(extra, 'frames tshark does not dissect as DHCP/DHCPv6/ARP/NDP').toEqual([]);
    });
  }
});
