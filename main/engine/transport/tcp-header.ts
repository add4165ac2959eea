/**
 * TCP header parser (RFC 9293). Options are skipped; the payload is a view, not a copy.
 * Threat model: untrusted segment bytes; the fixed header and the data offset are checked
 * against the bytes present before anything is read or sliced.
 */
import type { AnomalySink } from '../anomaly';
import { byteView } from '../byte-view';

export const TCP_FIN = 0x001;
export const TCP_SYN = 0x002;
export const TCP_RST = 0x004;
export const TCP_PSH = 0x008;
export const TCP_ACK = 0x010;
export const TCP_URG = 0x020;
export const TCP_ECE = 0x040;
export const TCP_CWR = 0x080;
/** The former NS (ECN nonce) bit, now reserved (AccECN uses it as AE). */
export const TCP_AE = 0x100;

export interface TcpSegment {
  kind: 'tcp';
  srcPort: number;
  dstPort: number;
  /** Sequence and acknowledgment numbers, unsigned 32-bit. */
  seq: number;
  ack: number;
  /** The nine flag bits (TCP_* constants). */
  flags: number;
  window: number;
  /** Segment data: a view into the datagram payload. */
  payload: Uint8Array;
}

const MIN_HEADER_LENGTH = 20;

/**
 * RFC 9293 section 3.1:
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |          Source Port          |       Destination Port        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                        Sequence Number                        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                    Acknowledgment Number                      |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Data |       |C|E|U|A|P|R|S|F|                               |
 *   | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 *   |       |       |R|E|G|K|H|T|N|N|                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |           Checksum            |         Urgent Pointer        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                           [Options]                           |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The segment is written into `into` when given (a decoder reuses one), else into a new object.
 */
export function parseTcp(segment: Uint8Array, anomaly: AnomalySink, into?: TcpSegment): TcpSegment | null {
  return parseTcpAt(segment, 0, segment.length, anomaly, into);
}

/**
 * parseTcp of the segment data[start..end), for a decoder that has the IP datagram as a range
 * of the packet rather than as a view of its own (one view less to allocate per packet).
 */
export function parseTcpAt(
  data: Uint8Array,
  start: number,
  end: number,
  anomaly: AnomalySink,
  into?: TcpSegment,
): TcpSegment | null {
  const length = end - start;
  if (length < MIN_HEADER_LENGTH) {
    anomaly('tcp-truncated', `${length} bytes`);
    return null;
  }
  const headerLength = (data[start + 12] >> 4) * 4;
  if (headerLength < MIN_HEADER_LENGTH) {
    anomaly('tcp-bad-data-offset', `data offset ${headerLength / 4}`);
    return null;
  }
  if (headerLength > length) {
    anomaly('tcp-bad-data-offset', `header ${headerLength} > segment ${length}`);
    return null;
  }
  const tcp = into ?? emptyTcpSegment();
  tcp.srcPort = (data[start] << 8) | data[start + 1];
  tcp.dstPort = (data[start + 2] << 8) | data[start + 3];
  tcp.seq =
    ((data[start + 4] << 24) | (data[start + 5] << 16) | (data[start + 6] << 8) | data[start + 7]) >>> 0;
  tcp.ack =
    ((data[start + 8] << 24) | (data[start + 9] << 16) | (data[start + 10] << 8) | data[start + 11]) >>> 0;
  tcp.flags = ((data[start + 12] & 0x01) << 8) | data[start + 13];
  tcp.window = (data[start + 14] << 8) | data[start + 15];
  tcp.payload = byteView(data, start + headerLength, end);
  return tcp;
}

/** A segment with every field present, for parseTcp to fill (a decoder reuses one per packet). */
export function emptyTcpSegment(): TcpSegment {
  return {
    kind: 'tcp',
    srcPort: 0,
    dstPort: 0,
    seq: 0,
    ack: 0,
    flags: 0,
    window: 0,
    payload: new Uint8Array(0),
  };
}
