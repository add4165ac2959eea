/**
 * Live capture end to end, on a veth pair into a network namespace made for this run
 * (main/capture/test-support/veth-lab.ts: a documentation /24 nothing here uses, IPv6 off): the
 * real CLI captures on the host end while a node process inside the namespace sends an HTTP POST
 * that carries an IMEI and a UDP datagram to servers in the host namespace.
 * It needs root, `ip` and `tshark`; without them it is skipped.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVethLab, vethLabUnavailable, type VethLab } from '../main/capture/test-support/veth-lab';

const repo = fileURLToPath(new URL('../', import.meta.url));
const IMEI = '865301020304057';

const labMissing = vethLabUnavailable() ?? (has('tshark', ['-v']) ? null : 'needs tshark');
let lab: VethLab | null = null;

function has(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

// Sends the POST over a plain socket (so the time of the write is known) and then a datagram.
const SENDER = `
const net = require('node:net'), dgram = require('node:dgram');
const [host, port, udpPort, imei] = process.argv.slice(1);
const body = 'imei=' + imei;
const s = net.connect(Number(port), host, () => {
  const sentAt = Date.now();
  s.write('POST /x HTTP/1.1\\r\\nHost: ' + host + '\\r\\nContent-Type: application/x-www-form-urlencoded\\r\\n' +
    'Content-Length: ' + body.length + '\\r\\nConnection: close\\r\\n\\r\\n' + body);
  let reply = '';
  s.on('data', (d) => (reply += d));
  s.on('end', () => {
    const u = dgram.createSocket('udp4');
    u.send('hello over udp', Number(udpPort), host, () => {
      u.close();
      console.log(JSON.stringify({ sentAt, reply: reply.split('\\r\\n')[0] }));
    });
  });
});
`;

function phonehome(...args: string[]) {
  const r = spawnSync(process.execPath, [join(repo, 'bin/phonehome.mjs'), ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('phonehome capture errors', () => {
  it('exits 2 with usage for missing or wrong options', () => {
    const noInterface = phonehome('capture');
    expect(noInterface.code).toBe(2);
    expect(noInterface.err).toContain('capture needs --interface IF');
    expect(noInterface.err).toContain('later line replaces the earlier one');
    expect(phonehome('capture', '--interface', 'lo', '--format', 'table').code).toBe(2);
  });

  it("exits 3 with the helper's message when the interface does not exist, leaving no file", () => {
    const dir = mkdtempSync(join(tmpdir(), 'phonehome-capture-err-'));
    try {
      const r = phonehome('capture', '--interface', 'nosuchif0', '--write', join(dir, 'x.pcapng'));
      expect(r.code).toBe(3);
      expect(r.err).toMatch(
        /phonehome: capture: (no such interface "nosuchif0"|live capture needs the cap module)/,
      );
      expect(r.out).toBe('');
      expect(existsSync(join(dir, 'x.pcapng'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(labMissing !== null)(`phonehome capture on a veth pair (${labMissing ?? 'root'})`, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'phonehome-capture-'));
  const pcapng = join(tmp, 'live.pcapng');
  const ids = join(tmp, 'ids.json');
  let http: Server | null = null;
  let udp: Socket | null = null;
  let cli: ChildProcess | null = null;
  const lines: { at: number; record: Record<string, unknown> }[] = [];
  let cliErr = '';
  let groOn = false;

  beforeAll(async () => {
    writeFileSync(ids, JSON.stringify({ identifiers: [{ kind: 'imei', value: IMEI, label: 'test IMEI' }] }));
    lab = createVethLab('cc');
    // GRO on, as on most real NICs, so the CLI's advice about receive offloads is exercised.
    groOn = spawnSync('ethtool', ['-K', lab.hostIf, 'gro', 'on'], { stdio: 'ignore' }).status === 0;

    http = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    await new Promise<void>((resolve) => http!.listen(0, lab!.hostAddr, resolve));
    udp = createSocket('udp4');
    await new Promise<void>((resolve) => udp!.bind(0, lab!.hostAddr, resolve));
  });

  afterAll(async () => {
    if (cli?.pid && cli.exitCode === null && cli.signalCode === null) process.kill(cli.pid, 'SIGKILL');
    udp?.close();
    await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
    lab?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('prints the leak within 2 s of sending and saves a file tshark reads with the same frames', async () => {
    const { hostIf, hostAddr, nsAddr } = lab!;
    cli = spawn(process.execPath, [
      join(repo, 'bin/phonehome.mjs'),
      'capture',
      '--interface',
      hostIf,
      '--write',
      pcapng,
      '--ids',
      ids,
    ]);
    cli.stderr!.on('data', (d: Buffer) => (cliErr += d.toString()));
    createInterface({ input: cli.stdout! }).on('line', (line) => {
      lines.push({ at: Date.now(), record: JSON.parse(line) as Record<string, unknown> });
    });
    const exited = new Promise<number | null>((resolve) => cli!.on('close', (code) => resolve(code)));
    // The CLI says it is capturing once the helper has opened the interface.
    const deadline = Date.now() + 20_000;
    while (!cliErr.includes('capturing on') && Date.now() < deadline && cli.exitCode === null) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(cliErr).toContain(`capturing on ${hostIf}`);
    if (groOn) {
      expect(cliErr).toContain(`receive offload GRO is on for ${hostIf}`);
      expect(cliErr).toContain(`sudo ethtool -K ${hostIf} gro off`);
    }

    const httpPort = (http!.address() as AddressInfo).port;
    const udpPort = (udp!.address() as AddressInfo).port;
    const sent = await lab!.nodeInNetns(SENDER, [hostAddr, String(httpPort), String(udpPort), IMEI]);
    expect(sent.err).toBe('');
    const { sentAt, reply } = JSON.parse(sent.out) as { sentAt: number; reply: string };
    expect(reply).toBe('HTTP/1.1 200 OK');

    let leak: { at: number; record: Record<string, unknown> } | undefined;
    while (!leak && Date.now() < sentAt + 2000) {
      leak = lines.find((l) => l.record.type === 'leak');
      if (!leak) await new Promise((r) => setTimeout(r, 10));
    }
    expect(leak, 'a leak line within 2 s of sending').toBeDefined();
    expect(leak!.record).toMatchObject({
      kind: 'imei',
      where: 'body',
      protocol: 'http',
      server: `${hostAddr}:${httpPort}`,
    });
    const latency = leak!.at - sentAt;
    process.stderr.write(`capture e2e: leak line ${latency} ms after the POST was written\n`);
    expect(latency).toBeLessThan(2000);
    expect(JSON.stringify(lines.map((l) => l.record))).not.toContain(IMEI);

    // Give the UDP datagram (sent after the HTTP reply) time to come through before stopping.
    const udpServer = `${hostAddr}:${udpPort}`;
    const udpDeadline = Date.now() + 2000;
    while (
      !lines.some((l) => l.record.type === 'flow' && l.record.server === udpServer) &&
      Date.now() < udpDeadline
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    process.kill(cli.pid!, 'SIGINT');
    expect(await exited).toBe(0);
    const summary = lines[lines.length - 1].record;
    expect(summary.type).toBe('summary');
    expect(
      lines.some(
        (l) => l.record.type === 'flow' && l.record.transport === 'udp' && l.record.server === udpServer,
      ),
    ).toBe(true);

    const read = spawnSync('tshark', ['-r', pcapng, '-T', 'fields', '-e', 'frame.number'], {
      encoding: 'utf8',
    });
    expect(read.status).toBe(0);
    // tshark warns on stderr when it runs as root; anything else there is a problem with the file.
    const complaints = read.stderr.split('\n').filter((l) => l.trim() && !/Running as user "root"/.test(l));
    expect(complaints).toEqual([]);
    const frames = read.stdout.trim().split('\n').filter(Boolean).length;
    expect(frames).toBe(summary.packets);
    expect(frames).toBeGreaterThanOrEqual(8);

    // Only the two test addresses talked: every IPv4 packet is between them and none is IPv6.
    const stray = spawnSync(
      'tshark',
      ['-r', pcapng, '-Y', `ipv6 || (ip && !(ip.addr == ${hostAddr} && ip.addr == ${nsAddr}))`],
      { encoding: 'utf8' },
    );
    expect(stray.status).toBe(0);
    expect(stray.stdout.trim()).toBe('');
  });
});
