/**
 * The helper's slab of enhanced packet blocks against pcapng-writer's `enhancedPacket` (the
 * general writer, whose output tshark reads in pcapng-writer.test.ts): byte for byte the same
 * blocks, padding zeroed although the slab is reused, bursts split where the slab is full.
 */
import { describe, expect, it } from 'vitest';
import { enhancedPacket } from '../engine/pcap/pcapng-writer';
import { PacketSlab } from './packet-slab';

function reference(data: Uint8Array, micros: number): Buffer {
  const tsSec = Math.floor(micros / 1e6);
  const block = enhancedPacket(
    { interfaceId: 0, tsSec, tsNsec: (micros - tsSec * 1e6) * 1000, data, origLen: data.length },
    1_000_000,
  );
  return Buffer.from(block);
}

describe('PacketSlab', () => {
  it('writes the same blocks as the general pcapng writer', () => {
    const out: Buffer[] = [];
    const slab = new PacketSlab(4096, (b) => out.push(b));
    const packets = [1, 2, 3, 4, 5, 60, 1514].map((n) =>
      Uint8Array.from({ length: n }, (_, i) => (i * 7 + n) & 0xff),
    );
    const micros = 1_795_000_000_123_456; // 2026-11-18, past 2^32 microseconds several times over
    const scratch = Buffer.alloc(2048);
    packets.forEach((p, i) => {
      scratch.fill(0xee); // cap's reused buffer holds the previous, longer packet's bytes
      scratch.set(p);
      slab.add(scratch, p.length, p.length, micros + i);
    });
    expect(slab.pending).toBe(packets.length);
    slab.flush();
    expect(slab.pending).toBe(0);
    expect(Buffer.concat(out)).toEqual(Buffer.concat(packets.map((p, i) => reference(p, micros + i))));
  });

  it('zeroes the padding of a reused slab and hands a full slab out before it overflows', () => {
    const out: Buffer[] = [];
    const slab = new PacketSlab(256, (b) => out.push(b));
    slab.add(Buffer.alloc(200, 0xff), 200, 200, 1);
    slab.flush();
    slab.add(Buffer.alloc(5, 1), 5, 5, 2); // pads 3 bytes where 0xff lay
    slab.add(Buffer.alloc(190, 2), 190, 1500, 3); // does not fit beside the first
    slab.flush();
    expect(out.map((b) => b.length)).toEqual([232, 40, 224]);
    expect([...out[1].subarray(33, 36)]).toEqual([0, 0, 0]);
    expect(out[2].readUInt32LE(24)).toBe(1500); // original length kept apart from captured
    expect(out[2].readUInt32LE(20)).toBe(190);
  });

  it('refuses a packet larger than a slab', () => {
    const slab = new PacketSlab(64, () => {});
    expect(() => slab.add(Buffer.alloc(100), 100, 100, 0)).toThrow(/does not fit a 64-byte slab/);
  });
});
