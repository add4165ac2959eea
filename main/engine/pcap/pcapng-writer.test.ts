import { describe, expect, it } from 'vitest';
import { CaptureReader } from './capture-reader';
import {
  enhancedPacket,
  interfaceDescription,
  interfaceStatistics,
  sectionHeader,
  timestampWords,
} from './pcapng-writer';
import type { CapturedPacket, InterfaceStats } from './types';

function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function clean(...parts: string[]): string {
  return parts.join('').replace(/\s+/g, '');
}

describe('pcapng block builders', () => {
  it('builds a section header with options, per draft-ietf-opsawg-pcapng 4.1', () => {
    expect(hexOf(sectionHeader({ application: 'ph', comments: ['hi!!'] }))).toBe(
      clean(
        '0a0d0d0a', //         block type SHB
        '30000000', //         total length 48
        '4d3c2b1a', //         byte-order magic, little-endian
        '0100 0000', //        version 1.0
        'ffffffffffffffff', // section length unknown
        '0400 0200 7068 0000', // shb_userappl (4), length 2, "ph" + 2 bytes padding
        '0100 0400 68692121', //  opt_comment (1), length 4, "hi!!"
        '0000 0000', //        opt_endofopt
        '30000000', //         total length 48
      ),
    );
  });

  it('builds an interface description with if_name and if_tsresol=9', () => {
    expect(hexOf(interfaceDescription({ linkType: 1, snapLen: 65535, name: 'wlan0', tsResolNs: true }))).toBe(
      clean(
        '01000000', //         block type IDB
        '2c000000', //         total length 44
        '0100 0000', //        linktype 1, reserved
        'ffff0000', //         snaplen 65535
        '0200 0500 776c616e 30000000', // if_name (2), length 5, "wlan0" + 3 bytes padding
        '0900 0100 09000000', //          if_tsresol (9), length 1, 9 + 3 bytes padding
        '0000 0000', //        opt_endofopt
        '2c000000', //         total length 44
      ),
    );
  });

  it('builds an enhanced packet with a nanosecond timestamp and a comment', () => {
    const block = enhancedPacket(
      {
        interfaceId: 1,
        tsSec: 1700000000,
        tsNsec: 123456789,
        data: Uint8Array.of(1, 2, 3),
        origLen: 60,
        comments: ['x'],
      },
      1e9,
    );
    // 1700000000.123456789 s = 1700000000123456789 ns = 0x17979cfe_3d85cd15.
    expect(hexOf(block)).toBe(
      clean(
        '06000000', //  block type EPB
        '30000000', //  total length 48
        '01000000', //  interface id 1
        'fe9c9717', //  timestamp upper 0x17979cfe
        '15cd853d', //  timestamp lower 0x3d85cd15
        '03000000', //  captured length 3
        '3c000000', //  original length 60
        '01020300', //  data + 1 byte padding
        '0100 0100 78000000', // opt_comment (1), length 1, "x" + 3 bytes padding
        '0000 0000', // opt_endofopt
        '30000000', //  total length 48
      ),
    );
  });

  it('builds interface statistics with 64-bit counters', () => {
    expect(
      hexOf(
        interfaceStatistics(
          { interfaceId: 0, tsSec: 1, tsNsec: 5000, received: 2 ** 32 + 1, dropped: 3 },
          1e6,
        ),
      ),
    ).toBe(
      clean(
        '05000000', //  block type ISB
        '34000000', //  total length 52
        '00000000', //  interface id 0
        '00000000', //  timestamp upper
        '45420f00', //  timestamp lower 1000005 µs
        '0400 0800 01000000 01000000', // isb_ifrecv (4), length 8, 2^32 + 1
        '0500 0800 03000000 00000000', // isb_ifdrop (5), length 8, 3
        '0000 0000', // opt_endofopt
        '34000000', //  total length 52
      ),
    );
  });

  it('splits timestamps exactly at both resolutions', () => {
    expect(timestampWords(4294967295, 999999999, 1e9)).toEqual({ high: 0x3b9ac9ff, low: 0xffffffff });
    expect(timestampWords(1700000000, 999999999, 1e6)).toEqual({ high: 0x60a24, low: 0x182d823f });
    expect(() => timestampWords(-1, 0, 1e9)).toThrow(RangeError);
    expect(() => timestampWords(0, 1e9, 1e9)).toThrow(RangeError);
  });

  it('produces blocks the reader reads back unchanged', () => {
    const file = [
      sectionHeader({
        application: 'PhoneHome test',
        os: 'Linux',
        hardware: 'x86_64',
        comments: ['one', 'two'],
      }),
      interfaceDescription({
        linkType: 1,
        snapLen: 262144,
        name: 'eth0',
        description: 'wired',
        tsResolNs: true,
      }),
      interfaceDescription({ linkType: 101, snapLen: 0 }),
      enhancedPacket(
        { interfaceId: 0, tsSec: 1700000000, tsNsec: 1, data: Uint8Array.of(9, 8, 7, 6, 5), origLen: 5 },
        1e9,
      ),
      enhancedPacket(
        {
          interfaceId: 1,
          tsSec: 1700000001,
          tsNsec: 999999000,
          data: new Uint8Array(0),
          origLen: 40,
          comments: ['a', 'ü'],
        },
        1e6,
      ),
      interfaceStatistics({ interfaceId: 1, tsSec: 1700000002, tsNsec: 0, received: 10, dropped: 0 }, 1e6),
    ];
    const packets: CapturedPacket[] = [];
    const stats: InterfaceStats[] = [];
    let section: unknown;
    const reader = new CaptureReader({
      onPacket: (p) => packets.push({ ...p, data: p.data.slice() }),
      onSection: (s) => (section = s),
      onInterfaceStats: (s) => stats.push(s),
    });
    for (const block of file) reader.push(block);
    reader.end();
    expect(reader.error).toBeNull();
    expect(section).toEqual({
      format: 'pcapng',
      byteOrder: 'le',
      versionMajor: 1,
      versionMinor: 0,
      application: 'PhoneHome test',
      os: 'Linux',
      hardware: 'x86_64',
      comments: ['one', 'two'],
    });
    expect(
      packets.map((p) => [p.interfaceId, p.linkType, p.tsSec, p.tsNsec, [...p.data], p.origLen, p.comments]),
    ).toEqual([
      [0, 1, 1700000000, 1, [9, 8, 7, 6, 5], 5, undefined],
      [1, 101, 1700000001, 999999000, [], 40, ['a', 'ü']],
    ]);
    expect(stats).toEqual([{ interfaceId: 1, tsSec: 1700000002, tsNsec: 0, received: 10, dropped: 0 }]);
  });
});
