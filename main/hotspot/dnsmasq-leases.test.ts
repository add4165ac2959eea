import { describe, expect, it } from 'vitest';
import { parseDnsmasqLeases } from './dnsmasq-leases';

// Hand-written in dnsmasq 2.90's lease file layout: expiry, MAC, IPv4, host name, client id.
// Line 2 has no host name or client id ("*"); line 3 is garbage a truncated write could leave;
// line 4 has a host name with an escape character a hostile phone could send; after "duid" come
// DHCPv6 leases, which carry an IAID instead of a MAC and are not read.
const LEASES = [
  '1700043200 64:09:80:3c:5e:21 10.42.0.57 Redmi-Note-12 01:64:09:80:3c:5e:21',
  '0 DA:A1:19:00:00:01 10.42.0.12 * *',
  '1700043 zz:zz 10.42.0.99 x',
  '1700043300 3a:1b:2c:3d:4e:5f 10.42.0.13 evil\u001b[31m *',
  '1700043400 64:09:80:3c:5e:22 10.42.0.300 bad-ip *',
  'duid 00:01:00:01:2c:00:00:00:64:09:80:3c:5e:20',
  '1700043200 12345 2001:db8::57 Redmi-Note-12 00:01:00:01:2c',
  '',
].join('\n');

describe('dnsmasq lease file', () => {
  it('reads IPv4 leases and skips malformed and DHCPv6 lines', () => {
    expect(parseDnsmasqLeases(LEASES)).toEqual([
      {
        expiry: 1700043200,
        mac: '64:09:80:3c:5e:21',
        ipv4: '10.42.0.57',
        hostname: 'Redmi-Note-12',
        clientId: '01:64:09:80:3c:5e:21',
      },
      { expiry: 0, mac: 'da:a1:19:00:00:01', ipv4: '10.42.0.12', hostname: null, clientId: null },
      {
        expiry: 1700043300,
        mac: '3a:1b:2c:3d:4e:5f',
        ipv4: '10.42.0.13',
        hostname: 'evil[31m',
        clientId: null,
      },
    ]);
  });

  it('reads nothing from an empty or binary file', () => {
    expect(parseDnsmasqLeases('')).toEqual([]);
    expect(parseDnsmasqLeases('\u0000\u0001\u0002 \u00ff')).toEqual([]);
  });
});
