/**
 * IPv4 prefixes for the hotspot's own subnet: parsing CIDR text, overlap with the prefixes this
 * machine already uses, choosing an unused 10.x.y.0/24, and the gateway and DHCP range inside it.
 */

export interface Ipv4Prefix {
  /** The network address as an unsigned 32-bit number. */
  network: number;
  length: number;
}

/** "10.42.0.7" → number, or null when the text is not a dotted quad. */
export function parseIpv4(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (!m) return null;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

function mask(length: number): number {
  return length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
}

/**
 * "10.42.0.0/24" → prefix; a bare address is a /32. `strict` refuses host bits set
 * ("10.42.0.1/24"), which a user naming a subnet most likely did not mean.
 */
export function parsePrefix(text: string, strict = false): Ipv4Prefix | null {
  const [addr, len, ...rest] = text.trim().split('/');
  if (rest.length) return null;
  const value = parseIpv4(addr);
  if (value === null) return null;
  const length = len === undefined ? 32 : /^\d{1,2}$/.test(len) ? Number(len) : NaN;
  if (!Number.isInteger(length) || length < 0 || length > 32) return null;
  const network = (value & mask(length)) >>> 0;
  if (strict && network !== value) return null;
  return { network, length };
}

export function formatPrefix(p: Ipv4Prefix): string {
  return `${formatIpv4(p.network)}/${p.length}`;
}

export function overlaps(a: Ipv4Prefix, b: Ipv4Prefix): boolean {
  const shorter = Math.min(a.length, b.length);
  const m = mask(shorter);
  return (a.network & m) >>> 0 === (b.network & m) >>> 0;
}

export function netmask(length: number): string {
  return formatIpv4(mask(length));
}

/** What the hotspot uses inside its subnet: the first host is the gateway, DHCP hands out most of the rest. */
export interface SubnetPlan {
  subnet: string;
  /** The gateway's address with the prefix length, as `ip addr add` takes it. */
  gatewayCidr: string;
  gateway: string;
  netmask: string;
  rangeStart: string;
  rangeEnd: string;
}

/**
 * The plan for a subnet between /8 and /30. Large subnets keep the first ten and last five
 * addresses out of the DHCP range for static devices, as home routers do; small ones use all hosts.
 */
export function planSubnet(p: Ipv4Prefix): SubnetPlan {
  const size = 2 ** (32 - p.length);
  const broadcast = p.network + size - 1;
  const roomy = size >= 64;
  const start = p.network + (roomy ? 10 : 2);
  const end = broadcast - (roomy ? 5 : 1);
  return {
    subnet: formatPrefix(p),
    gatewayCidr: `${formatIpv4(p.network + 1)}/${p.length}`,
    gateway: formatIpv4(p.network + 1),
    netmask: netmask(p.length),
    rangeStart: formatIpv4(start),
    rangeEnd: formatIpv4(end),
  };
}

/**
 * The first 10.x.y.0/24 that overlaps none of `used`, starting at 10.42.0.0/24 (the subnet
 * NetworkManager's shared mode also starts from, so users recognise it), or null when none is free.
 */
export function pickUnusedSubnet(used: readonly Ipv4Prefix[]): Ipv4Prefix | null {
  for (let i = 0; i < 256 * 256; i++) {
    const second = (42 + (i >> 8)) % 256;
    const third = i & 255;
    const candidate = { network: ((10 << 24) | (second << 16) | (third << 8)) >>> 0, length: 24 };
    if (!used.some((u) => overlaps(u, candidate))) return candidate;
  }
  return null;
}
