/**
 * QUIC long-header parsing (RFC 9000 §17.2, RFC 8999 §5.1 for the version-independent part):
 * which packet this is, its connection IDs, where its packet number starts and where it ends
 * in the UDP datagram, so that coalesced packets (RFC 9000 §12.2) can be walked one by one.
 *
 * Threat model: the datagram is untrusted. Every read goes through QuicReader, which never
 * reads outside the datagram; a header that does not fit, a connection ID longer than the
 * version allows or a Length field past the datagram's end becomes a named anomaly and null,
 * and the caller stops walking the datagram. The result holds views into the datagram only.
 */
import type { AnomalySink } from '../anomaly';
import { QuicReader } from './quic-reader';
import { quicVersionInfo, type QuicVersionInfo } from './quic-versions';

export type LongPacketKind =
  'initial' | '0-rtt' | 'handshake' | 'retry' | 'version-negotiation' | 'unsupported';

export interface LongHeader {
  kind: LongPacketKind;
  /** Offset of the packet's first byte in the datagram. */
  start: number;
  version: number;
  /** Decryption parameters; null for Version Negotiation and unsupported versions. */
  info: QuicVersionInfo | null;
  dcid: Uint8Array;
  scid: Uint8Array;
  /** Offset of the (protected) Packet Number field; -1 for Retry, VN and unsupported versions. */
  pnOffset: number;
  /** Offset just past this packet: the next coalesced packet, or the datagram's end. */
  end: number;
}

/** RFC 9000 §17.2: "In QUIC version 1, this value MUST NOT exceed 20 bytes." */
export const MAX_CID_LENGTH = 20;

/*
 * RFC 9000 §17.2 and §17.2.1:
 *
 *   Long Header Packet {
 *     Header Form (1) = 1,
 *     Fixed Bit (1) = 1,
 *     Long Packet Type (2),
 *     Type-Specific Bits (4),
 *     Version (32),
 *     Destination Connection ID Length (8),
 *     Destination Connection ID (0..160),
 *     Source Connection ID Length (8),
 *     Source Connection ID (0..160),
 *     Type-Specific Payload (..),
 *   }
 *
 *   Version Negotiation Packet {
 *     Header Form (1) = 1,
 *     Unused (7),
 *     Version (32) = 0,
 *     Destination Connection ID Length (8),
 *     Destination Connection ID (0..2040),
 *     Source Connection ID Length (8),
 *     Source Connection ID (0..2040),
 *     Supported Version (32) ...,
 *   }
 *
 * §17.2.2 (Initial), §17.2.3 (0-RTT) and §17.2.4 (Handshake) continue with:
 *
 *     Token Length (i),          -- Initial only
 *     Token (..),                -- Initial only
 *     Length (i),                -- packet number + payload, in bytes
 *     Packet Number (8..32),     -- protected
 *     Packet Payload (8..),
 *
 * §17.2.5 (Retry) continues with Retry Token (..) and a 128-bit Retry Integrity Tag, and has
 * no Length: like Version Negotiation it takes the rest of the datagram. A version we do not
 * know can only be read up to its connection IDs (RFC 8999), so it ends the datagram too.
 */
export function parseLongHeader(
  datagram: Uint8Array,
  start: number,
  anomaly: AnomalySink,
): LongHeader | null {
  // The caller has seen the Header Form bit set at datagram[start].
  const r = new QuicReader(datagram, start, datagram.length);
  const first = r.u8();
  const version = r.u32();
  const dcid = r.bytes(r.u8());
  const scid = r.bytes(r.u8());
  if (!r.ok) {
    anomaly('quic-long-header-truncated', `at offset ${start} of ${datagram.length}`);
    return null;
  }
  const end = datagram.length;
  if (version === 0)
    return { kind: 'version-negotiation', start, version, info: null, dcid, scid, pnOffset: -1, end };
  const info = quicVersionInfo(version);
  if (info === null) return { kind: 'unsupported', start, version, info, dcid, scid, pnOffset: -1, end };
  if (dcid.length > MAX_CID_LENGTH || scid.length > MAX_CID_LENGTH) {
    anomaly('quic-connection-id-too-long', `${dcid.length}/${scid.length} bytes`);
    return null;
  }
  const type = (first >> 4) & 0x03;
  if (type === info.retryType) return { kind: 'retry', start, version, info, dcid, scid, pnOffset: -1, end };
  const kind = type === info.initialType ? 'initial' : type === info.handshakeType ? 'handshake' : '0-rtt';
  if (kind === 'initial') r.skip(r.varint());
  const length = r.varint();
  if (!r.ok) {
    anomaly('quic-long-header-truncated', `${kind} at offset ${start}`);
    return null;
  }
  if (length > r.remaining) {
    anomaly('quic-packet-length-exceeds-datagram', `${kind} Length ${length}, ${r.remaining} bytes left`);
    return null;
  }
  return { kind, start, version, info, dcid, scid, pnOffset: r.pos, end: r.pos + length };
}
