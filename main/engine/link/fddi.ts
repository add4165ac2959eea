/**
 * FDDI frames (LINKTYPE_FDDI, 10): a frame control byte and two MAC addresses, then 802.2 LLC.
 * Threat model: untrusted bytes; the 13-byte header is length-checked before any read.
 */
import type { AnomalySink } from '../anomaly';
import { emptyLink } from './ethernet';
import type { LinkLayer } from './link-layer';
import { decodeLlcInto } from './llc';
import { formatMac } from './mac-address';

const FDDI_HEADER_LENGTH = 13;
/** Frame control values 0x50-0x57 (binary 0101 0PPP) are asynchronous LLC frames. */
const FC_LLC_ASYNC_MASK = 0xf8;
const FC_LLC_ASYNC = 0x50;

/**
 * ANSI X3.139 / ISO 9314-2 MAC frame as captured (preamble, delimiters and FCS removed):
 *
 *   +----+-----------------+-----------------+--------------
 *   | FC | Destination (6) | Source (6)      | LLC / SNAP ...
 *   +----+-----------------+-----------------+--------------
 */
export function decodeFddi(data: Uint8Array, offset: number, anomaly: AnomalySink): LinkLayer | null {
  if (offset + FDDI_HEADER_LENGTH > data.length) {
    anomaly('fddi-truncated');
    return null;
  }
  const link = emptyLink();
  link.dstMac = formatMac(data, offset + 1);
  link.srcMac = formatMac(data, offset + 7);
  if ((data[offset] & FC_LLC_ASYNC_MASK) !== FC_LLC_ASYNC) {
    // SMT and MAC frames manage the ring itself and carry no LLC payload.
    link.offset = offset + FDDI_HEADER_LENGTH;
    return link;
  }
  return decodeLlcInto(data, offset + FDDI_HEADER_LENGTH, link, anomaly);
}
