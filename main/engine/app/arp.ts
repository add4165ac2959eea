/**
 * ARP (RFC 826): who owns which IPv4 address on the link. The engine learns devices from the
 * sender's hardware and protocol addresses, and the structural tracker looks for the user's MAC
 * in both hardware address fields.
 *
 * Threat model: the packet is untrusted and may be cut short by the capture or crafted with
 * address lengths that do not fit. The whole packet is length-checked once against the sizes it
 * declares before any address is read; a short packet becomes the anomaly `arp-truncated`.
 * Addresses other than Ethernet's 6-byte MACs and IPv4's 4 bytes are not read (no allocation
 * scales with the declared lengths).
 */
import type { AnomalySink } from '../anomaly';
import { formatIpv4 } from '../ip/ip-address';
import { formatMac } from '../link/mac-address';

const ARP_FIXED_LENGTH = 8;
const PROTOCOL_IPV4 = 0x0800;
const HARDWARE_ETHERNET = 1;
const HARDWARE_IEEE802 = 6;

export interface ArpPacket {
  /** ar$hrd: 1 for Ethernet, 6 for IEEE 802 networks. */
  hardwareType: number;
  /** ar$pro: an EtherType, 0x0800 for IPv4. */
  protocolType: number;
  /** ar$op: 1 request, 2 reply (3/4 for RARP). */
  opcode: number;
  /**
   * Sender and target hardware addresses in colon form when the hardware is Ethernet or IEEE 802
   * with 6-byte addresses (Wireshark's ARP_HW_IS_ETHER), else null.
   */
  senderMac: string | null;
  targetMac: string | null;
  /** Sender and target IPv4 addresses when the protocol is IPv4 with 4-byte addresses, else null. */
  senderIp: string | null;
  targetIp: string | null;
}

/**
 * RFC 826, "Packet format":
 *
 *   ar$hrd  16 bits  hardware address space (1 = Ethernet)
 *   ar$pro  16 bits  protocol address space (an EtherType; 0x0800 = IPv4)
 *   ar$hln   8 bits  byte length of each hardware address (n)
 *   ar$pln   8 bits  byte length of each protocol address (m)
 *   ar$op   16 bits  opcode (1 = REQUEST, 2 = REPLY)
 *   ar$sha  n bytes  sender hardware address
 *   ar$spa  m bytes  sender protocol address
 *   ar$tha  n bytes  target hardware address
 *   ar$tpa  m bytes  target protocol address
 *
 * `offset` is where the ARP header starts in `data` (after the link header). Bytes after the
 * target protocol address are Ethernet padding and are ignored.
 */
export function parseArp(data: Uint8Array, offset: number, anomaly: AnomalySink): ArpPacket | null {
  if (offset < 0 || offset + ARP_FIXED_LENGTH > data.length) {
    anomaly('arp-truncated', 'shorter than the 8-byte fixed header');
    return null;
  }
  const hardwareType = (data[offset] << 8) | data[offset + 1];
  const protocolType = (data[offset + 2] << 8) | data[offset + 3];
  const hln = data[offset + 4];
  const pln = data[offset + 5];
  const opcode = (data[offset + 6] << 8) | data[offset + 7];
  const senderHw = offset + ARP_FIXED_LENGTH;
  const senderProto = senderHw + hln;
  const targetHw = senderProto + pln;
  const targetProto = targetHw + hln;
  if (targetProto + pln > data.length) {
    anomaly('arp-truncated', `addresses need ${2 * (hln + pln)} bytes, ${data.length - senderHw} present`);
    return null;
  }
  const macs = (hardwareType === HARDWARE_ETHERNET || hardwareType === HARDWARE_IEEE802) && hln === 6;
  const ipv4 = protocolType === PROTOCOL_IPV4 && pln === 4;
  return {
    hardwareType,
    protocolType,
    opcode,
    senderMac: macs ? formatMac(data, senderHw) : null,
    targetMac: macs ? formatMac(data, targetHw) : null,
    senderIp: ipv4 ? formatIpv4(data, senderProto) : null,
    targetIp: ipv4 ? formatIpv4(data, targetProto) : null,
  };
}
