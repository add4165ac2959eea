import { describe, expect, it } from 'vitest';
import { CaptureReader } from './capture-reader';
import {
  ReaderPacket,
  type CapturedPacket,
  type InterfaceInfo,
  type InterfaceStats,
  type SectionInfo,
} from './types';

/** Bytes from hex text; whitespace is ignored so fixtures can be laid out field by field. */
function hex(...parts: string[]): Uint8Array {
  const clean = parts.join('').replace(/\s+/g, '');
  return Uint8Array.from(clean.match(/../g) ?? [], (b) => parseInt(b, 16));
}

interface Result {
  packets: (Omit<CapturedPacket, 'data'> & { data: string })[];
  interfaces: InterfaceInfo[];
  sections: SectionInfo[];
  stats: InterfaceStats[];
  anomalies: string[];
  reader: CaptureReader;
}

/** Reads `bytes` in chunks of the given sizes (cycled), or in one push. */
function read(bytes: Uint8Array, chunkSizes: number[] = [bytes.length || 1]): Result {
  const r: Omit<Result, 'reader'> = { packets: [], interfaces: [], sections: [], stats: [], anomalies: [] };
  const reader = new CaptureReader({
    onPacket: (p) => r.packets.push({ ...p, data: Buffer.from(p.data).toString('hex') }),
    onInterface: (i) => r.interfaces.push(i),
    onSection: (s) => r.sections.push(s),
    onInterfaceStats: (s) => r.stats.push(s),
    onAnomaly: (name) => r.anomalies.push(name),
  });
  let pos = 0;
  for (let i = 0; pos < bytes.length; i++) {
    const size = chunkSizes[i % chunkSizes.length];
    reader.push(bytes.slice(pos, pos + size));
    pos += size;
  }
  reader.end();
  return { ...r, reader };
}

// A minimal classic pcap, little-endian, microseconds, one 4-byte Ethernet packet.
const MINIMAL_LE_PCAP = hex(
  'd4 c3 b2 a1', // magic a1b2c3d4 written little-endian: µs timestamps
  '02 00', //       version major 2
  '04 00', //       version minor 4
  '00 00 00 00', // thiszone 0
  '00 00 00 00', // sigfigs 0
  'ff ff 00 00', // snaplen 65535
  '01 00 00 00', // linktype 1 (Ethernet)
  // record 1, at offset 24
  '00 e1 f5 05', // ts_sec 0x05f5e100 = 100000000
  '40 e2 01 00', // ts_usec 0x0001e240 = 123456
  '04 00 00 00', // incl_len 4
  '3c 00 00 00', // orig_len 60
  'de ad be ef', // packet data, at offset 40
);

// A classic pcap, big-endian, nanoseconds, raw IP, two packets.
const BE_NS_PCAP = hex(
  'a1 b2 3c 4d', // magic a1b23c4d written big-endian: ns timestamps
  '00 02', //       version major 2
  '00 04', //       version minor 4
  '00 00 00 00', // thiszone 0
  '00 00 00 00', // sigfigs 0
  '00 04 00 00', // snaplen 262144
  '00 00 00 65', // linktype 101 (raw IP)
  // record 1, at offset 24
  '65 53 f1 00', // ts_sec 0x6553f100 = 1700000000
  '3b 9a c9 ff', // ts_nsec 0x3b9ac9ff = 999999999
  '00 00 00 02', // incl_len 2
  '00 00 05 dc', // orig_len 1500
  '45 00', //       packet data, at offset 40
  // record 2, at offset 42
  '65 53 f1 01', // ts_sec 1700000001
  '00 00 00 07', // ts_nsec 7
  '00 00 00 03', // incl_len 3
  '00 00 00 03', // orig_len 3
  '60 00 00', //    packet data, at offset 58
);

// pcapng: SHB + IDB (if_name, if_tsresol = 6) + EPB carrying an opt_comment, little-endian.
const PCAPNG_WITH_COMMENT = hex(
  // Section Header Block, at offset 0
  '0a 0d 0d 0a', // block type SHB
  '1c 00 00 00', // block total length 28
  '4d 3c 2b 1a', // byte-order magic 0x1a2b3c4d: little-endian section
  '01 00', //       major version 1
  '00 00', //       minor version 0
  'ff ff ff ff ff ff ff ff', // section length -1 (unknown)
  '1c 00 00 00', // block total length 28 (trailer)
  // Interface Description Block, at offset 28
  '01 00 00 00', // block type IDB
  '28 00 00 00', // block total length 40
  '01 00', //       linktype 1 (Ethernet)
  '00 00', //       reserved
  '00 00 04 00', // snaplen 262144
  '02 00 03 00', // option if_name (2), length 3
  '65 6e 30 00', // "en0" + 1 byte padding
  '09 00 01 00', // option if_tsresol (9), length 1
  '06 00 00 00', // 6 (10^-6 s) + 3 bytes padding
  '00 00 00 00', // opt_endofopt
  '28 00 00 00', // block total length 40 (trailer)
  // Enhanced Packet Block, at offset 68
  '06 00 00 00', // block type EPB
  '3c 00 00 00', // block total length 60
  '00 00 00 00', // interface id 0
  '24 0a 06 00', // timestamp upper 0x00060a24
  'f1 3b 28 18', // timestamp lower 0x18283bf1: 0x60a2418283bf1 µs = 1700000000.654321 s
  '05 00 00 00', // captured length 5
  '40 00 00 00', // original length 64
  '68 65 6c 6c 6f 00 00 00', // "hello" at offset 96, + 3 bytes padding
  '01 00 0a 00', // option opt_comment (1), length 10
  '6c 65 61 6b 3a 20 69 6d 65 69 00 00', // "leak: imei" + 2 bytes padding
  '00 00 00 00', // opt_endofopt
  '3c 00 00 00', // block total length 60 (trailer)
);

describe('CaptureReader on hand-annotated fixtures', () => {
  it('reads a minimal little-endian µs pcap', () => {
    const r = read(MINIMAL_LE_PCAP);
    expect(r.reader.error).toBeNull();
    expect(r.reader.format).toBe('pcap');
    expect(r.sections).toEqual([{ format: 'pcap', byteOrder: 'le', versionMajor: 2, versionMinor: 4 }]);
    expect(r.interfaces).toEqual([{ id: 0, linkType: 1, snapLen: 65535, tsUnitsPerSec: 1e6 }]);
    expect(r.packets).toEqual([
      {
        frame: 1,
        interfaceId: 0,
        linkType: 1,
        tsSec: 100000000,
        tsNsec: 123456000,
        capLen: 4,
        origLen: 60,
        data: 'deadbeef',
        fileOffset: 40,
        comments: undefined,
      },
    ]);
    expect(r.reader.bytesConsumed).toBe(44);
  });

  it('reads a big-endian ns pcap', () => {
    const r = read(BE_NS_PCAP);
    expect(r.reader.error).toBeNull();
    expect(r.sections[0].byteOrder).toBe('be');
    expect(r.interfaces[0]).toMatchObject({ linkType: 101, snapLen: 262144, tsUnitsPerSec: 1e9 });
    expect(
      r.packets.map((p) => [p.frame, p.tsSec, p.tsNsec, p.capLen, p.origLen, p.data, p.fileOffset]),
    ).toEqual([
      [1, 1700000000, 999999999, 2, 1500, '4500', 40],
      [2, 1700000001, 7, 3, 3, '600000', 58],
    ]);
    expect(r.anomalies).toEqual([]);
  });

  it('reads a pcapng with if_tsresol=6 and a packet comment', () => {
    const r = read(PCAPNG_WITH_COMMENT);
    expect(r.reader.error).toBeNull();
    expect(r.reader.format).toBe('pcapng');
    expect(r.sections).toEqual([{ format: 'pcapng', byteOrder: 'le', versionMajor: 1, versionMinor: 0 }]);
    expect(r.interfaces).toEqual([{ id: 0, linkType: 1, snapLen: 262144, name: 'en0', tsUnitsPerSec: 1e6 }]);
    expect(r.packets).toEqual([
      {
        frame: 1,
        interfaceId: 0,
        linkType: 1,
        tsSec: 1700000000,
        tsNsec: 654321000,
        capLen: 5,
        origLen: 64,
        data: '68656c6c6f',
        fileOffset: 96,
        comments: ['leak: imei'],
      },
    ]);
  });

  it('gives the same result for every chunking, down to one byte at a time', () => {
    for (const fixture of [MINIMAL_LE_PCAP, BE_NS_PCAP, PCAPNG_WITH_COMMENT]) {
      const whole = read(fixture);
      for (const sizes of [[1], [2, 3], [5, 1, 7], [13], [fixture.length - 1]]) {
        const chunked = read(fixture, sizes);
        expect(chunked.packets).toEqual(whole.packets);
        expect(chunked.interfaces).toEqual(whole.interfaces);
        expect(chunked.reader.error).toBeNull();
      }
    }
  });

  it('reads Node Buffers like Uint8Arrays, and hands out plain Uint8Array bytes either way', () => {
    for (const fixture of [MINIMAL_LE_PCAP, BE_NS_PCAP, PCAPNG_WITH_COMMENT]) {
      const plain: boolean[] = [];
      const reader = new CaptureReader({
        onPacket: (p) => {
          const bytes = p instanceof ReaderPacket ? p.buffer : p.data;
          plain.push(Object.getPrototypeOf(bytes) === Uint8Array.prototype);
        },
      });
      reader.push(Buffer.from(fixture));
      reader.end();
      expect(plain.length).toBeGreaterThan(0);
      expect(plain.every((p) => p)).toBe(true);
      const fromBuffer = read(Buffer.from(fixture));
      expect(fromBuffer.packets).toEqual(read(fixture).packets);
    }
  });
});

describe('CaptureReader errors', () => {
  it('names a ZIP archive', () => {
    const r = read(hex('50 4b 03 04 14 00 00 00'));
    expect(r.reader.error?.code).toBe('not-a-capture');
    expect(r.reader.error?.message).toBe(
      'not a pcap or pcapng file: first 4 bytes are 50 4b 03 04 (looks like a ZIP archive)',
    );
    expect(r.reader.format).toBeNull();
  });

  it('reports an empty or tiny file', () => {
    expect(read(new Uint8Array(0)).reader.error?.message).toMatch(/empty/);
    const tiny = read(hex('d4 c3'));
    expect(tiny.reader.error?.code).toBe('not-a-capture');
    expect(tiny.reader.error?.message).toMatch(/only 2 bytes long/);
  });

  it('reports a truncated packet after delivering the packets before it', () => {
    const cut = read(BE_NS_PCAP.slice(0, BE_NS_PCAP.length - 2));
    expect(cut.packets).toHaveLength(1);
    expect(cut.reader.error?.code).toBe('file-truncated');
    expect(cut.reader.error?.message).toBe(
      'file ends in the middle of a packet record at offset 42 (1 of 3 bytes present)',
    );
    expect(cut.reader.error?.offset).toBe(42);
  });

  it('reports a truncated record header and a truncated file header', () => {
    const header = read(MINIMAL_LE_PCAP.slice(0, 30));
    expect(header.reader.error?.code).toBe('file-truncated');
    expect(header.reader.error?.message).toMatch(/record header at offset 24 \(6 of 16 bytes present\)/);
    const fileHeader = read(MINIMAL_LE_PCAP.slice(0, 10));
    expect(fileHeader.reader.error?.code).toBe('file-truncated');
    expect(fileHeader.reader.error?.message).toMatch(/pcap file header \(10 of 24 bytes present\)/);
  });

  it('calls an impossible captured length corrupt instead of waiting for it', () => {
    const bad = BE_NS_PCAP.slice();
    bad.set(hex('10 00 00 00'), 50); // record 2 incl_len 0x10000000 = 256 MiB
    const r = read(bad);
    expect(r.packets).toHaveLength(1);
    expect(r.reader.error?.code).toBe('file-corrupt');
    expect(r.reader.error?.message).toBe(
      'packet record at offset 42 claims 268435456 captured bytes, more than the 262144-byte maximum for link type 101 with snaplen 262144',
    );
  });

  it('refuses pcap version 1', () => {
    const old = MINIMAL_LE_PCAP.slice();
    old.set(hex('01 00'), 4);
    expect(read(old).reader.error?.code).toBe('unsupported');
  });

  it('names a pcapng block shorter than the minimum', () => {
    const bad = PCAPNG_WITH_COMMENT.slice();
    bad.set(hex('07 00 00 00'), 32); // IDB total length 7
    const r = read(bad);
    expect(r.reader.error?.code).toBe('file-corrupt');
    expect(r.reader.error?.message).toBe(
      'Interface Description Block at offset 28 claims length 7, which is less than the 20-byte minimum',
    );
  });

  it('names a mismatched trailer, an unknown interface and an unsupported version', () => {
    const trailer = PCAPNG_WITH_COMMENT.slice();
    trailer.set(hex('2c 00 00 00'), 64);
    expect(read(trailer).reader.error?.message).toBe(
      'Interface Description Block at offset 28 has total length 40 at its start but 44 at its end',
    );
    const iface = PCAPNG_WITH_COMMENT.slice();
    iface.set(hex('03 00 00 00'), 76); // EPB interface id 3
    const r = read(iface);
    expect(r.reader.error?.code).toBe('file-corrupt');
    expect(r.reader.error?.message).toMatch(/refers to interface 3, but the section has 1 interface$/);
    const version = PCAPNG_WITH_COMMENT.slice();
    version.set(hex('02 00'), 12);
    expect(read(version).reader.error?.code).toBe('unsupported');
  });

  it('reports a pcapng cut inside a block', () => {
    const r = read(PCAPNG_WITH_COMMENT.slice(0, 100));
    expect(r.reader.error?.code).toBe('file-truncated');
    expect(r.reader.error?.message).toBe(
      'file ends in the middle of a packet record (Enhanced Packet Block) at offset 68 (32 of 60 bytes present)',
    );
  });
});

/** Little-endian 32-bit word as hex, for the generated pcapng blocks below. */
function w(n: number): string {
  return Buffer.from(Uint32Array.of(n).buffer).toString('hex');
}

describe('CaptureReader pcapng coverage', () => {
  const shb = PCAPNG_WITH_COMMENT.slice(0, 28);
  // IDB: linktype 101, snaplen 3, if_tsresol 0x8a (2^-10 s), if_tsoffset 1000 s.
  const idbBinary = hex(
    w(1),
    w(40),
    '6500 0000',
    w(3),
    '0900 0100 8a000000',
    '0e00 0800',
    w(1000),
    w(0),
    w(40),
  );
  // SPB: original length 5, data "abcde" padded; snaplen 3 keeps "abc".
  const spb = hex(w(3), w(24), w(5), '6162636465000000', w(24));
  // EPB on interface 0 at 0x195:0x4fc40200 units of 2^-10 s = 1700000000.5 s.
  const epb = hex(w(6), w(36), w(0), w(0x195), w(0x4fc40200), w(4), w(4), '01020304', w(36));
  // Obsolete Packet Block (type 2): interface 0 (16 bits), drops 0 (16 bits), same timestamp.
  const pb = hex(w(2), w(36), '0000 0000', w(0x195), w(0x4fc40200), w(2), w(9), '0a0b0000', w(36));
  // ISB with isb_ifrecv 42 and isb_ifdrop 7.
  const isb = hex(
    w(5),
    w(52),
    w(0),
    w(0x195),
    w(0x4fc40200),
    '0400 0800',
    w(42),
    w(0),
    '0500 0800',
    w(7),
    w(0),
    w(0),
    w(52),
  );
  // A block of an unassigned type, and a Name Resolution Block with only opt_endofrecord.
  const unknown = hex(w(0x77), w(16), w(0xdeadbeef), w(16));
  const nrb = hex(w(4), w(16), w(0), w(16));

  it('reads SPB, obsolete PB, ISB, binary if_tsresol and if_tsoffset, and skips unknown blocks', () => {
    const file = new Uint8Array([...shb, ...idbBinary, ...spb, ...unknown, ...nrb, ...epb, ...pb, ...isb]);
    const r = read(file);
    expect(r.reader.error).toBeNull();
    expect(r.interfaces[0]).toMatchObject({ linkType: 101, snapLen: 3, tsUnitsPerSec: 1024 });
    expect(r.packets.map((p) => [p.frame, p.tsSec, p.tsNsec, p.capLen, p.origLen, p.data])).toEqual([
      [1, 0, 0, 3, 5, '616263'],
      // 1700000000.5 s plus the 1000 s offset.
      [2, 1700001000, 500000000, 4, 4, '01020304'],
      [3, 1700001000, 500000000, 2, 9, '0a0b'],
    ]);
    expect(r.stats).toEqual([
      { interfaceId: 0, tsSec: 1700001000, tsNsec: 500000000, received: 42, dropped: 7 },
    ]);
    expect(r.anomalies).toContain('pcapng-unknown-block');
    expect(r.anomalies).toContain('caplen-exceeds-snaplen');
  });

  it('reads a second section in the other byte order, with its own interface numbering', () => {
    const be = (n: number) => n.toString(16).padStart(8, '0');
    const shbBe = hex('0a0d0d0a', be(28), '1a2b3c4d', '0001 0000', 'ffffffffffffffff', be(28));
    const idbBe = hex(be(1), be(20), '0071 0000', be(0), be(20));
    const epbBe = hex(be(6), be(36), be(0), be(0), be(1_000_001), be(3), be(3), '414243 00', be(36));
    const file = new Uint8Array([...PCAPNG_WITH_COMMENT, ...shbBe, ...idbBe, ...epbBe]);
    const r = read(file, [7]);
    expect(r.reader.error).toBeNull();
    expect(r.sections.map((s) => s.byteOrder)).toEqual(['le', 'be']);
    expect(r.interfaces.map((i) => [i.id, i.linkType])).toEqual([
      [0, 1],
      [0, 113],
    ]);
    expect(r.packets.map((p) => [p.frame, p.interfaceId, p.linkType, p.tsSec, p.tsNsec, p.data])).toEqual([
      [1, 0, 1, 1700000000, 654321000, '68656c6c6f'],
      [2, 0, 113, 1, 1000, '414243'],
    ]);
  });

  it('numbers custom blocks as frames, as Wireshark does, without delivering them', () => {
    const custom = hex(w(0xbad), w(20), w(32473), 'abcd0000', w(20));
    const r = read(
      new Uint8Array([...PCAPNG_WITH_COMMENT.slice(0, 68), ...custom, ...PCAPNG_WITH_COMMENT.slice(68)]),
    );
    expect(r.packets.map((p) => p.frame)).toEqual([2]);
    expect(r.reader.frames).toBe(2);
    expect(r.reader.packets).toBe(1);
  });
});
