/**
 * DHCP and DHCPv6 datagrams: the devices they describe (device-table.ts), the user's MAC in
 * their hardware-address fields (structural-tracker.ts), and which byte ranges of the datagram
 * are such fields, so that a MAC the identifier matcher finds there is counted as structural
 * and never reported as a leak.
 */
import type { AnomalySink } from './anomaly';
import { parseDhcp } from './app/dhcp';
import { parseDhcpv6, type HardwareSpan } from './app/dhcpv6';
import type { DeviceTable, PacketContext } from './device-table';
import type { Match } from './match/matcher';
import type { StructuralTracker } from './structural-tracker';

export type DhcpProtocol = 'dhcp' | 'dhcpv6';

/** UDP ports 67/68 (RFC 2131 section 4.1) and 546/547 (RFC 8415 section 7.2). */
export function dhcpProtoForPorts(srcPort: number, dstPort: number): DhcpProtocol | null {
  if (srcPort === 67 || srcPort === 68 || dstPort === 67 || dstPort === 68) return 'dhcp';
  if (srcPort === 546 || srcPort === 547 || dstPort === 546 || dstPort === 547) return 'dhcpv6';
  return null;
}

/**
 * Dissects one datagram and feeds the device table and the structural tracker. Returns the
 * datagram's hardware-address fields, or null when it could not be parsed.
 */
export function handleDhcp(
  protocol: DhcpProtocol,
  payload: Uint8Array,
  ctx: PacketContext,
  devices: DeviceTable,
  structural: StructuralTracker,
  anomaly: AnomalySink,
): HardwareSpan[] | null {
  if (protocol === 'dhcp') {
    const msg = parseDhcp(payload, anomaly);
    if (msg === null) return null;
    devices.fromDhcp(msg, ctx);
    if (structural.active) {
      structural.sawMac(msg.clientMac, 'dhcp', 'chaddr', ctx.frame, ctx.ts);
      structural.sawMac(msg.clientId?.mac, 'dhcp', 'client identifier', ctx.frame, ctx.ts);
    }
    return msg.hardwareSpans;
  }
  const msg = parseDhcpv6(payload, anomaly);
  if (msg === null) return null;
  devices.fromDhcpv6(msg, ctx);
  if (structural.active) {
    structural.sawMac(msg.clientId?.mac, 'dhcpv6', 'client identifier', ctx.frame, ctx.ts);
    structural.sawMac(msg.serverId?.mac, 'dhcpv6', 'server identifier', ctx.frame, ctx.ts);
  }
  return msg.hardwareSpans;
}

/**
 * True when `match` is one of the user's MACs, written in any form, inside a hardware-address
 * field (a client identifier sent as text, "0011.2233.4455"): it is counted as structural, and
 * the caller must not report it as a leak. Other identifiers there (an IMEI as client id) stay
 * leaks. `counted` holds the identifier/field pairs already counted for this datagram, so two
 * written forms of the MAC in one field count once.
 */
export function structuralMatch(
  match: Match,
  spans: readonly HardwareSpan[],
  protocol: DhcpProtocol,
  structural: StructuralTracker,
  frame: number,
  ts: number,
  counted: Set<string>,
): boolean {
  if (match.kind !== 'mac' || !structural.isMac(match.identifier)) return false;
  for (const span of spans) {
    if (match.start < span.end && match.end > span.start) {
      const key = `${match.identifier}/${span.field}`;
      if (!counted.has(key)) {
        counted.add(key);
        structural.sawIdentifier(match.identifier, protocol, span.field, frame, ts);
      }
      return true;
    }
  }
  return false;
}
