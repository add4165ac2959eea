/**
 * TCP header parser (RFC 9293). Options are skipped; the payload is a view, not a copy.
 * Threat model: untrusted segment bytes; the fixed header and the data offset are checked
 * against the bytes present before anything is read or sliced.
 */
import type { AnomalySink } from '../anomaly';

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
 */
export function parseTcp(segment: Uint8Array, anomaly: AnomalySink): TcpSegment | null {
  if (segment.length < MIN_HEADER_LENGTH) {
    anomaly('tcp-truncated', `${segment.length} bytes`);
    return null;
  }
  const headerLength = (segment[12] >> 4) * 4;
  if (headerLength < MIN_HEADER_LENGTH) {
    anomaly('tcp-bad-data-offset', `data offset ${headerLength / 4}`);
    return null;
  }
  if (headerLength > segment.length) {
    anomaly('tcp-bad-data-offset', `header ${headerLength} > segment ${segment.length}`);
    return null;
  }
  return {
    kind: 'tcp',
    srcPort: (segment[0] << 8) | segment[1],
    dstPort: (segment[2] << 8) | segment[3],
    seq: ((segment[4] << 24) | (segment[5] << 16) | (segment[6] << 8) | segment[7]) >>> 0,
    ack: ((segment[8] << 24) | (segment[9] << 16) | (segment[10] << 8) | segment[11]) >>> 0,
    flags: ((segment[12] & 0x01) << 8) | segment[13],
    window: (segment[14] << 8) | segment[15],
    payload: segment.subarray(headerLength),
  };
}
