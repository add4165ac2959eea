/**
 * IPv6 header and extension-header walker (RFC 8200). Hop-by-hop, routing, destination options,
 * mobility, HIP and shim6 headers and AH are skipped; the walk stops at a fragment header (the
 * reassembler takes over), at ESP (encrypted, nothing more to read) and at any upper protocol.
 * Threat model: the packet is untrusted. Each extension header is length-checked before it is
 * read or skipped, and the walk is capped at MAX_EXTENSION_HEADERS so it always ends.
 */
import type { AnomalySink } from '../anomaly';
import { formatIpv6 } from './ip-address';

export const IPPROTO_HOPOPTS = 0;
export const IPPROTO_ROUTING = 43;
export const IPPROTO_FRAGMENT = 44;
export const IPPROTO_ESP = 50;
export const IPPROTO_AH = 51;
export const IPPROTO_NONE = 59;
export const IPPROTO_DSTOPTS = 60;
const IPPROTO_MOBILITY = 135;
const IPPROTO_HIP = 139;
const IPPROTO_SHIM6 = 140;

const HEADER_LENGTH = 40;
const FRAGMENT_HEADER_LENGTH = 8;
const MAX_EXTENSION_HEADERS = 32;

/** Where an extension-header walk ended, and the fragment header it stopped at, if any. */
export interface Ipv6Walk {
  /** The next-header value after the last header walked: the upper protocol, or 44/50/59. */
  protocol: number;
  offset: number;
  fragment: boolean;
  /** Fragment offset in bytes, M flag and identification of the fragment header. */
  fragmentOffset: number;
  moreFragments: boolean;
  fragmentId: number;
}

export interface Ipv6Header extends Ipv6Walk {
  src: string;
  dst: string;
  hopLimit: number;
  /** End of the payload in the buffer, clipped to the captured bytes. */
  payloadEnd: number;
  /** Bytes the header says follow it (Payload Length), from the fixed header's end. */
  payloadLength: number;
  /** The capture holds fewer bytes than the header claims (snaplen). */
  truncated: boolean;
}

/** A walk result with every field present, for callers that walk a reassembled payload. */
export function emptyWalk(protocol: number): Ipv6Walk {
  return { protocol, offset: 0, fragment: false, fragmentOffset: 0, moreFragments: false, fragmentId: 0 };
}

/**
 * RFC 8200 section 3:
 *
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |Version| Traffic Class |           Flow Label                  |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |         Payload Length        |  Next Header  |   Hop Limit   |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                      Source Address (128 bits)                |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                   Destination Address (128 bits)              |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * A Payload Length of 0 with a hop-by-hop header announces a jumbogram (RFC 2675); the real
 * length sits in an option, and the captured length is used instead.
 * The header is written into `into` when given (a decoder reuses one), else into a new object.
 * The captured bytes end at `end`: the end of `data`, unless the packet sits in a larger buffer.
 */
export function parseIpv6(
  data: Uint8Array,
  offset: number,
  anomaly: AnomalySink,
  into?: Ipv6Header,
  end = data.length,
): Ipv6Header | null {
  const available = end - offset;
  if (available < HEADER_LENGTH) {
    anomaly('ipv6-truncated', 'header');
    return null;
  }
  if (data[offset] >> 4 !== 6) {
    anomaly('ipv6-bad-version');
    return null;
  }
  const nextHeader = data[offset + 6];
  let payloadLength = (data[offset + 4] << 8) | data[offset + 5];
  if (payloadLength === 0 && nextHeader === IPPROTO_HOPOPTS) payloadLength = available - HEADER_LENGTH;
  const truncated = HEADER_LENGTH + payloadLength > available;
  if (truncated) anomaly('ipv6-truncated', `captured ${available} of ${HEADER_LENGTH + payloadLength}`);
  const header = into ?? emptyIpv6Header();
  header.src = formatIpv6(data, offset + 8);
  header.dst = formatIpv6(data, offset + 24);
  header.hopLimit = data[offset + 7];
  header.protocol = nextHeader;
  header.offset = offset + HEADER_LENGTH;
  header.fragment = false;
  header.fragmentOffset = 0;
  header.moreFragments = false;
  header.fragmentId = 0;
  header.payloadEnd = truncated ? end : offset + HEADER_LENGTH + payloadLength;
  header.payloadLength = payloadLength;
  header.truncated = truncated;
  return walkIpv6Extensions(data, header.payloadEnd, header, true, anomaly) ? header : null;
}

/** A header with every field present, for parseIpv6 to fill (a decoder reuses one per packet). */
export function emptyIpv6Header(): Ipv6Header {
  return {
    src: '',
    dst: '',
    hopLimit: 0,
    protocol: 0,
    offset: 0,
    fragment: false,
    fragmentOffset: 0,
    moreFragments: false,
    fragmentId: 0,
    payloadEnd: 0,
    payloadLength: 0,
    truncated: false,
  };
}

/**
 * Walks extension headers starting at walk.offset with next header walk.protocol, up to `end`.
 * Generic extension headers (RFC 8200 section 4, and RFC 6275 / 7401 / 5533 for mobility, HIP
 * and shim6) share the layout:
 *
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Next Header  |  Hdr Ext Len  |  (Hdr Ext Len + 1) * 8 bytes  ~
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Fragment header (RFC 8200 section 4.5), 8 bytes:
 *
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                         Identification                        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Authentication header (RFC 4302 section 2): Next Header, Payload Len = (length / 4) - 2.
 *
 * With stopAtFragment the walk ends at a fragment header and records it; without it (walking a
 * reassembled payload) a second fragment header is an anomaly. Returns false when a header is
 * cut short or the chain is too long; walk.protocol/offset then describe where it stopped.
 */
export function walkIpv6Extensions(
  data: Uint8Array,
  end: number,
  walk: Ipv6Walk,
  stopAtFragment: boolean,
  anomaly: AnomalySink,
): boolean {
  for (let count = 0; count < MAX_EXTENSION_HEADERS; count++) {
    const position = walk.offset;
    switch (walk.protocol) {
      case IPPROTO_HOPOPTS:
      case IPPROTO_ROUTING:
      case IPPROTO_DSTOPTS:
      case IPPROTO_MOBILITY:
      case IPPROTO_HIP:
      case IPPROTO_SHIM6: {
        if (position + 2 > end) return extensionTruncated(walk, anomaly);
        const length = (data[position + 1] + 1) * 8;
        if (position + length > end) return extensionTruncated(walk, anomaly);
        walk.protocol = data[position];
        walk.offset = position + length;
        break;
      }
      case IPPROTO_AH: {
        if (position + 2 > end) return extensionTruncated(walk, anomaly);
        const length = (data[position + 1] + 2) * 4;
        if (position + length > end) return extensionTruncated(walk, anomaly);
        walk.protocol = data[position];
        walk.offset = position + length;
        break;
      }
      case IPPROTO_FRAGMENT: {
        if (position + FRAGMENT_HEADER_LENGTH > end) return extensionTruncated(walk, anomaly);
        if (!stopAtFragment) {
          anomaly('ipv6-nested-fragment');
          return false;
        }
        const offsetAndFlags = (data[position + 2] << 8) | data[position + 3];
        walk.fragment = true;
        walk.fragmentOffset = offsetAndFlags & 0xfff8;
        walk.moreFragments = (offsetAndFlags & 0x0001) !== 0;
        walk.fragmentId =
          ((data[position + 4] << 24) |
            (data[position + 5] << 16) |
            (data[position + 6] << 8) |
            data[position + 7]) >>>
          0;
        walk.protocol = data[position];
        walk.offset = position + FRAGMENT_HEADER_LENGTH;
        return true;
      }
      default:
        // ESP, No Next Header, or an upper-layer protocol: the walk is over.
        return true;
    }
  }
  anomaly('ipv6-too-many-extension-headers');
  return false;
}

function extensionTruncated(walk: Ipv6Walk, anomaly: AnomalySink): boolean {
  anomaly('ipv6-extension-truncated', `next header ${walk.protocol}`);
  return false;
}
