/**
 * Addresses that have no place on the public Internet: private, loopback, link-local, shared,
 * documentation, benchmarking, multicast and reserved blocks (the IANA special-purpose address
 * registries, RFC 6890 and its updates). A flow to one of them has no country or AS worth
 * showing, even where the registry data happens to list the block.
 */

/** [network, prefix length] pairs of the IPv4 special-purpose registry not globally reachable. */
const IPV4_SPECIAL: readonly (readonly [number, number])[] = [
  [0x00000000, 8], // 0.0.0.0/8 "this network" (RFC 791)
  [0x0a000000, 8], // 10.0.0.0/8 private (RFC 1918)
  [0x64400000, 10], // 100.64.0.0/10 shared address space, carrier-grade NAT (RFC 6598)
  [0x7f000000, 8], // 127.0.0.0/8 loopback (RFC 1122)
  [0xa9fe0000, 16], // 169.254.0.0/16 link-local (RFC 3927)
  [0xac100000, 12], // 172.16.0.0/12 private (RFC 1918)
  [0xc0000000, 24], // 192.0.0.0/24 IETF protocol assignments (RFC 6890)
  [0xc0000200, 24], // 192.0.2.0/24 TEST-NET-1 documentation (RFC 5737)
  [0xc0586300, 24], // 192.88.99.0/24 deprecated 6to4 relay anycast (RFC 7526)
  [0xc0a80000, 16], // 192.168.0.0/16 private (RFC 1918)
  [0xc6120000, 15], // 198.18.0.0/15 benchmarking (RFC 2544)
  [0xc6336400, 24], // 198.51.100.0/24 TEST-NET-2 documentation (RFC 5737)
  [0xcb007100, 24], // 203.0.113.0/24 TEST-NET-3 documentation (RFC 5737)
  [0xe0000000, 4], // 224.0.0.0/4 multicast (RFC 5771)
  [0xf0000000, 4], // 240.0.0.0/4 reserved, and 255.255.255.255 broadcast (RFC 1112, RFC 919)
];

/**
 * IPv6 blocks inside 2000::/3 that are not globally reachable, as [high 32 bits, prefix length
 * (at most 32)]. Everything outside 2000::/3 (loopback, unspecified, unique-local fc00::/7,
 * link-local fe80::/10, multicast ff00::/8, discard 100::/64, ...) is excluded wholesale, since
 * global unicast space is 2000::/3 only (RFC 4291 §2.4).
 */
const IPV6_SPECIAL: readonly (readonly [number, number])[] = [
  [0x20010002, 32], // 2001:2::/32: benchmarking 2001:2::/48 (RFC 5180), the rest unassigned
  [0x20010010, 28], // 2001:10::/28 ORCHID, deprecated (RFC 4843)
  [0x20010020, 28], // 2001:20::/28 ORCHIDv2 (RFC 7343)
  [0x20010db8, 32], // 2001:db8::/32 documentation (RFC 3849)
  [0x3fff0000, 20], // 3fff::/20 documentation (RFC 9637)
  [0x5f000000, 16], // 5f00::/16 SRv6 SIDs (RFC 9602)
];

function inPrefix(value: number, network: number, length: number): boolean {
  const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
  return (value & mask) >>> 0 === network;
}

export function isSpecialIpv4(address: number): boolean {
  for (const [network, length] of IPV4_SPECIAL) if (inPrefix(address, network, length)) return true;
  return false;
}

/** True for IPv6 addresses with no public place; `w` holds four words, most significant first. */
export function isSpecialIpv6(w: Uint32Array): boolean {
  const high = w[0];
  if (high >>> 29 !== 1) return true;
  for (const [network, length] of IPV6_SPECIAL) if (inPrefix(high, network, length)) return true;
  return false;
}

/**
 * The IPv4 address an IPv6 address stands for, when it is one in IPv6 clothing: IPv4-mapped
 * ::ffff:0:0/96 (RFC 4291 §2.5.5.2) and the NAT64 well-known prefix 64:ff9b::/96 (RFC 6052),
 * which phones on IPv6-only mobile networks use for every IPv4 destination. Else -1.
 */
export function embeddedIpv4(w: Uint32Array): number {
  if (w[0] === 0 && w[1] === 0 && w[2] === 0x0000ffff) return w[3];
  if (w[0] === 0x0064ff9b && w[1] === 0 && w[2] === 0) return w[3];
  return -1;
}
