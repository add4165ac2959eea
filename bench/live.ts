/**
 * The live benchmark (DESIGN §8, "no drops from the engine at 1 Gbit/s of mixed traffic replayed
 * into the lab; packet on the wire to leak on screen under 1 s"). It builds the lab (e2e/lab),
 * starts PhoneHome's wired-share hotspot and `phonehome capture` on the laptop's phone-side
 * interface, replays the benchmark's mixed capture from the phone namespace with
 * `tcpreplay --mbps 1000` (or --topspeed where --mbps is refused), then has the phone simulator
 * send the founding case's activation POST as a marker and times it from send to leak line.
 *
 * Where packets can go missing, each is counted separately:
 *   sent          tcpreplay's "Actual: N packets"
 *   on the link   the laptop interface's rx counter (kernel), minus the phone's own traffic
 *   ifdrop        the helper's statistics blocks (isb_ifdrop: the interface's rx_dropped)
 *   captured      enhanced packet blocks in the saved pcapng (what libpcap handed the helper)
 *   helper drops  packets the interface received but the helper never saw (libpcap buffer full):
 *                 the difference of the two counts, beside the kernel's own count for the
 *                 helper's socket (isb_osdrop, from the packet-stats addon) when it was built
 *   engine        packets in the CLI's summary; engine drops = captured - engine
 * The replayed frames are addressed to MACs and addresses that exist nowhere (the generator's
 * documentation ranges), so the laptop's kernel drops them after the capture has seen them;
 * nothing leaves the lab's namespaces.
 *
 * Run: `npm run bench -- --only live [--size 200] [--seed 1]`, or `npx tsx bench/live.ts` alone.
 * Needs root, iproute2, udhcpc, openssl and tcpreplay; otherwise it says why and skips.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Identifier } from '../shared/identifier-types';
import { createLab, labUnavailable } from '../e2e/lab/lab';
import { LabCapture } from '../e2e/lab/lab-capture';
import { FOUNDING_CASE, LAB_HOSTS, PORTS } from '../e2e/lab/lab-network';
import { BENCH_IDENTIFIERS } from './bench-identifiers';
import { BENCH_OUT_DIR, ensureMixedCapture, parseSize } from './make-mixed-capture';

const MARKER_LABEL = 'live bench marker (founding-case IMEI)';

export interface LiveBenchOptions {
  sizeBytes: number;
  seed: number;
  /** Replay rate; 1000 by default (DESIGN §8). */
  mbps?: number;
  /** Capture backend passed to `phonehome capture --backend` (auto by default). */
  backend?: string;
  log?: (line: string) => void;
}

export interface ReplayOutcome {
  argv: string[];
  packets: number;
  bytes: number;
  seconds: number;
  mbps: number;
  failed: number;
}

export interface PcapngCounts {
  packets: number;
  /** The last interface statistics block's isb_ifrecv / isb_ifdrop, when present. */
  ifRecv: number | null;
  ifDrop: number | null;
  /** isb_osdrop: the kernel's drops for the helper's socket (PACKET_STATISTICS), when known. */
  osDrop: number | null;
  statisticsBlocks: number;
}

export interface LiveBenchResult {
  capture: { path: string; packets: number; bytes: number };
  replay: ReplayOutcome;
  linkReceived: number;
  linkDropped: number;
  saved: PcapngCounts;
  enginePackets: number;
  helperDrops: number | null;
  engineDrops: number;
  /** The CLI's last capture-stats record: the kernel's drops for the helper's socket and their source. */
  kernel: { dropped: number | null; source: string } | null;
  markerLatencyMs: number;
  /** From the start of the replay until the marker's leak line: how long the engine took to catch up. */
  drainSeconds: number;
}

/** Why the live bench cannot run here, or null. */
export function liveBenchUnavailable(): string | null {
  const lab = labUnavailable();
  if (lab) return lab;
  if (spawnSync('tcpreplay', ['--version'], { stdio: 'ignore' }).error)
    return 'the live bench needs tcpreplay (apt install tcpreplay)';
  return null;
}

/** tcpreplay's summary: "Actual: N packets (B bytes) sent in S seconds" and "Rated: ... X Mbps, ...". */
export function parseTcpreplay(text: string): Omit<ReplayOutcome, 'argv'> | null {
  const actual = /Actual:\s+(\d+) packets \((\d+) bytes\) sent in ([\d.]+) seconds/.exec(text);
  if (!actual) return null;
  const rated = /Rated:.*?([\d.]+) Mbps/.exec(text);
  const failed = /Failed packets:\s+(\d+)/.exec(text);
  return {
    packets: Number(actual[1]),
    bytes: Number(actual[2]),
    seconds: Number(actual[3]),
    mbps: rated ? Number(rated[1]) : (Number(actual[2]) * 8) / 1e6 / Number(actual[3]),
    failed: failed ? Number(failed[1]) : 0,
  };
}

/**
 * Count the enhanced packet blocks and read the last interface statistics block of a pcapng,
 * in 1 MB reads (the file can be larger than memory should hold).
 *   block:  u32 type, u32 total length, body, u32 total length (pcapng §4.1)
 *   ISB:    u32 interface id, u32 ts high, u32 ts low, options (§4.6): isb_ifrecv = 4 (u64),
 *           isb_ifdrop = 5 (u64), isb_osdrop = 7 (u64)
 * The helper writes in the machine's byte order, read from the section header's magic.
 */
export function countPcapng(path: string): PcapngCounts {
  const fd = openSync(path, 'r');
  const size = statSync(path).size;
  const out: PcapngCounts = { packets: 0, ifRecv: null, ifDrop: null, osDrop: null, statisticsBlocks: 0 };
  const head = Buffer.alloc(12);
  let little = true;
  let pos = 0;
  try {
    while (pos + 12 <= size) {
      readSync(fd, head, 0, 12, pos);
      if (pos === 0) little = head.readUInt32LE(8) === 0x1a2b3c4d;
      const type = little ? head.readUInt32LE(0) : head.readUInt32BE(0);
      const length = little ? head.readUInt32LE(4) : head.readUInt32BE(4);
      if (length < 12 || length % 4 !== 0 || pos + length > size) break;
      if (type === 6) out.packets++;
      else if (type === 5) {
        out.statisticsBlocks++;
        const body = Buffer.alloc(length - 12);
        readSync(fd, body, 0, body.length, pos + 8);
        for (let at = 12; at + 4 <= body.length;) {
          const code = little ? body.readUInt16LE(at) : body.readUInt16BE(at);
          const len = little ? body.readUInt16LE(at + 2) : body.readUInt16BE(at + 2);
          if (code === 0 || at + 4 + len > body.length) break;
          if (len === 8 && (code === 4 || code === 5 || code === 7)) {
            const v = Number(little ? body.readBigUInt64LE(at + 4) : body.readBigUInt64BE(at + 4));
            if (code === 4) out.ifRecv = v;
            else if (code === 5) out.ifDrop = v;
            else out.osDrop = v;
          }
          at += 4 + ((len + 3) & ~3);
        }
      }
      pos += length;
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

export async function runLiveBench(opts: LiveBenchOptions): Promise<LiveBenchResult | { skipped: string }> {
  const log = opts.log ?? (() => undefined);
  const unavailable = liveBenchUnavailable();
  if (unavailable) return { skipped: unavailable };
  const { path, manifest } = ensureMixedCapture({ sizeBytes: opts.sizeBytes, seed: opts.seed }, log);
  const lab = await createLab({ log: (l) => log(`lab: ${l}`) });
  try {
    const ids: Identifier[] = [
      ...BENCH_IDENTIFIERS,
      { kind: 'imei', value: FOUNDING_CASE.imei, label: MARKER_LABEL },
    ];
    const idsPath = join(lab.dir, 'live-ids.json');
    writeFileSync(idsPath, JSON.stringify({ identifiers: ids }));
    const savedPath = join(lab.dir, 'live.pcapng');

    const [, capture] = await Promise.all([
      lab.hotspotUp(),
      LabCapture.start(lab, { ids: idsPath, write: savedPath, backend: opts.backend }),
    ]);
    const lease = await lab.joinPhone();
    const phone = await lab.startPhone();
    const linkBefore = lab.linkStats('laptop', lab.ifs.laptopPhoneSide);

    const mbps = opts.mbps ?? 1000;
    const started = Date.now();
    let argv = ['tcpreplay', `--intf1=${lab.ifs.phone}`, `--mbps=${mbps}`, path];
    log(`replaying ${manifest.packets} packets: ${argv.join(' ')}`);
    let run = await lab.exec('phone', argv, { timeoutMs: 30 * 60_000 });
    if (run.code !== 0 && /mbps/i.test(run.stderr)) {
      argv = ['tcpreplay', `--intf1=${lab.ifs.phone}`, '--topspeed', path];
      log(`--mbps refused (${run.stderr.trim()}); ${argv.join(' ')}`);
      run = await lab.exec('phone', argv, { timeoutMs: 30 * 60_000 });
    }
    const replayed = parseTcpreplay(run.stdout + run.stderr);
    if (run.code !== 0 || !replayed)
      throw new Error(`tcpreplay failed (exit ${run.code}): ${run.stderr.trim() || run.stdout.trim()}`);
    const linkAfter = lab.linkStats('laptop', lab.ifs.laptopPhoneSide);
    log(`replayed in ${replayed.seconds} s at ${replayed.mbps} Mbps`);

    // The marker: the phone's activation POST. Its leak line can only come after the engine has
    // worked through everything the replay put in front of it.
    const [post] = (await phone.run('boot', 30 * 60_000)).filter((s) => s.what === 'http-post');
    const api = `${LAB_HOSTS['api.account.xiaomi.com']}:${PORTS.http}`;
    const marker = await capture.waitFor(
      (r) =>
        r.type === 'leak' &&
        r.label === MARKER_LABEL &&
        r.server === api &&
        String(r.client).startsWith(`${lease.ip}:`),
      30 * 60_000,
      'the marker leak',
    );
    const markerLatencyMs = marker.at - post.sentAt;
    const drainSeconds = (marker.at - started) / 1000;
    await phone.quit();

    const { code, summary } = await capture.stop(5 * 60_000);
    if (code !== 0 || !summary) throw new Error(`phonehome capture ended with exit ${code} and no summary`);
    const saved = countPcapng(savedPath);
    const lastStats = capture
      .lines()
      .map((l) => l.record)
      .filter((r) => r.type === 'capture-stats')
      .at(-1);
    const enginePackets = Number(summary.packets);
    return {
      capture: { path, packets: manifest.packets, bytes: manifest.bytes },
      replay: { argv, ...replayed },
      linkReceived: linkAfter.rxPackets - linkBefore.rxPackets,
      linkDropped: linkAfter.rxDropped - linkBefore.rxDropped,
      saved,
      enginePackets,
      helperDrops: saved.ifRecv === null ? null : Math.max(0, saved.ifRecv - saved.packets),
      engineDrops: saved.packets - enginePackets,
      kernel: lastStats
        ? {
            dropped: (lastStats.kernelDropped as number | null) ?? null,
            source: String(lastStats.dropSource),
          }
        : null,
      markerLatencyMs,
      drainSeconds,
    };
  } finally {
    await lab.teardown();
  }
}

/** The report, one line a figure. */
export function liveReport(r: LiveBenchResult): string[] {
  const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(2)}%` : '-');
  return [
    `Live: ${r.capture.packets} packets (${(r.capture.bytes / 1e6).toFixed(1)} MB) replayed with ${r.replay.argv.slice(0, 3).join(' ')}`,
    `  replay          ${r.replay.packets} packets sent in ${r.replay.seconds} s, ${r.replay.mbps.toFixed(1)} Mbit/s (${r.replay.failed} failed)`,
    `  on the link     ${r.linkReceived} received by the laptop's interface, ${r.linkDropped} dropped there`,
    `  helper          ${r.saved.packets} captured (saved); interface saw ${r.saved.ifRecv ?? '?'}, ifdrop ${r.saved.ifDrop ?? '?'}; ` +
      `helper drops ${r.helperDrops ?? 'unknown'} (${r.helperDrops === null ? '-' : pct(r.helperDrops, r.saved.ifRecv ?? 0)}); ` +
      `kernel says ${r.kernel?.dropped ?? 'unknown'} (${r.kernel?.source ?? 'no capture-stats record'}; ` +
      `isb_osdrop ${r.saved.osDrop ?? 'absent'})`,
    `  engine          ${r.enginePackets} analysed; engine drops ${r.engineDrops} (${pct(r.engineDrops, r.saved.packets)})`,
    `  captured/sent   ${pct(r.saved.packets, r.replay.packets)} (the capture also holds the phone's own DHCP, DNS and marker traffic)`,
    `  marker leak     ${r.markerLatencyMs} ms from the POST to the leak line; engine caught up ${r.drainSeconds.toFixed(1)} s after the replay began`,
  ];
}

/** Run the live bench, print its report and write out/bench/live-results.json; a skip is said, not failed. */
export async function runLiveCase(opts: LiveBenchOptions): Promise<void> {
  const result = await runLiveBench(opts);
  if ('skipped' in result) {
    process.stdout.write(`Live benchmark skipped: ${result.skipped}\n`);
    return;
  }
  mkdirSync(BENCH_OUT_DIR, { recursive: true });
  const backend = opts.backend ?? 'auto';
  const resultsPath = join(BENCH_OUT_DIR, `live-results-${backend}.json`);
  writeFileSync(
    resultsPath,
    `${JSON.stringify({ date: new Date().toISOString(), backend, ...result }, null, 2)}\n`,
  );
  process.stdout.write(
    `\nCapture backend: ${backend}\n${liveReport(result).join('\n')}\nWrote ${resultsPath}.\n`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '200' },
      seed: { type: 'string', default: '1' },
      mbps: { type: 'string', default: '1000' },
      backend: { type: 'string', default: 'auto' },
    },
  });
  await runLiveCase({
    sizeBytes: parseSize(values.size!),
    seed: Number(values.seed),
    mbps: Number(values.mbps),
    backend: values.backend,
    log: (line) => process.stderr.write(`${line}\n`),
  });
}
