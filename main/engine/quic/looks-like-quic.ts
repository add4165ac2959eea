/**
 * A cheap first-datagram test for the engine's protocol guess: does this UDP payload start
 * with a QUIC long-header packet of a version whose Initials we can read?
 *
 * Threat model: untrusted bytes; at most the first 7 bytes plus the two connection ID length
 * bytes are read, each bounds-checked; nothing is allocated.
 */
import { MAX_CID_LENGTH } from './long-header';
import { quicVersionInfo } from './quic-versions';

const LONG_HEADER_AND_FIXED_BIT = 0xc0;
/** First byte, version, DCID length. */
const MIN_HEADER = 6;

/*
 * RFC 9000 §17.2: Header Form (1) = 1, Fixed Bit (1) = 1, ..., Version (32),
 * Destination Connection ID Length (8), Destination Connection ID (0..160),
 * Source Connection ID Length (8), Source Connection ID (0..160), ...
 */
export function looksLikeQuic(payload: Uint8Array): boolean {
  if (payload.length < MIN_HEADER || (payload[0] & LONG_HEADER_AND_FIXED_BIT) !== LONG_HEADER_AND_FIXED_BIT)
    return false;
  const version = ((payload[1] << 24) | (payload[2] << 16) | (payload[3] << 8) | payload[4]) >>> 0;
  if (quicVersionInfo(version) === null) return false;
  const dcidLength = payload[5];
  const scidAt = MIN_HEADER + dcidLength;
  return dcidLength <= MAX_CID_LENGTH && scidAt < payload.length && payload[scidAt] <= MAX_CID_LENGTH;
}
