/**
 * Linux "cooked" capture headers, LINKTYPE_LINUX_SLL (113) and LINKTYPE_LINUX_SLL2 (276), written
 * by libpcap for the "any" device and for interfaces without a usable link header.
 * Threat model: untrusted bytes; fixed-size headers are length-checked before any read.
 */
import type { AnomalySink } from '../anomaly';
import { emptyLink, followEtherType } from './ethernet';
import { ETHERTYPE_IPX, ETHERTYPE_NONE, type LinkLayer } from './link-layer';
import { decodeLlcInto } from './llc';
import { formatMac } from './mac-address';
import { decodeRadiotap } from './wlan-headers';

const ARPHRD_ETHER = 1;
const ARPHRD_NETLINK = 824;
const ARPHRD_IEEE80211_RADIOTAP = 803;
/** Protocol values below 0x0600 that SLL uses for frames without an EtherType (linux/if_ether.h). */
const LINUX_SLL_P_802_3 = 0x0001;
const LINUX_SLL_P_802_2 = 0x0004;
const MAX_8023_LENGTH = 1500;

/**
 * Shared tail of both header versions: the protocol field means an EtherType except for the
 * ARPHRD types and small values that libpcap documents otherwise.
 */
function finishCooked(
  data: Uint8Array,
  arphrd: number,
  addressLength: number,
  addressOffset: number,
  protocol: number,
  payload: number,
  anomaly: AnomalySink,
): LinkLayer | null {
  if (arphrd === ARPHRD_IEEE80211_RADIOTAP) return decodeRadiotap(data, payload, anomaly);
  const link = emptyLink();
  // The address field holds the sender's link address (for outgoing packets, our own).
  if (arphrd === ARPHRD_ETHER && addressLength === 6) link.srcMac = formatMac(data, addressOffset);
  if (arphrd === ARPHRD_NETLINK) {
    // Netlink messages: the protocol field is a netlink family, and nothing above is IP.
    link.offset = payload;
    return link;
  }
  if (protocol === LINUX_SLL_P_802_2) return decodeLlcInto(data, payload, link, anomaly);
  if (protocol <= MAX_8023_LENGTH) {
    link.etherType = protocol === LINUX_SLL_P_802_3 ? ETHERTYPE_IPX : ETHERTYPE_NONE;
    link.offset = payload;
    return link;
  }
  return followEtherType(data, protocol, payload, link, anomaly);
}

/**
 * LINKTYPE_LINUX_SLL (tcpdump.org linktypes/LINKTYPE_LINUX_SLL.html), 16 bytes, big-endian:
 *
 *   +---------------------------+
 *   |         Packet type       | (2 Octets)
 *   |        ARPHRD_ type       | (2 Octets)
 *   | Link-layer address length | (2 Octets)
 *   |    Link-layer address     | (8 Octets)
 *   |        Protocol type      | (2 Octets)
 *   +---------------------------+
 */
export function decodeLinuxSll(data: Uint8Array, offset: number, anomaly: AnomalySink): LinkLayer | null {
  if (offset + 16 > data.length) {
    anomaly('linux-sll-truncated');
    return null;
  }
  const arphrd = (data[offset + 2] << 8) | data[offset + 3];
  const addressLength = (data[offset + 4] << 8) | data[offset + 5];
  const protocol = (data[offset + 14] << 8) | data[offset + 15];
  return finishCooked(data, arphrd, addressLength, offset + 6, protocol, offset + 16, anomaly);
}

/**
 * LINKTYPE_LINUX_SLL2 (tcpdump.org linktypes/LINKTYPE_LINUX_SLL2.html), 20 bytes, big-endian:
 *
 *   +---------------------------+
 *   |        Protocol type      | (2 Octets)
 *   |       Reserved (MBZ)      | (2 Octets)
 *   |       Interface index     | (4 Octets)
 *   |        ARPHRD_ type       | (2 Octets)
 *   |        Packet type        | (1 Octet)
 *   | Link-layer address length | (1 Octet)
 *   |    Link-layer address     | (8 Octets)
 *   +---------------------------+
 */
export function decodeLinuxSll2(data: Uint8Array, offset: number, anomaly: AnomalySink): LinkLayer | null {
  if (offset + 20 > data.length) {
    anomaly('linux-sll2-truncated');
    return null;
  }
  const protocol = (data[offset] << 8) | data[offset + 1];
  const arphrd = (data[offset + 8] << 8) | data[offset + 9];
  const addressLength = data[offset + 11];
  return finishCooked(data, arphrd, addressLength, offset + 12, protocol, offset + 20, anomaly);
}
