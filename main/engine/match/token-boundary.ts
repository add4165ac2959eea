/**
 * The whole-token rule of DESIGN §5: an occurrence counts only when the character next to it
 * (decoded in the variant's own encoding) does not continue the token. See variant.ts for the
 * meaning of each boundary and unit.
 */
import type { Boundary, BoundaryUnit } from './variant';

/** Reads one stream byte; -1 when it is not known (before the stream, or not yet received). */
export type ByteReader = (position: number) => number;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x57 : -1;
}

function isAlnum(c: number): boolean {
  const l = c | 0x20;
  return isDigit(c) || (l >= 0x61 && l <= 0x7a);
}

/** True when character `c` would continue a token of the given boundary kind. */
export function continuesToken(boundary: Boundary, c: number): boolean {
  switch (boundary) {
    case 'digit':
    case 'digit-prefix':
      return isDigit(c);
    case 'hex':
      return hexValue(c) >= 0;
    case 'word':
      return isAlnum(c);
    default:
      return false;
  }
}

/**
 * The character whose encoding starts at `position`, or -1 when those bytes are unknown or do
 * not decode as that unit (then nothing continues the token there).
 */
export function decodeUnit(unit: BoundaryUnit, read: ByteReader, position: number): number {
  switch (unit) {
    case 'byte':
      return read(position);
    case 'utf16le': {
      const lo = read(position);
      return read(position + 1) === 0 ? lo : -1;
    }
    case 'hex': {
      const hi = hexValue(read(position));
      const lo = hexValue(read(position + 1));
      return hi >= 0 && lo >= 0 ? (hi << 4) | lo : -1;
    }
    case 'json-u': {
      // "\u00XX": only ASCII characters can continue an ASCII token.
      if (read(position) !== 0x5c || read(position + 1) !== 0x75) return -1;
      if (read(position + 2) !== 0x30 || read(position + 3) !== 0x30) return -1;
      const hi = hexValue(read(position + 4));
      const lo = hexValue(read(position + 5));
      return hi >= 0 && lo >= 0 ? (hi << 4) | lo : -1;
    }
    default:
      return -1;
  }
}
