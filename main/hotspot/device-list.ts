/**
 * The list of devices on the hotspot: the DHCP server's leases (who was given an address) merged
 * with what the capture engine saw (DeviceRecord: ARP, DHCP, NDP, plain IP traffic), one entry
 * per MAC address.
 */
import type { DeviceRecord } from '../../shared/events';
import type { DeviceInfo } from '../../shared/live-types';
import { lookupVendor } from '../engine/enrich/oui';
import type { DnsmasqLease } from './dnsmasq-leases';

/**
 * Leases → devices. The lease file keeps only the expiry, so the time of the last grant or
 * renewal (expiry minus the lease time) stands for when the device was seen; an infinite lease
 * (expiry 0) has no time at all and reports 0.
 */
export function leasesToDevices(leases: readonly DnsmasqLease[], leaseSeconds: number): DeviceInfo[] {
  const byMac = new Map<string, DeviceInfo>();
  for (const lease of leases) {
    const seen = lease.expiry > 0 ? lease.expiry - leaseSeconds : 0;
    const known = byMac.get(lease.mac);
    if (known) {
      if (!known.ipv4.includes(lease.ipv4)) known.ipv4.push(lease.ipv4);
      known.hostname ??= lease.hostname;
      known.firstSeen = Math.min(known.firstSeen, seen);
      known.lastSeen = Math.max(known.lastSeen, seen);
      continue;
    }
    const { vendor, randomized } = lookupVendor(lease.mac);
    byMac.set(lease.mac, {
      mac: lease.mac,
      vendor,
      randomized,
      hostname: lease.hostname,
      vendorClass: null,
      ipv4: [lease.ipv4],
      ipv6: [],
      firstSeen: seen,
      lastSeen: seen,
      bytes: 0,
      sources: ['lease'],
    });
  }
  return [...byMac.values()];
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

/** The earlier of two times, where 0 means "unknown" rather than 1970. */
function earliest(a: number, b: number): number {
  if (!a) return b;
  if (!b) return a;
  return Math.min(a, b);
}

/**
 * One entry per MAC, newest activity first. Engine records are cumulative copies, so the last
 * record for a MAC replaces earlier ones; lease facts and engine facts are then combined, with
 * the DHCP server's host name preferred (it is what the device asked to be called on this network).
 */
export function mergeDevices(leases: readonly DeviceInfo[], records: readonly DeviceRecord[]): DeviceInfo[] {
  const latest = new Map<string, DeviceRecord>();
  for (const r of records) latest.set(r.mac.toLowerCase(), r);
  const byMac = new Map<string, DeviceInfo>(
    leases.map((d) => [d.mac.toLowerCase(), { ...d, mac: d.mac.toLowerCase() }]),
  );
  for (const [mac, r] of latest) {
    const known = byMac.get(mac);
    if (!known) {
      byMac.set(mac, {
        mac,
        vendor: r.vendor,
        randomized: r.randomized,
        hostname: r.hostname,
        vendorClass: r.vendorClass,
        ipv4: [...r.ipv4],
        ipv6: [...r.ipv6],
        firstSeen: r.firstTs,
        lastSeen: r.lastTs,
        bytes: 0,
        sources: [...r.sources],
      });
      continue;
    }
    byMac.set(mac, {
      ...known,
      vendor: known.vendor ?? r.vendor,
      randomized: known.randomized || r.randomized,
      hostname: known.hostname ?? r.hostname,
      vendorClass: known.vendorClass ?? r.vendorClass,
      ipv4: union(known.ipv4, r.ipv4),
      ipv6: union(known.ipv6, r.ipv6),
      firstSeen: earliest(known.firstSeen, r.firstTs),
      lastSeen: Math.max(known.lastSeen, r.lastTs),
      sources: union(known.sources, r.sources),
    });
  }
  return [...byMac.values()].sort((a, b) => b.lastSeen - a.lastSeen || a.mac.localeCompare(b.mac));
}
