/**
 * Ethernet II / IEEE 802.3 frames and what may follow the type field before the network layer:
 * 802.1Q and 802.1ad VLAN tags, PPPoE sessions, MPLS label stacks (with Ethernet pseudowires).
 * Threat model: the frame is untrusted. Every read is bounds-checked; nesting (tags, labels,
 * pseudowires) is capped by MAX_LINK_NESTING so a crafted frame cannot make the walk loop.
 */
import type { AnomalySink } from '../anomaly';
import { decodeLlcInto } from './llc';
import {
  ETHERTYPE_IPV4,
  ETHERTYPE_IPV6,
  ETHERTYPE_MPLS,
  ETHERTYPE_MPLS_MULTICAST,
  ETHERTYPE_NONE,
  ETHERTYPE_PPPOE_SESSION,
  ETHERTYPE_QINQ,
  ETHERTYPE_QINQ_OLD,
  ETHERTYPE_QINQ_OLD2,
  ETHERTYPE_VLAN,
  MAX_LINK_NESTING,
  type LinkLayer,
} from './link-layer';
import { formatMac } from './mac-address';
import { skipMplsStack } from './mpls';
import { decodePppoeSession } from './ppp';

/** Largest 802.3 length value; type fields at or below it are lengths, not EtherTypes. */
const MAX_8023_LENGTH = 1500;
const ETHERNET_HEADER_LENGTH = 14;
const PSEUDOWIRE_CONTROL_WORD_LENGTH = 4;

/** A LinkLayer with every field present, so all link objects share one shape. */
export function emptyLink(): LinkLayer {
  return { etherType: ETHERTYPE_NONE, offset: 0, srcMac: undefined, dstMac: undefined, vlans: undefined };
}

/**
 * IEEE 802.3 clause 3.1.1 (Ethernet II when the type field exceeds 1500):
 *
 *   +----------------+----------------+-----------------+---------...
 *   | Destination (6)| Source (6)     | Type/Length (2) | payload / 802.2 LLC
 *   +----------------+----------------+-----------------+---------...
 *
 * The frame check sequence, when the capture kept it, trails the payload and is left alone:
 * the IP total length decides where the datagram ends.
 */
export function decodeEthernet(
  data: Uint8Array,
  offset: number,
  anomaly: AnomalySink,
  link: LinkLayer = emptyLink(),
  nesting = 0,
): LinkLayer | null {
  if (offset + ETHERNET_HEADER_LENGTH > data.length) {
    anomaly('ethernet-truncated');
    return null;
  }
  link.dstMac = formatMac(data, offset);
  link.srcMac = formatMac(data, offset + 6);
  const typeOrLength = (data[offset + 12] << 8) | data[offset + 13];
  if (typeOrLength <= MAX_8023_LENGTH)
    return decodeLlcInto(data, offset + ETHERNET_HEADER_LENGTH, link, anomaly);
  return followEtherType(data, typeOrLength, offset + ETHERNET_HEADER_LENGTH, link, anomaly, nesting);
}

/**
 * The common Ethernet frame read where it lies, in bytes[start..end) of a larger buffer: Ethernet II
 * whose type field says IPv4 or IPv6 (no VLAN tag, no LLC), for which this gives what
 * decodeEthernet would, except that link.offset is an index into `bytes`. Returns null for every
 * other frame, which the caller then decodes in full from a view of its own.
 */
export function decodeEthernetIpInPlace(
  bytes: Uint8Array,
  start: number,
  end: number,
  link: LinkLayer,
): LinkLayer | null {
  if (start + ETHERNET_HEADER_LENGTH > end) return null;
  const type = (bytes[start + 12] << 8) | bytes[start + 13];
  if (type !== ETHERTYPE_IPV4 && type !== ETHERTYPE_IPV6) return null;
  link.dstMac = formatMac(bytes, start);
  link.srcMac = formatMac(bytes, start + 6);
  link.etherType = type;
  link.offset = start + ETHERNET_HEADER_LENGTH;
  return link;
}

function isVlanTag(etherType: number): boolean {
  return (
    etherType === ETHERTYPE_VLAN ||
    etherType === ETHERTYPE_QINQ ||
    etherType === ETHERTYPE_QINQ_OLD ||
    etherType === ETHERTYPE_QINQ_OLD2
  );
}

/**
 * Follows an EtherType whose payload starts at `offset` through the shims that may precede the
 * network layer, and fills link.etherType / link.offset with the final protocol.
 *
 * IEEE 802.1Q tag (TPID 0x8100, 802.1ad S-tag 0x88a8, pre-standard QinQ 0x9100/0x9200):
 *
 *   +------------+-------+-----+---------------+-------------------+
 *   | TPID (2)   | PCP 3 | DEI | VLAN id (12)  | EtherType/Len (2) |
 *   +------------+-------+-----+---------------+-------------------+
 *
 * After an MPLS stack the payload has no type field; RFC 4385 section 3 says the first nibble of
 * an IP packet is 4 or 6, a pseudowire control word starts with 0000 and an associated-channel
 * header with 0001, which is how the payload is told apart.
 */
export function followEtherType(
  data: Uint8Array,
  etherType: number,
  offset: number,
  link: LinkLayer,
  anomaly: AnomalySink,
  nesting = 0,
): LinkLayer | null {
  let type = etherType;
  let position = offset;
  for (let hop = 0; hop <= MAX_LINK_NESTING; hop++) {
    if (isVlanTag(type)) {
      if (position + 4 > data.length) {
        anomaly('vlan-truncated');
        return null;
      }
      (link.vlans ??= []).push(((data[position] << 8) | data[position + 1]) & 0x0fff);
      type = (data[position + 2] << 8) | data[position + 3];
      position += 4;
      if (type <= MAX_8023_LENGTH) return decodeLlcInto(data, position, link, anomaly);
      continue;
    }
    if (type === ETHERTYPE_PPPOE_SESSION) {
      if (decodePppoeSession(data, position, link, anomaly) === null) return null;
      type = link.etherType;
      position = link.offset;
      continue;
    }
    if (type === ETHERTYPE_MPLS || type === ETHERTYPE_MPLS_MULTICAST) {
      const payload = skipMplsStack(data, position, anomaly);
      if (payload < 0) return null;
      if (payload >= data.length) {
        anomaly('mpls-truncated');
        return null;
      }
      const nibble = data[payload] >> 4;
      if (nibble === 4 || nibble === 6) {
        link.etherType = nibble === 4 ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6;
        link.offset = payload;
        return link;
      }
      if (nibble === 1) {
        // A pseudowire associated channel (OAM, BFD): management, not user traffic.
        link.etherType = ETHERTYPE_NONE;
        link.offset = payload;
        return link;
      }
      if (nesting >= MAX_LINK_NESTING) {
        anomaly('link-too-deep');
        return null;
      }
      const inner = nibble === 0 ? payload + PSEUDOWIRE_CONTROL_WORD_LENGTH : payload;
      return decodeEthernet(data, inner, anomaly, link, nesting + 1);
    }
    link.etherType = type;
    link.offset = position;
    return link;
  }
  anomaly('link-too-deep');
  return null;
}
