import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimestampUnits } from './timestamp-units';

/** Reference conversion with BigInt: floor division, as the pcapng draft defines the units. */
function reference(
  high: number,
  low: number,
  base: bigint,
  exponent: bigint,
  offset: number,
): [number, number] {
  const ts = (BigInt(high) << 32n) | BigInt(low);
  const perSec = base ** exponent;
  return [Number(ts / perSec) + offset, Number(((ts % perSec) * 1_000_000_000n) / perSec)];
}

describe('TimestampUnits', () => {
  it('matches a BigInt reference for every resolution a 64-bit counter can use', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 0xffffffff }),
        fc.nat({ max: 0xffffffff }),
        fc.boolean(),
        fc.nat({ max: 63 }),
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        (high, low, binary, exp, offset) => {
          const exponent = binary ? exp : exp % 20;
          const units = new TimestampUnits(binary ? 2 : 10, exponent, offset);
          units.convert(high, low);
          expect([units.sec, units.nsec]).toEqual(
            reference(high, low, binary ? 2n : 10n, BigInt(exponent), offset),
          );
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('stays exact over a run of timestamps that share or change their high word', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.nat({ max: 63 }),
        fc.array(fc.tuple(fc.nat({ max: 3 }), fc.nat({ max: 0xffffffff })), { minLength: 1, maxLength: 40 }),
        fc.nat({ max: 0xffffffff }),
        (binary, exp, steps, firstHigh) => {
          const exponent = binary ? exp : exp % 20;
          const units = new TimestampUnits(binary ? 2 : 10, exponent);
          let high = firstHigh;
          for (const [step, low] of steps) {
            // Mostly the same high word, sometimes the next one or a jump, as in a capture.
            high = step === 3 ? (high * 7919 + 1) >>> 0 : Math.min(0xffffffff, high + (step === 2 ? 1 : 0));
            units.convert(high, low);
            expect([units.sec, units.nsec]).toEqual(
              reference(high, low, binary ? 2n : 10n, BigInt(exponent), 0),
            );
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('decodes if_tsresol bytes', () => {
    expect(TimestampUnits.fromTsresol(9)?.perSec).toBe(1e9);
    expect(TimestampUnits.fromTsresol(0x8a)?.perSec).toBe(1024);
    expect(TimestampUnits.fromTsresol(20)).toBeNull();
    expect(TimestampUnits.fromTsresol(0xc0)).toBeNull();
  });
});
