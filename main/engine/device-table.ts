/**
 * The devices on the link, keyed by MAC, built from what they say about themselves: DHCP (host
 * name, vendor class, requested and assigned addresses), DHCPv6 (FQDN, addresses), ARP (sender
 * address pairs) and NDP (link-layer address options with their IPv6 addresses). Plain IP
 * packets from a MAC already known add the source address they use.
 *
 * Emission policy, like flows: a device is emitted when first learnt and re-emitted (same `mac`,
 * the last copy wins) at the next drain after it learnt something new — an address, a host
 * name, a vendor class, a source — with `frame` set to the packet that taught it. `lastTs`
 * alone does not make a device new; it is refreshed in the next copy, re-emitted on its own
 * when it moved LAST_SEEN_STEP seconds, and brought up to date at the end of the capture. A
 * host name or vendor class learnt later (DHCPv6 FQDN after DHCP option 12) replaces the older.
 *
 * Memory is bounded: MAX_DEVICES devices (the anomaly `device-table-full` once, after which new
 * MACs are ignored), MAX_ADDRESSES addresses per family per device, names as long as the
 * option that carried them (at most 255 bytes).
 *
 * Addresses from plain IP packets: a router forwards traffic from the whole Internet with its
 * own MAC as the Ethernet source, so a source address counts only when the packet's TTL / Hop
 * Limit is one a sender starts with (1, 64, 128 or 255): a forwarded packet has lost at least
 * one. This is a heuristic, and the per-family cap bounds its mistakes.
 */
import type { DeviceRecord } from '../../shared/events';
import type { AnomalySink } from './anomaly';
import type { ArpPacket } from './app/arp';
import { BOOTREPLY, BOOTREQUEST, DHCPACK, type DhcpMessage } from './app/dhcp';
import { DHCPV6_ADVERTISE, DHCPV6_REPLY, type Dhcpv6Message } from './app/dhcpv6';
import {
  ICMPV6_NEIGHBOR_ADVERTISEMENT,
  ICMPV6_NEIGHBOR_SOLICITATION,
  ICMPV6_REDIRECT,
  ICMPV6_ROUTER_ADVERTISEMENT,
  ICMPV6_ROUTER_SOLICITATION,
  type NdpMessage,
} from './app/ndp';
import { lookupVendor } from './enrich/oui';

export type DeviceSource = DeviceRecord['sources'][number];

export const MAX_DEVICES = 10_000;
export const MAX_ADDRESSES = 16;
/** Seconds `lastTs` may move before a device is re-emitted for that alone. */
export const LAST_SEEN_STEP = 60;

/** RFC 4861 sections 6.1 and 7.1: a node discards NDP messages whose Hop Limit is not 255. */
const NDP_HOP_LIMIT = 255;
/** DHCPv6 message types a server sends to a client (RFC 8415 section 7.3). */
const DHCPV6_RECONFIGURE = 10;

interface Device {
  record: DeviceRecord;
  dirty: boolean;
  /** lastTs of the copy last emitted. */
  emittedLastTs: number;
}

/** The link-layer and IP context a message arrived with. */
export interface PacketContext {
  frame: number;
  ts: number;
  srcMac?: string;
  dstMac?: string;
  srcIp?: string;
  hopLimit?: number;
}

export class DeviceTable {
  private readonly devices = new Map<string, Device>();
  private readonly dirty: Device[] = [];
  private full = false;

  constructor(private readonly anomaly: AnomalySink) {}

  get size(): number {
    return this.devices.size;
  }

  /** ARP: the sender's hardware and IPv4 address (a probe's sender address 0.0.0.0 adds none). */
  fromArp(arp: ArpPacket, ctx: PacketContext): void {
    const device = this.device(arp.senderMac, 'arp', ctx);
    if (device && arp.senderIp) this.addIpv4(device, arp.senderIp, ctx.frame);
  }

  /**
   * DHCP: a client's request names it (host name, vendor class, the address it asks for or
   * already has); a server's ACK (or a BOOTP reply, which has no message type) gives it yiaddr.
   */
  fromDhcp(msg: DhcpMessage, ctx: PacketContext): void {
    if (msg.op === BOOTREQUEST) {
      const device = this.device(msg.clientMac, 'dhcp', ctx);
      if (!device) return;
      if (msg.hostname) this.setName(device, 'hostname', msg.hostname, ctx.frame);
      if (msg.vendorClass) this.setName(device, 'vendorClass', msg.vendorClass, ctx.frame);
      if (msg.requestedIp) this.addIpv4(device, msg.requestedIp, ctx.frame);
      this.addIpv4(device, msg.ciaddr, ctx.frame);
    } else if (msg.op === BOOTREPLY && (msg.messageType === DHCPACK || msg.messageType === null)) {
      const device = this.device(msg.clientMac, 'dhcp', ctx);
      if (device) this.addIpv4(device, msg.yiaddr, ctx.frame);
    }
  }

  /**
   * DHCPv6: the client is the Ethernet source of what it sends and the destination of what a
   * server sends back; its DUID's MAC stands in when the message came through a relay or the
   * capture has no Ethernet header. (A DUID-LLT may name another interface of the machine, so
   * the address on the wire comes first.)
   */
  fromDhcpv6(msg: Dhcpv6Message, ctx: PacketContext): void {
    const fromServer =
      msg.msgType === DHCPV6_ADVERTISE || msg.msgType === DHCPV6_REPLY || msg.msgType === DHCPV6_RECONFIGURE;
    const wire = msg.relays === 0 ? (fromServer ? ctx.dstMac : ctx.srcMac) : undefined;
    const device = this.device(usableMac(wire) ? wire : (msg.clientId?.mac ?? null), 'dhcpv6', ctx);
    if (!device) return;
    if (msg.fqdn) this.setName(device, 'hostname', msg.fqdn, ctx.frame);
    if (!fromServer && msg.relays === 0 && ctx.srcIp) this.addIpv6(device, ctx.srcIp, ctx.frame);
    if (msg.msgType === DHCPV6_REPLY) for (const a of msg.addresses) this.addIpv6(device, a, ctx.frame);
  }

  /**
   * NDP: RS, RA and NS pair their source address with the Source Link-Layer Address option; NA
   * and Redirect pair the target address with the Target Link-Layer Address option. A message
   * whose Hop Limit is not 255 came from off the link (or is forged) and teaches nothing.
   */
  fromNdp(msg: NdpMessage, ctx: PacketContext): void {
    if (ctx.hopLimit !== NDP_HOP_LIMIT) {
      this.anomaly('ndp-hop-limit-invalid', `hop limit ${ctx.hopLimit}, RFC 4861 requires 255`);
      return;
    }
    let mac: string | null = null;
    let address: string | null | undefined = null;
    switch (msg.type) {
      case ICMPV6_ROUTER_SOLICITATION:
      case ICMPV6_ROUTER_ADVERTISEMENT:
      case ICMPV6_NEIGHBOR_SOLICITATION:
        mac = msg.sourceLinkLayer;
        address = ctx.srcIp;
        break;
      case ICMPV6_NEIGHBOR_ADVERTISEMENT:
      case ICMPV6_REDIRECT:
        mac = msg.targetLinkLayer;
        address = msg.targetAddress;
        break;
      default:
        return;
    }
    const device = this.device(mac, 'ndp', ctx);
    if (device && address) this.addIpv6(device, address, ctx.frame);
  }

  /**
   * A plain IP packet from `mac`: refresh the device's last-seen time and, when the TTL says the
   * packet started on this link, learn its source address. One map lookup for unknown MACs.
   */
  fromIpSource(mac: string, version: 4 | 6, src: string, hopLimit: number, frame: number, ts: number): void {
    const device = this.devices.get(mac);
    if (!device) return;
    const record = device.record;
    if (ts > record.lastTs) {
      record.lastTs = ts;
      if (ts - device.emittedLastTs >= LAST_SEEN_STEP) this.markDirty(device);
    }
    if (hopLimit !== 64 && hopLimit !== 128 && hopLimit !== 255 && hopLimit !== 1) return;
    const list = version === 4 ? record.ipv4 : record.ipv6;
    if (list.includes(src)) return;
    const added = version === 4 ? this.addIpv4(device, src, frame) : this.addIpv6(device, src, frame);
    if (added) this.addSource(device, 'ip');
  }

  /** Copies of the devices that changed since the last drain; with `final`, every stale one too. */
  drain(final = false): DeviceRecord[] {
    if (final) {
      for (const device of this.devices.values()) {
        if (device.record.lastTs !== device.emittedLastTs) this.markDirty(device);
      }
    }
    if (this.dirty.length === 0) return [];
    const out: DeviceRecord[] = [];
    for (const device of this.dirty) {
      device.dirty = false;
      device.emittedLastTs = device.record.lastTs;
      const r = device.record;
      out.push({ ...r, ipv4: r.ipv4.slice(), ipv6: r.ipv6.slice(), sources: r.sources.slice() });
    }
    this.dirty.length = 0;
    return out;
  }

  /** The device of `mac`, created when new; null for a MAC no device uses as its own. */
  private device(mac: string | null | undefined, source: DeviceSource, ctx: PacketContext): Device | null {
    if (!usableMac(mac)) return null;
    let device = this.devices.get(mac);
    if (device) {
      if (ctx.ts > device.record.lastTs) device.record.lastTs = ctx.ts;
      if (this.addSource(device, source)) device.record.frame = ctx.frame;
      return device;
    }
    if (this.devices.size >= MAX_DEVICES) {
      if (!this.full)
        this.anomaly('device-table-full', `more than ${MAX_DEVICES} devices; later ones ignored`);
      this.full = true;
      return null;
    }
    const { vendor, randomized } = lookupVendor(mac);
    device = {
      record: {
        type: 'device',
        mac,
        frame: ctx.frame,
        firstTs: ctx.ts,
        lastTs: ctx.ts,
        vendor,
        randomized,
        hostname: null,
        vendorClass: null,
        ipv4: [],
        ipv6: [],
        sources: [source],
      },
      dirty: false,
      emittedLastTs: ctx.ts,
    };
    this.devices.set(mac, device);
    this.markDirty(device);
    return device;
  }

  private addSource(device: Device, source: DeviceSource): boolean {
    if (device.record.sources.includes(source)) return false;
    device.record.sources.push(source);
    this.markDirty(device);
    return true;
  }

  private setName(device: Device, field: 'hostname' | 'vendorClass', value: string, frame: number): void {
    if (device.record[field] === value) return;
    device.record[field] = value;
    device.record.frame = frame;
    this.markDirty(device);
  }

  private addIpv4(device: Device, ip: string, frame: number): boolean {
    if (!usableIpv4(ip)) return false;
    return this.addAddress(device, device.record.ipv4, ip, frame);
  }

  private addIpv6(device: Device, ip: string, frame: number): boolean {
    // The unspecified address (DAD) and multicast groups are never a device's own address.
    if (ip === '::' || ip.startsWith('ff')) return false;
    return this.addAddress(device, device.record.ipv6, ip, frame);
  }

  private addAddress(device: Device, list: string[], ip: string, frame: number): boolean {
    if (list.includes(ip) || list.length >= MAX_ADDRESSES) return false;
    list.push(ip);
    device.record.frame = frame;
    this.markDirty(device);
    return true;
  }

  private markDirty(device: Device): void {
    if (device.dirty) return;
    device.dirty = true;
    this.dirty.push(device);
  }
}

/** A unicast MAC that is not all zeros: multicast and broadcast are groups, not devices. */
export function usableMac(mac: string | null | undefined): mac is string {
  if (!mac || mac.length !== 17 || mac === '00:00:00:00:00:00') return false;
  return (parseInt(mac.slice(0, 2), 16) & 1) === 0;
}

/** 0.0.0.0, broadcast, multicast (224/4) and class E are nobody's own address. */
function usableIpv4(ip: string): boolean {
  if (ip === '0.0.0.0') return false;
  const first = parseInt(ip, 10);
  return first > 0 && first < 224;
}
