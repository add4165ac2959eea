/**
 * Readers for iproute2's JSON output (`ip -j addr`, `ip -j route`). The JSON comes from a local
 * tool, but its shape differs between iproute2 versions and interface types, so every field is
 * checked for type and anything unexpected is skipped rather than trusted.
 */
import { parsePrefix, type Ipv4Prefix } from './ipv4-subnet';

export interface IpLink {
  name: string;
  /** Administratively up (the UP flag). */
  up: boolean;
  /** The carrier is present (LOWER_UP). */
  lowerUp: boolean;
  linkType: string;
  mac: string | null;
  /** Addresses with prefix length: "10.42.0.1/24", "fe80::1/64". */
  addresses: string[];
}

/** A prefix in use on this machine, with where it was seen (for messages). */
export interface UsedPrefix {
  prefix: Ipv4Prefix;
  text: string;
  dev: string | null;
  source: 'address' | 'route';
}

function parseJsonArray(text: string): unknown[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

function str(o: Record<string, unknown>, key: string): string | null {
  const v = o[key];
  return typeof v === 'string' ? v : null;
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

/** `ip -j addr` → links with their addresses. */
export function parseIpAddr(text: string): IpLink[] {
  const links: IpLink[] = [];
  for (const entry of parseJsonArray(text)) {
    if (!entry || typeof entry !== 'object') continue;
    const o = entry as Record<string, unknown>;
    const name = str(o, 'ifname');
    if (!name) continue;
    const flags = Array.isArray(o.flags) ? o.flags.filter((f): f is string => typeof f === 'string') : [];
    const linkType = str(o, 'link_type') ?? 'other';
    const address = str(o, 'address');
    const mac = linkType === 'ether' && address && MAC.test(address) ? address.toLowerCase() : null;
    const addresses: string[] = [];
    if (Array.isArray(o.addr_info)) {
      for (const a of o.addr_info) {
        if (!a || typeof a !== 'object') continue;
        const ai = a as Record<string, unknown>;
        const local = str(ai, 'local');
        if (local && typeof ai.prefixlen === 'number') addresses.push(`${local}/${ai.prefixlen}`);
      }
    }
    links.push({
      name,
      up: flags.includes('UP'),
      lowerUp: flags.includes('LOWER_UP'),
      linkType,
      mac,
      addresses,
    });
  }
  return links;
}

/** IPv4 prefixes of every address (`ip -j addr`): each address's whole subnet counts as used. */
export function usedByAddresses(links: readonly IpLink[]): UsedPrefix[] {
  const used: UsedPrefix[] = [];
  for (const link of links) {
    for (const a of link.addresses) {
      const prefix = parsePrefix(a);
      if (prefix) used.push({ prefix, text: `${a} on ${link.name}`, dev: link.name, source: 'address' });
    }
  }
  return used;
}

/**
 * IPv4 destinations of `ip -j -4 route show table all`. Default routes are skipped: every subnet
 * "overlaps" 0.0.0.0/0, and a hotspot subnet is exactly what should win over the default route.
 */
export function parseIpRoutes(text: string): UsedPrefix[] {
  const used: UsedPrefix[] = [];
  for (const entry of parseJsonArray(text)) {
    if (!entry || typeof entry !== 'object') continue;
    const o = entry as Record<string, unknown>;
    const dst = str(o, 'dst');
    if (!dst || dst === 'default') continue;
    const prefix = parsePrefix(dst);
    if (!prefix || prefix.length === 0) continue;
    const dev = str(o, 'dev');
    used.push({ prefix, text: `route ${dst}${dev ? ` dev ${dev}` : ''}`, dev, source: 'route' });
  }
  return used;
}

/** Interfaces that carry a default route: this machine's way to its LAN and the internet. */
export function defaultRouteDevices(text: string): string[] {
  const devs = new Set<string>();
  for (const entry of parseJsonArray(text)) {
    if (!entry || typeof entry !== 'object') continue;
    const o = entry as Record<string, unknown>;
    const dev = str(o, 'dev');
    if (str(o, 'dst') === 'default' && dev) devs.add(dev);
  }
  return [...devs];
}
