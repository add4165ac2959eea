/**
 * The packet decoder's entry point: captured frame in, complete IP datagrams with their innermost
 * transport header out. It chains the link decoders, the IPv4/IPv6 parsers, fragment reassembly,
 * tunnel decapsulation (IP-in-IP, GRE, VXLAN, Geneve, GTP-U, Teredo) and the TCP/UDP parsers.
 * Threat model: the frame is untrusted. Every parser below checks its own bounds and reports
 * malformed input as a named anomaly; tunnel recursion stops at MAX_TUNNEL_DEPTH, so a crafted
 * packet of nested tunnels costs bounded work. Payloads are views into the packet buffer except
 * for reassembled datagrams, so callers must copy what they keep past the packet callback.
 */
import type { AnomalySink } from '../anomaly';
import { decodeLink } from '../link/decode-link';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, type LinkLayer } from '../link/link-layer';
import type { CapturedPacket } from '../pcap/types';
import { parseTcp } from '../transport/tcp-header';
import { parseUdp } from '../transport/udp-header';
import type { DecodedPacket, Transport } from './decoded-packet';
import type { FragmentReassembler } from './fragment-reassembler';
import { decodeGre } from './gre';
import type { IpDatagram } from './ip-datagram';
import { emptyIpv4Header, parseIpv4 } from './ipv4';
import { emptyIpv6Header, emptyWalk, parseIpv6, walkIpv6Extensions } from './ipv6';
import { decodeTunnelPayload, isTunnelPort } from './udp-tunnels';

export type { DecodedPacket, OtherTransport, Transport } from './decoded-packet';
export type { IpDatagram } from './ip-datagram';

/**
 * Sees every frame's outer link layer, IP or not, before the IP layer is decoded: the engine
 * reads the frame's MAC addresses and non-IP payloads (ARP at link.offset) through it.
 */
export type LinkObserver = (link: LinkLayer, data: Uint8Array) => void;

/** Tunnels inside tunnels beyond this depth are reported ('tunnel-too-deep') and not opened. */
export const MAX_TUNNEL_DEPTH = 4;

const IPPROTO_IPIP = 4;
const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;
const IPPROTO_IPV6 = 41;
const IPPROTO_GRE = 47;

interface DecodeContext {
  frame: number;
  ts: number;
  link: LinkLayer;
  reasm: FragmentReassembler;
  anomaly: AnomalySink;
  out: DecodedPacket[];
}

/*
 * The IP headers are parsed into these two objects, reused for every datagram: their fields are
 * copied into the datagram before anything else is parsed.
 */
const ipv4Header = emptyIpv4Header();
const ipv6Header = emptyIpv6Header();

/**
 * What decodePacket returns for a frame that completes no datagram, shared: callers only read
 * the array they get. A frame that completes one gets an array of exactly one element, since
 * the first push to an empty array allocates room for many more, once per packet.
 */
const NO_PACKETS: DecodedPacket[] = [];

/**
 * Decodes one captured packet. Returns zero datagrams (not IP, malformed, or a fragment still
 * waiting for the rest), or the datagram(s) it completed; the caller must not modify the array.
 *
 * A first fragment that the capture cut short (snaplen) can never be reassembled; like Wireshark,
 * its captured part is passed on as a datagram marked fragmented and truncated, so the transport
 * header (ports, flow) is not lost. `onLink`, when given, sees every decodable link layer first.
 */
export function decodePacket(
  pkt: CapturedPacket,
  reasm: FragmentReassembler,
  anomaly: AnomalySink,
  onLink?: LinkObserver,
): DecodedPacket[] {
  const ts = pkt.tsSec + pkt.tsNsec / 1e9;
  reasm.expire(ts);
  const link = decodeLink(pkt.linkType, pkt.data, anomaly);
  if (link !== null && onLink !== undefined) onLink(link, pkt.data);
  if (link === null || (link.etherType !== ETHERTYPE_IPV4 && link.etherType !== ETHERTYPE_IPV6))
    return NO_PACKETS;
  const context: DecodeContext = { frame: pkt.frame, ts, link, reasm, anomaly, out: NO_PACKETS };
  decodeIp(context, pkt.data, link.offset, link.etherType, 0, undefined);
  return context.out;
}

function decodeIp(
  context: DecodeContext,
  data: Uint8Array,
  offset: number,
  etherType: number,
  depth: number,
  tunnels: string[] | undefined,
): void {
  const anomaly = context.anomaly;
  if (offset >= data.length) {
    anomaly('ip-truncated', 'no bytes after the link header');
    return;
  }
  const version = data[offset] >> 4;
  if (version !== (etherType === ETHERTYPE_IPV4 ? 4 : 6)) {
    anomaly('ip-version-mismatch', `EtherType 0x${etherType.toString(16)} but version ${version}`);
    return;
  }
  const datagram = version === 4 ? decodeIpv4(context, data, offset) : decodeIpv6(context, data, offset);
  if (datagram !== null) decodeUpper(context, datagram, depth, tunnels);
}

function decodeIpv4(context: DecodeContext, data: Uint8Array, offset: number): IpDatagram | null {
  const header = parseIpv4(data, offset, context.anomaly, ipv4Header);
  if (header === null) return null;
  const payload = data.subarray(header.payloadOffset, header.payloadEnd);
  const fragment = header.moreFragments || header.fragmentOffset > 0;
  if (fragment && !(header.truncated && header.fragmentOffset === 0)) {
    return context.reasm.add({
      version: 4,
      src: header.src,
      dst: header.dst,
      id: header.id,
      protocol: header.protocol,
      hopLimit: header.ttl,
      offset: header.fragmentOffset,
      more: header.moreFragments,
      length: header.payloadLength,
      data: payload,
      frame: context.frame,
      ts: context.ts,
    });
  }
  return {
    version: 4,
    src: header.src,
    dst: header.dst,
    protocol: header.protocol,
    payload,
    frames: [context.frame],
    hopLimit: header.ttl,
    fragmented: fragment,
    truncated: header.truncated,
  };
}

function decodeIpv6(context: DecodeContext, data: Uint8Array, offset: number): IpDatagram | null {
  const anomaly = context.anomaly;
  const header = parseIpv6(data, offset, anomaly, ipv6Header);
  if (header === null) return null;
  const fragment = header.fragment && (header.fragmentOffset > 0 || header.moreFragments);
  if (fragment && !(header.truncated && header.fragmentOffset === 0)) {
    const claimedEnd = offset + 40 + header.payloadLength;
    const datagram = context.reasm.add({
      version: 6,
      src: header.src,
      dst: header.dst,
      id: header.fragmentId,
      protocol: header.protocol,
      hopLimit: header.hopLimit,
      offset: header.fragmentOffset,
      more: header.moreFragments,
      length: Math.max(0, claimedEnd - header.offset),
      data: data.subarray(header.offset, header.payloadEnd),
      frame: context.frame,
      ts: context.ts,
    });
    if (datagram === null) return null;
    // The fragmentable part may itself start with extension headers (destination options, AH).
    const walk = emptyWalk(datagram.protocol);
    if (!walkIpv6Extensions(datagram.payload, datagram.payload.length, walk, false, anomaly)) return null;
    datagram.protocol = walk.protocol;
    if (walk.offset > 0) datagram.payload = datagram.payload.subarray(walk.offset);
    return datagram;
  }
  if (header.fragment) {
    // An atomic fragment (offset 0, M = 0; RFC 6946) is a whole datagram, and a cut-short first
    // fragment is read as far as it goes: either way the walk continues after the fragment header.
    if (!walkIpv6Extensions(data, header.payloadEnd, header, false, anomaly)) return null;
  }
  return {
    version: 6,
    src: header.src,
    dst: header.dst,
    protocol: header.protocol,
    payload: data.subarray(header.offset, header.payloadEnd),
    frames: [context.frame],
    hopLimit: header.hopLimit,
    fragmented: fragment,
    truncated: header.truncated,
  };
}

function decodeUpper(
  context: DecodeContext,
  datagram: IpDatagram,
  depth: number,
  tunnels: string[] | undefined,
): void {
  const anomaly = context.anomaly;
  const protocol = datagram.protocol;
  switch (protocol) {
    case IPPROTO_TCP:
      emit(context, datagram, parseTcp(datagram.payload, anomaly) ?? { kind: 'other', protocol }, tunnels);
      return;
    case IPPROTO_UDP: {
      const udp = parseUdp(datagram.payload, anomaly);
      if (udp === null) {
        emit(context, datagram, { kind: 'other', protocol }, tunnels);
        return;
      }
      if (isTunnelPort(udp.srcPort, udp.dstPort)) {
        if (depth >= MAX_TUNNEL_DEPTH) {
          anomaly('tunnel-too-deep', `UDP ${udp.srcPort} -> ${udp.dstPort}`);
        } else {
          const inner = decodeTunnelPayload(udp.srcPort, udp.dstPort, udp.payload, anomaly);
          if (inner !== null && isIp(inner.link.etherType)) {
            decodeIp(
              context,
              udp.payload,
              inner.link.offset,
              inner.link.etherType,
              depth + 1,
              withTunnel(tunnels, inner.tunnel),
            );
            return;
          }
        }
      }
      emit(context, datagram, udp, tunnels);
      return;
    }
    case IPPROTO_IPIP:
    case IPPROTO_IPV6:
      if (depth >= MAX_TUNNEL_DEPTH) {
        anomaly('tunnel-too-deep', `IP protocol ${protocol}`);
        break;
      }
      decodeIp(
        context,
        datagram.payload,
        0,
        protocol === IPPROTO_IPIP ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6,
        depth + 1,
        withTunnel(tunnels, protocol === IPPROTO_IPIP ? 'ipv4-in-ip' : 'ipv6-in-ip'),
      );
      return;
    case IPPROTO_GRE: {
      if (depth >= MAX_TUNNEL_DEPTH) {
        anomaly('tunnel-too-deep', 'GRE');
        break;
      }
      const inner = decodeGre(datagram.payload, 0, anomaly);
      if (inner !== null && isIp(inner.etherType)) {
        decodeIp(
          context,
          datagram.payload,
          inner.offset,
          inner.etherType,
          depth + 1,
          withTunnel(tunnels, 'gre'),
        );
        return;
      }
      break;
    }
    default:
      break;
  }
  emit(context, datagram, { kind: 'other', protocol }, tunnels);
}

function isIp(etherType: number): boolean {
  return etherType === ETHERTYPE_IPV4 || etherType === ETHERTYPE_IPV6;
}

function withTunnel(tunnels: string[] | undefined, name: string): string[] {
  return tunnels === undefined ? [name] : [...tunnels, name];
}

function emit(
  context: DecodeContext,
  ip: IpDatagram,
  transport: Transport,
  tunnels: string[] | undefined,
): void {
  const packet: DecodedPacket = { ip, transport, link: context.link, frame: context.frame, tunnels };
  if (context.out === NO_PACKETS) context.out = [packet];
  else context.out.push(packet);
}
