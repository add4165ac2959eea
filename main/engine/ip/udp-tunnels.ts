/**
 * Tunnels carried in UDP: VXLAN (4789), VXLAN-GPE (4790), Geneve (6081), GRE-in-UDP (4754),
 * GTP-U (2152) and Teredo (3544). decodeTunnelPayload finds the inner frame so the packet decoder
 * can recurse into it; it returns null when the ports do not name a tunnel or the tunnel message
 * carries no user packet (GTP echo, Teredo bubble), and reports malformed headers as anomalies.
 * Ports are the IANA ones Wireshark also uses by default: heuristics on other ports would turn
 * ordinary UDP payloads into phantom packets.
 * Threat model: untrusted payload; every header length is checked against the bytes present,
 * and GTP extension-header chains advance at least 4 bytes a step within the payload.
 */
import type { AnomalySink } from '../anomaly';
import { decodeEthernet, emptyLink } from '../link/ethernet';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, type LinkLayer } from '../link/link-layer';
import { decodeGre } from './gre';

export type TunnelKind = 'vxlan' | 'vxlan-gpe' | 'geneve' | 'gre-udp' | 'gtp-u' | 'teredo';

export interface TunnelPayload {
  tunnel: TunnelKind;
  /** The inner frame: etherType and offset into the UDP payload, inner MACs when Ethernet. */
  link: LinkLayer;
}

export const PORT_VXLAN = 4789;
export const PORT_VXLAN_GPE = 4790;
export const PORT_GENEVE = 6081;
export const PORT_GRE_UDP = 4754;
export const PORT_GTP_U = 2152;
export const PORT_TEREDO = 3544;

/** Quick test so the common case (no tunnel) costs a few comparisons. */
export function isTunnelPort(srcPort: number, dstPort: number): boolean {
  return (
    dstPort === PORT_VXLAN ||
    dstPort === PORT_VXLAN_GPE ||
    dstPort === PORT_GENEVE ||
    dstPort === PORT_GRE_UDP ||
    dstPort === PORT_GTP_U ||
    srcPort === PORT_GTP_U ||
    dstPort === PORT_TEREDO ||
    srcPort === PORT_TEREDO
  );
}

export function decodeTunnelPayload(
  srcPort: number,
  dstPort: number,
  payload: Uint8Array,
  anomaly: AnomalySink,
): TunnelPayload | null {
  let link: LinkLayer | null = null;
  let tunnel: TunnelKind;
  if (dstPort === PORT_VXLAN) {
    tunnel = 'vxlan';
    link = decodeVxlan(payload, anomaly);
  } else if (dstPort === PORT_VXLAN_GPE) {
    tunnel = 'vxlan-gpe';
    link = decodeVxlanGpe(payload, anomaly);
  } else if (dstPort === PORT_GENEVE) {
    tunnel = 'geneve';
    link = decodeGeneve(payload, anomaly);
  } else if (dstPort === PORT_GRE_UDP) {
    tunnel = 'gre-udp';
    link = decodeGre(payload, 0, anomaly);
  } else if (dstPort === PORT_GTP_U || srcPort === PORT_GTP_U) {
    tunnel = 'gtp-u';
    link = decodeGtpU(payload, anomaly);
  } else if (dstPort === PORT_TEREDO || srcPort === PORT_TEREDO) {
    tunnel = 'teredo';
    link = decodeTeredo(payload, anomaly);
  } else {
    return null;
  }
  return link === null ? null : { tunnel, link };
}

/**
 * RFC 7348 section 5:
 *
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |R|R|R|R|I|R|R|R|            Reserved                           |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                VXLAN Network Identifier (VNI) |   Reserved    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The I flag must be set; an Ethernet frame follows.
 */
function decodeVxlan(payload: Uint8Array, anomaly: AnomalySink): LinkLayer | null {
  if (payload.length < 8) {
    anomaly('vxlan-truncated');
    return null;
  }
  if ((payload[0] & 0x08) === 0) {
    anomaly('vxlan-bad-flags');
    return null;
  }
  return decodeEthernet(payload, 8, anomaly);
}

/**
 * VXLAN-GPE (draft-ietf-nvo3-vxlan-gpe section 3.2):
 *
 *   |R|R|Ver|I|P|B|O|       Reserved                |Next Protocol  |
 *   |                VXLAN Network Identifier (VNI) |   Reserved    |
 *
 * Next Protocol (valid when P is set): 1 IPv4, 2 IPv6, 3 Ethernet, 4 NSH.
 */
function decodeVxlanGpe(payload: Uint8Array, anomaly: AnomalySink): LinkLayer | null {
  if (payload.length < 8) {
    anomaly('vxlan-truncated');
    return null;
  }
  const next = (payload[0] & 0x04) !== 0 ? payload[3] : 3;
  if (next === 3) return decodeEthernet(payload, 8, anomaly);
  if (next === 1 || next === 2) return ipLink(next === 1 ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6, 8);
  anomaly('vxlan-gpe-unsupported-protocol', `next protocol ${next}`);
  return null;
}

/**
 * RFC 8926 section 3.4:
 *
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |Ver|  Opt Len  |O|C|    Rsvd.  |          Protocol Type        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |        Virtual Network Identifier (VNI)       |    Reserved   |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                    Variable-Length Options                    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Opt Len counts 4-byte words; Protocol Type is an EtherType (0x6558 for Ethernet).
 */
function decodeGeneve(payload: Uint8Array, anomaly: AnomalySink): LinkLayer | null {
  if (payload.length < 8) {
    anomaly('geneve-truncated');
    return null;
  }
  if (payload[0] >> 6 !== 0) {
    anomaly('geneve-bad-version');
    return null;
  }
  const start = 8 + (payload[0] & 0x3f) * 4;
  if (start > payload.length) {
    anomaly('geneve-truncated');
    return null;
  }
  const protocol = (payload[2] << 8) | payload[3];
  if (protocol === 0x6558) return decodeEthernet(payload, start, anomaly);
  return ipLink(protocol, start);
}

const GTP_FLAG_EXTENSION = 0x04;
const GTP_FLAG_SEQUENCE = 0x02;
const GTP_FLAG_NPDU = 0x01;
const GTP_MESSAGE_GPDU = 0xff;

/**
 * GTP-U header (3GPP TS 29.281 section 5.1):
 *
 *   Octet 1     Version (3 bits) = 1 | PT = 1 | (*) | E | S | PN
 *   Octet 2     Message Type (255 = G-PDU, a user packet)
 *   Octets 3-4  Length (of everything after the first 8 octets)
 *   Octets 5-8  Tunnel Endpoint Identifier
 *   Octets 9-10 Sequence Number      } present when any of E, S, PN is set
 *   Octet 11    N-PDU Number         }
 *   Octet 12    Next Extension Header Type
 *
 * Each extension header (section 5.2) is: Length in 4-octet units (including itself), contents,
 * Next Extension Header Type; type 0 ends the chain. The G-PDU then holds an IPv4 or IPv6 packet.
 */
function decodeGtpU(payload: Uint8Array, anomaly: AnomalySink): LinkLayer | null {
  if (payload.length < 8) {
    anomaly('gtp-u-truncated');
    return null;
  }
  const flags = payload[0];
  if (flags >> 5 !== 1 || (flags & 0x10) === 0) {
    anomaly('gtp-u-bad-version', `flags 0x${flags.toString(16)}`);
    return null;
  }
  // Echo, error indication and end marker messages carry no user packet.
  if (payload[1] !== GTP_MESSAGE_GPDU) return null;
  const length = (payload[2] << 8) | payload[3];
  const end = Math.min(payload.length, 8 + length);
  let position = 8;
  if ((flags & (GTP_FLAG_EXTENSION | GTP_FLAG_SEQUENCE | GTP_FLAG_NPDU)) !== 0) {
    if (position + 4 > end) {
      anomaly('gtp-u-truncated');
      return null;
    }
    let nextType = (flags & GTP_FLAG_EXTENSION) !== 0 ? payload[position + 3] : 0;
    position += 4;
    while (nextType !== 0) {
      if (position >= end) {
        anomaly('gtp-u-truncated');
        return null;
      }
      const extensionLength = payload[position] * 4;
      if (extensionLength === 0 || position + extensionLength > end) {
        anomaly('gtp-u-bad-extension', `type ${nextType}`);
        return null;
      }
      nextType = payload[position + extensionLength - 1];
      position += extensionLength;
    }
  }
  if (position >= end) {
    anomaly('gtp-u-truncated');
    return null;
  }
  const version = payload[position] >> 4;
  if (version !== 4 && version !== 6) {
    anomaly('gtp-u-non-ip', `first nibble ${version}`);
    return null;
  }
  return ipLink(version === 4 ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6, position);
}

/**
 * Teredo (RFC 4380 section 5.1.1): an IPv6 packet, optionally preceded by an authentication
 * indicator and/or an origin indication:
 *
 *   Authentication:  0x0001 | ID-len (1) | AU-len (1) | Client id | Authentication value |
 *                    Nonce (8) | Confirmation (1)
 *   Origin:          0x0000 | Obfuscated port (2) | Obfuscated IPv4 address (4)
 */
function decodeTeredo(payload: Uint8Array, anomaly: AnomalySink): LinkLayer | null {
  let position = 0;
  if (payload.length >= 4 && payload[0] === 0x00 && payload[1] === 0x01) {
    position = 4 + payload[2] + payload[3] + 8 + 1;
  }
  if (position + 2 <= payload.length && payload[position] === 0x00 && payload[position + 1] === 0x00) {
    position += 8;
  }
  if (position + 40 > payload.length || payload[position] >> 4 !== 6) {
    anomaly('teredo-not-ipv6');
    return null;
  }
  return ipLink(ETHERTYPE_IPV6, position);
}

function ipLink(etherType: number, offset: number): LinkLayer {
  const link = emptyLink();
  link.etherType = etherType;
  link.offset = offset;
  return link;
}
