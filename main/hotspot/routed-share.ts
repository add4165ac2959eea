/**
 * The part of a hotspot that wired-share and hostapd have in common once the phone's link exists:
 * the gateway address on the interface, receive offloads off, IPv4 forwarding and a masquerade
 * table toward the upstream interface (only when there is one), and dnsmasq for DHCP and DNS on
 * that interface alone. Each change is recorded before the next is made.
 */
import { join } from 'node:path';
import { failureText } from './command-runner';
import { dnsmasqArgs } from './dnsmasq-args';
import { IP_FORWARD } from './hotspot-state';
import type { IpLink } from './ip-json';
import type { SubnetPlan } from './ipv4-subnet';
import { masqueradeRuleset, nftTableName } from './nftables-ruleset';
import {
  HotspotError,
  LEASE_SECONDS,
  type HotspotUpOptions,
  type ProviderContext,
  type ProviderUpResult,
} from './provider';
import { offloadArgs, parseOffloads, planOffloads } from './receive-offloads';

export interface RoutedShareOptions {
  interface: string;
  /** The link as `ip -j addr` showed it, to skip an address that is already there. */
  link: IpLink | undefined;
  upstream: string | null;
  plan: SubnetPlan;
  leaseSeconds: number;
  dnsServers?: readonly string[];
  hosts?: Readonly<Record<string, string>>;
}

export function dnsmasqFiles(stateDir: string, tag: string) {
  return {
    pidFile: join(stateDir, `dnsmasq-${tag}.pid`),
    leaseFile: join(stateDir, `dnsmasq-${tag}.leases`),
    logFile: join(stateDir, `dnsmasq-${tag}.log`),
  };
}

async function run(ctx: ProviderContext, cmd: string, args: string[]): Promise<void> {
  const r = await ctx.runner.run(cmd, args);
  if (r.code !== 0) throw new HotspotError(failureText(cmd, args, r));
}

async function addAddress(o: RoutedShareOptions, ctx: ProviderContext): Promise<void> {
  if (o.link?.addresses.includes(o.plan.gatewayCidr)) return;
  await run(ctx, 'ip', ['addr', 'add', o.plan.gatewayCidr, 'dev', o.interface]);
  await ctx.record({ kind: 'address', interface: o.interface, address: o.plan.gatewayCidr });
}

/** Offloads are best effort: a capture with merged frames is still a capture, so failures only warn. */
async function disableOffloads(o: RoutedShareOptions, ctx: ProviderContext): Promise<void> {
  const iface = o.interface;
  const consequence = `captures on ${iface} may show merged frames larger than the MTU`;
  if (!(await ctx.system.findBinary('ethtool'))) {
    ctx.warn(`ethtool not found (apt install ethtool): receive offloads stay as they are; ${consequence}`);
    return;
  }
  const read = await ctx.runner.run('ethtool', ['-k', iface]);
  if (read.code !== 0) {
    ctx.warn(
      `could not read the offloads of ${iface} (${failureText('ethtool', ['-k', iface], read)}); ${consequence}`,
    );
    return;
  }
  const plan = planOffloads(parseOffloads(read.stdout));
  if (plan.stuckOn.length)
    ctx.warn(`the driver of ${iface} keeps ${plan.stuckOn.join(' and ')} on; ${consequence}`);
  if (!plan.toDisable.length) return;
  const args = offloadArgs(iface, plan.toDisable, 'off');
  const r = await ctx.runner.run('ethtool', args);
  if (r.code !== 0) {
    ctx.warn(
      `could not turn off ${plan.toDisable.join(' and ')} on ${iface} (${failureText('ethtool', args, r)}); ${consequence}`,
    );
    return;
  }
  await ctx.record({ kind: 'offloads', interface: iface, features: plan.toDisable });
}

async function enableForwarding(ctx: ProviderContext): Promise<void> {
  const current = (await ctx.system.readText(IP_FORWARD))?.trim();
  if (current === '1') return;
  try {
    await ctx.system.overwrite(IP_FORWARD, '1\n');
  } catch (err) {
    throw new HotspotError(`could not turn on IPv4 forwarding (${IP_FORWARD}): ${(err as Error).message}`);
  }
  await ctx.record({ kind: 'sysctl', path: IP_FORWARD, value: '0' });
}

async function addMasquerade(o: RoutedShareOptions, upstream: string, ctx: ProviderContext): Promise<void> {
  const file = join(ctx.stateDir, `nftables-${ctx.tag}.nft`);
  await ctx.record({ kind: 'file', path: file });
  await ctx.system.writeText(
    file,
    masqueradeRuleset({ tag: ctx.tag, subnet: o.plan.subnet, upstream }),
    0o600,
  );
  await run(ctx, 'nft', ['-f', file]);
  await ctx.record({ kind: 'nft-table', family: 'inet', table: nftTableName(ctx.tag) });
}

/** dnsmasq daemonises once it has bound its sockets; its pid file can lag the parent's exit by a moment. */
async function readPid(ctx: ProviderContext, pidFile: string): Promise<number | null> {
  for (let i = 0; i < 40; i++) {
    const text = await ctx.system.readText(pidFile, 64);
    const pid = Number(text?.trim());
    if (Number.isInteger(pid) && pid > 1) return pid;
    await ctx.system.sleep(50);
  }
  return null;
}

async function startDnsmasq(o: RoutedShareOptions, ctx: ProviderContext): Promise<string> {
  const files = dnsmasqFiles(ctx.stateDir, ctx.tag);
  for (const path of [files.pidFile, files.leaseFile, files.logFile])
    await ctx.record({ kind: 'file', path });
  const args = dnsmasqArgs({
    interface: o.interface,
    plan: o.plan,
    files,
    leaseSeconds: o.leaseSeconds,
    dnsServers: o.dnsServers,
    hosts: o.hosts,
  });
  const r = await ctx.runner.run('dnsmasq', args);
  if (r.code !== 0) {
    const log = (await ctx.system.readText(files.logFile, 4096))?.trim();
    throw new HotspotError(
      `${failureText('dnsmasq', [`--interface=${o.interface}`, '...'], r)}${log ? `\n${log}` : ''}`,
    );
  }
  const pid = await readPid(ctx, files.pidFile);
  if (pid === null) throw new HotspotError(`dnsmasq started but wrote no pid to ${files.pidFile}`);
  await ctx.record({ kind: 'process', program: 'dnsmasq', pid, marker: files.pidFile });
  return files.leaseFile;
}

/** Returns the lease file dnsmasq writes. */
async function startRoutedShare(o: RoutedShareOptions, ctx: ProviderContext): Promise<string> {
  await addAddress(o, ctx);
  await disableOffloads(o, ctx);
  if (o.upstream) {
    await enableForwarding(ctx);
    await addMasquerade(o, o.upstream, ctx);
  }
  return startDnsmasq(o, ctx);
}

/**
 * A provider's `up` once its link exists (and, for hostapd, its access point runs): share it as
 * above and describe the result. `join` tells the user how the phone gets onto the link.
 */
export async function shareRouted(
  o: HotspotUpOptions,
  assessed: { plan: SubnetPlan; link: IpLink | undefined },
  how: { ssid: string | null; join: string },
  ctx: ProviderContext,
): Promise<ProviderUpResult> {
  const upstream = o.upstream ?? null;
  const { plan, link } = assessed;
  const leaseFile = await startRoutedShare(
    {
      interface: o.interface,
      link,
      upstream,
      plan,
      leaseSeconds: LEASE_SECONDS,
      dnsServers: o.dnsServers,
      hosts: o.hosts,
    },
    ctx,
  );
  return {
    interface: o.interface,
    upstream,
    ssid: how.ssid,
    gateway: plan.gatewayCidr,
    subnet: plan.subnet,
    guidance: `${how.join} ${routedGuidance({ interface: o.interface, upstream, plan })}`,
    leaseFile,
    leaseSeconds: LEASE_SECONDS,
  };
}

function routedGuidance(o: { interface: string; upstream: string | null; plan: SubnetPlan }): string {
  const onward = o.upstream
    ? `Its traffic goes on to the internet through ${o.upstream}, masqueraded behind this machine's address.`
    : 'There is no upstream interface, so the phone reaches only this machine (and networks it already routes to); its attempts still show in a capture.';
  return (
    `Devices on ${o.interface} get an address from ${o.plan.rangeStart} to ${o.plan.rangeEnd} by DHCP, ` +
    `with ${o.plan.gateway} as router and DNS server. ${onward}`
  );
}
