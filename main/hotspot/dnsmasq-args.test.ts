import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { dnsmasqArgs } from './dnsmasq-args';
import { parsePrefix, planSubnet } from './ipv4-subnet';

const hasDnsmasq = spawnSync('dnsmasq', ['--version'], { stdio: 'ignore' }).status === 0;

const ARGS = dnsmasqArgs({
  interface: 'usb0',
  plan: planSubnet(parsePrefix('198.51.100.0/24')!),
  files: { pidFile: '/s/d.pid', leaseFile: '/s/d.leases', logFile: '/s/d.log' },
  leaseSeconds: 3600,
  dnsServers: ['203.0.113.53', '2001:db8::53'],
  hosts: { 'test.phonehome': '198.51.100.7' },
});

describe('dnsmasq command line', () => {
  it('binds to the share interface only and keeps its files in the state directory', () => {
    expect(ARGS).toEqual([
      '--conf-file=/dev/null',
      '--interface=usb0',
      '--bind-interfaces',
      '--except-interface=lo',
      '--port=53',
      '--no-hosts',
      '--dhcp-range=198.51.100.10,198.51.100.250,255.255.255.0,3600s',
      '--dhcp-option=option:router,198.51.100.1',
      '--dhcp-option=option:dns-server,198.51.100.1',
      '--dhcp-authoritative',
      '--dhcp-leasefile=/s/d.leases',
      '--pid-file=/s/d.pid',
      '--log-facility=/s/d.log',
      '--log-dhcp',
      '--no-resolv',
      '--server=203.0.113.53',
      '--server=2001:db8::53',
      '--host-record=test.phonehome,198.51.100.7',
    ]);
  });

  // dnsmasq itself is the oracle: --test parses the options and exits without starting.
  it.skipIf(!hasDnsmasq)('is accepted by dnsmasq --test', () => {
    const r = spawnSync('dnsmasq', ['--test', ...ARGS], { encoding: 'utf8' });
    expect(r.stderr.trim()).toBe('dnsmasq: syntax check OK.');
    expect(r.status).toBe(0);
  });
});
