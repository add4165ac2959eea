/**
 * The capture helper: the only privileged process of PhoneHome (DESIGN §2). Run as a child,
 * `node capture-helper-source.mjs --interface IF [--filter BPF] [--buffer-mb N]`, it opens one
 * interface with libpcap (through the `cap` module) and writes a pcapng stream to stdout: a
 * section header, one interface description, an enhanced packet block per packet and an
 * interface statistics block every second. Status and errors go to stderr as JSON lines
 * (helper-messages.ts).
 *
 * Threat model: it runs as root (or with CAP_NET_RAW and CAP_NET_ADMIN), started by a user
 * process that may be less trusted than it. So it does as little as it can: it validates its own
 * arguments (an interface name of Linux shape that libpcap lists, a bounded buffer size, a filter
 * that libpcap compiles or rejects), it never starts a shell or another program, never opens a
 * file for writing, reads nothing but its arguments, its stdin (only to notice that the parent
 * is gone), the interface's counters in /sys and its own descriptors in /proc/self, and it exits
 * as soon as its parent does. The packets it sees are untrusted but it does not parse them: it
 * only frames them.
 *
 * What cap 0.2.1 cannot tell: packet timestamps (the helper stamps each packet when libpcap hands
 * it over, in immediate mode, so within the event loop's latency of the kernel's time), a
 * packet's original length past the 65,535-byte snapshot (the captured length is written as the
 * original length), and libpcap's drop count. That last one the helper reads itself, from its
 * packet socket's PACKET_STATISTICS (kernel-drop-counter.ts), when the optional native addon is
 * built; otherwise the status lines say the kernel's drops are unknown and why.
 *
 * Statistics blocks: isb_ifrecv and isb_ifdrop are the interface's own counters (rx_packets,
 * rx_dropped since the start), isb_osdrop the kernel's drops for our socket (absent when
 * unknown), isb_usrdeliv the packets written to the stream.
 */
import { getPriority, setPriority, type as osType, release as osRelease } from 'node:os';
import { interfaceDescription, interfaceStatistics, sectionHeader } from '../engine/pcap/pcapng-writer';
import { HelperArgumentError, parseHelperArguments, type HelperArguments } from './helper-arguments';
import { openKernelDropCounter } from './kernel-drop-counter';
import type { HelperMessage } from './helper-messages';
import { readInterfaceCounters, type InterfaceCounters } from './interface-counters';
import { linkTypeFromCap } from './link-type';
import { PacketSlab } from './packet-slab';

/** The part of cap 0.2.1's API the helper uses; the module ships no types. */
interface CapHandle {
  open(device: string, filter: string, bufferSize: number, buffer: Buffer): string;
  close(): void;
  on(event: 'packet', listener: (nbytes: number, truncated: boolean) => void): void;
}
interface CapModule {
  Cap: { new (): CapHandle; deviceList(): { name: string }[] };
}

export const CAP_MISSING =
  'live capture needs the cap module: install libpcap-dev, g++, make and python3, then run npm ci';
const SNAPLEN = 65535;
/** Microseconds, pcapng's default resolution: the stamps are not more precise than that. */
const TS_UNITS = 1_000_000;
const STATS_INTERVAL_MS = 1000;
/** Room for the blocks of one write. */
const SLAB_BYTES = 1 << 20;
/** A pipe read's worth (64 KiB): a write of this much wakes the parent once. */
const WRITE_BYTES = 64 << 10;
/** How long a packet may wait for others to share its write; far below the 1 s leak budget. */
const FLUSH_DELAY_MS = 2;
/**
 * Capture comes before analysis: on a machine short of CPU (a 1 Gbit/s flood on two cores) the
 * engine can catch up later from its queue, but a packet libpcap's ring had no room for is gone.
 * So the helper's thread asks for a higher priority than the app's; it can, being privileged.
 */
const HELPER_NICE = -5;

function message(m: HelperMessage): void {
  process.stderr.write(`${JSON.stringify(m)}\n`);
}

/** Report the error and exit; stderr is a pipe, and pipe writes are synchronous on Linux. */
function fail(text: string): never {
  message({ error: text });
  process.exit(1);
}

async function loadCap(): Promise<CapModule> {
  // A variable specifier keeps the optional native module out of type-checking and bundling.
  const specifier = 'cap';
  try {
    const mod = (await import(specifier)) as { default?: CapModule } & CapModule;
    return mod.default ?? mod;
  } catch (err) {
    fail(`${CAP_MISSING} (${(err as Error).message})`);
  }
}

function describeOpenError(args: HelperArguments, text: string): string {
  const name = args.interfaceName;
  if (/permission|not permitted|EPERM|EACCES/i.test(text)) {
    return `cannot capture on ${name}: permission denied (${text}); run as root or grant CAP_NET_RAW,CAP_NET_ADMIN`;
  }
  if (/no such device|doesn't exist|does not exist/i.test(text)) {
    return `no such interface "${name}" (${text}); check the name with "ip link"`;
  }
  if (args.filter && /filter|syntax|parse|token|unknown|illegal|expression/i.test(text)) {
    return `the filter "${args.filter}" is not valid: ${text}; see "man pcap-filter"`;
  }
  return `cannot capture on ${name}: ${text}`;
}

/** Raise this thread's priority (Linux nice values are per thread: this is the one that captures). */
function raisePriority(): string {
  try {
    setPriority(HELPER_NICE);
    return `nice ${HELPER_NICE}`;
  } catch (err) {
    return `nice ${getPriority()} (raising it was refused: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
}

function timestamp(): { tsSec: number; tsNsec: number } {
  const ms = performance.timeOrigin + performance.now();
  const tsSec = Math.floor(ms / 1000);
  return { tsSec, tsNsec: Math.min(999_999_999, Math.floor((ms - tsSec * 1000) * 1e6)) };
}

async function run(): Promise<void> {
  let args: HelperArguments;
  try {
    args = parseHelperArguments(process.argv.slice(2));
  } catch (err) {
    if (err instanceof HelperArgumentError) fail(err.message);
    throw err;
  }
  const cap = await loadCap();
  const names = cap.Cap.deviceList().map((d) => d.name);
  if (!names.includes(args.interfaceName)) {
    fail(`no such interface "${args.interfaceName}"; libpcap lists: ${names.join(', ') || 'none'}`);
  }

  // cap copies each packet into this one buffer before its callback; the callback copies it out.
  const buffer = Buffer.alloc(SNAPLEN);
  const handle = new cap.Cap();
  let linkName: string;
  try {
    linkName = handle.open(args.interfaceName, args.filter, args.bufferBytes, buffer);
  } catch (err) {
    fail(describeOpenError(args, (err as Error).message));
  }
  // Opened now, while libpcap's socket is the only packet socket this process has.
  const kernelDrops = openKernelDropCounter();
  const linkType = linkTypeFromCap(linkName);
  if (linkType === null) fail(`cannot capture on ${args.interfaceName}: cap reported "${linkName}"`);

  const out = process.stdout;
  out.write(sectionHeader({ application: 'PhoneHome capture helper', os: `${osType()} ${osRelease()}` }));
  out.write(interfaceDescription({ linkType, snapLen: SNAPLEN, name: args.interfaceName }));

  const slab = new PacketSlab(SLAB_BYTES, (blocks) => out.write(blocks));
  let flushScheduled = false;
  let delivered = 0;
  let stopping = false;

  // Blocks leave in writes of WRITE_BYTES, or FLUSH_DELAY_MS after the first of them at the
  // latest: at 1 Gbit/s libpcap hands over bursts of a few packets, and a write for each woke
  // the reading parent ~150,000 times a second, which cost the machine the CPU the capture needed.
  const flush = (): void => {
    flushScheduled = false;
    slab.flush();
  };

  // The hot path: one copy into the slab and a clock read, nothing allocated (packet-slab.ts).
  const origin = performance.timeOrigin * 1000;
  handle.on('packet', (nbytes) => {
    slab.add(buffer, nbytes, nbytes, Math.floor(origin + performance.now() * 1000));
    delivered++;
    if (slab.pendingBytes >= WRITE_BYTES) slab.flush();
    else if (!flushScheduled) {
      flushScheduled = true;
      setTimeout(flush, FLUSH_DELAY_MS);
    }
  });

  const start: InterfaceCounters | null = readInterfaceCounters(args.interfaceName);
  const writeStatistics = (): void => {
    const now = start && readInterfaceCounters(args.interfaceName);
    const received = now ? now.rxPackets - start!.rxPackets : undefined;
    const dropped = now ? now.rxDropped - start!.rxDropped : undefined;
    const kernelDropped = kernelDrops.read();
    flush();
    out.write(
      interfaceStatistics(
        {
          interfaceId: 0,
          ...timestamp(),
          received,
          dropped,
          osDropped: kernelDropped ?? undefined,
          userDelivered: delivered,
        },
        TS_UNITS,
      ),
    );
    message({
      status: {
        delivered,
        interfaceReceived: received,
        interfaceDropped: dropped,
        kernelDropped,
        kernelDropSource: kernelDrops.source,
      },
    });
  };
  const statsTimer = setInterval(writeStatistics, STATS_INTERVAL_MS);

  const stop = (code: number): void => {
    if (stopping) return;
    stopping = true;
    clearInterval(statsTimer);
    kernelDrops.freeze();
    handle.close();
    writeStatistics();
    out.write(new Uint8Array(0), () => process.exit(code));
  };
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  // The parent holds our stdin open for as long as it lives; its end means the parent is gone.
  process.stdin.on('end', () => stop(0));
  process.stdin.on('error', () => stop(0));
  process.stdin.resume();
  process.on('disconnect', () => stop(0));
  // A reader that went away (EPIPE) cannot be written to again, so there is nothing to flush.
  out.on('error', () => process.exit(0));
  // Ready only now, once the stop handlers are installed: a SIGTERM that arrived before them
  // would end the process without the final statistics block.
  const priority = raisePriority();
  message({ ready: { interface: args.interfaceName, linkType, bufferBytes: args.bufferBytes, priority } });
}

run().catch((err: unknown) => fail(`capture helper failed: ${(err as Error).message}`));
