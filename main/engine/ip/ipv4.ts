/**
 * IPv4 header parser (RFC 791). Checksums are not verified: captures taken on the sending host
 * carry checksums the NIC fills in later, so a bad checksum says nothing about the packet.
 * Threat model: the header is untrusted. Every read is bounds-checked against the captured bytes;
 * inconsistent lengths become named anomalies and the parser returns what can be trusted.
 */
import type { AnomalySink } from '../anomaly';
import { formatIpv4 } from './ip-address';

export interface Ipv4Header {
  src: string;
  dst: string;
  protocol: number;
  ttl: number;
  id: number;
  /** Fragment offset in bytes (the header field times 8). */
  fragmentOffset: number;
  moreFragments: boolean;
  /** Start and end of the payload in the buffer; end is clipped to the captured bytes. */
  payloadOffset: number;
  payloadEnd: number;
  /** Payload length the header claims (total length minus header length). */
  payloadLength: number;
  /** The capture holds fewer bytes than the header claims (snaplen). */
  truncated: boolean;
}

const MIN_HEADER_LENGTH = 20;
const FLAG_MORE_FRAGMENTS = 0x2000;
const OPTION_END = 0;
const OPTION_NOP = 1;

/**
 * RFC 791 section 3.1:
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |Version|  IHL  |Type of Service|          Total Length         |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |         Identification        |Flags|      Fragment Offset    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Time to Live |    Protocol   |         Header Checksum       |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                       Source Address                          |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                    Destination Address                        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                    Options                    |    Padding    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Flags: bit 0 reserved, bit 1 DF, bit 2 MF. A Total Length of 0 is what TCP segmentation
 * offload leaves in locally captured super-packets; as Wireshark does, the captured length is
 * used then. Captured bytes beyond Total Length are link padding and are cut off.
 * The header is written into `into` when given (a decoder reuses one), else into a new object.
 * The captured bytes end at `end`: the end of `data`, unless the packet sits in a larger buffer.
 */
export function parseIpv4(
  data: Uint8Array,
  offset: number,
  anomaly: AnomalySink,
  into?: Ipv4Header,
  end = data.length,
): Ipv4Header | null {
  const available = end - offset;
  if (available < MIN_HEADER_LENGTH) {
    anomaly('ipv4-truncated', 'header');
    return null;
  }
  if (data[offset] >> 4 !== 4) {
    anomaly('ipv4-bad-version');
    return null;
  }
  const headerLength = (data[offset] & 0x0f) * 4;
  if (headerLength < MIN_HEADER_LENGTH) {
    anomaly('ipv4-bad-ihl', `IHL ${headerLength / 4}`);
    return null;
  }
  if (headerLength > available) {
    anomaly('ipv4-truncated', 'options');
    return null;
  }
  let totalLength = (data[offset + 2] << 8) | data[offset + 3];
  if (totalLength === 0) totalLength = available;
  if (totalLength < headerLength) {
    anomaly('ipv4-bad-total-length', `total length ${totalLength} < header ${headerLength}`);
    return null;
  }
  if (headerLength > MIN_HEADER_LENGTH)
    checkOptions(data, offset + MIN_HEADER_LENGTH, offset + headerLength, anomaly);
  const truncated = totalLength > available;
  if (truncated) anomaly('ipv4-truncated', `captured ${available} of ${totalLength}`);
  const flagsAndOffset = (data[offset + 6] << 8) | data[offset + 7];
  const header = into ?? emptyIpv4Header();
  header.src = formatIpv4(data, offset + 12);
  header.dst = formatIpv4(data, offset + 16);
  header.protocol = data[offset + 9];
  header.ttl = data[offset + 8];
  header.id = (data[offset + 4] << 8) | data[offset + 5];
  header.fragmentOffset = (flagsAndOffset & 0x1fff) * 8;
  header.moreFragments = (flagsAndOffset & FLAG_MORE_FRAGMENTS) !== 0;
  header.payloadOffset = offset + headerLength;
  header.payloadEnd = offset + (truncated ? available : totalLength);
  header.payloadLength = totalLength - headerLength;
  header.truncated = truncated;
  return header;
}

/** A header with every field present, for parseIpv4 to fill (a decoder reuses one per packet). */
export function emptyIpv4Header(): Ipv4Header {
  return {
    src: '',
    dst: '',
    protocol: 0,
    ttl: 0,
    id: 0,
    fragmentOffset: 0,
    moreFragments: false,
    payloadOffset: 0,
    payloadEnd: 0,
    payloadLength: 0,
    truncated: false,
  };
}

/**
 * RFC 791 options: End of Option List (0) and No Operation (1) are single bytes; every other
 * option is type, length (counting type and length, so at least 2), data. Options are skipped,
 * but a length that overruns the header is reported.
 */
function checkOptions(data: Uint8Array, start: number, end: number, anomaly: AnomalySink): void {
  let position = start;
  while (position < end) {
    const type = data[position];
    if (type === OPTION_END) return;
    if (type === OPTION_NOP) {
      position++;
      continue;
    }
    if (position + 1 >= end || data[position + 1] < 2 || position + data[position + 1] > end) {
      anomaly('ipv4-bad-option', `option ${type}`);
      return;
    }
    position += data[position + 1];
  }
}
