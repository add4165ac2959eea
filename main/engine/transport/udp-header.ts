/**
 * UDP header parser (RFC 768). The checksum is not verified (offloaded on the capturing host).
 * Threat model: untrusted datagram bytes; the length field is checked against the bytes present
 * and the payload is a bounded view.
 */
import type { AnomalySink } from '../anomaly';

export interface UdpDatagram {
  kind: 'udp';
  srcPort: number;
  dstPort: number;
  /** Datagram data: a view into the IP payload. */
  payload: Uint8Array;
}

const HEADER_LENGTH = 8;

/**
 * RFC 768:
 *
 *    0      7 8     15 16    23 24    31
 *   +--------+--------+--------+--------+
 *   |     Source      |   Destination   |
 *   |      Port       |      Port       |
 *   +--------+--------+--------+--------+
 *   |                 |                 |
 *   |     Length      |    Checksum     |
 *   +--------+--------+--------+--------+
 *   |          data octets ...
 *   +---------------- ...
 *
 * Length counts the header. 0 is legal only for IPv6 jumbograms (RFC 2675), where the IP
 * payload length rules. When the capture holds fewer bytes than Length, the payload is what is
 * there and 'udp-truncated' is reported; extra bytes past Length are ignored.
 */
export function parseUdp(datagram: Uint8Array, anomaly: AnomalySink): UdpDatagram | null {
  if (datagram.length < HEADER_LENGTH) {
    anomaly('udp-truncated', `${datagram.length} bytes`);
    return null;
  }
  let length = (datagram[4] << 8) | datagram[5];
  if (length === 0) length = datagram.length;
  if (length < HEADER_LENGTH) {
    anomaly('udp-bad-length', `length ${length}`);
    return null;
  }
  if (length > datagram.length) {
    anomaly('udp-truncated', `captured ${datagram.length} of ${length}`);
    length = datagram.length;
  }
  return {
    kind: 'udp',
    srcPort: (datagram[0] << 8) | datagram[1],
    dstPort: (datagram[2] << 8) | datagram[3],
    payload: datagram.subarray(HEADER_LENGTH, length),
  };
}
