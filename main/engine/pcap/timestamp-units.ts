/**
 * Exact conversion of pcapng 64-bit timestamps (a count of 1/unitsPerSec since the epoch) into
 * whole seconds and nanoseconds, without BigInt on the common paths: the reader does this for
 * every packet, and nanosecond timestamps of today (~1.7e18) do not fit a double exactly.
 */

/** 1e9 = 2^9 * 1953125; used to scale binary fractions to nanoseconds without overflow. */
const NS_ODD_FACTOR = 1953125;
const TWO32 = 4294967296;

export class TimestampUnits {
  /** Whole seconds and nanoseconds of the last `convert` call. */
  sec = 0;
  nsec = 0;
  /** Timestamp units per second, as a number (inexact only for absurd resolutions above 2^53). */
  readonly perSec: number;
  private readonly divisor: number;
  private readonly bigDivisor: bigint;
  private readonly fast: boolean;
  /** Multiplier (decimal) or shift (binary) that turns a remainder into nanoseconds. */
  private readonly nsScale: number;
  /** Quotient of the last longDivide. */
  private quotient = 0;

  /**
   * `base` is 10 or 2 and `exponent` the power: a unit is base^-exponent seconds, as in
   * pcapng's if_tsresol option. `offsetSec` is if_tsoffset, added to every timestamp.
   */
  constructor(
    readonly base: 10 | 2,
    readonly exponent: number,
    private readonly offsetSec = 0,
  ) {
    this.bigDivisor = BigInt(base) ** BigInt(exponent);
    this.perSec = Number(this.bigDivisor);
    this.divisor = this.perSec;
    // The long division below needs remainder * 65536 < 2^53, so the divisor must stay below 2^37;
    // the nanosecond scaling needs decimal exponents <= 9 or binary exponents <= 32.
    this.fast = base === 10 ? exponent <= 9 : exponent <= 32;
    if (base === 10) this.nsScale = exponent <= 9 ? 10 ** (9 - exponent) : 0;
    else this.nsScale = exponent >= 9 ? 2 ** (exponent - 9) : 2 ** (9 - exponent);
  }

  /** Microseconds, the pcapng default when an interface has no if_tsresol. */
  static micro(offsetSec = 0): TimestampUnits {
    return new TimestampUnits(10, 6, offsetSec);
  }

  /**
   * Decodes an if_tsresol byte: the high bit selects base 2, the rest is the exponent. Returns
   * null for resolutions finer than 10^-19 or 2^-63, which a 64-bit counter cannot use.
   */
  static fromTsresol(value: number, offsetSec = 0): TimestampUnits | null {
    const base = value & 0x80 ? 2 : 10;
    const exponent = value & 0x7f;
    if ((base === 10 && exponent > 19) || (base === 2 && exponent > 63)) return null;
    return new TimestampUnits(base, exponent, offsetSec);
  }

  /**
   * Converts the timestamp high:low (two unsigned 32-bit words) into `sec` and `nsec`.
   *
   * Every packet takes the same path, a full long division, rather than dividing a shared high
   * word once and only what the low word adds: that cached path ran its high-word branch for the
   * first time long after the packet loop was optimized (a nanosecond high word changes every
   * 4.3 s of capture) and added `low`, which crosses 2^31 at random, in small-integer arithmetic
   * the optimizer had speculated on, so each capture threw away the optimized packet-block code
   * twice to recompile it. The long division's intermediates are past 2^31 from the first packet
   * on, and two more divisions per packet cost far less than one recompile.
   */
  convert(high: number, low: number): void {
    if (!this.fast) {
      this.convertBig(high, low);
      return;
    }
    const r = this.longDivide(high, low);
    this.sec = this.quotient + this.offsetSec;
    this.setNsec(r);
  }

  /**
   * Long division of the 64-bit value high:low by d in base-2^16 digits, which keeps every
   * product below 2^53: sets `quotient` and returns the remainder. Each digit divides with
   * Math.floor(t / d) rather than `%`, which compiles to a call to fmod. For integers t < 2^53
   * the quotient is exact: rounding t / d moves it by less than t/d * 2^-53 < 1/d, and a
   * non-integer t / d is at least 1/d below the next integer, so floor never rounds up.
   */
  private longDivide(high: number, low: number): number {
    const d = this.divisor;
    const q1 = Math.floor(high / d);
    let r = high - q1 * d;
    let t = r * 65536 + (low >>> 16);
    const q2 = Math.floor(t / d);
    r = t - q2 * d;
    t = r * 65536 + (low & 0xffff);
    const q3 = Math.floor(t / d);
    r = t - q3 * d;
    this.quotient = q1 * TWO32 + q2 * 65536 + q3;
    return r;
  }

  /** Nanoseconds of a remainder of r units. */
  private setNsec(r: number): void {
    if (this.base === 10) {
      this.nsec = r * this.nsScale;
    } else if (this.exponent >= 9) {
      // floor(r * 1e9 / 2^e) = floor(r * 1953125 / 2^(e-9)); r < 2^32 keeps the product below 2^53.
      this.nsec = Math.floor((r * NS_ODD_FACTOR) / this.nsScale);
    } else {
      this.nsec = r * NS_ODD_FACTOR * this.nsScale;
    }
  }

  private convertBig(high: number, low: number): void {
    const ts = (BigInt(high) << 32n) | BigInt(low);
    const rem = ts % this.bigDivisor;
    this.sec = Number(ts / this.bigDivisor) + this.offsetSec;
    this.nsec = Number((rem * 1_000_000_000n) / this.bigDivisor);
  }
}
