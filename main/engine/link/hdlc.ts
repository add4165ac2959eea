/**
 * HDLC-framed links: LINKTYPE_PPP_HDLC (50) carries PPP in HDLC-like framing (RFC 1662) or Cisco
 * HDLC; LINKTYPE_C_HDLC (104) carries Cisco HDLC only. Capture files hold the frames already
 * un-escaped, so no byte destuffing is needed.
 * Threat model: untrusted bytes; every field read is preceded by a length check.
 */
import type { AnomalySink } from '../anomaly';
import { emptyLink, followEtherType } from './ethernet';
import type { LinkLayer } from './link-layer';
import { decodePpp } from './ppp';

const HDLC_PPP_ADDRESS = 0xff;
const CISCO_HDLC_UNICAST = 0x0f;
const CISCO_HDLC_MULTICAST = 0x8f;

/**
 * Cisco HDLC (as documented for LINKTYPE_C_HDLC):
 *
 *   +---------+---------+---------------------+
 *   | Address | Control | Protocol (EtherType)|    Address 0x0F unicast / 0x8F multicast,
 *   |   (1)   |   (1)   |        (2)          |    Control 0x00.
 *   +---------+---------+---------------------+
 */
export function decodeCiscoHdlc(data: Uint8Array, offset: number, anomaly: AnomalySink): LinkLayer | null {
  if (offset + 4 > data.length) {
    anomaly('hdlc-truncated');
    return null;
  }
  const etherType = (data[offset + 2] << 8) | data[offset + 3];
  return followEtherType(data, etherType, offset + 4, emptyLink(), anomaly);
}

/**
 * LINKTYPE_PPP_HDLC: "the first byte will be 0xFF for PPP in HDLC-like framing, and will be 0x0F
 * or 0x8F for Cisco PPP with HDLC framing" (tcpdump.org link-layer header types).
 */
export function decodePppHdlc(data: Uint8Array, offset: number, anomaly: AnomalySink): LinkLayer | null {
  if (offset >= data.length) {
    anomaly('hdlc-truncated');
    return null;
  }
  const address = data[offset];
  if (address === CISCO_HDLC_UNICAST || address === CISCO_HDLC_MULTICAST) {
    return decodeCiscoHdlc(data, offset, anomaly);
  }
  if (address !== HDLC_PPP_ADDRESS) {
    anomaly('hdlc-bad-address');
    return null;
  }
  const link = decodePpp(data, offset, emptyLink(), anomaly);
  return link === null ? null : followEtherType(data, link.etherType, link.offset, link, anomaly);
}
