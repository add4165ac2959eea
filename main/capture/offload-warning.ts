/**
 * Receive offloads (GRO, LRO) left on on the capture interface make the kernel hand libpcap
 * merged frames of up to 64 KiB: frames that never crossed the wire, and a ring that holds far
 * fewer packets. The hotspot providers turn them off on interfaces they own; for any other
 * interface the user is told, with the command that fixes it, rather than changed behind
 * their back.
 */
import { execFile } from 'node:child_process';
import { parseOffloads } from '../hotspot/receive-offloads';

/** The advice for `ethtool -k IF` output, or null when no receive offload is on. */
export function offloadAdvice(iface: string, ethtoolText: string): string | null {
  const on = parseOffloads(ethtoolText).filter((s) => s.on);
  if (on.length === 0) return null;
  const names = on.map((s) => s.feature.toUpperCase()).join(' and ');
  const changeable = on.filter((s) => !s.fixed).map((s) => `${s.feature} off`);
  const fix = changeable.length
    ? ` For captures at high rates run: sudo ethtool -K ${iface} ${changeable.join(' ')}`
    : ' The driver does not allow turning them off.';
  return (
    `receive offload ${names} is on for ${iface}: the kernel merges segments into frames larger than ` +
    `the wire carries, and the capture buffer holds fewer packets.${fix}`
  );
}

/** Runs `ethtool -k` on the interface; resolves null when it is absent or says nothing useful. */
export function checkReceiveOffloads(iface: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('ethtool', ['-k', iface], { timeout: 3000 }, (err, stdout) => {
      resolve(err ? null : offloadAdvice(iface, stdout));
    });
  });
}
