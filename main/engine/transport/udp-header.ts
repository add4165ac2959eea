/**
 * UDP header parser (RFC 768). The checksum is not verified (offloaded on the capturing host).
 * Threat model: untrusted datagram bytes; the length field is checked against the bytes present
 * and the payload is a bounded view, never reaching past the end of the datagram's range.
 */
import type { AnomalySink } from '../anomaly';
import { byteView } from '../byte-view';

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
  return parseUdpAt(datagram, 0, datagram.length, anomaly);
}

/**
 * parseUdp of the datagram data[start..end), for a decoder that has the IP payload as a range
 * of the packet rather than as a view of its own (one view less to allocate per datagram). The
 * datagram is written into `into` when given (the decoder reuses one), else into a new object.
 */
export function parseUdpAt(
  data: Uint8Array,
  start: number,
  end: number,
  anomaly: AnomalySink,
  into?: UdpDatagram,
): UdpDatagram | null {
  const captured = end - start;
  if (captured < HEADER_LENGTH) {
    anomaly('udp-truncated', `${captured} bytes`);
    return null;
  }
  let length = (data[start + 4] << 8) | data[start + 5];
  if (length === 0) length = captured;
  if (length < HEADER_LENGTH) {
    anomaly('udp-bad-length', `length ${length}`);
    return null;
  }
  if (length > captured) {
    anomaly('udp-truncated', `captured ${captured} of ${length}`);
    length = captured;
  }
  const udp = into ?? emptyUdpDatagram();
  udp.srcPort = (data[start] << 8) | data[start + 1];
  udp.dstPort = (data[start + 2] << 8) | data[start + 3];
  udp.payload = byteView(data, start + HEADER_LENGTH, start + length);
  return udp;
}

/** A datagram with every field present, for parseUdp to fill (a decoder reuses one per packet). */
export function emptyUdpDatagram(): UdpDatagram {
  return { kind: 'udp', srcPort: 0, dstPort: 0, payload: new Uint8Array(0) };
}
