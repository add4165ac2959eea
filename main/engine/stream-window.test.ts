import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamWindow } from './stream-window';

describe('StreamWindow', () => {
  it('holds the last 1024 contiguous bytes of the stream, whatever the chunk sizes and gaps', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            // Sizes around the window (1024) and the area it is appended into (4096) as well as any.
            length: fc.oneof(
              fc.nat(300),
              fc.nat(6000),
              fc.constantFrom(1, 1023, 1024, 1025, 2047, 2048, 3071, 4095, 4096, 4097),
            ),
            gap: fc.oneof(fc.constant(0), fc.constant(0), fc.nat(50)),
          }),
          { maxLength: 80 },
        ),
        fc.array(fc.tuple(fc.nat(12000), fc.nat(1500)), { minLength: 1, maxLength: 8 }),
        (chunks, reads) => {
          const window = new StreamWindow();
          // The reference: every byte by stream offset, and where the current contiguous run began.
          const stream = new Map<number, number>();
          let offset = 0;
          let runStart = 0;
          chunks.forEach((c, index) => {
            if (c.gap > 0 && index > 0) {
              offset += c.gap;
              runStart = offset;
            }
            const bytes = Uint8Array.from({ length: c.length }, (_, i) => (offset + i * 7 + index) & 0xff);
            bytes.forEach((b, i) => stream.set(offset + i, b));
            window.add(bytes, offset, index + 1, index);
            offset += c.length;
            for (const [start, length] of reads) {
              const first = Math.max(runStart, offset - 1024);
              const s = Math.max(start, first);
              const e = Math.min(start + length, offset);
              const got = window.slice(start, start + length);
              const want = e > s ? Array.from({ length: e - s }, (_, i) => stream.get(s + i)) : [];
              expect(got.offset).toBe(s);
              expect(Array.from(got.bytes)).toEqual(want);
            }
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
