/**
 * IEEE 802.11 MAC frames (LINKTYPE_IEEE802_11 and what radiotap / Prism / AVS wrap): enough to
 * reach the LLC/SNAP header of unprotected data frames and to name the stations involved.
 * Threat model: untrusted bytes from the air; header length is computed from the frame control
 * bits and checked against data.length before any address or LLC read.
 */
import type { AnomalySink } from '../anomaly';
import { emptyLink } from './ethernet';
import type { LinkLayer } from './link-layer';
import { decodeLlcInto } from './llc';
import { formatMac } from './mac-address';

const TYPE_MANAGEMENT = 0;
const TYPE_DATA = 2;
const FLAG_TO_DS = 0x01;
const FLAG_FROM_DS = 0x02;
const FLAG_MORE_FRAGMENTS = 0x04;
const FLAG_PROTECTED = 0x40;
const FLAG_ORDER = 0x80;
const SUBTYPE_QOS = 0x08;
const SUBTYPE_NO_DATA = 0x04;
const QOS_AMSDU_PRESENT = 0x80;

/**
 * IEEE 802.11-2020 clause 9.2.3, the general MAC header (multi-byte fields little-endian):
 *
 *   +---------+----------+-------+-------+-------+----------+-------+---------+---------+------
 *   | Frame   | Duration | Addr1 | Addr2 | Addr3 | Sequence | Addr4 | QoS     | HT      | Frame
 *   | Control | /ID      |       |       |       | Control  |       | Control | Control | Body
 *   |   2     |    2     |   6   |   6   |   6   |    2     | 0/6   | 0/2     | 0/4     |
 *   +---------+----------+-------+-------+-------+----------+-------+---------+---------+------
 *
 * Frame Control byte 0: protocol version (bits 0-1), type (2-3), subtype (4-7); byte 1: To DS,
 * From DS, More Fragments, Retry, Power Mgmt, More Data, Protected Frame, +HTC/Order.
 * Addr4 exists when both To DS and From DS are set; QoS Control in QoS data subtypes; HT Control
 * in QoS frames with the Order bit. Which address is the source and which the destination
 * depends on the DS bits (clause 9.3.2.1, Table 9-30).
 *
 * `dataPad` is radiotap's "frame has padding between header and payload" flag: the body then
 * starts at the next multiple of 4 bytes from the start of the MAC header.
 * Management frames yield their stations' MACs with EtherType 0; control frames yield null.
 */
export function decodeIeee80211(
  data: Uint8Array,
  offset: number,
  anomaly: AnomalySink,
  dataPad = false,
): LinkLayer | null {
  if (offset + 2 > data.length) {
    anomaly('wlan-truncated');
    return null;
  }
  const control0 = data[offset];
  const flags = data[offset + 1];
  if ((control0 & 0x03) !== 0) {
    anomaly('wlan-bad-version');
    return null;
  }
  const type = (control0 >> 2) & 0x03;
  const subtype = control0 >> 4;
  if (type === TYPE_MANAGEMENT) {
    if (offset + 16 > data.length) {
      anomaly('wlan-truncated');
      return null;
    }
    const link = emptyLink();
    link.dstMac = formatMac(data, offset + 4);
    link.srcMac = formatMac(data, offset + 10);
    return link;
  }
  if (type !== TYPE_DATA) return null;

  const toDs = (flags & FLAG_TO_DS) !== 0;
  const fromDs = (flags & FLAG_FROM_DS) !== 0;
  let headerLength = 24;
  if (toDs && fromDs) headerLength += 6;
  let qosOffset = -1;
  if ((subtype & SUBTYPE_QOS) !== 0) {
    qosOffset = offset + headerLength;
    headerLength += 2;
    if ((flags & FLAG_ORDER) !== 0) headerLength += 4;
  }
  if (offset + headerLength > data.length) {
    anomaly('wlan-truncated');
    return null;
  }
  const link = emptyLink();
  const address1 = offset + 4;
  const address2 = offset + 10;
  const address3 = offset + 16;
  const address4 = offset + 24;
  link.dstMac = formatMac(data, toDs ? address3 : address1);
  link.srcMac = formatMac(data, fromDs ? (toDs ? address4 : address3) : address2);
  link.offset = offset + headerLength;

  if ((subtype & SUBTYPE_NO_DATA) !== 0) return link;
  if ((flags & FLAG_PROTECTED) !== 0) {
    anomaly('wlan-encrypted');
    return link;
  }
  const fragmentNumber = data[offset + 22] & 0x0f;
  if ((flags & FLAG_MORE_FRAGMENTS) !== 0 || fragmentNumber !== 0) {
    anomaly('wlan-fragment-unsupported');
    return link;
  }
  if (qosOffset >= 0 && (data[qosOffset] & QOS_AMSDU_PRESENT) !== 0) {
    anomaly('wlan-amsdu-unsupported');
    return link;
  }
  const body = dataPad ? offset + ((headerLength + 3) & ~3) : offset + headerLength;
  return decodeLlcInto(data, body, link, anomaly);
}
