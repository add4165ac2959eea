/**
 * The wired-share provider for real, in two network namespaces made for this run and joined by
 * a veth pair: the real CLI (bin/phonehome.mjs under `ip netns exec`) brings the hotspot up in
 * the "laptop" namespace, busybox udhcpc asks for an address from the "phone" namespace, the
 * phone resolves a name through the hotspot's dnsmasq, `hotspot devices` lists it, and
 * `hotspot down` must leave no dnsmasq, no nftables table, no address and no changed sysctl or
 * offload behind. Nothing leaves the namespaces: the only routes are the veth pairs, and the
 * upstream DNS server given to dnsmasq (203.0.113.53, TEST-NET-3) is unreachable from inside.
 * Needs root, ip, dnsmasq, nft, ethtool and udhcpc; otherwise it is skipped.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/phonehome.mjs', import.meta.url));

function has(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}
const isRoot = process.getuid?.() === 0;
const canRun =
  isRoot &&
  has('ip', ['-V']) &&
  has('dnsmasq', ['--version']) &&
  has('nft', ['--version']) &&
  has('ethtool', ['--version']) &&
  spawnSync('udhcpc', ['--help'], { stdio: 'ignore' }).error === undefined;
const skipReason = isRoot
  ? 'skipped: needs ip (iproute2), dnsmasq, nft, ethtool and udhcpc'
  : 'skipped: needs root to create network namespaces';

const tag = `phhs${randomBytes(3).toString('hex')}`;
const LAPTOP = `${tag}l`;
const PHONE = `${tag}p`;
const SHARE_IF = `${tag}a`;
const PHONE_IF = `${tag}b`;
const UPSTREAM_IF = `${tag}u`;
const UPSTREAM_PEER = `${tag}v`;

function sh(argv: string[], timeout = 30_000): { code: number | null; out: string; err: string } {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout });
  return { code: r.status, out: r.stdout ?? '', err: r.stderr ?? '' };
}

function must(argv: string[]): string {
  const r = sh(argv);
  if (r.code !== 0) throw new Error(`${argv.join(' ')} failed (${r.code}): ${r.err}`);
  return r.out;
}

function inLaptop(...argv: string[]) {
  return sh(['ip', 'netns', 'exec', LAPTOP, ...argv]);
}

function cli(stateDir: string, ...args: string[]) {
  return inLaptop(process.execPath, BIN, 'hotspot', ...args, '--state-dir', stateDir);
}

function inet4(ns: string, dev: string): string[] {
  const links = JSON.parse(must(['ip', '-n', ns, '-j', 'addr', 'show', 'dev', dev])) as {
    addr_info: { family: string; local: string; prefixlen: number }[];
  }[];
  return links.flatMap((l) =>
    l.addr_info.filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`),
  );
}

function gro(): string {
  return /generic-receive-offload: (\w+)/.exec(inLaptop('ethtool', '-k', SHARE_IF).out)?.[1] ?? '?';
}

/** Running means present and not a zombie (this machine's init may not reap daemons). */
function running(pid: number): boolean {
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return stat !== '' && state !== 'Z' && state !== 'X';
}

describe.skipIf(!canRun)(`wired-share in network namespaces (${canRun ? 'root' : skipReason})`, () => {
  it('serves DHCP and DNS to a client, lists it, and down removes every trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'phonehome-hotspot-'));
    const stateDir = join(dir, 'state');
    let dnsmasqPid: number | null = null;
    try {
      must(['ip', 'netns', 'add', LAPTOP]);
      must(['ip', 'netns', 'add', PHONE]);
      must([
        'ip',
        'link',
        'add',
        SHARE_IF,
        'netns',
        LAPTOP,
        'type',
        'veth',
        'peer',
        'name',
        PHONE_IF,
        'netns',
        PHONE,
      ]);
      must(['ip', '-n', LAPTOP, 'link', 'add', UPSTREAM_IF, 'type', 'veth', 'peer', 'name', UPSTREAM_PEER]);
      for (const [ns, dev] of [
        [LAPTOP, 'lo'],
        [LAPTOP, SHARE_IF],
        [LAPTOP, UPSTREAM_IF],
        [LAPTOP, UPSTREAM_PEER],
        [PHONE, 'lo'],
        [PHONE, PHONE_IF],
      ]) {
        must(['ip', '-n', ns, 'link', 'set', dev, 'up']);
      }
      // GRO on, so `up` has an offload to turn off and `down` one to restore.
      expect(inLaptop('ethtool', '-K', SHARE_IF, 'gro', 'on').code).toBe(0);
      expect(gro()).toBe('on');
      expect(inLaptop('cat', '/proc/sys/net/ipv4/ip_forward').out.trim()).toBe('0');
      const phoneMac = (
        JSON.parse(must(['ip', '-n', PHONE, '-j', 'link', 'show', 'dev', PHONE_IF])) as { address: string }[]
      )[0].address;

      const up = cli(
        stateDir,
        'up',
        '--provider',
        'wired-share',
        '--interface',
        SHARE_IF,
        '--upstream',
        UPSTREAM_IF,
        '--dns',
        '203.0.113.53',
        '--host',
        'test.phonehome=198.51.100.7',
        '--format',
        'json',
      );
      expect(up.err).toBe('');
      expect(up.code).toBe(0);
      const status = JSON.parse(up.out) as { state: string; subnet: string; gateway: string };
      // A fresh namespace uses no 10.x subnet, so the first candidate is picked.
      expect(status).toMatchObject({ state: 'up', subnet: '10.42.0.0/24', gateway: '10.42.0.1/24' });
      const state = JSON.parse(readFileSync(join(stateDir, 'hotspot.json'), 'utf8')) as {
        tag: string;
        undo: { kind: string; pid?: number }[];
      };
      dnsmasqPid = state.undo.find((s) => s.kind === 'process')!.pid!;
      expect(running(dnsmasqPid)).toBe(true);
      expect(inet4(LAPTOP, SHARE_IF)).toEqual(['10.42.0.1/24']);
      expect(gro()).toBe('off');
      expect(inLaptop('cat', '/proc/sys/net/ipv4/ip_forward').out.trim()).toBe('1');
      const table = inLaptop('nft', 'list', 'table', 'inet', `phonehome_${state.tag}`).out;
      expect(table).toMatch(new RegExp(`ip saddr 10\\.42\\.0\\.0/24 oifname "${UPSTREAM_IF}" masquerade`));

      // The phone: udhcpc applies the lease with a tiny script and writes what it got.
      const result = join(dir, 'lease.txt');
      const script = join(dir, 'udhcpc.sh');
      writeFileSync(
        script,
        `#!/bin/sh\ncase "$1" in\n  bound|renew)\n    ip addr add "$ip/$mask" dev "$interface"\n    echo "$ip $router $dns" > ${result}\n    ;;\nesac\nexit 0\n`,
        { mode: 0o755 },
      );
      const dhcp = sh([
        'ip',
        'netns',
        'exec',
        PHONE,
        'udhcpc',
        '-i',
        PHONE_IF,
        '-n',
        '-q',
        '-f',
        '-s',
        script,
        '-x',
        'hostname:phhs-phone',
        '-t',
        '5',
        '-T',
        '1',
      ]);
      expect(dhcp.code).toBe(0);
      const [address, router, dns] = readFileSync(result, 'utf8').trim().split(' ');
      const last = Number(address.split('.')[3]);
      expect(address.startsWith('10.42.0.')).toBe(true);
      expect(last >= 10 && last <= 250).toBe(true);
      expect([router, dns]).toEqual(['10.42.0.1', '10.42.0.1']);
      expect(inet4(PHONE, PHONE_IF)).toEqual([`${address}/24`]);

      const resolve = sh([
        'ip',
        'netns',
        'exec',
        PHONE,
        process.execPath,
        '-e',
        "const r = new (require('node:dns').promises.Resolver)(); r.setServers(['10.42.0.1']);" +
          "r.resolve4('test.phonehome').then((a) => console.log(JSON.stringify(a)), (e) => { console.error(e.code); process.exit(1); });",
      ]);
      expect(resolve.err).toBe('');
      expect(JSON.parse(resolve.out)).toEqual(['198.51.100.7']);

      const devices = cli(stateDir, 'devices', '--format', 'json');
      expect(devices.code).toBe(0);
      expect(JSON.parse(devices.out)).toEqual([
        expect.objectContaining({
          mac: phoneMac,
          hostname: 'phhs-phone',
          ipv4: [address],
          sources: ['lease'],
        }),
      ]);
      expect(JSON.parse(cli(stateDir, 'status', '--format', 'json').out)).toMatchObject({
        state: 'up',
        provider: 'wired-share',
      });

      const down = cli(stateDir, 'down', '--format', 'json');
      expect(down.err).toBe('');
      expect(down.code).toBe(0);
      expect(JSON.parse(down.out)).toMatchObject({ state: 'down', error: null });
      expect(running(dnsmasqPid)).toBe(false);
      expect(inLaptop('nft', 'list', 'tables').out).not.toContain('phonehome_');
      expect(inet4(LAPTOP, SHARE_IF)).toEqual([]);
      expect(gro()).toBe('on');
      expect(inLaptop('cat', '/proc/sys/net/ipv4/ip_forward').out.trim()).toBe('0');
      expect(readdirSync(stateDir)).toEqual([]);
    } finally {
      // Only our own dnsmasq, identified by its pid file in our temporary directory.
      if (dnsmasqPid !== null && running(dnsmasqPid)) {
        const cmdline = readFileSync(`/proc/${dnsmasqPid}/cmdline`, 'utf8');
        if (cmdline.includes(dir)) process.kill(dnsmasqPid, 'SIGKILL');
      }
      sh(['ip', 'netns', 'del', LAPTOP]);
      sh(['ip', 'netns', 'del', PHONE]);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
