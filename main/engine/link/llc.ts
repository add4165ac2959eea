/**
 * IEEE 802.2 LLC and SNAP headers, found after an 802.3 length field, in FDDI, and in 802.11 data.
 * Threat model: the bytes come from an untrusted capture. Every read is checked against
 * data.length; a short or unknown header becomes a named anomaly or "no EtherType", never a throw.
 */
import type { AnomalySink } from '../anomaly';
import { ETHERTYPE_IPV4, ETHERTYPE_IPX, ETHERTYPE_NONE, type LinkLayer } from './link-layer';

const SAP_SNAP = 0xaa;
const SAP_IP = 0x06;
const SAP_IPX = 0xe0;
const SAP_RAW_NOVELL = 0xff;

/**
 * LLC (IEEE 802.2 clause 3.2) and SNAP (IEEE 802 clause 10.3):
 *
 *   +-------+-------+-----------------+
 *   | DSAP  | SSAP  | Control (1 or 2)|      U-format control ends in binary 11 and is 1 byte.
 *   +-------+-------+-----------------+
 *   SNAP (DSAP = SSAP = 0xAA, control 0x03):
 *   +---------------------+-----------------+
 *   | OUI (3)             | Protocol ID (2) |  OUI 00-00-00 / 00-00-F8: protocol ID is an EtherType.
 *   +---------------------+-----------------+
 *
 * Fills link.etherType and link.offset and returns the link, or null when the header is cut short.
 */
export function decodeLlcInto(
  data: Uint8Array,
  offset: number,
  link: LinkLayer,
  anomaly: AnomalySink,
): LinkLayer | null {
  if (offset + 2 > data.length) {
    anomaly('llc-truncated');
    return null;
  }
  const dsap = data[offset];
  const ssap = data[offset + 1];
  if (dsap === SAP_RAW_NOVELL && ssap === SAP_RAW_NOVELL) {
    // "Raw" Novell 802.3: the IPX header (checksum 0xFFFF) follows the length field directly.
    link.etherType = ETHERTYPE_IPX;
    link.offset = offset;
    return link;
  }
  if (offset + 3 > data.length) {
    anomaly('llc-truncated');
    return null;
  }
  const control = data[offset + 2];
  const controlLength = (control & 0x03) === 0x03 ? 1 : 2;
  const afterLlc = offset + 2 + controlLength;
  if (afterLlc > data.length) {
    anomaly('llc-truncated');
    return null;
  }
  if (dsap === SAP_SNAP && ssap === SAP_SNAP && controlLength === 1) {
    if (afterLlc + 5 > data.length) {
      anomaly('snap-truncated');
      return null;
    }
    const oui = (data[afterLlc] << 16) | (data[afterLlc + 1] << 8) | data[afterLlc + 2];
    const protocolId = (data[afterLlc + 3] << 8) | data[afterLlc + 4];
    link.etherType = oui === 0x000000 || oui === 0x0000f8 ? protocolId : ETHERTYPE_NONE;
    link.offset = afterLlc + 5;
    return link;
  }
  if (dsap === SAP_IP && ssap === SAP_IP) {
    link.etherType = ETHERTYPE_IPV4;
  } else if (dsap === SAP_IPX && ssap === SAP_IPX) {
    link.etherType = ETHERTYPE_IPX;
  } else {
    // Spanning tree, NetBIOS, CDP and friends: link-local protocols without an EtherType.
    link.etherType = ETHERTYPE_NONE;
  }
  link.offset = afterLlc;
  return link;
}
