/**
 * Reader for dnsmasq's lease file. The file is written by dnsmasq, but the host names and client
 * ids in it come from whatever device joined the hotspot, so every line is treated as untrusted:
 * each field is checked for shape, lines that do not fit are skipped, host names are stripped of
 * control characters and capped, and the caller caps the file size.
 *
 * Format (dnsmasq's lease_update_file), one lease a line, space separated:
 *   IPv4:  <expiry epoch seconds, 0 = never> <MAC> <IPv4> <hostname or *> <client-id or *>
 *   "duid <server DUID>" starts the DHCPv6 section, whose lines carry an IAID instead of a MAC:
 *   IPv6:  <expiry> <IAID> <IPv6> <hostname or *> <client DUID>
 * Only IPv4 leases name a MAC, so DHCPv6 lines are not used.
 */

export interface DnsmasqLease {
  /** Seconds since the epoch when the lease runs out; 0 for an infinite lease. */
  expiry: number;
  /** Lower-case colon form. */
  mac: string;
  ipv4: string;
  hostname: string | null;
  clientId: string | null;
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const MAX_LEASES = 10_000;

function cleanName(value: string | undefined): string | null {
  if (!value || value === '*') return null;
  const cleaned = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').slice(0, 253);
  return cleaned || null;
}

export function parseDnsmasqLeases(text: string): DnsmasqLease[] {
  const leases: DnsmasqLease[] = [];
  for (const line of text.split('\n')) {
    if (leases.length >= MAX_LEASES) break;
    const fields = line.trim().split(/\s+/);
    if (fields[0] === 'duid') break;
    if (fields.length < 4) continue;
    const [expiryText, mac, ipv4, hostname, clientId] = fields;
    if (!/^\d{1,12}$/.test(expiryText) || !MAC.test(mac) || !IPV4.test(ipv4)) continue;
    leases.push({
      expiry: Number(expiryText),
      mac: mac.toLowerCase(),
      ipv4,
      hostname: cleanName(hostname),
      clientId:
        clientId && clientId !== '*' && /^[0-9a-f:]{1,512}$/i.test(clientId) ? clientId.toLowerCase() : null,
    });
  }
  return leases;
}
