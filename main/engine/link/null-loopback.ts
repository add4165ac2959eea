/**
 * BSD loopback encapsulations: LINKTYPE_NULL (0, address family in the capturing host's byte
 * order) and LINKTYPE_LOOP (108, address family in network byte order).
 * Threat model: untrusted bytes; a 4-byte length check precedes the read and an unknown family
 * is an anomaly, never a guess.
 */
import type { AnomalySink } from '../anomaly';
import { emptyLink } from './ethernet';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, type LinkLayer } from './link-layer';

const AF_INET = 2;
/** AF_INET6 differs by OS: Linux 10, NetBSD/OpenBSD/BSDI 24, FreeBSD/DragonFly 28, Darwin 30. */
const AF_INET6_VALUES = new Set([10, 24, 28, 30]);

function familyToEtherType(family: number, anomaly: AnomalySink): LinkLayer | null {
  const link = emptyLink();
  if (family === AF_INET) link.etherType = ETHERTYPE_IPV4;
  else if (AF_INET6_VALUES.has(family)) link.etherType = ETHERTYPE_IPV6;
  else {
    anomaly('link-null-unknown-family', `address family ${family}`);
    return null;
  }
  link.offset = 4;
  return link;
}

/**
 * LINKTYPE_NULL header: a 4-byte address family value, "in the byte order of the host on which
 * the capture was done" (tcpdump.org). The values are small, so whichever byte order leaves the
 * upper 16 bits zero is the right one, as Wireshark decides too.
 */
export function decodeNull(data: Uint8Array, anomaly: AnomalySink): LinkLayer | null {
  if (data.length < 4) {
    anomaly('link-null-truncated');
    return null;
  }
  const littleEndian = (data[0] | (data[1] << 8) | (data[2] << 16) | (data[3] << 24)) >>> 0;
  const family =
    (littleEndian & 0xffff0000) !== 0
      ? ((data[0] << 24) | (data[1] << 16) | (data[2] << 8) | data[3]) >>> 0
      : littleEndian;
  return familyToEtherType(family, anomaly);
}

/** LINKTYPE_LOOP header: the same 4-byte address family, always big-endian (OpenBSD loopback). */
export function decodeLoop(data: Uint8Array, anomaly: AnomalySink): LinkLayer | null {
  if (data.length < 4) {
    anomaly('link-null-truncated');
    return null;
  }
  return familyToEtherType(((data[0] << 24) | (data[1] << 16) | (data[2] << 8) | data[3]) >>> 0, anomaly);
}
