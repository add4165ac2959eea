/**
 * The pcapng writer and the exporter, checked by tshark (run at test time) and by reading the
 * output back with our own reader.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CaptureReader } from '../engine/pcap/capture-reader';
import {
  enhancedPacket,
  interfaceDescription,
  interfaceStatistics,
  sectionHeader,
} from '../engine/pcap/pcapng-writer';
import type { CapturedPacket, InterfaceInfo } from '../engine/pcap/types';
import { exportPcapngWithComments } from './pcapng-export';

const CORPUS =
  process.env.PHONEHOME_CORPUS ?? fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
const hasTshark = spawnSync('tshark', ['-v'], { encoding: 'utf8' }).status === 0;
const tshark = hasTshark ? '' : ' (skipped: tshark is not installed)';
const dir = mkdtempSync(join(tmpdir(), 'phonehome-pcapng-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** tshark's view of a file: one row of the requested fields per frame, and its stderr. */
function tsharkFields(path: string, fields: string[]): { rows: string[][]; stderr: string } {
  const args = ['-r', path, '-T', 'fields', '-E', 'aggregator=|'];
  for (const f of fields) args.push('-e', f);
  const out = spawnSync('tshark', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  // tshark warns about running as root; that line says nothing about the file.
  const stderr = out.stderr
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.includes('This could be dangerous'))
    .join('\n');
  return {
    rows: out.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split('\t')),
    stderr,
  };
}

function readAll(bytes: Uint8Array): {
  packets: CapturedPacket[];
  interfaces: InterfaceInfo[];
  reader: CaptureReader;
} {
  const packets: CapturedPacket[] = [];
  const interfaces: InterfaceInfo[] = [];
  const reader = new CaptureReader({
    onPacket: (p) => packets.push({ ...p, data: p.data.slice() }),
    onInterface: (i) => interfaces.push(i),
  });
  reader.push(bytes);
  reader.end();
  return { packets, interfaces, reader };
}

describe(`pcapng writer output read by tshark${tshark}`, () => {
  const packets = [
    {
      interfaceId: 0,
      tsSec: 1700000000,
      tsNsec: 123456789,
      data: Buffer.from('ffffffffffff0200000000010800', 'hex'),
      origLen: 60,
      comments: ['imei as md5-hex'],
    },
    {
      interfaceId: 1,
      tsSec: 1700000000,
      tsNsec: 999999999,
      data: Buffer.from('4500001400000000401100000a0000010a000002', 'hex'),
      origLen: 20,
    },
    {
      interfaceId: 0,
      tsSec: 1700000001,
      tsNsec: 1,
      data: Buffer.from('0200000000010200000000020800', 'hex'),
      origLen: 14,
      comments: ['phone as e164', 'second comment'],
    },
  ];
  const path = join(dir, 'written.pcapng');
  writeFileSync(
    path,
    Buffer.concat([
      sectionHeader({ application: 'PhoneHome test', os: 'Linux', comments: ['test capture'] }),
      interfaceDescription({
        linkType: 1,
        snapLen: 262144,
        name: 'eth0',
        description: 'wired',
        tsResolNs: true,
      }),
      interfaceDescription({ linkType: 101, snapLen: 65535, name: 'tun0', tsResolNs: true }),
      ...packets.map((p) => enhancedPacket(p, 1e9)),
      interfaceStatistics({ interfaceId: 0, tsSec: 1700000002, tsNsec: 5, received: 3, dropped: 1 }, 1e9),
    ]),
  );

  it.skipIf(!hasTshark)('tshark reads it without a word on stderr and sees what we wrote', () => {
    const { rows, stderr } = tsharkFields(path, [
      'frame.time_epoch',
      'frame.comment',
      'frame.interface_id',
      'frame.interface_name',
      'frame.cap_len',
      'frame.len',
    ]);
    expect(stderr).toBe('');
    expect(rows).toEqual([
      ['1700000000.123456789', 'imei as md5-hex', '0', 'eth0', '14', '60'],
      ['1700000000.999999999', '', '1', 'tun0', '20', '20'],
      ['1700000001.000000001', 'phone as e164|second comment', '0', 'eth0', '14', '14'],
    ]);
  });

  it('our reader reads back exactly what we wrote', () => {
    const { packets: read, interfaces, reader } = readAll(readFileSync(path));
    expect(reader.error).toBeNull();
    expect(interfaces.map((i) => [i.linkType, i.snapLen, i.name, i.description, i.tsUnitsPerSec])).toEqual([
      [1, 262144, 'eth0', 'wired', 1e9],
      [101, 65535, 'tun0', undefined, 1e9],
    ]);
    expect(
      read.map((p) => ({
        interfaceId: p.interfaceId,
        tsSec: p.tsSec,
        tsNsec: p.tsNsec,
        data: Buffer.from(p.data),
        origLen: p.origLen,
        comments: p.comments,
      })),
    ).toEqual(packets.map((p) => ({ ...p, comments: p.comments })));
  });
});

const captures = existsSync(CORPUS) ? readdirSync(CORPUS) : [];
const NS_PCAP = 'pcapplusplus__Pcap++Test__PcapExamples__nanosecs_big_endian.pcap';
const MULTI_INTERFACE = 'ndpi__sites.pcapng';

describe.skipIf(!hasTshark || !captures.includes(NS_PCAP) || !captures.includes(MULTI_INTERFACE))(
  `exportPcapngWithComments${tshark}`,
  () => {
    it('adds comments on frames 1 and 3 of a big-endian ns pcap and changes nothing else', async () => {
      const input = join(CORPUS, NS_PCAP);
      const output = join(dir, 'export-ns.pcapng');
      const result = await exportPcapngWithComments(input, output, {
        commentsByFrame: new Map([
          [1, ['imei leaked as sha1-hex']],
          [3, ['phone leaked as e164', 'mac leaked as hex']],
        ]),
        application: 'PhoneHome test',
        sectionComments: ['exported by a test'],
      });
      expect(result.error).toBeNull();
      expect(result.bytes).toBe(readFileSync(output).length);
      const fields = ['frame.time_epoch', 'frame.cap_len', 'frame.len', 'frame.protocols'];
      const before = tsharkFields(input, fields);
      const after = tsharkFields(output, [...fields, 'frame.comment']);
      expect(after.stderr).toBe('');
      expect(result.packets).toBe(before.rows.length);
      expect(after.rows.map((r) => r.slice(0, 4))).toEqual(before.rows);
      expect(after.rows.map((r) => r[4])).toEqual(
        before.rows.map((_, i) =>
          i === 0 ? 'imei leaked as sha1-hex' : i === 2 ? 'phone leaked as e164|mac leaked as hex' : '',
        ),
      );
      const original = readAll(readFileSync(input)).packets;
      const exported = readAll(readFileSync(output)).packets;
      expect(
        exported.map((p) => [p.frame, p.tsSec, p.tsNsec, p.origLen, Buffer.from(p.data).toString('hex')]),
      ).toEqual(
        original.map((p) => [p.frame, p.tsSec, p.tsNsec, p.origLen, Buffer.from(p.data).toString('hex')]),
      );
      const capinfos = spawnSync('capinfos', ['-k', output], { encoding: 'utf8' });
      if (capinfos.status === 0) expect(capinfos.stdout).toContain('exported by a test');
    });

    it('keeps every interface of a multi-interface pcapng', async () => {
      const input = join(CORPUS, MULTI_INTERFACE);
      const output = join(dir, 'export-multi.pcapng');
      await exportPcapngWithComments(input, output, {
        commentsByFrame: new Map([[2, ['x']]]),
        application: 'PhoneHome test',
      });
      const fields = [
        'frame.time_epoch',
        'frame.interface_id',
        'frame.interface_name',
        'frame.encap_type',
        'frame.cap_len',
      ];
      const before = tsharkFields(input, fields);
      const after = tsharkFields(output, [...fields, 'frame.comment']);
      expect(after.stderr).toBe('');
      expect(after.rows.map((r) => r.slice(0, 5))).toEqual(before.rows);
      expect(after.rows.flatMap((r, i) => (r[5] === '' ? [] : [i]))).toEqual([1]);
      expect(after.rows[1][5]).toBe('x');
      const inIfs = readAll(readFileSync(input)).interfaces;
      const outIfs = readAll(readFileSync(output)).interfaces;
      expect(outIfs.map((i) => [i.linkType, i.snapLen, i.name, i.tsUnitsPerSec])).toEqual(
        inIfs.map((i) => [i.linkType, i.snapLen, i.name, 1e9]),
      );
    });

    it('writes each comment once when a file it saved is saved again', async () => {
      const first = join(dir, 'export-once.pcapng');
      const second = join(dir, 'export-twice.pcapng');
      const opts = {
        commentsByFrame: new Map([
          [1, ['PhoneHome marker: "sent SMS" at 2026-11-24T01:00:00.000Z']],
          [2, ['new on the second save']],
        ]),
        application: 'PhoneHome test',
        sectionComments: ['PhoneHome analysis of x: 1 leak(s)'],
      };
      await exportPcapngWithComments(join(CORPUS, NS_PCAP), first, {
        ...opts,
        commentsByFrame: new Map([[1, opts.commentsByFrame.get(1)!]]),
      });
      await exportPcapngWithComments(first, second, opts);
      const rows = tsharkFields(second, ['frame.number', 'frame.comment']).rows;
      expect(rows.slice(0, 3)).toEqual([
        ['1', 'PhoneHome marker: "sent SMS" at 2026-11-24T01:00:00.000Z'],
        ['2', 'new on the second save'],
        ['3', ''],
      ]);
      const capinfos = spawnSync('capinfos', ['-k', second], { encoding: 'utf8' });
      if (capinfos.status === 0) {
        expect(capinfos.stdout.split('PhoneHome analysis of x: 1 leak(s)').length - 1).toBe(1);
      }
    });

    it('refuses a file that is not a capture and leaves no output behind', async () => {
      const input = join(dir, 'not-a-capture.txt');
      writeFileSync(input, 'hello, world\n');
      const output = join(dir, 'never.pcapng');
      await expect(
        exportPcapngWithComments(input, output, { commentsByFrame: new Map(), application: 'x' }),
      ).rejects.toThrow(/looks like a text file/);
      expect(readdirSync(dir).filter((f) => f.startsWith('never.pcapng'))).toEqual([]);
    });
  },
);
