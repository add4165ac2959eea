/**
 * The packet decoder's entry point: captured frame in, complete IP datagrams with their innermost
 * transport header out. It chains the link decoders, the IPv4/IPv6 parsers, fragment reassembly,
 * tunnel decapsulation (IP-in-IP, GRE, VXLAN, Geneve, GTP-U, Teredo) and the TCP/UDP parsers.
 * Threat model: the frame is untrusted. Every parser below checks its own bounds and reports
 * malformed input as a named anomaly; tunnel recursion stops at MAX_TUNNEL_DEPTH, so a crafted
 * packet of nested tunnels costs bounded work. Payloads are views into the packet buffer except
 * for reassembled datagrams, so callers must copy what they keep past the packet callback.
 *
 * Performance: this runs for every packet, and the objects it used to allocate per packet (the
 * datagram, its frame list, the transport header, the link layer, the result and its array)
 * were most of the engine's short-lived garbage. They are now reused from one call to the next
 * (see `scratch`), which is why a result is valid only until the next decodePacket call,
 * exactly like the CapturedPacket it came from. For the same reason views are made only when
 * asked for: an Ethernet frame from the capture reader is decoded where it lies in the reader's
 * buffer, without its `data` view (see decodePacket), and the datagram's payload view is made
 * only on demand (see DatagramRange): TCP and UDP are parsed from the packet bytes directly.
 * Every parser is bounded by the packet's end, never by the end of the buffer it sits in.
 */
import type { AnomalySink } from '../anomaly';
import { byteView } from '../byte-view';
import { decodeLink } from '../link/decode-link';
import { decodeEthernetIpInPlace, emptyLink } from '../link/ethernet';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, LINKTYPE_ETHERNET, type LinkLayer } from '../link/link-layer';
import { packetSeconds, ReaderPacket, type CapturedPacket } from '../pcap/types';
import { emptyTcpSegment, parseTcpAt } from '../transport/tcp-header';
import { emptyUdpDatagram, parseUdpAt } from '../transport/udp-header';
import type { DecodedPacket, OtherTransport, Transport } from './decoded-packet';
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
 * reads the frame's MAC addresses and non-IP payloads (ARP at link.offset) through it. `data` is
 * the buffer link.offset indexes: the frame's own bytes, except for an IPv4 or IPv6 frame read in
 * place, where it is the reader's buffer around the frame (so read IP frames through the
 * DecodedPacket, not through `data`).
 */
export type LinkObserver<T = unknown> = (this: T, link: LinkLayer, data: Uint8Array) => void;

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
  /** The datagram the frame completed, if any: the decoding of a frame is a chain (link, IP,
   *  perhaps a tunnel and IP again, transport) that ends in at most one datagram. */
  result: DecodedPacket | null;
}

/*
 * The IP headers are parsed into these two objects, reused for every datagram: their fields are
 * copied into the datagram before anything else is parsed.
 */
const ipv4Header = emptyIpv4Header();
const ipv6Header = emptyIpv6Header();

/**
 * The datagram decodePacket hands out, one object reused for every packet. Its payload is the
 * range bytes[start..end), and the `payload` view of it is made only when something asks for it
 * (tunnels, ICMPv6, the engine's consumers of IpDatagram): the TCP and UDP parsers read the
 * range directly, which saves a view per packet.
 */
class DatagramRange implements IpDatagram {
  version: 4 | 6 = 4;
  src = '';
  dst = '';
  protocol = 0;
  frames: number[] = [];
  hopLimit = 0;
  fragmented = false;
  truncated = false;
  bytes: Uint8Array = new Uint8Array(0);
  start = 0;
  end = 0;
  private view: Uint8Array | null = null;

  get payload(): Uint8Array {
    if (this.view === null) this.view = byteView(this.bytes, this.start, this.end);
    return this.view;
  }

  set payload(view: Uint8Array) {
    this.setRange(view, 0, view.length);
    this.view = view;
  }

  setRange(bytes: Uint8Array, start: number, end: number): void {
    this.bytes = bytes;
    this.start = start;
    this.end = end;
    this.view = null;
  }
}

/**
 * The objects one decodePacket call fills in and returns, reused by the next call. Nothing a
 * call returns survives it: the engine and the other callers read the result before decoding
 * the next packet (tests that collect results copy them), and the fragment reassembler copies
 * fragment bytes and returns fresh datagrams of its own. Within one call the chain of a tunnel
 * reuses them too: an outer datagram or UDP header is dead once its payload has been handed to
 * the inner decode, which is the last thing the outer level does.
 */
const scratch = {
  context: {
    frame: 0,
    ts: 0,
    link: emptyLink(),
    reasm: null as unknown as FragmentReassembler,
    anomaly: null as unknown as AnomalySink,
    result: null,
  } as DecodeContext,
  /** The outer link layer of the frame (link decoders that take a target fill this one). */
  link: emptyLink(),
  /** The datagram of the frame, whole or reassembled. */
  datagram: new DatagramRange(),
  /** The frame list of a datagram that arrived whole: the one frame that carried it. */
  frames: [0],
  tcp: emptyTcpSegment(),
  udp: emptyUdpDatagram(),
  other: { kind: 'other', protocol: 0 } as OtherTransport,
  packet: {
    ip: null,
    transport: null,
    link: undefined,
    frame: 0,
    tunnels: undefined,
  } as unknown as DecodedPacket,
};

/** What decodePacket returns for a frame that completes no datagram; callers only read it. */
const NO_PACKETS: DecodedPacket[] = [];
/** What it returns for a frame that completes one: always scratch.packet. */
const ONE_PACKET: DecodedPacket[] = [scratch.packet];

/**
 * Decodes one captured packet. Returns zero datagrams (not IP, malformed, or a fragment still
 * waiting for the rest), or the one it completed. The array and everything in it are reused by
 * the next call (see `scratch`): read them before decoding the next packet, copy what you keep.
 *
 * A first fragment that the capture cut short (snaplen) can never be reassembled; like Wireshark,
 * its captured part is passed on as a datagram marked fragmented and truncated, so the transport
 * header (ports, flow) is not lost. `onLink`, when given, sees every decodable link layer first,
 * called with `observer` as `this` (like Array.prototype.forEach's thisArg): an engine passes
 * one method shared by all engines and itself, where a closure of its own would be a different
 * call target per engine, and the optimized decoder that inlined one would be discarded at the
 * next engine's first packet.
 */
export function decodePacket<T>(
  pkt: CapturedPacket,
  reasm: FragmentReassembler,
  anomaly: AnomalySink,
  onLink?: LinkObserver<T>,
  observer?: T,
): DecodedPacket[] {
  const ts = packetSeconds(pkt);
  reasm.expire(ts);
  // The common case, an Ethernet frame carrying IP from the capture reader, is read in place.
  if (pkt.linkType === LINKTYPE_ETHERNET && pkt instanceof ReaderPacket) {
    const bytes = pkt.buffer;
    const end = pkt.dataEnd;
    const link = decodeEthernetIpInPlace(bytes, pkt.dataStart, end, resetLink(scratch.link));
    if (link !== null) {
      if (onLink !== undefined) onLink.call(observer as T, link, bytes);
      return decodeFrom(pkt, ts, link, reasm, anomaly, bytes, end);
    }
  }
  const data = pkt.data;
  const link = decodeLink(pkt.linkType, data, anomaly, resetLink(scratch.link));
  if (link !== null && onLink !== undefined) onLink.call(observer as T, link, data);
  if (link === null || (link.etherType !== ETHERTYPE_IPV4 && link.etherType !== ETHERTYPE_IPV6))
    return NO_PACKETS;
  return decodeFrom(pkt, ts, link, reasm, anomaly, data, data.length);
}

/** Decodes the IP datagram at bytes[link.offset..end) of an IP frame whose link layer is `link`. */
function decodeFrom(
  pkt: CapturedPacket,
  ts: number,
  link: LinkLayer,
  reasm: FragmentReassembler,
  anomaly: AnomalySink,
  bytes: Uint8Array,
  end: number,
): DecodedPacket[] {
  const context = scratch.context;
  context.frame = pkt.frame;
  context.ts = ts;
  context.link = link;
  context.reasm = reasm;
  context.anomaly = anomaly;
  context.result = null;
  decodeIp(context, bytes, link.offset, end, link.etherType, 0, undefined);
  return context.result === null ? NO_PACKETS : ONE_PACKET;
}

function resetLink(link: LinkLayer): LinkLayer {
  link.etherType = 0;
  link.offset = 0;
  link.srcMac = undefined;
  link.dstMac = undefined;
  link.vlans = undefined;
  return link;
}

/** Decodes the IP packet at data[offset..end). */
function decodeIp(
  context: DecodeContext,
  data: Uint8Array,
  offset: number,
  end: number,
  etherType: number,
  depth: number,
  tunnels: string[] | undefined,
): void {
  const anomaly = context.anomaly;
  if (offset >= end) {
    anomaly('ip-truncated', 'no bytes after the link header');
    return;
  }
  const version = data[offset] >> 4;
  if (version !== (etherType === ETHERTYPE_IPV4 ? 4 : 6)) {
    anomaly('ip-version-mismatch', `EtherType 0x${etherType.toString(16)} but version ${version}`);
    return;
  }
  const datagram =
    version === 4 ? decodeIpv4(context, data, offset, end) : decodeIpv6(context, data, offset, end);
  if (datagram !== null) decodeUpper(context, datagram, depth, tunnels);
}

function decodeIpv4(
  context: DecodeContext,
  data: Uint8Array,
  offset: number,
  end: number,
): DatagramRange | null {
  const header = parseIpv4(data, offset, context.anomaly, ipv4Header, end);
  if (header === null) return null;
  const fragment = header.moreFragments || header.fragmentOffset > 0;
  if (fragment && !(header.truncated && header.fragmentOffset === 0)) {
    const datagram = context.reasm.add({
      version: 4,
      src: header.src,
      dst: header.dst,
      id: header.id,
      protocol: header.protocol,
      hopLimit: header.ttl,
      offset: header.fragmentOffset,
      more: header.moreFragments,
      length: header.payloadLength,
      data: data.subarray(header.payloadOffset, header.payloadEnd),
      frame: context.frame,
      ts: context.ts,
    });
    return datagram === null ? null : reassembledDatagram(datagram, 0);
  }
  const datagram = wholeDatagram(context, 4, header.src, header.dst, header.ttl, fragment, header.truncated);
  datagram.protocol = header.protocol;
  datagram.setRange(data, header.payloadOffset, header.payloadEnd);
  return datagram;
}

function decodeIpv6(
  context: DecodeContext,
  data: Uint8Array,
  offset: number,
  end: number,
): DatagramRange | null {
  const anomaly = context.anomaly;
  const header = parseIpv6(data, offset, anomaly, ipv6Header, end);
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
    return reassembledDatagram(datagram, walk.offset);
  }
  if (header.fragment) {
    // An atomic fragment (offset 0, M = 0; RFC 6946) is a whole datagram, and a cut-short first
    // fragment is read as far as it goes: either way the walk continues after the fragment header.
    if (!walkIpv6Extensions(data, header.payloadEnd, header, false, anomaly)) return null;
  }
  const datagram = wholeDatagram(
    context,
    6,
    header.src,
    header.dst,
    header.hopLimit,
    fragment,
    header.truncated,
  );
  datagram.protocol = header.protocol;
  datagram.setRange(data, header.offset, header.payloadEnd);
  return datagram;
}

/** scratch.datagram for a datagram that needed no reassembly; the caller sets protocol and range. */
function wholeDatagram(
  context: DecodeContext,
  version: 4 | 6,
  src: string,
  dst: string,
  hopLimit: number,
  fragmented: boolean,
  truncated: boolean,
): DatagramRange {
  const datagram = scratch.datagram;
  const frames = scratch.frames;
  frames[0] = context.frame;
  datagram.version = version;
  datagram.src = src;
  datagram.dst = dst;
  datagram.frames = frames;
  datagram.hopLimit = hopLimit;
  datagram.fragmented = fragmented;
  datagram.truncated = truncated;
  return datagram;
}

/** scratch.datagram for the datagram the reassembler returned, its payload from `start` on. */
function reassembledDatagram(reassembled: IpDatagram, start: number): DatagramRange {
  const datagram = scratch.datagram;
  datagram.version = reassembled.version;
  datagram.src = reassembled.src;
  datagram.dst = reassembled.dst;
  datagram.protocol = reassembled.protocol;
  datagram.frames = reassembled.frames;
  datagram.hopLimit = reassembled.hopLimit;
  datagram.fragmented = reassembled.fragmented;
  datagram.truncated = reassembled.truncated;
  const payload = reassembled.payload;
  if (start === 0) datagram.payload = payload;
  else datagram.setRange(payload, start, payload.length);
  return datagram;
}

function decodeUpper(
  context: DecodeContext,
  datagram: DatagramRange,
  depth: number,
  tunnels: string[] | undefined,
): void {
  const anomaly = context.anomaly;
  const protocol = datagram.protocol;
  switch (protocol) {
    case IPPROTO_TCP:
      emit(
        context,
        datagram,
        parseTcpAt(datagram.bytes, datagram.start, datagram.end, anomaly, scratch.tcp) ?? other(protocol),
        tunnels,
      );
      return;
    case IPPROTO_UDP: {
      const udp = parseUdpAt(datagram.bytes, datagram.start, datagram.end, anomaly, scratch.udp);
      if (udp === null) {
        emit(context, datagram, other(protocol), tunnels);
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
              udp.payload.length,
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
        datagram.payload.length,
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
          datagram.payload.length,
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
  emit(context, datagram, other(protocol), tunnels);
}

function other(protocol: number): OtherTransport {
  const transport = scratch.other;
  transport.protocol = protocol;
  return transport;
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
  const packet = scratch.packet;
  packet.ip = ip;
  packet.transport = transport;
  packet.link = context.link;
  packet.frame = context.frame;
  packet.tunnels = tunnels;
  context.result = packet;
}
