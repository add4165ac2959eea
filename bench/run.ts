/**
 * `npm run bench`: offline throughput of the PhoneHome engine against its peers, measured in the
 * same run on the same generated capture (DESIGN §8), so the figures that matter are ratios.
 *
 *   PhoneHome CLI        node bin/phonehome.mjs analyze FILE --format ndjson [--ids IDS] > /dev/null
 *                        (--threads auto, as a user gets it; once more with --threads 2 and
 *                        identifiers, for what a second thread gives on this machine)
 *   PhoneHome in-process analyzeFile() from main/services/analyze-file.ts, timed without start-up
 *   read floor           the same 1 MB chunked reads with no analysis, the I/O lower bound
 *   tshark               tshark -r FILE -n -T fields -e ... -Y '...' (one pass, default preferences)
 *   ngrep                ngrep -q -I FILE -W none 'id1|id2|...' (the identifiers' plain forms)
 *
 * Each is run best-of-N (--runs, default 3), round-robin so that machine noise hits every tool
 * alike. Prints a table and whether each target is met, and writes out/bench/results.json. A
 * missed target is reported, not turned into a failing exit code.
 * Options: --size MB (200), --seed N (1), --runs N (3), --timeout S per run (300),
 * --only cli,inproc,read,tshark,ngrep (all of these by default), and `live` for the live
 * benchmark in the lab (bench/live.ts; needs root, so never part of the default set).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { EngineRecord, SummaryRecord } from '../shared/events';
import type { Identifier } from '../shared/identifier-types';
import { BENCH_IDENTIFIERS, canonicalBenchIdentifiers } from './bench-identifiers';
import { BENCH_OUT_DIR, ensureMixedCapture, parseSize, REPO_ROOT } from './make-mixed-capture';
import { runLiveCase } from './live';
import { evaluateTargets, fmt, sanityChecks, table, type Outcome, type Result } from './report';
import { runTimed } from './timed-process';

const TSHARK_FIELDS = [
  'tls.handshake.extensions_server_name',
  'dns.qry.name',
  'http.request.method',
  'http.host',
  'http.request.uri',
];
const TSHARK_FILTER = 'tls.handshake.type==1 or dns or http.request';

interface Measurement {
  id: string;
  label: string;
  command: string;
  /** Run once untimed before the timed runs, so they measure JIT-compiled code. */
  warmUp?: boolean;
  run(): Promise<Outcome>;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

function which(tool: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

function firstLine(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      .split('\n')[0]
      .trim();
  } catch (err) {
    const out = (err as { stdout?: string }).stdout ?? '';
    return out.split('\n')[0].trim() || 'unknown version';
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The file ngrep should read. ngrep reads captures through libpcap, which reads pcapng since
 * 1.1; an older libpcap gets a classic pcap copy made with editcap (same packets, same bytes
 * of payload), cached beside the pcapng.
 */
function ngrepInput(ngrep: string, path: string): string {
  try {
    execFileSync(ngrep, ['-q', '-I', path, '-n', '1', 'x'], { stdio: 'ignore' });
    return path;
  } catch {
    const copy = path.replace(/\.pcapng$/, '.pcap');
    if (!existsSync(copy)) {
      log(`ngrep cannot read pcapng here; writing a classic pcap copy for it: ${copy}`);
      execFileSync('editcap', ['-F', 'pcap', path, copy], { stdio: 'ignore' });
    }
    return copy;
  }
}

/** Forces a full garbage collection, so an in-process run does not pay for the previous one's garbage. */
function collectGarbage(): void {
  setFlagsFromString('--expose_gc');
  (runInNewContext('gc') as () => void)();
}

async function readFloor(path: string): Promise<Outcome> {
  const started = performance.now();
  const handle = await open(path, 'r');
  const buf = new Uint8Array(1 << 20);
  let pos = 0;
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return { seconds: (performance.now() - started) / 1000 };
}

async function inProcess(path: string, identifiers: Identifier[]): Promise<Outcome> {
  let analyzeFile;
  try {
    ({ analyzeFile } = await import('../main/services/analyze-file'));
  } catch (err) {
    return { seconds: 0, error: `cannot load the engine: ${(err as Error).message}` };
  }
  collectGarbage();
  const leakKinds = new Map<number, string>();
  let records = 0;
  const started = performance.now();
  try {
    const result = await analyzeFile(path, {
      identifiers,
      onRecords(batch: EngineRecord[]) {
        records += batch.length;
        for (const r of batch) if (r.type === 'leak') leakKinds.set(r.leakId, r.kind);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const byKind: Record<string, number> = {};
    for (const kind of leakKinds.values()) byKind[kind] = (byKind[kind] ?? 0) + 1;
    const summary: SummaryRecord = result.summary;
    return {
      seconds,
      error: result.inputError ?? undefined,
      detail: { summary, records, leaksByKind: byKind },
    };
  } catch (err) {
    return {
      seconds: (performance.now() - started) / 1000,
      error: `engine threw: ${(err as Error).stack ?? err}`,
    };
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '200' },
      seed: { type: 'string', default: '1' },
      runs: { type: 'string', default: '3' },
      timeout: { type: 'string', default: '300' },
      only: { type: 'string', default: 'cli,inproc,read,tshark,ngrep' },
    },
  });
  const benchStarted = performance.now();
  const loadBefore = loadavg()[0];
  const runs = Math.max(1, Number(values.runs));
  const timeoutMs = Math.max(1, Number(values.timeout)) * 1000;
  const only = new Set(values.only!.split(',').map((s) => s.trim()));
  mkdirSync(BENCH_OUT_DIR, { recursive: true });
  if (only.delete('live')) {
    // The helper (cap in Node) and dumpcap side by side: at 1 Gbit/s the helper still drops a few
    // per cent where dumpcap drops none (README, the `capture` command).
    for (const backend of ['direct', 'dumpcap']) {
      await runLiveCase({ sizeBytes: parseSize(values.size!), seed: Number(values.seed), backend, log });
    }
    if (only.size === 0) return;
  }

  const canonical = canonicalBenchIdentifiers();
  const idsPath = join(BENCH_OUT_DIR, 'bench-ids.json');
  writeFileSync(idsPath, `${JSON.stringify({ identifiers: BENCH_IDENTIFIERS }, null, 2)}\n`);

  const { path, manifest } = ensureMixedCapture(
    { sizeBytes: parseSize(values.size!), seed: Number(values.seed) },
    log,
  );
  const mb = manifest.bytes / 1e6;
  log(`capture: ${path} (${fmt(mb, 1)} MB, ${manifest.packets} packets)`);
  // Every tool then reads the file from the page cache, not the disk.
  await readFloor(path);

  const measurements: Measurement[] = [];
  const cliArgs = ['bin/phonehome.mjs', 'analyze', path, '--format', 'ndjson'];
  if (only.has('cli')) {
    // bin/phonehome.mjs falls back to tsx when any source is newer than the bundle, which adds
    // about half a second of start-up that no installed CLI has: after an edit the row would
    // time tsx, not PhoneHome. Bundling first (a fraction of a second) times what `npm ci` ships.
    execFileSync(process.execPath, ['build/bundle-cli.mjs'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    log('cli: bundled the current sources into out/cli/phonehome.mjs');
    // `--threads auto` as users run it (two threads with 4 cores or more), and forced two threads.
    const threads = availableParallelism() >= 4 ? '2 threads' : '1 thread';
    const variants = [
      { id: 'cli', label: `no identifiers, ${threads}`, extra: [] },
      { id: 'cli-ids', label: `20 identifiers, ${threads}`, extra: ['--ids', idsPath] },
      { id: 'cli-ids-2t', label: '20 identifiers, 2 threads', extra: ['--ids', idsPath, '--threads', '2'] },
    ];
    for (const v of variants) {
      const args = [...cliArgs, ...v.extra];
      measurements.push({
        id: v.id,
        label: `PhoneHome CLI, ${v.label}`,
        command: `node ${args.map(shellQuote).join(' ')} > /dev/null`,
        run: () => runTimed(process.execPath, args, { cwd: REPO_ROOT, timeoutMs }),
      });
    }
  }
  if (only.has('inproc')) {
    for (const withIds of [false, true]) {
      measurements.push({
        id: withIds ? 'inproc-ids' : 'inproc',
        label: `PhoneHome in-process, ${withIds ? '20 identifiers' : 'no identifiers'}`,
        command: `analyzeFile(FILE, { identifiers: ${withIds ? '20' : '[]'} }) after one untimed warm-up run`,
        warmUp: true,
        run: () => inProcess(path, withIds ? BENCH_IDENTIFIERS : []),
      });
    }
  }
  if (only.has('read')) {
    measurements.push({
      id: 'read',
      label: 'read floor (1 MB reads, no analysis)',
      command: 'fs read loop',
      run: () => readFloor(path),
    });
  }
  const peers: Record<string, string> = {};
  if (only.has('tshark')) {
    const tshark = which('tshark');
    if (!tshark)
      log(
        'tshark not found: install it with `sudo apt-get install tshark` to measure this peer; skipping it.',
      );
    else {
      peers.tshark = firstLine(tshark, ['--version']);
      // An empty personal configuration directory, so the user's own preferences cannot change tshark's work.
      const configDir = join(BENCH_OUT_DIR, 'tshark-config');
      mkdirSync(configDir, { recursive: true });
      const args = [
        '-r',
        path,
        '-n',
        '-T',
        'fields',
        ...TSHARK_FIELDS.flatMap((f) => ['-e', f]),
        '-Y',
        TSHARK_FILTER,
      ];
      measurements.push({
        id: 'tshark',
        label: 'tshark, SNI/DNS/HTTP fields',
        command: `WIRESHARK_CONFIG_DIR=${shellQuote(configDir)} tshark ${args.map(shellQuote).join(' ')} > /dev/null`,
        run: () =>
          runTimed(tshark, args, {
            env: { ...process.env, WIRESHARK_CONFIG_DIR: configDir },
            timeoutMs,
            countLines: (l) => l.length > 0,
          }),
      });
    }
  }
  if (only.has('ngrep')) {
    const ngrep = which('ngrep');
    if (!ngrep)
      log('ngrep not found: install it with `sudo apt-get install ngrep` to measure this peer; skipping it.');
    else {
      peers.ngrep = firstLine(ngrep, ['-V']);
      const input = ngrepInput(ngrep, path);
      const args = ['-q', '-I', input, '-W', 'none', canonical.map(escapeRegex).join('|')];
      measurements.push({
        id: 'ngrep',
        label: 'ngrep, 20 identifiers (plain forms)',
        command: `ngrep ${args.map(shellQuote).join(' ')} > /dev/null`,
        // ngrep prints one "T src -> dst [flags] #n" header per matching packet.
        run: () => runTimed(ngrep, args, { timeoutMs, countLines: (l) => /^[TU] \S+ -> \S+/.test(l) }),
      });
    }
  }

  const results = new Map<string, Result>(
    measurements.map((m) => [m.id, { id: m.id, label: m.label, command: m.command, runs: [] }]),
  );
  for (const m of measurements) {
    if (!m.warmUp) continue;
    const outcome = await m.run();
    results.get(m.id)!.coldSeconds = outcome.error ? undefined : outcome.seconds;
    log(
      `[warm-up] ${m.id.padEnd(10)} ${outcome.error ? `FAILED: ${outcome.error}` : `${fmt(outcome.seconds, 3)} s`}`,
    );
  }
  for (let r = 1; r <= runs; r++) {
    for (const m of measurements) {
      const outcome = await m.run();
      const result = results.get(m.id)!;
      result.runs.push(outcome);
      if (!outcome.error) {
        if (result.best === undefined || outcome.seconds < result.best) result.best = outcome.seconds;
        if (outcome.peakRssKb !== undefined)
          result.peakRssKb = Math.max(result.peakRssKb ?? 0, outcome.peakRssKb);
      }
      log(
        `[${r}/${runs}] ${m.id.padEnd(10)} ${outcome.error ? `FAILED: ${outcome.error}` : `${fmt(outcome.seconds, 3)} s`}`,
      );
    }
  }

  const best = (id: string) => results.get(id)?.best;
  const tsharkT = best('tshark');
  const ngrepT = best('ngrep');
  const rows = [['tool', 'seconds', 'MB/s', 'kpkt/s', 'vs tshark', 'vs ngrep', 'peak RSS MB']];
  for (const res of results.values()) {
    const t = res.best;
    rows.push([
      res.label,
      t === undefined ? 'failed' : fmt(t, 3),
      t === undefined ? '-' : fmt(mb / t, 1),
      t === undefined ? '-' : fmt(manifest.packets / t / 1000, 1),
      t === undefined || tsharkT === undefined ? '-' : `${fmt(tsharkT / t)}x`,
      t === undefined || ngrepT === undefined ? '-' : `${fmt(ngrepT / t)}x`,
      res.peakRssKb === undefined ? '-' : fmt(res.peakRssKb / 1024, 0),
    ]);
  }

  const targets = evaluateTargets(best);
  const sanity = sanityChecks(manifest, results);
  const out = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGb: +(totalmem() / 2 ** 30).toFixed(1),
      node: process.version,
      loadAverage: { before: loadBefore, after: loadavg()[0] },
    },
    peers,
    capture: { path, manifest },
    runs,
    identifiers: BENCH_IDENTIFIERS.map((id, i) => ({ kind: id.kind, canonical: canonical[i] })),
    measurements: [...results.values()].map((res) => ({
      ...res,
      mbPerSecond: res.best === undefined ? null : mb / res.best,
      packetsPerSecond: res.best === undefined ? null : manifest.packets / res.best,
      ratioVsTshark: res.best === undefined || tsharkT === undefined ? null : tsharkT / res.best,
      ratioVsNgrep: res.best === undefined || ngrepT === undefined ? null : ngrepT / res.best,
    })),
    targets,
    sanity,
    benchSeconds: (performance.now() - benchStarted) / 1000,
  };
  const resultsPath = join(BENCH_OUT_DIR, 'results.json');
  writeFileSync(resultsPath, `${JSON.stringify(out, null, 2)}\n`);

  const print = (s = '') => process.stdout.write(`${s}\n`);
  print();
  print(
    `PhoneHome offline benchmark: ${fmt(mb, 1)} MB, ${manifest.packets} packets, best of ${runs}; ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, node ${process.version}`,
  );
  for (const [name, version] of Object.entries(peers)) print(`  ${name}: ${version}`);
  print('"vs X" is X\'s time divided by the tool\'s time: above 1.00x the tool is faster than X.');
  // Measured before the bench started its own work, so it counts only other processes.
  if (loadBefore > cpus().length / 4) {
    print(
      `Note: the 1-minute load average was ${fmt(loadBefore)} on ${cpus().length} CPUs before the bench started; other processes share the machine, so expect noisier figures and rerun when it is quiet.`,
    );
  }
  print();
  print(table(rows));
  print();
  print('Commands:');
  for (const res of results.values()) print(`  ${res.id.padEnd(10)} ${res.command}`);
  print();
  print('DESIGN §8 targets:');
  for (const t of targets) print(`  ${t.status.padEnd(4)}  ${t.target}: ${t.measured}`);
  print();
  print('Sanity:');
  for (const s of sanity) print(`  ${s.ok ? 'ok  ' : 'WARN'}  ${s.check}`);
  print();
  print(`Wrote ${resultsPath} (bench took ${fmt(out.benchSeconds, 0)} s).`);
}

await main();
