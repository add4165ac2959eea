/**
 * The dumpcap backend: its command line, how it reads dumpcap's stderr (the lines are copied
 * from dumpcap 4.0's own output), and, as root, a real capture on a veth pair whose file tshark
 * reads with the frame count the stream tap saw and dumpcap's closing drop count.
 */
import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCaptureProcess } from './capture-process';
import {
  DUMPCAP_FINAL_SOURCE,
  DUMPCAP_RUNNING_SOURCE,
  dumpcapArgv,
  dumpcapBackend,
  parseDumpcapFinalLine,
} from './dumpcap-backend';
import { HelperArgumentError } from './helper-arguments';
import { createVethLab, vethLabUnavailable } from './test-support/veth-lab';

const hasDumpcap = spawnSync('dumpcap', ['-v'], { stdio: 'ignore' }).status === 0;
const hasTshark = spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;
const labMissing = vethLabUnavailable();
const tmp = mkdtempSync(join(tmpdir(), 'phonehome-dumpcap-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('dumpcap backend', () => {
  it('writes pcapng to stdout with the filter and buffer given, validated like the helper', () => {
    expect(
      dumpcapArgv({ interfaceName: 'wlan0', filter: 'ether host 02:00:00:00:00:02', bufferMb: 32 }),
    ).toEqual(['-i', 'wlan0', '-f', 'ether host 02:00:00:00:00:02', '-B', '32', '-n', '-q', '-w', '-']);
    expect(dumpcapArgv({ interfaceName: 'lo' })).toEqual(['-i', 'lo', '-B', '256', '-n', '-q', '-w', '-']);
    expect(() => dumpcapArgv({ interfaceName: '-w/etc/passwd' })).toThrow(HelperArgumentError);
    expect(() => dumpcapArgv({ interfaceName: 'lo', filter: 'x'.repeat(5000) })).toThrow(HelperArgumentError);
  });

  it("reads the drop counts from dumpcap's closing line", () => {
    expect(
      parseDumpcapFinalLine(
        "Packets received/dropped on interface 'Loopback: lo': 120/7 (pcap:5/dumpcap:2/flushed:0/ps_ifdrop:3) (94.5%)",
      ),
    ).toEqual({ received: 120, kernel: 7, ifdrop: 3 });
    expect(parseDumpcapFinalLine('Packets captured: 120')).toBeNull();
  });

  it('turns dumpcap errors into a message with advice, and its chatter into nothing', () => {
    const b = dumpcapBackend();
    expect(b.interpret("Capturing on 'Loopback: lo'")).toEqual({ kind: 'ignore' });
    expect(b.interpret('File: -')).toEqual({ kind: 'ignore' });
    expect(b.interpret('dumpcap: There is no device named "nosuchif0".')).toEqual({
      kind: 'error',
      message: 'There is no device named "nosuchif0".',
    });
    const perm = b.interpret(
      'dumpcap: The capabilities of the capture device "lo" could not be obtained (pcap_activate() failed: socket: Operation not permitted).',
    );
    expect(perm).toMatchObject({ kind: 'error', message: expect.stringContaining('wireshark group') });
    // The advice paragraph dumpcap prints after an error is not repeated as warnings.
    expect(b.interpret('Please check to make sure you have sufficient permissions.')).toEqual({
      kind: 'ignore',
    });
    expect(b.initialKernelDrops()).toEqual({ dropped: null, source: DUMPCAP_RUNNING_SOURCE });
    expect(b.kernelDropsFromIsb!({ interfaceId: 0, ifDrop: 4 })).toMatchObject({ dropped: 4 });
    expect(b.kernelDropsFromIsb!({ interfaceId: 0 })).toBeNull();
  });

  it.skipIf(!hasDumpcap || !hasTshark || process.getuid?.() !== 0)(
    "fails with dumpcap's own message for an interface that does not exist, leaving no file",
    async () => {
      const out = join(tmp, 'missing.pcapng');
      await expect(
        startCaptureProcess({
          backend: dumpcapBackend(),
          interfaceName: 'nosuchif0',
          writePath: out,
          onData: () => {},
        }),
      ).rejects.toThrow(/no device named "nosuchif0"/);
      expect(() => readFileSync(out)).toThrow();
    },
  );

  it.skipIf(!hasDumpcap || !hasTshark || labMissing !== null)(
    `captures on a veth pair; tshark reads the file with the frames counted (${labMissing ?? 'root'})`,
    async () => {
      const lab = createVethLab('dc');
      const receiver = createSocket('udp4');
      try {
        await new Promise<void>((r) => receiver.bind(0, lab.hostAddr, r));
        const port = receiver.address().port;
        const out = join(tmp, 'veth.pcapng');
        let streamed = 0;
        const capture = await startCaptureProcess({
          backend: dumpcapBackend(),
          interfaceName: lab.hostIf,
          filter: `udp port ${port}`,
          writePath: out,
          onData: (c) => (streamed += c.length),
        });
        const running = capture.stats({ dropped: 0, backlogBytes: 0 });
        expect(running.kernelDropped).toBeNull();
        expect(running.dropSource).toContain(DUMPCAP_RUNNING_SOURCE);
        await lab.sendUdp(port, 50);
        // dumpcap delivers in blocks with a 250 ms timeout (TPACKET_V3).
        const deadline = Date.now() + 5000;
        while (capture.packets < 50 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        const result = await capture.stop();
        const stats = capture.stats({ dropped: 0, backlogBytes: 0 });
        expect(result.packets).toBe(50);
        expect(stats).toMatchObject({
          type: 'capture-stats',
          packets: 50,
          kernelDropped: 0,
          interfaceDropped: 0,
        });
        expect(stats.dropSource).toContain(DUMPCAP_FINAL_SOURCE);
        expect(readFileSync(out).length).toBe(streamed);
        const read = spawnSync('tshark', ['-r', out, '-T', 'fields', '-e', 'udp.dstport'], {
          encoding: 'utf8',
        });
        expect(read.status).toBe(0);
        expect(read.stdout.trim().split('\n')).toEqual(Array(50).fill(String(port)));
      } finally {
        receiver.close();
        lab.close();
      }
    },
    30_000,
  );
});
