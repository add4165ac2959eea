/**
 * The dnsmasq command line for a hotspot: DHCP and DNS bound to the hotspot interface only, with
 * its own pid, lease and log files in the state directory, so it neither answers on the
 * machine's other networks nor collides with a system dnsmasq.
 */
import type { SubnetPlan } from './ipv4-subnet';

export interface DnsmasqFiles {
  pidFile: string;
  leaseFile: string;
  logFile: string;
}

export interface DnsmasqOptions {
  interface: string;
  plan: SubnetPlan;
  files: DnsmasqFiles;
  leaseSeconds: number;
  /** Upstream resolvers; when absent dnsmasq uses the machine's resolv.conf. */
  dnsServers?: readonly string[];
  /** Extra names the hotspot's DNS answers itself (name → address). */
  hosts?: Readonly<Record<string, string>>;
}

export function dnsmasqArgs(o: DnsmasqOptions): string[] {
  const args = [
    // No system configuration file: a system-wide dnsmasq.conf must not add listeners or options.
    '--conf-file=/dev/null',
    `--interface=${o.interface}`,
    '--bind-interfaces',
    '--except-interface=lo',
    '--port=53',
    '--no-hosts',
    `--dhcp-range=${o.plan.rangeStart},${o.plan.rangeEnd},${o.plan.netmask},${o.leaseSeconds}s`,
    `--dhcp-option=option:router,${o.plan.gateway}`,
    `--dhcp-option=option:dns-server,${o.plan.gateway}`,
    '--dhcp-authoritative',
    `--dhcp-leasefile=${o.files.leaseFile}`,
    `--pid-file=${o.files.pidFile}`,
    `--log-facility=${o.files.logFile}`,
    '--log-dhcp',
  ];
  if (o.dnsServers?.length) {
    args.push('--no-resolv', ...o.dnsServers.map((s) => `--server=${s}`));
  }
  for (const [name, address] of Object.entries(o.hosts ?? {})) args.push(`--host-record=${name},${address}`);
  return args;
}
