/**
 * A scripted machine for the hotspot unit tests: a command runner that records every argument
 * vector and answers from rules, and an in-memory SystemAccess (files, binaries, processes).
 */
import type { NetworkInterfaceInfo as OsInterfaceInfo } from 'node:os';
import type { CommandResult, CommandRunner } from '../command-runner';
import type { SystemAccess } from '../system-access';

type Answer = Partial<CommandResult> | ((args: readonly string[]) => Partial<CommandResult>);

export class FakeRunner implements CommandRunner {
  readonly calls: string[][] = [];
  private readonly rules: { prefix: string[]; answer: Answer }[] = [];

  /** Answer commands whose argv starts with `prefix`; later rules win over earlier ones. */
  on(prefix: string[], answer: Answer): this {
    this.rules.unshift({ prefix, answer });
    return this;
  }

  async run(command: string, args: readonly string[]): Promise<CommandResult> {
    const argv = [command, ...args];
    this.calls.push(argv);
    const rule = this.rules.find((r) => r.prefix.every((p, i) => argv[i] === p));
    if (!rule) return { code: 1, stdout: '', stderr: `fake: no rule for ${argv.join(' ')}` };
    const a = typeof rule.answer === 'function' ? rule.answer(args) : rule.answer;
    return { code: a.code ?? 0, stdout: a.stdout ?? '', stderr: a.stderr ?? '' };
  }

  /** The calls as single strings, for readable assertions. */
  lines(): string[] {
    return this.calls.map((c) => c.join(' '));
  }
}

export class FakeSystem implements SystemAccess {
  platform: NodeJS.Platform = 'linux';
  uid: number | null = 0;
  readonly files = new Map<string, string>();
  readonly modes = new Map<string, number>();
  readonly binaries = new Set<string>(['ip', 'dnsmasq', 'nft', 'ethtool', 'iw', 'hostapd']);
  /** Live processes: pid → argv; a pid in `zombies` has exited but not been reaped. */
  readonly processes = new Map<number, string[]>();
  readonly zombies = new Set<number>();
  readonly signals: [number, NodeJS.Signals][] = [];
  /** Processes that ignore SIGTERM. */
  readonly ignoresSigterm = new Set<number>();
  os: Record<string, OsInterfaceInfo[]> = {};
  clock = 1_700_000_000_000;

  constructor() {
    this.files.set('/proc/self/status', 'Name:\tnode\nCapEff:\t000001ffffffffff\n');
    this.files.set('/proc/sys/net/ipv4/ip_forward', '0\n');
  }

  euid(): number | null {
    return this.uid;
  }
  async readText(path: string): Promise<string | null> {
    const m = /^\/proc\/(\d+)\/(cmdline|stat)$/.exec(path);
    if (m) {
      const pid = Number(m[1]);
      const argv = this.processes.get(pid);
      if (!argv) return null;
      if (m[2] === 'stat') return `${pid} (${argv[0]}) ${this.zombies.has(pid) ? 'Z' : 'S'} 1 1 1`;
      return this.zombies.has(pid) ? '' : `${argv.join('\0')}\0`;
    }
    return this.files.get(path) ?? null;
  }
  async writeText(path: string, text: string, mode = 0o600): Promise<void> {
    this.files.set(path, text);
    this.modes.set(path, mode);
  }
  async overwrite(path: string, text: string): Promise<void> {
    if (!this.files.has(path)) throw new Error(`ENOENT: ${path}`);
    this.files.set(path, text);
  }
  async remove(path: string): Promise<void> {
    this.files.delete(path);
  }
  async exists(path: string): Promise<boolean> {
    return this.files.has(path) || [...this.files.keys()].some((k) => k.startsWith(`${path}/`));
  }
  async listDir(path: string): Promise<string[]> {
    const names = new Set<string>();
    for (const k of this.files.keys()) {
      if (k.startsWith(`${path}/`)) names.add(k.slice(path.length + 1).split('/')[0]);
    }
    return [...names];
  }
  async makeDir(): Promise<void> {}
  async findBinary(name: string): Promise<string | null> {
    return this.binaries.has(name) ? `/usr/sbin/${name}` : null;
  }
  kill(pid: number, signal: NodeJS.Signals): boolean {
    if (!this.processes.has(pid) || this.zombies.has(pid)) return false;
    this.signals.push([pid, signal]);
    if (signal === 'SIGKILL' || !this.ignoresSigterm.has(pid)) this.zombies.add(pid);
    return true;
  }
  async sleep(ms: number): Promise<void> {
    this.clock += ms;
  }
  now(): number {
    return this.clock;
  }
  osInterfaces(): Record<string, OsInterfaceInfo[]> {
    return this.os;
  }
}
