/**
 * IPv6 Neighbor Discovery (RFC 4861): Router Solicitation and Advertisement, Neighbor
 * Solicitation and Advertisement, Redirect. The engine learns which MAC owns which IPv6 address
 * from the addresses and the link-layer address options; the structural tracker looks for the
 * user's MAC in those options.
 *
 * Threat model: the ICMPv6 message is untrusted and may be cut short by the capture. Every read
 * is checked against the message length; the option walk advances by at least 8 bytes per
 * option, so it ends within length / 8 steps. A message too short for its fixed part becomes
 * `ndp-truncated`; an option of length zero (which RFC 4861 says makes a node discard the whole
 * message) becomes `ndp-option-zero-length`, as does an option running past the end
 * (`ndp-option-truncated`): options read before the bad one are kept.
 */
import type { AnomalySink } from '../anomaly';
import { formatIpv6 } from '../ip/ip-address';
import { formatMac } from '../link/mac-address';

export const ICMPV6_ROUTER_SOLICITATION = 133;
export const ICMPV6_ROUTER_ADVERTISEMENT = 134;
export const ICMPV6_NEIGHBOR_SOLICITATION = 135;
export const ICMPV6_NEIGHBOR_ADVERTISEMENT = 136;
export const ICMPV6_REDIRECT = 137;

const OPTION_SOURCE_LINK_LAYER = 1;
const OPTION_TARGET_LINK_LAYER = 2;

export interface NdpMessage {
  /** ICMPv6 type, 133..137. */
  type: number;
  code: number;
  /** Target Address of NS, NA and Redirect; null for RS and RA. */
  targetAddress: string | null;
  /** Destination Address of a Redirect; null otherwise. */
  destinationAddress: string | null;
  /** NA flags R (router), S (solicited), O (override); all false for other types. */
  router: boolean;
  solicited: boolean;
  override: boolean;
  /**
   * The first Source / Target Link-Layer Address option holding an Ethernet address (option
   * length 1, i.e. 8 bytes: type, length, 6 address bytes), in colon form; null when absent.
   */
  sourceLinkLayer: string | null;
  targetLinkLayer: string | null;
}

/** Bytes of each message's fixed part after the 4-byte ICMPv6 header (RFC 4861 section 4). */
function fixedLength(type: number): number {
  switch (type) {
    case ICMPV6_ROUTER_SOLICITATION:
      return 4;
    case ICMPV6_ROUTER_ADVERTISEMENT:
      return 12;
    case ICMPV6_NEIGHBOR_SOLICITATION:
    case ICMPV6_NEIGHBOR_ADVERTISEMENT:
      return 20;
    case ICMPV6_REDIRECT:
      return 36;
    default:
      return -1;
  }
}

/**
 * Parses one ICMPv6 message (the IPv6 payload, starting at the ICMPv6 type). Returns null for
 * ICMPv6 types that are not Neighbor Discovery (without an anomaly: they are simply not ours)
 * and for NDP messages too short for their fixed part.
 *
 * RFC 4861 section 4, after the common ICMPv6 header (Type 8 | Code 8 | Checksum 16):
 *
 *   Router Solicitation (133):      Reserved 32 | Options...
 *   Router Advertisement (134):     Cur Hop Limit 8 | M O Reserved 8 | Router Lifetime 16 |
 *                                   Reachable Time 32 | Retrans Timer 32 | Options...
 *   Neighbor Solicitation (135):    Reserved 32 | Target Address 128 | Options...
 *   Neighbor Advertisement (136):   R S O Reserved 32 | Target Address 128 | Options...
 *   Redirect (137):                 Reserved 32 | Target Address 128 |
 *                                   Destination Address 128 | Options...
 *
 * Section 4.6, options (Length in units of 8 octets, covering Type and Length):
 *
 *   | Type 8 | Length 8 | ... |
 *
 * 4.6.1, Source/Target Link-layer Address (types 1 and 2): | Type | Length | Link-Layer Address... |
 * On Ethernet the address is 6 bytes and the option 8 (Length 1).
 */
export function parseNdp(message: Uint8Array, anomaly: AnomalySink): NdpMessage | null {
  if (message.length < 1) return null;
  const type = message[0];
  const fixed = fixedLength(type);
  if (fixed < 0) return null;
  const optionsStart = 4 + fixed;
  if (message.length < optionsStart) {
    anomaly('ndp-truncated', `type ${type} needs ${optionsStart} bytes, ${message.length} present`);
    return null;
  }
  const hasTarget = type >= ICMPV6_NEIGHBOR_SOLICITATION;
  const naFlags = type === ICMPV6_NEIGHBOR_ADVERTISEMENT ? message[4] : 0;
  const result: NdpMessage = {
    type,
    code: message[1],
    targetAddress: hasTarget ? formatIpv6(message, 8) : null,
    destinationAddress: type === ICMPV6_REDIRECT ? formatIpv6(message, 24) : null,
    router: (naFlags & 0x80) !== 0,
    solicited: (naFlags & 0x40) !== 0,
    override: (naFlags & 0x20) !== 0,
    sourceLinkLayer: null,
    targetLinkLayer: null,
  };
  let at = optionsStart;
  while (at + 2 <= message.length) {
    const optionType = message[at];
    const units = message[at + 1];
    if (units === 0) {
      anomaly('ndp-option-zero-length', `option type ${optionType}`);
      break;
    }
    const end = at + units * 8;
    if (end > message.length) {
      anomaly('ndp-option-truncated', `option type ${optionType} needs ${units * 8} bytes`);
      break;
    }
    if (units === 1) {
      if (optionType === OPTION_SOURCE_LINK_LAYER && result.sourceLinkLayer === null) {
        result.sourceLinkLayer = formatMac(message, at + 2);
      } else if (optionType === OPTION_TARGET_LINK_LAYER && result.targetLinkLayer === null) {
        result.targetLinkLayer = formatMac(message, at + 2);
      }
    }
    at = end;
  }
  if (at < message.length && at + 2 > message.length) {
    anomaly('ndp-option-truncated', 'one byte left after the last option');
  }
  return result;
}
