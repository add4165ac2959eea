/**
 * The lab (DESIGN §6): three network namespaces joined by veth pairs, so PhoneHome can be tested
 * end to end, and demonstrated, without a phone.
 *
 *   phone ns                 laptop ns                                    internet ns
 *   [TAGph] ──veth── [TAGlp] PhoneHome: hotspot (dnsmasq + NAT), capture  [TAGli] ──veth── [TAGin]
 *   DHCP client,             198.51.100.1/24 (given by the hotspot)       203.0.113.1 ↔ 203.0.113.2
 *   phone simulator                                                       + one address per server
 *
 * TAG is `phl` + 6 random hex digits, fresh per lab; the namespaces are TAG-phone, TAG-laptop and
 * TAG-inet. Interfaces are created directly inside their namespaces, so the root namespace never
 * holds one. IPv6 is disabled in all three, so the only traffic is the lab's own IPv4. Traffic
 * cannot leave: the only way out of the laptop is the internet namespace, which has no route on.
 *
 * API (no test framework inside, so Playwright specs and benchmarks import it as well as vitest):
 *   labUnavailable(): string | null          why the lab cannot run here (not root, a tool missing)
 *   createLab({ servers?, log? }): Lab       namespaces, links, addresses, certificate, and the
 *                                            fake internet's servers (unless servers: false)
 *   withLab(fn, opts?)                       createLab, run fn, always teardown
 *   lab.names / lab.ifs / lab.dir            namespace and interface names, the lab's temp dir
 *   lab.exec(ns, argv, opts?)                run to completion inside 'phone'|'laptop'|'internet'
 *   lab.spawn(ns, argv, opts?): LabProcess   a tracked long-running process (stopped at teardown)
 *   lab.node(ns, script, args)               spawn a TypeScript script of the repo through tsx
 *   lab.phonehome(args, opts?)               spawn the PhoneHome CLI in the laptop namespace
 *   lab.hotspotUp(extra?) / hotspotDown()    `phonehome hotspot up --provider wired-share ...`
 *   lab.hotspotDevices()                     `phonehome hotspot devices --format json`
 *   lab.joinPhone(): DhcpLease               udhcpc in the phone namespace (hostname redmi-1s)
 *   lab.startPhone(): PhoneSimulator         phone-simulator.ts with the lease's resolver
 *   lab.linkStats(ns, ifname)                the kernel's packet counters of an interface
 *   lab.teardown()                           stop every process, delete namespaces and temp dir
 * Teardown runs even on failure: createLab cleans up after itself if bring-up fails, withLab
 * uses finally, and a process 'exit' hook removes whatever a crashed run left (synchronously,
 * killing only PIDs the lab started or that live in its own namespaces).
 */
import { spawn as spawnChild, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DeviceInfo } from '../../shared/live-types';
import { jsonOf, LineReader } from './line-reader';
import {
  INTERNET_ADDR,
  INTERNET_DNS,
  INTERNET_SERVER_ADDRS,
  LAB_HOSTS,
  LAPTOP_UPSTREAM_ADDR,
  PHONE_HOSTNAME,
  PHONE_MAC,
  PHONE_SUBNET,
  PHONE_VENDOR_CLASS,
  UPSTREAM_PREFIX,
} from './lab-network';
import { PhoneSimulator } from './phone-control';
import { processGone } from './proc-stat';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PHONEHOME_BIN = join(REPO_ROOT, 'bin/phonehome.mjs');

export type LabNamespace = 'phone' | 'laptop' | 'internet';

export interface ExecResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  /** Killed (SIGKILL) after this long; default 60 s. */
  timeoutMs?: number;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  /** A short name for logs and error messages. */
  name?: string;
}

/** A long-running process inside a lab namespace; its stdin is a pipe it may watch for the lab's end. */
export interface LabProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  readonly stdout: LineReader;
  readonly stderr: LineReader;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly running: boolean;
  /** Send a signal, wait up to graceMs for the exit, then SIGKILL. */
  stop(
    signal?: NodeJS.Signals,
    graceMs?: number,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** What the phone's DHCP client was given (udhcpc's script variables). */
export interface DhcpLease {
  ip: string;
  prefix: number;
  router: string;
  dns: string[];
  serverId: string;
  leaseSeconds: number;
  /** Date.now() when the lease was written. */
  at: number;
}

export interface LabOptions {
  /** Start the fake internet's servers (default true). */
  servers?: boolean;
  /** Progress lines (bring-up steps and their times). */
  log?: (line: string) => void;
}

const which = (cmd: string): string | null =>
  (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin')
    .split(delimiter)
    .map((dir) => join(dir, cmd))
    .find((p) => {
      try {
        accessSync(p, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    }) ?? null;

/** Why the lab cannot run on this machine, or null when it can. */
export function labUnavailable(): string | null {
  if (process.platform !== 'linux') return 'the lab needs Linux network namespaces';
  if (process.getuid?.() !== 0) return 'the lab needs root (network namespaces, veth pairs, capture)';
  const missing = ['ip', 'udhcpc', 'openssl', 'sysctl'].filter((t) => which(t) === null);
  if (missing.length)
    return `the lab needs ${missing.join(', ')} (apt install iproute2 udhcpc openssl procps)`;
  return null;
}

/** The udhcpc event script: configure the address and route, and hand the lease to the lab as JSON. */
const UDHCPC_SCRIPT = `#!/bin/sh
# Written by e2e/lab/lab.ts. udhcpc runs it on each DHCP event; it must not touch /etc/resolv.conf
# (the namespace shares the host's), so the resolver goes to the lab in the lease file instead.
case "$1" in
  deconfig)
    ip -4 addr flush dev "$interface"
    ip link set "$interface" up
    ;;
  bound|renew)
    ip -4 addr flush dev "$interface"
    ip addr add "$ip/\${mask:-24}" dev "$interface"
    for r in $router; do ip route replace default via "$r" dev "$interface"; break; done
    dns_json=""
    for d in $dns; do dns_json="$dns_json\${dns_json:+,}\\"$d\\""; done
    printf '{"ip":"%s","prefix":%s,"router":"%s","dns":[%s],"serverId":"%s","leaseSeconds":%s}\\n' \\
      "$ip" "\${mask:-24}" "$router" "$dns_json" "$serverid" "\${lease:-0}" > "$PHL_LEASE_FILE.tmp"
    mv "$PHL_LEASE_FILE.tmp" "$PHL_LEASE_FILE"
    ;;
esac
exit 0
`;

/** Labs alive in this process, for the exit hook. */
const liveLabs = new Set<Lab>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const lab of liveLabs) lab.teardownSync();
  });
  // A signal's default action ends the process without an 'exit' event. Where no one else
  // handles the signal, the lab cleans up and then lets it take its default course; where a
  // test runner handles it, the lab only cleans up and leaves the rest to the runner.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      for (const lab of liveLabs) lab.teardownSync();
      if (process.listenerCount(signal) === 1) {
        process.off(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}

function ipSync(args: string[]): string {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')} failed: ${r.stderr.trim() || r.error?.message}`);
  return r.stdout;
}

export class Lab {
  readonly tag: string;
  readonly names: Record<LabNamespace, string>;
  readonly ifs: {
    /** The phone's own interface (phone ns). */
    phone: string;
    /** The laptop's phone-side interface: the hotspot serves DHCP here and capture listens here. */
    laptopPhoneSide: string;
    /** The laptop's upstream interface, towards the internet ns. */
    laptopUpstream: string;
    /** The internet ns's end of the upstream link. */
    internet: string;
  };
  readonly dir: string;
  readonly hotspotStateDir: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly hosts = LAB_HOSTS;
  lease: DhcpLease | null = null;
  servers: LabProcess | null = null;

  private readonly procs = new Set<LabProcess>();
  private readonly log: (line: string) => void;
  private hotspotIsUp = false;
  private tornDown = false;

  constructor(log: (line: string) => void) {
    this.log = log;
    this.tag = `phl${randomBytes(3).toString('hex')}`;
    this.names = { phone: `${this.tag}-phone`, laptop: `${this.tag}-laptop`, internet: `${this.tag}-inet` };
    this.ifs = {
      phone: `${this.tag}ph`,
      laptopPhoneSide: `${this.tag}lp`,
      laptopUpstream: `${this.tag}li`,
      internet: `${this.tag}in`,
    };
    this.dir = mkdtempSync(join(tmpdir(), `phonehome-lab-${this.tag}-`));
    this.hotspotStateDir = join(this.dir, 'hotspot');
    this.certFile = join(this.dir, 'cert.pem');
    this.keyFile = join(this.dir, 'key.pem');
    liveLabs.add(this);
    installExitHook();
  }

  /** Namespaces, veth pairs, addresses and routes; synchronous, a few dozen `ip` calls. */
  buildNetwork(): void {
    const { phone, laptop, internet } = this.names;
    const f = this.ifs;
    // Every name and address here is free of spaces, so each command reads as one line.
    const ip = (command: string) => ipSync(command.split(' '));
    for (const ns of [phone, laptop, internet]) {
      ip(`netns add ${ns}`);
      // Before any interface exists, so that none ever gets an IPv6 link-local address.
      ip(
        `netns exec ${ns} sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1`,
      );
      ip(`-n ${ns} link set lo up`);
    }
    // Each veth is made inside the laptop namespace with its peer put straight into the other
    // one, so the root namespace never holds a lab interface, not even for a moment.
    ip(
      `-n ${laptop} link add ${f.laptopPhoneSide} type veth peer name ${f.phone} address ${PHONE_MAC} netns ${phone}`,
    );
    ip(`-n ${laptop} link add ${f.laptopUpstream} type veth peer name ${f.internet} netns ${internet}`);
    ip(`-n ${laptop} addr add ${LAPTOP_UPSTREAM_ADDR}/${UPSTREAM_PREFIX} dev ${f.laptopUpstream}`);
    ip(`-n ${internet} addr add ${INTERNET_ADDR}/${UPSTREAM_PREFIX} dev ${f.internet}`);
    for (const a of INTERNET_SERVER_ADDRS) ip(`-n ${internet} addr add ${a}/32 dev ${f.internet}`);
    ip(`-n ${phone} link set ${f.phone} up`);
    ip(`-n ${laptop} link set ${f.laptopPhoneSide} up`);
    ip(`-n ${laptop} link set ${f.laptopUpstream} up`);
    ip(`-n ${internet} link set ${f.internet} up`);
    // The laptop's internet is the internet namespace; that namespace has no route back to the
    // phone's subnet, so the phone reaches it only through the hotspot's NAT.
    ip(`-n ${laptop} route add default via ${INTERNET_ADDR} dev ${f.laptopUpstream}`);
  }

  /** A self-signed certificate for the TLS server, made fresh for this lab. */
  makeCertificate(): void {
    const names = Object.keys(LAB_HOSTS)
      .map((h) => `DNS:${h}`)
      .join(',');
    const args =
      'req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=account.xiaomi.com';
    const r = spawnSync(
      'openssl',
      [
        ...args.split(' '),
        '-addext',
        `subjectAltName=${names}`,
        '-keyout',
        this.keyFile,
        '-out',
        this.certFile,
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`openssl could not make the lab's certificate: ${r.stderr}`);
  }

  async startServers(): Promise<void> {
    const proc = this.node(
      'internet',
      'e2e/lab/internet-servers.ts',
      ['--cert', this.certFile, '--key', this.keyFile],
      {
        name: 'internet-servers',
      },
    );
    await proc.stdout.waitFor((l) => jsonOf(l)?.ready !== undefined, 30_000, 'the internet servers');
    this.servers = proc;
  }

  private argv(ns: LabNamespace, argv: string[]): string[] {
    return ['netns', 'exec', this.names[ns], ...argv];
  }

  /** Run a command inside a namespace to completion. */
  exec(ns: LabNamespace, argv: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    return new Promise((resolve) => {
      const child = spawnChild('ip', this.argv(ns, argv), {
        env: opts.env ?? process.env,
        cwd: REPO_ROOT,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
      child.on('error', (err) => {
        clearTimeout(timer);
        resolve({ code: null, signal: null, stdout, stderr: stderr + err.message });
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout, stderr });
      });
      child.stdin.end(opts.input ?? '');
    });
  }

  /** Start a long-running process inside a namespace; teardown stops it if it is still running. */
  spawn(ns: LabNamespace, argv: string[], opts: SpawnOptions = {}): LabProcess {
    // `ip netns exec` enters the namespace and execs the program, so the child's PID is the program's.
    const child = spawnChild('ip', this.argv(ns, argv), {
      env: opts.env ?? process.env,
      cwd: REPO_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const name = opts.name ?? argv.slice(0, 3).join(' ');
    if (child.pid === undefined) throw new Error(`cannot start ${name} in ${this.names[ns]}`);
    let running = true;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.on('close', (code, signal) => {
        running = false;
        resolve({ code, signal });
      });
    });
    child.on('error', () => undefined);
    child.stdin.on('error', () => undefined);
    const proc: LabProcess = {
      name,
      child,
      pid: child.pid,
      stdout: new LineReader(child.stdout),
      stderr: new LineReader(child.stderr),
      exited,
      get running() {
        return running;
      },
      stop: async (signal: NodeJS.Signals = 'SIGTERM', graceMs = 3000) => {
        if (running) {
          child.kill(signal);
          const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          await exited;
          clearTimeout(killer);
        }
        this.procs.delete(proc);
        return exited;
      },
    };
    this.procs.add(proc);
    this.log(`${name}: pid ${child.pid} in ${this.names[ns]}`);
    return proc;
  }

  /** Run a TypeScript file of the repository (path relative to its root) with tsx. */
  node(ns: LabNamespace, script: string, args: string[], opts: SpawnOptions = {}): LabProcess {
    return this.spawn(ns, [process.execPath, '--import', 'tsx', join(REPO_ROOT, script), ...args], {
      name: opts.name ?? script,
      ...opts,
    });
  }

  /** Start the PhoneHome CLI in the laptop namespace. */
  phonehome(args: string[], opts: SpawnOptions = {}): LabProcess {
    return this.spawn('laptop', [process.execPath, PHONEHOME_BIN, ...args], {
      name: `phonehome ${args[0]}`,
      ...opts,
    });
  }

  /** Run the PhoneHome CLI in the laptop namespace to completion. */
  phonehomeExec(args: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    return this.exec('laptop', [process.execPath, PHONEHOME_BIN, ...args], opts);
  }

  /**
   * PhoneHome's wired-share hotspot on the laptop's phone-side interface: dnsmasq hands out
   * PHONE_SUBNET and forwards DNS to the fake internet's resolver; NAT goes out the upstream link.
   */
  async hotspotUp(extra: string[] = []): Promise<ExecResult> {
    const r = await this.phonehomeExec([
      'hotspot',
      'up',
      '--provider',
      'wired-share',
      '--interface',
      this.ifs.laptopPhoneSide,
      '--subnet',
      PHONE_SUBNET,
      '--upstream',
      this.ifs.laptopUpstream,
      '--dns',
      INTERNET_DNS,
      '--state-dir',
      this.hotspotStateDir,
      ...extra,
    ]);
    if (r.code !== 0) {
      throw new Error(
        `phonehome hotspot up failed (exit ${r.code ?? r.signal}): ${r.stderr.trim()} ${r.stdout.trim()}`,
      );
    }
    this.hotspotIsUp = true;
    return r;
  }

  async hotspotDown(): Promise<ExecResult> {
    const r = await this.phonehomeExec(['hotspot', 'down', '--state-dir', this.hotspotStateDir]);
    if (r.code !== 0)
      throw new Error(`phonehome hotspot down failed (exit ${r.code ?? r.signal}): ${r.stderr.trim()}`);
    this.hotspotIsUp = false;
    return r;
  }

  /** The devices the hotspot knows (its DHCP leases), as `phonehome hotspot devices --format json` prints them. */
  async hotspotDevices(): Promise<DeviceInfo[]> {
    const r = await this.phonehomeExec([
      'hotspot',
      'devices',
      '--format',
      'json',
      '--state-dir',
      this.hotspotStateDir,
    ]);
    if (r.code !== 0)
      throw new Error(`phonehome hotspot devices failed (exit ${r.code ?? r.signal}): ${r.stderr.trim()}`);
    const v = JSON.parse(r.stdout) as DeviceInfo[] | { devices: DeviceInfo[] };
    return Array.isArray(v) ? v : v.devices;
  }

  /** Get the phone an address from the hotspot's DHCP server (udhcpc, one lease, then exit). */
  async joinPhone(timeoutMs = 20_000): Promise<DhcpLease> {
    const script = join(this.dir, 'udhcpc-event.sh');
    const leaseFile = join(this.dir, 'lease.json');
    writeFileSync(script, UDHCPC_SCRIPT);
    chmodSync(script, 0o755);
    const r = await this.exec(
      'phone',
      [
        'udhcpc',
        '-i',
        this.ifs.phone,
        '-f',
        '-q',
        '-n',
        '-t',
        '10',
        '-T',
        '1',
        '-A',
        '1',
        '-s',
        script,
        '-x',
        `hostname:${PHONE_HOSTNAME}`,
        '-V',
        PHONE_VENDOR_CLASS,
      ],
      { env: { ...process.env, PHL_LEASE_FILE: leaseFile }, timeoutMs },
    );
    if (r.code !== 0 || !existsSync(leaseFile)) {
      throw new Error(
        `the phone got no DHCP lease from the hotspot (udhcpc exit ${r.code ?? r.signal}): ${r.stderr.trim()}`,
      );
    }
    this.lease = {
      ...(JSON.parse(readFileSync(leaseFile, 'utf8')) as Omit<DhcpLease, 'at'>),
      at: Date.now(),
    };
    this.log(
      `phone lease: ${this.lease.ip}/${this.lease.prefix} via ${this.lease.router}, dns ${this.lease.dns.join(',')}`,
    );
    return this.lease;
  }

  /** Start the phone simulator with the lease's resolver (joinPhone first). */
  async startPhone(): Promise<PhoneSimulator> {
    if (!this.lease) throw new Error('the phone has no address yet: call joinPhone() first');
    const dns = this.lease.dns[0];
    if (!dns) throw new Error('the DHCP lease named no DNS server');
    const proc = this.node('phone', 'e2e/lab/phone-simulator.ts', ['--dns', dns], {
      name: 'phone-simulator',
    });
    await proc.stdout.waitFor((l) => jsonOf(l)?.ready !== undefined, 30_000, 'the phone simulator');
    return new PhoneSimulator(proc);
  }

  /** The kernel's counters of one interface (`ip -s -j link`). */
  linkStats(ns: LabNamespace, ifname: string): { rxPackets: number; txPackets: number; rxDropped: number } {
    const out = ipSync(['-n', this.names[ns], '-s', '-j', 'link', 'show', 'dev', ifname]);
    const [link] = JSON.parse(out) as {
      stats64: { rx: { packets: number; dropped: number }; tx: { packets: number } };
    }[];
    return {
      rxPackets: link.stats64.rx.packets,
      txPackets: link.stats64.tx.packets,
      rxDropped: link.stats64.rx.dropped,
    };
  }

  /**
   * A launcher that starts Chromium inside a lab namespace, for Playwright's
   * `chromium.launch({ executablePath })`: a `phonehome serve` started with `lab.phonehome` listens
   * on the laptop namespace's loopback, which the root namespace cannot reach, while Playwright
   * drives the browser over a pipe, which crosses namespaces. Teardown kills the browser with
   * everything else in the namespace.
   */
  chromiumLauncher(
    ns: LabNamespace = 'laptop',
    chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  ): string {
    const path = join(this.dir, `chromium-in-${ns}.sh`);
    writeFileSync(path, `#!/bin/sh\nexec ip netns exec '${this.names[ns]}' '${chromium}' "$@"\n`);
    chmodSync(path, 0o755);
    return path;
  }

  /** Stderr of every process the lab started, for a failing test's message. */
  diagnostics(): string {
    return [...this.procs]
      .map((p) => `--- ${p.name} (pid ${p.pid}) stderr:\n${p.stderr.tail(20)}`)
      .join('\n');
  }

  /** Stop everything the lab started and remove its namespaces, interfaces and files. */
  async teardown(): Promise<void> {
    if (this.tornDown) return;
    const problems: string[] = [];
    await Promise.all([...this.procs].map((p) => p.stop('SIGTERM', 2000)));
    if (this.hotspotIsUp) {
      try {
        await this.hotspotDown();
      } catch (err) {
        problems.push((err as Error).message);
      }
    }
    this.teardownSync();
    if (problems.length) this.log(`lab teardown: ${problems.join('; ')} (cleaned up anyway)`);
  }

  /**
   * The synchronous part of teardown, also run from the exit hook: kill what is left by PID,
   * delete the namespaces (which deletes the veth pairs in them) and the temp dir.
   */
  teardownSync(): void {
    if (this.tornDown) return;
    this.tornDown = true;
    liveLabs.delete(this);
    for (const p of this.procs) if (p.running) p.child.kill('SIGKILL');
    // Anything still inside the lab's namespaces was started by the lab or by PhoneHome for it
    // (dnsmasq under the hotspot, a capture helper): nothing else can have entered them.
    const leftovers: number[] = [];
    for (const ns of Object.values(this.names)) {
      const r = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' });
      if (r.status !== 0) continue;
      for (const pid of r.stdout.split(/\s+/).filter(Boolean).map(Number)) {
        if (pid === process.pid || !Number.isInteger(pid)) continue;
        try {
          process.kill(pid, 'SIGKILL');
          leftovers.push(pid);
        } catch {
          // It exited between the listing and the kill.
        }
      }
    }
    const deadline = Date.now() + 2000;
    while (!leftovers.every(processGone) && Date.now() < deadline) spawnSync('sleep', ['0.05']);
    for (const ns of Object.values(this.names)) spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Build a lab: network, certificate and (unless told not to) the fake internet's servers. */
export async function createLab(opts: LabOptions = {}): Promise<Lab> {
  const log = opts.log ?? (() => undefined);
  const unavailable = labUnavailable();
  if (unavailable) throw new Error(unavailable);
  const started = Date.now();
  const lab = new Lab(log);
  try {
    lab.buildNetwork();
    log(`lab ${lab.tag}: network in ${Date.now() - started} ms`);
    lab.makeCertificate();
    if (opts.servers !== false) await lab.startServers();
    log(`lab ${lab.tag}: up in ${Date.now() - started} ms`);
    return lab;
  } catch (err) {
    await lab.teardown();
    throw err;
  }
}

/** Run fn with a fresh lab and always tear it down. */
export async function withLab<T>(fn: (lab: Lab) => Promise<T>, opts: LabOptions = {}): Promise<T> {
  const lab = await createLab(opts);
  try {
    return await fn(lab);
  } finally {
    await lab.teardown();
  }
}
