/**
 * The kernel's drop count for the capture helper's own packet socket: what libpcap's
 * pcap_stats() would report as ps_drop, which cap 0.2.1 cannot ask for.
 *
 * How: libpcap on Linux captures through one AF_PACKET socket. The helper finds it among its
 * own file descriptors (/proc/self/fd links "socket:[inode]" whose inode /proc/net/packet lists)
 * and reads getsockopt(PACKET_STATISTICS) on it through the optional native addon in
 * native/packet-stats. The kernel resets the counters on every read, so they are added up here.
 * When any step is impossible (another OS, the addon not built, no packet socket found) the
 * count is unknown and `unavailable` says why: a drop count is never reported as 0 by default.
 *
 * Threat model: runs inside the privileged helper; it reads only /proc/self/fd, /proc/net/packet
 * and the addon's file, and passes the addon nothing but a descriptor number it found itself.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createRequire } from 'node:module';

interface PacketStatsAddon {
  read(fd: number): { packets: number; drops: number };
}

export interface KernelDropCounter {
  /** Drops since the counter was opened, or null when they cannot be known. */
  read(): number | null;
  /**
   * Take the last reading before the socket is closed; read() then keeps returning it (the
   * descriptor number may be reused by then).
   */
  freeze(): void;
  /** Why the count is unknown, or null while it is known. */
  readonly unavailable: string | null;
  /** Where the count comes from, for CaptureStatsRecord.dropSource. */
  readonly source: string;
}

const ADDON_PATH = '../../native/packet-stats/build/Release/packet_stats.node';
export const KERNEL_DROP_SOURCE = 'PACKET_STATISTICS tp_drops';

/** The addon, or the reason it cannot be used. */
export function loadPacketStatsAddon(path = ADDON_PATH): PacketStatsAddon | string {
  if (process.platform !== 'linux')
    return `kernel drop counts are read on Linux only (this is ${process.platform})`;
  try {
    const addon = createRequire(import.meta.url)(path) as Partial<PacketStatsAddon>;
    if (typeof addon.read !== 'function') return 'the packet-stats addon has no read()';
    return addon as PacketStatsAddon;
  } catch (err) {
    return `the packet-stats addon is not built (${(err as Error).message.split('\n')[0]}); run "npm run build:native"`;
  }
}

/** Inodes of the packet sockets /proc/net/packet lists (its 9th column is the inode). */
export function packetSocketInodes(procNetPacket: string): Set<string> {
  const inodes = new Set<string>();
  for (const line of procNetPacket.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length >= 9 && /^\d+$/.test(fields[8])) inodes.add(fields[8]);
  }
  return inodes;
}

/** This process's descriptors that are packet sockets. */
export function findPacketSocketFds(): number[] {
  const inodes = packetSocketInodes(readFileSync('/proc/net/packet', 'utf8'));
  const fds: number[] = [];
  for (const name of readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${name}`);
    } catch {
      // The descriptor readdir itself used is closed by the time it is looked at.
      continue;
    }
    const m = /^socket:\[(\d+)\]$/.exec(target);
    if (m && inodes.has(m[1])) fds.push(Number(name));
  }
  return fds;
}

/**
 * Open the counter for the packet socket libpcap has just opened (call it right after the
 * capture handle is open, while that is the process's only packet socket).
 */
export function openKernelDropCounter(
  addon: PacketStatsAddon | string = loadPacketStatsAddon(),
  findFds: () => number[] = findPacketSocketFds,
): KernelDropCounter {
  const unknown = (why: string): KernelDropCounter => ({
    read: () => null,
    freeze: () => undefined,
    unavailable: why,
    source: `kernel drops unknown: ${why}`,
  });
  if (typeof addon === 'string') return unknown(addon);
  let fds: number[];
  try {
    fds = findFds();
  } catch (err) {
    return unknown(`cannot list this process's sockets (${(err as Error).message})`);
  }
  if (fds.length !== 1) {
    return unknown(`expected one packet socket in this process, found ${fds.length}`);
  }
  const fd = fds[0];
  let total = 0;
  let failure: string | null = null;
  let frozen = false;
  try {
    // The socket was opened for this capture, so whatever it counted so far is this capture's.
    total = addon.read(fd).drops;
  } catch (err) {
    failure = `getsockopt failed (${(err as Error).message})`;
  }
  return {
    read() {
      if (failure !== null) return null;
      if (frozen) return total;
      try {
        total += addon.read(fd).drops;
        return total;
      } catch (err) {
        failure = `getsockopt failed (${(err as Error).message})`;
        return null;
      }
    },
    freeze() {
      this.read();
      frozen = true;
    },
    get unavailable() {
      return failure;
    },
    get source() {
      return failure === null ? KERNEL_DROP_SOURCE : `kernel drops unknown: ${failure}`;
    },
  };
}
