/**
 * The link-layer entry point: turns a captured frame of any supported LINKTYPE into "which
 * network protocol follows, and where". Decoders for each family live in their own files.
 * Threat model: frames are untrusted; this dispatcher reads nothing itself except the raw-IP
 * version nibble (after a length check), and every decoder reports bad input as an anomaly.
 */
import type { AnomalySink } from '../anomaly';
import { decodeEthernet, emptyLink, followEtherType } from './ethernet';
import { decodeFddi } from './fddi';
import { decodeCiscoHdlc, decodePppHdlc } from './hdlc';
import { decodeIeee80211 } from './ieee80211';
import {
  ETHERTYPE_IPV4,
  ETHERTYPE_IPV6,
  LINKTYPE_C_HDLC,
  LINKTYPE_ETHERNET,
  LINKTYPE_FDDI,
  LINKTYPE_IEEE802_11,
  LINKTYPE_IEEE802_11_AVS,
  LINKTYPE_IEEE802_11_PRISM,
  LINKTYPE_IEEE802_11_RADIOTAP,
  LINKTYPE_IPV4,
  LINKTYPE_IPV6,
  LINKTYPE_LINUX_SLL,
  LINKTYPE_LINUX_SLL2,
  LINKTYPE_LOOP,
  LINKTYPE_NULL,
  LINKTYPE_PPP,
  LINKTYPE_PPP_HDLC,
  LINKTYPE_RAW,
  LINKTYPE_RAW_DLT12,
  LINKTYPE_RAW_DLT14,
  type LinkLayer,
} from './link-layer';
import { decodeLinuxSll, decodeLinuxSll2 } from './linux-sll';
import { decodeLoop, decodeNull } from './null-loopback';
import { decodePpp } from './ppp';
import { decodeAvs, decodePrism, decodeRadiotap } from './wlan-headers';

export type { LinkLayer } from './link-layer';

/**
 * Raw IP link types (101, 12, 14, 228, 229): the frame is an IP packet. LINKTYPE_IPV4/IPV6 promise
 * a version, but the version nibble is what the packet really is, so it decides for all of them.
 */
function decodeRawIp(data: Uint8Array, anomaly: AnomalySink): LinkLayer | null {
  if (data.length === 0) {
    anomaly('raw-ip-truncated');
    return null;
  }
  const version = data[0] >> 4;
  if (version !== 4 && version !== 6) {
    anomaly('raw-ip-bad-version', `version ${version}`);
    return null;
  }
  const link = emptyLink();
  link.etherType = version === 4 ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6;
  return link;
}

function decodePppLink(data: Uint8Array, anomaly: AnomalySink): LinkLayer | null {
  const link = decodePpp(data, 0, emptyLink(), anomaly);
  return link === null ? null : followEtherType(data, link.etherType, link.offset, link, anomaly);
}

/**
 * Decodes the link header of one frame. Returns null when nothing above the link layer can be
 * reached (truncated header, control frame, unsupported link type); a LinkLayer with etherType 0
 * when the frame is valid but carries no EtherType-identified payload. An Ethernet frame is
 * decoded into `into` when given, which must have every field empty (see emptyLink); the decoder
 * of each packet passes one it reuses. Other link types return a new object.
 */
export function decodeLink(
  linkType: number,
  data: Uint8Array,
  anomaly: AnomalySink,
  into?: LinkLayer,
): LinkLayer | null {
  switch (linkType) {
    case LINKTYPE_ETHERNET:
      return decodeEthernet(data, 0, anomaly, into);
    case LINKTYPE_LINUX_SLL:
      return decodeLinuxSll(data, 0, anomaly);
    case LINKTYPE_LINUX_SLL2:
      return decodeLinuxSll2(data, 0, anomaly);
    case LINKTYPE_RAW:
    case LINKTYPE_RAW_DLT12:
    case LINKTYPE_RAW_DLT14:
    case LINKTYPE_IPV4:
    case LINKTYPE_IPV6:
      return decodeRawIp(data, anomaly);
    case LINKTYPE_NULL:
      return decodeNull(data, anomaly);
    case LINKTYPE_LOOP:
      return decodeLoop(data, anomaly);
    case LINKTYPE_PPP:
      return decodePppLink(data, anomaly);
    case LINKTYPE_PPP_HDLC:
      return decodePppHdlc(data, 0, anomaly);
    case LINKTYPE_C_HDLC:
      return decodeCiscoHdlc(data, 0, anomaly);
    case LINKTYPE_FDDI:
      return decodeFddi(data, 0, anomaly);
    case LINKTYPE_IEEE802_11:
      return decodeIeee80211(data, 0, anomaly);
    case LINKTYPE_IEEE802_11_RADIOTAP:
      return decodeRadiotap(data, 0, anomaly);
    case LINKTYPE_IEEE802_11_PRISM:
      return decodePrism(data, 0, anomaly);
    case LINKTYPE_IEEE802_11_AVS:
      return decodeAvs(data, 0, anomaly);
    default:
      anomaly('link-unsupported', `linktype ${linkType}`);
      return null;
  }
}
