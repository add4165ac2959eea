import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLink } from './decode-link';

const LINK_TYPES = [0, 1, 9, 10, 12, 14, 50, 101, 104, 105, 108, 113, 119, 127, 163, 228, 229, 276, 147];

describe('decodeLink on random bytes', () => {
  it('never throws and never points past the frame', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LINK_TYPES), fc.uint8Array({ maxLength: 200 }), (linkType, data) => {
        const link = decodeLink(linkType, data, () => {});
        if (link !== null) {
          expect(link.offset).toBeGreaterThanOrEqual(0);
          expect(link.offset).toBeLessThanOrEqual(data.length);
          expect(link.etherType).toBeGreaterThanOrEqual(0);
          expect(link.etherType).toBeLessThanOrEqual(0xffff);
        }
      }),
      { numRuns: 20_000 },
    );
  });

  it('survives deep shim chains (VLAN, PPPoE, MPLS pseudowires) built from random choices', () => {
    const shims = [
      '8100 0001',
      '88a8 0002',
      '8864 1100 0001 0010 0281',
      '8847 00001140 00000000 020000000001 020000000002',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...shims), { maxLength: 30 }),
        fc.uint8Array({ maxLength: 40 }),
        (chain, tail) => {
          const head = '020000000001 020000000002 ' + chain.join(' ');
          const digits = head.replace(/\s+/g, '');
          const bytes = new Uint8Array(digits.length / 2 + tail.length);
          for (let i = 0; i < digits.length / 2; i++) bytes[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
          bytes.set(tail, digits.length / 2);
          const link = decodeLink(1, bytes, () => {});
          if (link !== null) expect(link.offset).toBeLessThanOrEqual(bytes.length);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
