import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PcapngBlockTap } from './pcapng-block-tap';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/#.*$/gm, '').replace(/\s+/g, ''), 'hex'));

// A little-endian pcapng stream written by hand from draft-ietf-opsawg-pcapng, every field named.
const STREAM = hex(`
  0a0d0d0a 1c000000   # SHB, total length 28
  4d3c2b1a            # byte-order magic 0x1A2B3C4D, little-endian
  0100 0000           # version 1.0
  ffffffff ffffffff   # section length unknown
  1c000000            # total length again
  01000000 14000000   # IDB, total length 20
  0100 0000           # LinkType 1 (Ethernet), reserved
  ffff0000            # SnapLen 65535
  14000000
  06000000 30000000   # EPB, total length 48
  00000000            # interface 0
  00000000 00000000   # timestamp
  0e000000            # captured length 14
  3c000000            # original length 60
  ffffffffffff 020000000001 0800 0000   # 14 bytes of Ethernet header + 2 bytes padding
  30000000
  03000000 14000000   # SPB, total length 20
  2a000000            # original length 42
  00000000            # 4 bytes of data
  14000000
  05000000 58000000   # ISB, total length 88
  00000000            # interface 0
  00000000 00000000   # timestamp
  0100 0800 636f756e 74657273 # opt_comment, 8 bytes: "counters"
  0400 0800 0a000000 00000000 # isb_ifrecv 10
  0500 0800 03000000 00000000 # isb_ifdrop 3
  0700 0800 05000000 01000000 # isb_osdrop 2^32 + 5
  0800 0800 02000000 00000000 # isb_usrdeliv 2
  0000 0000           # opt_endofopt
  58000000
`);

function expectCounts(tap: PcapngBlockTap): void {
  expect(tap.error).toBeNull();
  expect(tap.packets).toBe(2);
  expect(tap.bytes).toBe(60 + 42);
  expect(tap.linkType).toBe(1);
  expect(tap.lastStats).toEqual({
    interfaceId: 0,
    comment: 'counters',
    ifRecv: 10,
    ifDrop: 3,
    osDrop: 4294967296 + 5,
    userDelivered: 2,
  });
}

describe('PcapngBlockTap', () => {
  it('counts packets and reads statistics from a hand-written stream in one chunk', () => {
    const tap = new PcapngBlockTap();
    tap.push(STREAM);
    expectCounts(tap);
  });

  it('gives the same answer however the stream is split', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: STREAM.length - 1 }), { maxLength: 12 }),
        (cuts) => {
          const tap = new PcapngBlockTap();
          let at = 0;
          for (const cut of [...cuts.sort((a, b) => a - b), STREAM.length]) {
            tap.push(STREAM.subarray(at, cut));
            at = cut;
          }
          expectCounts(tap);
        },
      ),
    );
    const bytewise = new PcapngBlockTap();
    for (let i = 0; i < STREAM.length; i++) bytewise.push(STREAM.subarray(i, i + 1));
    expectCounts(bytewise);
  });

  it('stops with a reason on a stream that is not pcapng or lies about a length', () => {
    const notPcapng = new PcapngBlockTap();
    notPcapng.push(hex('d4c3b2a1 02000400'));
    expect(notPcapng.error).toMatch(/does not start with a pcapng section header/);
    const badLength = new PcapngBlockTap();
    badLength.push(STREAM.subarray(0, 28));
    badLength.push(hex('01000000 0d000000'));
    expect(badLength.error).toMatch(/claims a length of 13 bytes/);
  });

  it('never throws on arbitrary bytes after a valid header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (tail) => {
        const tap = new PcapngBlockTap();
        tap.push(STREAM.subarray(0, 48));
        tap.push(tail);
        expect(tap.packets).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  const hasTools =
    spawnSync('dumpcap', ['-v'], { stdio: 'ignore' }).status === 0 &&
    spawnSync('capinfos', ['-h'], { stdio: 'ignore' }).status === 0 &&
    process.getuid?.() === 0;
  it.skipIf(!hasTools)('agrees with capinfos on a stream dumpcap wrote', () => {
    const dir = mkdtempSync(join(tmpdir(), 'phonehome-tap-'));
    const dumpcapFile = join(dir, 'dumpcap.pcapng');
    const r = spawnSync('dumpcap', ['-i', 'lo', '-q', '-a', 'duration:1', '-w', dumpcapFile], {
      stdio: 'ignore',
    });
    expect(r.status).toBe(0);
    const tap = new PcapngBlockTap();
    tap.push(readFileSync(dumpcapFile));
    const info = spawnSync('capinfos', ['-M', '-c', '-T', '-r', dumpcapFile], { encoding: 'utf8' });
    const packets = Number(info.stdout.trim().split('\n').pop()!.split('\t')[1]);
    expect(tap.error).toBeNull();
    expect(tap.packets).toBe(packets);
    expect(tap.lastStats?.comment).toBe('Counters provided by dumpcap');
    // dumpcap's closing block carries isb_ifdrop (its count depends on the machine's load).
    expect(typeof tap.lastStats?.ifDrop).toBe('number');
    rmSync(dir, { recursive: true, force: true });
  });
});
