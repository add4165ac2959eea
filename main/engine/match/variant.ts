/**
 * What the matcher searches for: one byte pattern per written form and encoding of an
 * identifier (DESIGN §5), with the token rule that decides whether an occurrence is the
 * identifier itself or part of something longer.
 */

/**
 * Which neighbouring character makes an occurrence part of a longer token:
 * - `digit`: an ASCII digit (numeric identifiers must not sit inside a longer number);
 * - `hex`: an ASCII hex digit, either case (MACs, Android IDs, hashes);
 * - `word`: an ASCII letter or digit (emails, serials, names);
 * - `digit-prefix`: a digit before the value only; more digits may follow, because a coordinate
 *   sent to more decimal places than the reporter typed is still their location;
 * - `none`: no rule, for encodings whose neighbours belong to the same encoded run (base64).
 */
export type Boundary = 'digit' | 'hex' | 'word' | 'digit-prefix' | 'none';

/**
 * How the neighbouring character is written, so the boundary rule applies to the decoded
 * character and not to a byte of its encoding:
 * - `byte`: one byte (plain text, percent-encoding, hashes in hex);
 * - `utf16le`: a two-byte UTF-16LE code unit whose high byte is zero;
 * - `hex`: two hex digits encoding one byte (hex of the ASCII);
 * - `json-u`: a six-byte JSON escape `\u00XX`.
 */
export type BoundaryUnit = 'byte' | 'utf16le' | 'hex' | 'json-u';

export interface Variant {
  bytes: Uint8Array;
  /** Encoding name as reported in leak records (see variants.ts for the list). */
  encoding: string;
  boundary: Boundary;
  unit: BoundaryUnit;
  /** ASCII letters match in either case. Only base64 forms are case-sensitive. */
  caseInsensitive: boolean;
}

/** Width in bytes of one neighbouring character for each unit. */
export const UNIT_WIDTH: Readonly<Record<BoundaryUnit, number>> = {
  byte: 1,
  utf16le: 2,
  hex: 2,
  'json-u': 6,
};

/** The widest unit: how far before a match the matcher must remember bytes. */
export const MAX_UNIT_WIDTH = 6;
