/**
 * GRE (IP protocol 47, and GRE-in-UDP) decapsulation to the inner frame: IP, Ethernet
 * (transparent bridging, ERSPAN types I-III), MPLS, PPP (PPTP's enhanced GRE) and WCCP redirects.
 * Threat model: the header is untrusted; its optional fields are sized from the flag bits and
 * checked against the bytes present. Source routing (RFC 1701) is reported, not followed.
 */
import type { AnomalySink } from '../anomaly';
import { decodeEthernet, emptyLink, followEtherType } from '../link/ethernet';
import { ETHERTYPE_IPV4, ETHERTYPE_TRANSPARENT_ETHERNET, type LinkLayer } from '../link/link-layer';
import { decodePpp } from '../link/ppp';

const FLAG_CHECKSUM = 0x8000;
const FLAG_ROUTING = 0x4000;
const FLAG_KEY = 0x2000;
const FLAG_SEQUENCE = 0x1000;
const FLAG_ACK = 0x0080;
const PROTOCOL_ERSPAN_2 = 0x88be;
const PROTOCOL_ERSPAN_3 = 0x22eb;
const PROTOCOL_PPP = 0x880b;
const PROTOCOL_WCCP = 0x883e;
const ERSPAN_2_HEADER = 8;
const ERSPAN_3_HEADER = 12;
const ERSPAN_3_PLATFORM_SUBHEADER = 8;
const WCCP_REDIRECT_HEADER = 4;

/**
 * RFC 2784 section 2.1 with the key and sequence fields of RFC 2890:
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |C|R|K|S| Reserved0       | Ver |         Protocol Type         |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |      Checksum (optional)      |       Reserved1 (Optional)    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                         Key (optional)                        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                 Sequence Number (Optional)                    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Version 1 is PPTP's enhanced GRE (RFC 2637 section 4.1): the key field is always present
 * (payload length + call id), the A flag (0x0080) adds a 4-byte acknowledgment number after the
 * sequence number, and the payload is a PPP frame.
 *
 * Returns the inner link: etherType and offset into `data`, MACs when the inner frame is Ethernet.
 */
export function decodeGre(
  data: Uint8Array,
  offset: number,
  anomaly: AnomalySink,
  nesting = 0,
): LinkLayer | null {
  if (offset + 4 > data.length) {
    anomaly('gre-truncated');
    return null;
  }
  const flags = (data[offset] << 8) | data[offset + 1];
  const version = flags & 0x0007;
  const protocol = (data[offset + 2] << 8) | data[offset + 3];
  if ((flags & FLAG_ROUTING) !== 0) {
    anomaly('gre-routing-unsupported');
    return null;
  }
  if (version > 1) {
    anomaly('gre-bad-version', `version ${version}`);
    return null;
  }
  let position = offset + 4;
  if ((flags & FLAG_CHECKSUM) !== 0) position += 4;
  if ((flags & FLAG_KEY) !== 0) position += 4;
  if ((flags & FLAG_SEQUENCE) !== 0) position += 4;
  if (version === 1 && (flags & FLAG_ACK) !== 0) position += 4;
  if (position > data.length) {
    anomaly('gre-truncated');
    return null;
  }
  switch (protocol) {
    case ETHERTYPE_TRANSPARENT_ETHERNET:
      return decodeEthernet(data, position, anomaly, emptyLink(), nesting + 1);
    case PROTOCOL_ERSPAN_2:
      // ERSPAN type I has no header and no sequence number; type II sets S and adds 8 bytes.
      return decodeEthernet(
        data,
        (flags & FLAG_SEQUENCE) !== 0 ? position + ERSPAN_2_HEADER : position,
        anomaly,
        emptyLink(),
        nesting + 1,
      );
    case PROTOCOL_ERSPAN_3:
      return decodeErspan3(data, position, anomaly, nesting);
    case PROTOCOL_PPP: {
      const link = decodePpp(data, position, emptyLink(), anomaly);
      return link === null
        ? null
        : followEtherType(data, link.etherType, link.offset, link, anomaly, nesting + 1);
    }
    case PROTOCOL_WCCP: {
      // WCCPv2 redirection (draft-wilson-wrec-wccp-v2 section 4.12): an optional 4-byte redirect
      // header precedes the IPv4 packet; an IPv4 version nibble means it is absent.
      if (position >= data.length) {
        anomaly('gre-truncated');
        return null;
      }
      const inner = data[position] >> 4 === 4 ? position : position + WCCP_REDIRECT_HEADER;
      if (inner >= data.length) {
        anomaly('gre-truncated');
        return null;
      }
      return followEtherType(data, ETHERTYPE_IPV4, inner, emptyLink(), anomaly, nesting + 1);
    }
    default:
      return followEtherType(data, protocol, position, emptyLink(), anomaly, nesting + 1);
  }
}

/**
 * ERSPAN type III header (draft-foschiano-erspan-03 section 4.3), 12 bytes:
 *
 *   |  Ver  |          VLAN         | COS |BSO|T|     Session ID    |
 *   |                          Timestamp                            |
 *   |             SGT               |P|    FT   |   Hw ID   |D|Gra|O|
 *
 * O set means an 8-byte platform-specific subheader follows. Then the mirrored Ethernet frame.
 */
function decodeErspan3(
  data: Uint8Array,
  offset: number,
  anomaly: AnomalySink,
  nesting: number,
): LinkLayer | null {
  if (offset + ERSPAN_3_HEADER > data.length) {
    anomaly('erspan-truncated');
    return null;
  }
  const optional = (data[offset + 11] & 0x01) !== 0;
  const frame = offset + ERSPAN_3_HEADER + (optional ? ERSPAN_3_PLATFORM_SUBHEADER : 0);
  return decodeEthernet(data, frame, anomaly, emptyLink(), nesting + 1);
}
