/**
 * The reader against the real public corpus (/work/shared/corpus, with tshark-made oracles)
 * and against tshark itself, run at test time, for per-frame timestamps and lengths.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaptureReader } from '../engine/pcap/capture-reader';
import type { CapturedPacket } from '../engine/pcap/types';
import { readCaptureFile } from './read-capture-file';

const CORPUS =
  process.env.PHONEHOME_CORPUS ?? fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
const captures = existsSync(CORPUS)
  ? readdirSync(CORPUS)
      .filter((f) => existsSync(join(CORPUS, `${f}.oracle.json`)))
      .sort()
  : [];
const hasTshark = spawnSync('tshark', ['-v'], { encoding: 'utf8' }).status === 0;

interface Oracle {
  format: { container: 'pcap' | 'pcapng' };
  packet_count: number;
  frames_by_encap: Record<string, number>;
  anomalies: { file_cut_short: boolean; file_corrupt: boolean };
}

function oracle(file: string): Oracle {
  return JSON.parse(readFileSync(join(CORPUS, `${file}.oracle.json`), 'utf8')) as Oracle;
}

/** Everything observable about a read, folded into one digest so large files compare cheaply. */
function fingerprint(
  bytes: Uint8Array,
  chunkSize: () => number,
): { digest: string; packets: number; error: string | null } {
  const hash = createHash('sha256');
  const reader = new CaptureReader({
    onPacket(p) {
      hash.update(
        `${p.frame} ${p.interfaceId} ${p.linkType} ${p.tsSec} ${p.tsNsec} ${p.capLen} ${p.origLen} ${p.fileOffset} ${p.comments?.join('|')}\n`,
      );
      hash.update(p.data);
    },
    onInterface: (i) => hash.update(JSON.stringify(i)),
    onSection: (s) => hash.update(JSON.stringify(s)),
    onInterfaceStats: (s) => hash.update(JSON.stringify(s)),
    onAnomaly: (name, detail) => hash.update(`${name} ${detail}\n`),
  });
  for (let pos = 0; pos < bytes.length;) {
    const size = chunkSize();
    reader.push(bytes.subarray(pos, pos + size));
    pos += size;
  }
  reader.end();
  const error =
    reader.error === null ? null : `${reader.error.code} ${reader.error.offset} ${reader.error.message}`;
  return { digest: hash.digest('hex'), packets: reader.packets, error };
}

describe.skipIf(captures.length === 0)(
  `readCaptureFile on the public corpus (${captures.length} captures)`,
  () => {
    it.each(captures)('%s: frame count and damage match the oracle', async (file) => {
      const o = oracle(file);
      const frames: number[] = [];
      let lastFrame = 0;
      const result = await readCaptureFile(join(CORPUS, file), {
        onPacket(p) {
          frames.push(p.frame);
          expect(p.frame).toBeGreaterThan(lastFrame);
          expect(p.data.length).toBe(p.capLen);
          lastFrame = p.frame;
        },
      });
      const encapFrames = Object.values(o.frames_by_encap).reduce((a, b) => a + b, 0);
      // packet_count also counts records Wireshark shows as frames without a packet (custom blocks).
      expect(result.packets).toBe(encapFrames);
      expect(Math.max(lastFrame, result.packets)).toBeLessThanOrEqual(o.packet_count);
      if (o.anomalies.file_cut_short) expect(result.error?.code).toBe('file-truncated');
      else if (o.anomalies.file_corrupt) expect(result.error?.code).toBe('file-corrupt');
      else expect(result.error).toBeNull();
      const reader = new CaptureReader({ onPacket() {} });
      reader.push(readFileSync(join(CORPUS, file)));
      reader.end();
      expect(reader.frames).toBe(o.packet_count);
    });

    it('gives identical results whether a file arrives in one piece or in random 1..997-byte chunks', () => {
      fc.assert(
        fc.property(fc.constantFrom(...captures), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (file, seed) => {
          const bytes = readFileSync(join(CORPUS, file));
          const whole = fingerprint(bytes, () => bytes.length || 1);
          const random = fc.sample(fc.integer({ min: 1, max: 997 }), { seed, numRuns: 4096 });
          let i = 0;
          const chunked = fingerprint(bytes, () => random[i++ % random.length]);
          expect(chunked).toEqual(whole);
        }),
        { numRuns: 60 },
      );
    });
  },
);

/** The handful compared frame by frame with tshark: byte orders, resolutions, interfaces, sections. */
const TSHARK_FILES = [
  'zeek__wikipedia.pcap', // little-endian µs pcap
  'ndpi__nfsv2.pcap', // big-endian µs pcap
  'tcpdump__tcp-handshake-nano.pcap', // little-endian ns pcap
  'pcapplusplus__Pcap++Test__PcapExamples__nanosecs_big_endian.pcap', // big-endian ns pcap
  'ndpi__sites.pcapng', // 22 interfaces, µs and ns resolutions
  'zeek__ldap__modify-request.pcapng', // 126 interfaces
  'gopacket__be__test102.pcapng', // big-endian pcapng: SPB, custom blocks, NRB, ISB
  'gopacket__be__test201.pcapng', // big-endian pcapng with three sections
  'suricata-verify__http-mime-truncated__input.pcap', // cut short: every packet before the cut
].filter((f) => captures.includes(f));

describe.skipIf(!hasTshark || TSHARK_FILES.length === 0)(
  `per-frame timestamps and lengths against tshark${hasTshark ? '' : ' (skipped: tshark is not installed)'}`,
  () => {
    it.each(TSHARK_FILES)('%s', async (file) => {
      const out = spawnSync(
        'tshark',
        [
          '-r',
          join(CORPUS, file),
          '-T',
          'fields',
          '-e',
          'frame.time_epoch',
          '-e',
          'frame.cap_len',
          '-e',
          'frame.interface_id',
        ],
        {
          encoding: 'utf8',
          maxBuffer: 256 * 1024 * 1024,
        },
      );
      const rows = out.stdout
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.split('\t'));
      const packets: Pick<CapturedPacket, 'frame' | 'tsSec' | 'tsNsec' | 'capLen' | 'interfaceId'>[] = [];
      const result = await readCaptureFile(join(CORPUS, file), {
        onPacket: ({ frame, tsSec, tsNsec, capLen, interfaceId }) =>
          packets.push({ frame, tsSec, tsNsec, capLen, interfaceId }),
      });
      expect(packets.length).toBe(result.packets);
      expect(packets.length).toBeGreaterThan(0);
      for (const p of packets) {
        const [time, capLen, interfaceId] = rows[p.frame - 1];
        // tshark leaves the time empty for Simple Packet Blocks, which carry none; we report the epoch.
        const expectedTime = time === '' ? '0.000000000' : time;
        expect(`${p.tsSec}.${String(p.tsNsec).padStart(9, '0')}`, `frame ${p.frame} time`).toBe(expectedTime);
        expect(p.capLen, `frame ${p.frame} caplen`).toBe(Number(capLen));
        expect(p.interfaceId, `frame ${p.frame} interface`).toBe(
          interfaceId === '' ? 0 : Number(interfaceId),
        );
      }
      // In a pcapng, the rows without an interface are records that carry no packet (custom blocks).
      const nonPackets =
        oracle(file).format.container === 'pcapng' ? rows.filter((r) => r[2] === '').length : 0;
      expect(packets.length).toBe(rows.length - nonPackets);
    });
  },
);

/** A small, varied set of corpus files for mutation fuzzing. */
const FUZZ_FILES = captures.filter((f) => readFileSync(join(CORPUS, f)).length <= 64 * 1024);

describe.skipIf(FUZZ_FILES.length === 0)('mutated corpus files', () => {
  const ERROR_CODES = ['not-a-capture', 'file-corrupt', 'file-truncated', 'unsupported'];

  it('never throw, never hang, and stop with a named error or none', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FUZZ_FILES),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 12 }),
        fc.option(fc.nat(), { nil: undefined }),
        fc.integer({ min: 1, max: 4096 }),
        (file, flips, cut, chunk) => {
          const bytes = new Uint8Array(readFileSync(join(CORPUS, file)));
          for (const [at, xor] of flips) bytes[at % bytes.length] ^= xor;
          const input = cut === undefined ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
          const reader = new CaptureReader({ onPacket: (p) => expect(p.data.length).toBe(p.capLen) });
          for (let pos = 0; pos < input.length; pos += chunk) reader.push(input.subarray(pos, pos + chunk));
          reader.end();
          if (reader.error !== null) {
            expect(ERROR_CODES).toContain(reader.error.code);
            expect(reader.error.message.length).toBeGreaterThan(10);
          }
          expect(reader.bytesConsumed).toBeLessThanOrEqual(input.length);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('deliver exactly the complete packets of a pcap cut anywhere', () => {
    const pcaps = FUZZ_FILES.filter((f) => {
      const o = oracle(f);
      return o.format.container === 'pcap' && !o.anomalies.file_corrupt && !o.anomalies.file_cut_short;
    });
    fc.assert(
      fc.property(fc.constantFrom(...pcaps), fc.nat(), (file, cutSeed) => {
        const bytes = new Uint8Array(readFileSync(join(CORPUS, file)));
        const full: { frame: number; end: number; sha: string }[] = [];
        const sha = (d: Uint8Array) => createHash('sha1').update(d).digest('hex');
        const r1 = new CaptureReader({
          onPacket: (p) => full.push({ frame: p.frame, end: p.fileOffset + p.capLen, sha: sha(p.data) }),
        });
        r1.push(bytes);
        r1.end();
        const cut = 24 + (cutSeed % (bytes.length - 23));
        const part: { frame: number; end: number; sha: string }[] = [];
        const r2 = new CaptureReader({
          onPacket: (p) => part.push({ frame: p.frame, end: p.fileOffset + p.capLen, sha: sha(p.data) }),
        });
        r2.push(bytes.subarray(0, cut));
        r2.end();
        expect(part).toEqual(full.filter((p) => p.end <= cut));
        const atBoundary = cut === 24 || cut === bytes.length || full.some((p) => p.end === cut);
        expect(r2.error?.code ?? null).toBe(atBoundary ? null : 'file-truncated');
      }),
      { numRuns: 300 },
    );
  });
});

describe('readCaptureFile options', () => {
  const file = captures.find((f) => f === 'zeek__wikipedia.pcap');

  it.skipIf(file === undefined)(
    'reports progress up to the file size and reads in the requested chunk size',
    async () => {
      const path = join(CORPUS, file ?? '');
      const size = readFileSync(path).length;
      const progress: number[] = [];
      const result = await readCaptureFile(
        path,
        { onPacket() {} },
        {
          chunkSize: 1000,
          onProgress: (read, total) => {
            expect(total).toBe(size);
            progress.push(read);
          },
        },
      );
      expect(progress.length).toBe(Math.ceil(size / 1000));
      expect(progress[progress.length - 1]).toBe(size);
      expect(result.bytes).toBe(size);
      expect(result.error).toBeNull();
    },
  );

  it.skipIf(file === undefined)('stops when its signal is aborted', async () => {
    const controller = new AbortController();
    let packets = 0;
    const reading = readCaptureFile(
      join(CORPUS, file ?? ''),
      { onPacket: () => void packets++ },
      { chunkSize: 512, signal: controller.signal, onProgress: (read) => read >= 2048 && controller.abort() },
    );
    await expect(reading).rejects.toThrow(/abort/i);
    expect(packets).toBeGreaterThan(0);
  });
});
