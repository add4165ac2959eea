import { describe, expect, it } from 'vitest';
import { anomalyRecorder, hex, zeros } from '../link/hex-fixture';
import type { CapturedPacket } from '../pcap/types';
import { decodePacket, type DecodedPacket } from './decode-packet';
import { FragmentReassembler } from './fragment-reassembler';

const hex8 = (value: number) => value.toString(16).padStart(2, '0');
const hex16 = (value: number) => value.toString(16).padStart(4, '0');
const length = (fragments: string) => fragments.replace(/\s+/g, '').length / 2;

/** Ethernet II header, 02:00:00:00:00:01 -> 02:00:00:00:00:02, with the given EtherType. */
const ether = (etherType: string) => '020000000002 020000000001 ' + etherType;

/** IPv4 header (IHL 5, TTL 64) from 192.0.2.1 to 198.51.100.2 around `payload`. */
function ipv4(
  protocol: number,
  payload: string,
  id = '0001',
  flagsAndOffset = '0000',
  totalLength?: number,
): string {
  return [
    '45 00',
    hex16(totalLength ?? 20 + length(payload)), // total length
    id, // identification
    flagsAndOffset, // flags, fragment offset
    '40', // TTL 64
    hex8(protocol),
    '0000', // checksum
    'c0000201', // 192.0.2.1
    'c6336402', // 198.51.100.2
    payload,
  ].join(' ');
}

/** IPv6 header (hop limit 64) from 2001:db8::1 to 2001:db8::2 around `payload`. */
function ipv6(nextHeader: number, payload: string): string {
  return [
    '60000000',
    hex16(length(payload)), // payload length
    hex8(nextHeader),
    '40', // hop limit
    '20010db8000000000000000000000001',
    '20010db8000000000000000000000002',
    payload,
  ].join(' ');
}

/** UDP header around `payload`. */
function udp(srcPort: number, dstPort: number, payload: string): string {
  return [hex16(srcPort), hex16(dstPort), hex16(8 + length(payload)), '0000', payload].join(' ');
}

const TCP_SYN_WITH_OPTIONS = [
  'c350', // source port 50000
  '01bb', // destination port 443
  'fffffff0', // sequence number
  '00000000', // acknowledgment number
  '60', // data offset 6 (24 bytes), reserved
  '02', // flags: SYN
  'faf0', // window 64240
  '0000 0000', // checksum, urgent pointer
  '020405b4', // option: MSS 1460
  'cafe', // 2 bytes of (TCP Fast Open style) data
].join(' ');

function packet(linkType: number, bytes: string, frame = 1, tsSec = 1_700_000_000): CapturedPacket {
  const data = hex(bytes);
  return {
    frame,
    interfaceId: 0,
    linkType,
    tsSec,
    tsNsec: 0,
    capLen: data.length,
    origLen: data.length,
    data,
    fileOffset: 0,
  };
}

function copyDecoded(d: DecodedPacket): DecodedPacket {
  return {
    ...d,
    ip: {
      version: d.ip.version,
      src: d.ip.src,
      dst: d.ip.dst,
      protocol: d.ip.protocol,
      payload: d.ip.payload,
      frames: [...d.ip.frames],
      hopLimit: d.ip.hopLimit,
      fragmented: d.ip.fragmented,
      truncated: d.ip.truncated,
    },
    transport: { ...d.transport },
    link: d.link && { ...d.link },
    tunnels: d.tunnels && [...d.tunnels],
  };
}

function decodeAll(packets: CapturedPacket[]) {
  const recorder = anomalyRecorder();
  const reasm = new FragmentReassembler(recorder.sink);
  // decodePacket reuses its result objects from call to call: keep a copy of each (payloads
  // stay the same views).
  const results = packets.map((p) => decodePacket(p, reasm, recorder.sink).map(copyDecoded));
  return { results, anomalies: recorder.names, reasm };
}

describe('decodePacket: plain datagrams', () => {
  it('decodes Ethernet / IPv4 / TCP with options, payload as a view', () => {
    const p = packet(1, ether('0800') + ipv4(6, TCP_SYN_WITH_OPTIONS));
    const { results, anomalies } = decodeAll([p]);
    expect(anomalies).toEqual([]);
    expect(results[0]).toHaveLength(1);
    const [decoded] = results[0];
    expect(decoded.ip).toMatchObject({
      version: 4,
      src: '192.0.2.1',
      dst: '198.51.100.2',
      protocol: 6,
      frames: [1],
      hopLimit: 64,
      fragmented: false,
      truncated: false,
    });
    expect(decoded.transport).toMatchObject({
      kind: 'tcp',
      srcPort: 50000,
      dstPort: 443,
      seq: 0xfffffff0,
      ack: 0,
      flags: 0x02,
      window: 64240,
    });
    expect(decoded.link).toMatchObject({ srcMac: '02:00:00:00:00:01', dstMac: '02:00:00:00:00:02' });
    expect(decoded.frame).toBe(1);
    expect(decoded.tunnels).toBeUndefined();
    if (decoded.transport.kind !== 'tcp') throw new Error('not tcp');
    expect([...decoded.transport.payload]).toEqual([0xca, 0xfe]);
    expect(decoded.transport.payload.buffer).toBe(p.data.buffer); // no copy
  });

  it('decodes IPv6 / hop-by-hop / UDP', () => {
    const p = packet(1, ether('86dd') + ipv6(0, '11 00 0104 00000000' + udp(5353, 5353, 'aabbcc')));
    const [[decoded]] = decodeAll([p]).results;
    expect(decoded.ip).toMatchObject({ version: 6, src: '2001:db8::1', dst: '2001:db8::2', protocol: 17 });
    expect(decoded.transport).toMatchObject({ kind: 'udp', srcPort: 5353, dstPort: 5353 });
  });

  it('returns other protocols with their number, and nothing for ARP', () => {
    const icmp = packet(1, ether('0800') + ipv4(1, '0800f7ff 00000000'));
    expect(decodeAll([icmp]).results[0][0].transport).toEqual({ kind: 'other', protocol: 1 });
    expect(decodeAll([packet(1, ether('0806') + zeros(28))]).results[0]).toEqual([]);
  });

  it('reports UDP lengths past the capture and broken TCP headers', () => {
    const shortUdp = packet(101, ipv4(17, '3039 0035 0064 0000 0102')); // UDP length 100, 10 bytes present
    const udpResult = decodeAll([shortUdp]);
    expect(udpResult.anomalies).toEqual(['udp-truncated']);
    expect(udpResult.results[0][0].transport).toMatchObject({ kind: 'udp', srcPort: 12345 });
    const badTcp = packet(101, ipv4(6, '3039 0050 00000000 00000000 f0 02 ffff 0000 0000')); // data offset 15
    const tcpResult = decodeAll([badTcp]);
    expect(tcpResult.anomalies).toEqual(['tcp-bad-data-offset']);
    expect(tcpResult.results[0][0].transport).toEqual({ kind: 'other', protocol: 6 });
  });

  it('reports an IP version that contradicts the EtherType', () => {
    const { results, anomalies } = decodeAll([packet(1, ether('0800') + ipv6(59, ''))]);
    expect(results[0]).toEqual([]);
    expect(anomalies).toEqual(['ip-version-mismatch']);
  });
});

describe('decodePacket: fragments', () => {
  it('reassembles IPv4 fragments across frames and parses UDP from the whole datagram', () => {
    const datagram = udp(53, 40000, '00'.repeat(24)); // 32 bytes: 8 header + 24 data
    const bytes = datagram.replace(/\s+/g, '');
    const first = packet(101, ipv4(17, bytes.slice(0, 32), '1234', '2000', 20 + 16), 5); // MF, offset 0, 16 bytes
    const second = packet(101, ipv4(17, bytes.slice(32), '1234', '0002', 20 + 16), 9); // offset 2 units (16 bytes)
    const { results, anomalies, reasm } = decodeAll([first, second]);
    expect(anomalies).toEqual([]);
    expect(results[0]).toEqual([]);
    expect(results[1]).toHaveLength(1);
    expect(results[1][0].ip).toMatchObject({ fragmented: true, frames: [5, 9], protocol: 17 });
    expect(results[1][0].transport).toMatchObject({ kind: 'udp', srcPort: 53, dstPort: 40000 });
    expect(results[1][0].frame).toBe(9);
    expect(reasm.stats).toMatchObject({ fragments: 2, reassembled: 1 });
  });

  it('reassembles IPv6 fragments and walks the extension headers inside the reassembled part', () => {
    // Fragmentable part: destination options (8 bytes) then UDP (8 + 8 bytes) = 24 bytes.
    const fragmentable = ('11 00 0104 00000000' + udp(7, 9, '0102030405060708')).replace(/\s+/g, '');
    const first = packet(101, ipv6(44, '3c 00 0001 00000063' + fragmentable.slice(0, 32)), 1); // next 60, offset 0, M, id 99
    const second = packet(101, ipv6(44, '3c 00 0010 00000063' + fragmentable.slice(32)), 2); // offset 2 units (16 bytes), last
    const { results, anomalies } = decodeAll([second, first]);
    expect(anomalies).toEqual([]);
    expect(results[1][0].ip).toMatchObject({ version: 6, protocol: 17, fragmented: true, frames: [1, 2] });
    expect(results[1][0].transport).toMatchObject({ kind: 'udp', srcPort: 7, dstPort: 9 });
  });

  it('treats an IPv6 atomic fragment as a whole datagram', () => {
    const p = packet(101, ipv6(44, '11 00 0000 00000001' + udp(1000, 2000, '')));
    const { results, reasm } = decodeAll([p]);
    expect(results[0][0].transport).toMatchObject({ kind: 'udp', srcPort: 1000 });
    expect(reasm.stats.fragments).toBe(0);
  });

  it('passes on the captured part of a first fragment the capture cut short', () => {
    const udpStart = '0035 0400 05c8 0000' + '00'.repeat(12); // 53 -> 1024, UDP length 1480, 12 bytes captured
    const p = packet(101, ipv4(17, udpStart, '0042', '2000', 1500)); // IP claims 1500 bytes, MF, offset 0
    const { results, anomalies, reasm } = decodeAll([p]);
    expect(anomalies).toEqual(['ipv4-truncated', 'udp-truncated']);
    expect(results[0][0].ip).toMatchObject({ fragmented: true, truncated: true });
    expect(results[0][0].transport).toMatchObject({ kind: 'udp', srcPort: 53, dstPort: 1024 });
    expect(reasm.pending).toBe(0);
  });
});

describe('decodePacket: tunnels', () => {
  const innerTcp = ipv4(6, '0050 c350 00000001 00000002 50 18 0100 0000 0000 6869'); // port 80 -> 50000, PSH|ACK, "hi"

  it('opens IPv4-in-IPv6 (4in6) and IPv6-in-IPv4 (6in4)', () => {
    const fourInSix = decodeAll([packet(1, ether('86dd') + ipv6(4, innerTcp))]).results[0][0];
    expect(fourInSix.ip).toMatchObject({ version: 4, src: '192.0.2.1' });
    expect(fourInSix.transport).toMatchObject({ kind: 'tcp', srcPort: 80, dstPort: 50000 });
    expect(fourInSix.tunnels).toEqual(['ipv4-in-ip']);
    const sixInFour = decodeAll([packet(101, ipv4(41, ipv6(17, udp(1, 2, ''))))]).results[0][0];
    expect(sixInFour.ip.version).toBe(6);
    expect(sixInFour.tunnels).toEqual(['ipv6-in-ip']);
  });

  it('opens GRE with checksum, key and sequence number', () => {
    const gre = [
      'b000', // C, K, S set, version 0
      '0800', // protocol IPv4
      '0000 0000', // checksum, reserved
      '0000002a', // key
      '00000001', // sequence number
    ].join(' ');
    const decoded = decodeAll([packet(101, ipv4(47, gre + innerTcp))]).results[0][0];
    expect(decoded.transport).toMatchObject({ kind: 'tcp', srcPort: 80 });
    expect(decoded.tunnels).toEqual(['gre']);
  });

  it('opens GRE transparent Ethernet bridging and ERSPAN types II and III', () => {
    const innerFrame = '0a0000000001 0a0000000002 0800' + innerTcp;
    const bridged = '0000 6558' + innerFrame; // no flags, protocol 0x6558
    const erspan2 = '1000 88be 00000007' + '1001 0002 00000000' + innerFrame; // S set, seq; ERSPAN II header (version 1)
    const erspan3 = '0000 22eb' + '2001 0002 00000000 0000 0001' + '00000000 00000000' + innerFrame; // ERSPAN III, O set
    for (const gre of [bridged, erspan2, erspan3]) {
      const { results, anomalies } = decodeAll([packet(101, ipv4(47, gre))]);
      expect(anomalies).toEqual([]);
      expect(results[0][0].transport).toMatchObject({ kind: 'tcp', srcPort: 80, dstPort: 50000 });
    }
  });

  it('opens PPTP enhanced GRE carrying PPP', () => {
    const gre = [
      '3081', // K and S set, A (ack present), version 1
      '880b', // protocol PPP
      '0018 0001', // payload length, call id
      '00000005', // sequence number
      '00000004', // acknowledgment number
      'ff03 0021', // PPP address, control, protocol IPv4
    ].join(' ');
    const decoded = decodeAll([packet(101, ipv4(47, gre + innerTcp))]).results[0][0];
    expect(decoded.transport).toMatchObject({ kind: 'tcp', srcPort: 80 });
  });

  it('opens VXLAN to the inner Ethernet frame', () => {
    const vxlan = '08 000000 000064 00' + '0a0000000001 0a0000000002 0800' + innerTcp; // I flag, VNI 100
    const decoded = decodeAll([packet(1, ether('0800') + ipv4(17, udp(54321, 4789, vxlan)))]).results[0][0];
    expect(decoded.transport).toMatchObject({ kind: 'tcp', srcPort: 80 });
    expect(decoded.tunnels).toEqual(['vxlan']);
    expect(decoded.link?.srcMac).toBe('02:00:00:00:00:01'); // the capture's own link layer
  });

  it('opens Geneve with options', () => {
    const geneve =
      '02 00 6558 000064 00' + '0101 0100 00000000' + '0a0000000001 0a0000000002 0800' + innerTcp; // 2 words of options
    const decoded = decodeAll([packet(101, ipv4(17, udp(1234, 6081, geneve)))]).results[0][0];
    expect(decoded.tunnels).toEqual(['geneve']);
    expect(decoded.transport).toMatchObject({ kind: 'tcp', srcPort: 80 });
  });

  it('opens GTP-U G-PDUs with extension headers and leaves echo requests as UDP', () => {
    const gtp = [
      '34', // version 1, PT 1, E set
      'ff', // G-PDU
      hex16(4 + 8 + length(innerTcp)), // length after the first 8 bytes
      '00000001', // TEID
      '0000 00', // sequence number, N-PDU number
      '85', // next extension header: PDU session container
      '01 0001 00', // extension: length 1 (4 bytes), content, next type 0
      innerTcp,
    ].join(' ');
    const decoded = decodeAll([packet(101, ipv4(17, udp(2152, 2152, gtp)))]).results[0][0];
    expect(decoded.tunnels).toEqual(['gtp-u']);
    expect(decoded.transport).toMatchObject({ kind: 'tcp', srcPort: 80 });
    const echo = '32 01 0004 00000000 0001 0000'; // S set, echo request
    const outer = decodeAll([packet(101, ipv4(17, udp(2152, 2152, echo)))]);
    expect(outer.anomalies).toEqual([]);
    expect(outer.results[0][0].transport).toMatchObject({ kind: 'udp', srcPort: 2152 });
  });

  it('opens Teredo with an origin indication', () => {
    const teredo = '0000 8f7b 8a0b1c2d' + ipv6(17, udp(3000, 53, '')); // origin indication, then IPv6
    const decoded = decodeAll([packet(101, ipv4(17, udp(3544, 3797, teredo)))]).results[0][0];
    expect(decoded.tunnels).toEqual(['teredo']);
    expect(decoded.ip.version).toBe(6);
    expect(decoded.transport).toMatchObject({ kind: 'udp', srcPort: 3000, dstPort: 53 });
  });

  it('keeps the outer UDP datagram when a tunnel port carries something else', () => {
    const { results, anomalies } = decodeAll([packet(101, ipv4(17, udp(3544, 40000, 'deadbeef')))]);
    expect(anomalies).toEqual(['teredo-not-ipv6']);
    expect(results[0][0].transport).toMatchObject({ kind: 'udp', srcPort: 3544 });
  });

  it('stops opening tunnels after MAX_TUNNEL_DEPTH', () => {
    let nested = ipv4(17, udp(1, 2, ''));
    for (let i = 0; i < 6; i++) nested = ipv4(4, nested);
    const { results, anomalies } = decodeAll([packet(101, nested)]);
    expect(anomalies).toEqual(['tunnel-too-deep']);
    expect(results[0][0].transport).toEqual({ kind: 'other', protocol: 4 });
    expect(results[0][0].tunnels).toHaveLength(4);
  });
});
