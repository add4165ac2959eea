/**
 * Identifier kinds and the identifiers file of DESIGN §4.
 * Validation lives in shared/identifiers.ts; this file is types only so every layer can import it.
 */

export const IDENTIFIER_KINDS = [
  'imei',
  'imsi',
  'iccid',
  'phone',
  'mac',
  'email',
  'android_id',
  'advertising_id',
  'serial',
  'carrier',
  'name',
  'location',
  'text',
] as const;

export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** One identifier as the user typed it (and as the identifiers file stores it). */
export interface Identifier {
  kind: IdentifierKind;
  value: string;
  label?: string;
  /** ISO 3166-1 alpha-2 country used to read a national phone number. */
  country?: string;
  /**
   * For `location`: metres around the point within which a sent position counts as this
   * location (rounded coordinates, a GPS fix a few metres off). Default LOCATION_RADIUS_DEFAULT_M.
   */
  radius?: number;
}

/** A home or office seen from a phone's GPS: a fix lands within tens of metres of it. */
export const LOCATION_RADIUS_DEFAULT_M = 150;
export const LOCATION_RADIUS_MAX_M = 50_000;

export interface IdentifiersFile {
  identifiers: Identifier[];
}

/** Result of validating one identifier. */
export interface IdentifierCheck {
  ok: boolean;
  /** Canonical form used for matching (e.g. IMEI digits only, MAC lower-case colon form, E.164). */
  canonical?: string;
  /** Human-readable problems, each saying what is wrong and how to fix it. */
  errors: string[];
  /** Non-fatal remarks (e.g. "IMSI MCC 460 = China"). */
  notes: string[];
}
