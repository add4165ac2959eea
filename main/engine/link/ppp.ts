/**
 * PPP framing (RFC 1661, RFC 1662) for LINKTYPE_PPP, PPP in HDLC-like framing and PPPoE sessions.
 * Threat model: untrusted bytes; each field is read only after a bounds check, and an unknown PPP
 * protocol becomes "no EtherType" rather than a guess.
 */
import type { AnomalySink } from '../anomaly';
import {
  ETHERTYPE_IPV4,
  ETHERTYPE_IPV6,
  ETHERTYPE_MPLS,
  ETHERTYPE_MPLS_MULTICAST,
  ETHERTYPE_NONE,
  type LinkLayer,
} from './link-layer';

const PPP_IPV4 = 0x0021;
const PPP_IPV6 = 0x0057;
const PPP_MPLS_UNICAST = 0x0281;
const PPP_MPLS_MULTICAST = 0x0283;

/** Maps a PPP protocol number (RFC 1661 section 2, IANA "PPP DLL Protocol Numbers") to an EtherType. */
export function pppProtocolToEtherType(protocol: number): number {
  switch (protocol) {
    case PPP_IPV4:
      return ETHERTYPE_IPV4;
    case PPP_IPV6:
      return ETHERTYPE_IPV6;
    case PPP_MPLS_UNICAST:
      return ETHERTYPE_MPLS;
    case PPP_MPLS_MULTICAST:
      return ETHERTYPE_MPLS_MULTICAST;
    default:
      // LCP, IPCP, CHAP, compressed datagrams...: control traffic with no IP inside.
      return ETHERTYPE_NONE;
  }
}

/**
 * RFC 1661 section 2, the PPP protocol field:
 *
 *   +----------+-------------+---------+
 *   | Protocol | Information | Padding |
 *   | 8/16 bits|      *      |    *    |
 *   +----------+-------------+---------+
 *
 * With protocol-field compression the field is one byte; a protocol number's first byte is always
 * even and its last byte always odd, so an odd first byte means the compressed form.
 * Fills link.etherType and link.offset (past the protocol field).
 */
export function decodePppProtocolInto(
  data: Uint8Array,
  offset: number,
  link: LinkLayer,
  anomaly: AnomalySink,
): LinkLayer | null {
  if (offset >= data.length) {
    anomaly('ppp-truncated');
    return null;
  }
  let protocol: number;
  let next: number;
  if ((data[offset] & 0x01) !== 0) {
    protocol = data[offset];
    next = offset + 1;
  } else {
    if (offset + 2 > data.length) {
      anomaly('ppp-truncated');
      return null;
    }
    protocol = (data[offset] << 8) | data[offset + 1];
    next = offset + 2;
  }
  link.etherType = pppProtocolToEtherType(protocol);
  link.offset = next;
  return link;
}

/**
 * LINKTYPE_PPP: "PPP, as per RFC 1661 and RFC 1662; if the first 2 bytes are 0xff and 0x03, it's
 * PPP in HDLC-like framing, with the PPP header following those two bytes, otherwise it's PPP
 * without framing" (tcpdump.org link-layer header types).
 *
 *   +----------+----------+----------+
 *   | Address  | Control  | Protocol |   Address 0xFF and Control 0x03 are optional here.
 *   | 11111111 | 00000011 | 8/16 bits|
 *   +----------+----------+----------+
 */
export function decodePpp(
  data: Uint8Array,
  offset: number,
  link: LinkLayer,
  anomaly: AnomalySink,
): LinkLayer | null {
  let position = offset;
  if (position + 2 <= data.length && data[position] === 0xff && data[position + 1] === 0x03) position += 2;
  return decodePppProtocolInto(data, position, link, anomaly);
}

/**
 * RFC 2516 section 4, the PPPoE header (EtherType 0x8864, session stage):
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  VER  | TYPE  |      CODE     |          SESSION_ID           |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |            LENGTH             |           payload             ~
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * VER and TYPE are 1 and CODE is 0 for session data; the payload starts with a PPP protocol field.
 */
export function decodePppoeSession(
  data: Uint8Array,
  offset: number,
  link: LinkLayer,
  anomaly: AnomalySink,
): LinkLayer | null {
  if (offset + 6 > data.length) {
    anomaly('pppoe-truncated');
    return null;
  }
  if (data[offset] !== 0x11 || data[offset + 1] !== 0x00) {
    anomaly('pppoe-bad-header');
    return null;
  }
  return decodePppProtocolInto(data, offset + 6, link, anomaly);
}
