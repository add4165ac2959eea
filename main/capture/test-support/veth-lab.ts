/**
 * Test support: a veth pair into a network namespace made for one test run, so a live capture
 * has real traffic that never leaves this machine. Traffic flows only between the .1 (host end)
 * and .2 (namespace end) of a documentation /24 (RFC 5737) that no address or route here uses;
 * IPv6 is off on both ends so the only packets are the test's. Names carry a per-run tag, and
 * close() removes the namespace and the host end even after a failed setup.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

export interface VethLab {
  netns: string;
  hostIf: string;
  nsIf: string;
  hostAddr: string;
  nsAddr: string;
  /** Run `node -e script args...` inside the namespace. */
  nodeInNetns(script: string, args: string[]): Promise<{ code: number | null; out: string; err: string }>;
  /** Send `count` UDP datagrams of `size` bytes from the namespace to hostAddr:port. */
  sendUdp(port: number, count: number, size?: number): Promise<void>;
  close(): void;
}

const has = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

function freePrefix(): string | null {
  const used =
    spawnSync('ip', ['-4', '-o', 'addr', 'show'], { encoding: 'utf8' }).stdout +
    spawnSync('ip', ['-4', 'route', 'show', 'table', 'all'], { encoding: 'utf8' }).stdout;
  return ['198.51.100.', '203.0.113.'].find((p) => !used.includes(p)) ?? null;
}

/** Why a veth lab cannot be made here, or null when it can. */
export function vethLabUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'needs root';
  if (!has('ip', ['-V'])) return 'needs the ip command';
  if (freePrefix() === null) return '198.51.100.0/24 and 203.0.113.0/24 are both in use on this machine';
  return null;
}

function ip(...args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')} failed: ${r.stderr}`);
}

const SEND_UDP = `
const dgram = require('node:dgram');
const [host, port, count, size] = process.argv.slice(1).map((v, i) => (i ? Number(v) : v));
const s = dgram.createSocket('udp4');
let sent = 0;
const payload = Buffer.alloc(size, 0x61);
const next = () => (sent++ < count ? s.send(payload, port, host, next) : s.close());
next();
`;

/** Make the lab; `tag` (a few letters) keeps names unique between tests of one run. */
export function createVethLab(tag: string): VethLab {
  const net24 = freePrefix();
  if (net24 === null) throw new Error('no free documentation prefix');
  const prefix = `ph${tag}${process.pid % 100000}`;
  const lab = {
    netns: `${prefix}n`,
    hostIf: `${prefix}h`,
    nsIf: `${prefix}p`,
    hostAddr: `${net24}1`,
    nsAddr: `${net24}2`,
  };
  const close = (): void => {
    spawnSync('ip', ['netns', 'del', lab.netns], { stdio: 'ignore' });
    spawnSync('ip', ['link', 'del', lab.hostIf], { stdio: 'ignore' });
  };
  const nodeInNetns: VethLab['nodeInNetns'] = (script, args) =>
    new Promise((resolve) => {
      const child = spawn('ip', ['netns', 'exec', lab.netns, process.execPath, '-e', script, ...args]);
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => resolve({ code, out, err }));
    });
  try {
    ip('netns', 'add', lab.netns);
    ip('link', 'add', lab.hostIf, 'type', 'veth', 'peer', 'name', lab.nsIf);
    ip('link', 'set', lab.nsIf, 'netns', lab.netns);
    writeFileSync(`/proc/sys/net/ipv6/conf/${lab.hostIf}/disable_ipv6`, '1');
    const off = spawnSync('ip', [
      'netns',
      'exec',
      lab.netns,
      'sh',
      '-c',
      `echo 1 > /proc/sys/net/ipv6/conf/${lab.nsIf}/disable_ipv6`,
    ]);
    if (off.status !== 0) throw new Error('cannot disable IPv6 in the namespace');
    ip('addr', 'add', `${lab.hostAddr}/24`, 'dev', lab.hostIf);
    ip('-n', lab.netns, 'addr', 'add', `${lab.nsAddr}/24`, 'dev', lab.nsIf);
    ip('link', 'set', lab.hostIf, 'up');
    ip('-n', lab.netns, 'link', 'set', lab.nsIf, 'up');
  } catch (err) {
    close();
    throw err;
  }
  return {
    ...lab,
    nodeInNetns,
    async sendUdp(port, count, size = 100) {
      const r = await nodeInNetns(SEND_UDP, [lab.hostAddr, String(port), String(count), String(size)]);
      if (r.code !== 0) throw new Error(`sending from the namespace failed: ${r.err}`);
    },
    close,
  };
}
