/** What decodePacket hands the engine: one complete IP datagram and its innermost transport header. */
import type { LinkLayer } from '../link/link-layer';
import type { TcpSegment } from '../transport/tcp-header';
import type { UdpDatagram } from '../transport/udp-header';
import type { IpDatagram } from './ip-datagram';

/** An IP payload that is neither TCP nor UDP (ICMP, ESP, SCTP...), or a TCP/UDP header too broken to read. */
export interface OtherTransport {
  kind: 'other';
  protocol: number;
}

export type Transport = TcpSegment | UdpDatagram | OtherTransport;

export interface DecodedPacket {
  ip: IpDatagram;
  transport: Transport;
  /** The capture's own link layer (outermost), when the frame had one with addresses. */
  link?: LinkLayer;
  /** The frame being decoded (for a reassembled datagram, the one that completed it). */
  frame: number;
  /** Tunnels the datagram came out of, outermost first ('gre', 'vxlan', 'ipv6-in-ip', ...). */
  tunnels?: string[];
}
