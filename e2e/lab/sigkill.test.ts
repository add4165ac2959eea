/**
 * A capture whose parent is killed outright (SIGKILL: no handler runs, nothing is finished):
 * the capture helper must notice on its own that its parent is gone and exit within 2 s, and the
 * pcapng written so far must still be one tshark reads, holding every packet the phone sent
 * more than a second before the kill. The parent writes each chunk of the helper's stream to
 * the file as it arrives (the kernel keeps it once written), so what can be missing is at most
 * the chunk in flight; tshark may then warn that the last record was cut short, and nothing else.
 * Needs root, iproute2, udhcpc, openssl and tshark; skipped with the reason otherwise.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLab, labUnavailable } from './lab';
import { LabCapture } from './lab-capture';
import { processGone } from './proc-stat';

const hasTshark = spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;
const unavailable = labUnavailable() ?? (hasTshark ? null : 'the SIGKILL test needs tshark');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(unavailable !== null)(`a SIGKILLed capture in the lab (${unavailable ?? 'root'})`, () => {
  it('leaves no helper behind and a file tshark reads up to the kill', async () => {
    const lab = await createLab({ log: (l) => process.stderr.write(`lab: ${l}\n`) });
    try {
      const pcapng = join(lab.dir, 'killed.pcapng');
      const [, capture] = await Promise.all([lab.hotspotUp(), LabCapture.start(lab, { write: pcapng })]);
      const helpers = capture.helperPids();
      expect(helpers, 'the CLI runs one capture helper').toHaveLength(1);
      await lab.joinPhone();
      const phone = await lab.startPhone();

      // Steady traffic: a numbered datagram every ~40 ms for 2.5 s, then the kill mid-stream.
      const until = Date.now() + 2500;
      while (Date.now() < until) {
        await phone.run('beat');
        await sleep(40);
      }
      const killAt = Date.now();
      process.kill(capture.proc.pid, 'SIGKILL');
      while (!processGone(helpers[0]) && Date.now() - killAt < 3000) await sleep(20);
      const helperExitMs = Date.now() - killAt;
      process.stderr.write(`lab: the helper was gone ${helperExitMs} ms after its parent was killed\n`);
      expect(processGone(helpers[0]), 'the helper exits by itself').toBe(true);
      expect(helperExitMs).toBeLessThan(2000);
      await capture.proc.exited;

      const read = spawnSync(
        'tshark',
        [
          '-r',
          pcapng,
          '-n',
          '-Y',
          'udp.dstport == 9',
          '-T',
          'fields',
          '-e',
          'frame.time_epoch',
          '-e',
          'udp.payload',
        ],
        { encoding: 'utf8' },
      );
      const complaints = read.stderr.split('\n').filter((l) => l.trim() && !/Running as user "root"/.test(l));
      const cutShort =
        complaints.length > 0 && complaints.every((l) => /cut short in the middle of a packet/.test(l));
      expect(read.status === 0 ? complaints : cutShort ? [] : complaints, 'tshark reads the file').toEqual(
        [],
      );
      const inFile = new Set(
        read.stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => /beat (\d+)$/.exec(Buffer.from(l.split('\t')[1] ?? '', 'hex').toString('latin1'))?.[1])
          .filter((seq): seq is string => seq !== undefined)
          .map(Number),
      );
      const beats = phone.sends.filter((s) => s.action === 'beat');
      const settled = beats.filter((s) => s.sentAt < killAt - 1000).map((s) => s.seq!);
      expect(settled.length).toBeGreaterThan(10);
      expect(
        settled.filter((seq) => !inFile.has(seq)),
        'beats sent > 1 s before the kill missing from the file',
      ).toEqual([]);
      process.stderr.write(
        `lab: ${inFile.size} of ${beats.length} beats in the file (tshark ${read.status === 0 ? 'clean' : 'warned the last record was cut short'})\n`,
      );
    } catch (err) {
      process.stderr.write(`${lab.diagnostics()}\n`);
      throw err;
    } finally {
      await lab.teardown();
    }
  }, 120_000);
});
