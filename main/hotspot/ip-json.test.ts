import { describe, expect, it } from 'vitest';
import { formatPrefix } from './ipv4-subnet';
import { parseIpAddr, parseIpRoutes, usedByAddresses } from './ip-json';

// Hand-written in the shape iproute2 6.1 prints for `ip -j addr` (a loopback, an Ethernet port
// with one IPv4 and one IPv6 address, and a veth that is down and has no address).
const ADDR = JSON.stringify([
  {
    ifindex: 1,
    ifname: 'lo',
    flags: ['LOOPBACK', 'UP', 'LOWER_UP'],
    link_type: 'loopback',
    address: '00:00:00:00:00:00',
    addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8 }],
  },
  {
    ifindex: 4,
    ifname: 'eth0',
    flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
    link_type: 'ether',
    address: '02:FC:00:00:00:01',
    addr_info: [
      { family: 'inet', local: '192.0.2.2', prefixlen: 24 },
      { family: 'inet6', local: 'fd00::2', prefixlen: 64 },
    ],
  },
  {
    ifindex: 9,
    ifname: 'veth1',
    flags: ['BROADCAST', 'MULTICAST'],
    link_type: 'ether',
    address: '6a:1b:2c:3d:4e:5f',
    addr_info: [],
  },
  { ifname: 42 },
  'junk',
]);

describe('ip -j readers', () => {
  it('reads links, flags, MACs and addresses, skipping malformed entries', () => {
    const links = parseIpAddr(ADDR);
    expect(links.map((l) => l.name)).toEqual(['lo', 'eth0', 'veth1']);
    expect(links[0]).toMatchObject({ up: true, mac: null, addresses: ['127.0.0.1/8'] });
    expect(links[1]).toMatchObject({
      up: true,
      lowerUp: true,
      mac: '02:fc:00:00:00:01',
      addresses: ['192.0.2.2/24', 'fd00::2/64'],
    });
    expect(links[2]).toMatchObject({ up: false, lowerUp: false, addresses: [] });
    expect(parseIpAddr('not json')).toEqual([]);
  });

  it('turns addresses into used subnets', () => {
    const used = usedByAddresses(parseIpAddr(ADDR));
    expect(used.map((u) => formatPrefix(u.prefix))).toEqual(['127.0.0.0/8', '192.0.2.0/24']);
    expect(used[1].text).toBe('192.0.2.2/24 on eth0');
  });

  it('reads route destinations and skips default routes', () => {
    const routes = parseIpRoutes(
      JSON.stringify([
        { dst: 'default', gateway: '192.0.2.1', dev: 'eth0' },
        { dst: '192.0.2.0/24', dev: 'eth0' },
        { type: 'local', dst: '192.0.2.2', dev: 'eth0', table: 'local' },
        { dst: '10.8.0.0/16', gateway: '192.0.2.9' },
        { dst: 'fe80::/64', dev: 'eth0' },
      ]),
    );
    expect(routes.map((r) => [formatPrefix(r.prefix), r.text])).toEqual([
      ['192.0.2.0/24', 'route 192.0.2.0/24 dev eth0'],
      ['192.0.2.2/32', 'route 192.0.2.2 dev eth0'],
      ['10.8.0.0/16', 'route 10.8.0.0/16'],
    ]);
  });
});
