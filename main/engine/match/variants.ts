/**
 * Every byte pattern under which one identifier is searched (DESIGN §5).
 *
 * Encoding names. A written form found as is is reported under the form's name:
 *   plain               the canonical value (IMEI 15 digits, MAC aa:bb:.., email lower-case, ...)
 *   imei-14, imeisv, imei-grouped
 *   phone-e164 (+8613800138000), phone-00 (008613800138000), phone-digits (8613800138000),
 *   phone-national (13800138000), phone-trunk (013800138000), phone-grouped (138 0013 8000,
 *   (213) 373-4253, 213-373-4253, ...), phone-grouped-intl (+86 138 0013 8000, +86-13800138000)
 *   iccid-no-check, mac-dash, mac-dot, mac-bare, uuid-bare, location-space, location-lon-lat,
 *   location-rounded-N (N decimals, only where still within the radius), location-lat, location-lon,
 *   location-nearby (a GPS pair within the radius, found by the engine rather than as a pattern)
 * An encoding of a form is named after the encoding, followed by the form in parentheses
 * unless the form is the kind's first (canonical) one: "md5-hex", "base64(imei-14)".
 *   url        RFC 3986 percent-encoding, spaces as %20 (every form)
 *   url-form   the same with spaces as "+" (every form that has a space)
 *   base64     standard alphabet, any alignment inside a longer base64 run
 *   base64url  URL-safe alphabet, any alignment
 *   hex        hex of the UTF-8 bytes, either case
 *   utf16le    UTF-16LE
 *   json-u     every character as a JSON \u escape;  json-ascii  only non-ASCII ones escaped
 *   md5-hex, md5-base64, md5-base64url, and the same for sha1 and sha256: a digest of the form
 *              (and of its lower- and upper-case spellings), in hex of either case or base64
 *              without padding.
 */
import { createHash } from 'node:crypto';
import type { Identifier } from '../../../shared/identifier-types';
import {
  base64Middles,
  base64Of,
  byteString,
  hexOf,
  jsonEscapeAll,
  jsonEscapeNonAscii,
  percentEncode,
  toBase64Url,
  utf16leBytes,
  utf8Bytes,
} from './encodings';
import type { Boundary, BoundaryUnit, Variant } from './variant';
import { writtenForms, type WrittenForm } from './written-forms';

/**
 * Encodings that carry no token boundary (base64 runs) must be at least this long: eight
 * base64 characters occur by chance once in 64^8 ≈ 3·10^14 positions.
 */
const MIN_UNBOUNDED_LENGTH = 8;

const HASHES = ['md5', 'sha1', 'sha256'] as const;

/**
 * Identity of a byte pattern: case-insensitive ones are equal when folded. The bytes as text,
 * one char per byte, make an exact key.
 */
export function patternKey(bytes: Uint8Array, caseInsensitive: boolean): string {
  return caseInsensitive ? 'i' + byteString(foldAscii(bytes)) : 's' + byteString(bytes);
}

/** A copy of the bytes with 'A'..'Z' folded to 'a'..'z' (and nothing else). */
function foldAscii(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let i = 0; i < out.length; i++) if (out[i] >= 0x41 && out[i] <= 0x5a) out[i] |= 0x20;
  return out;
}

/** Collects variants, dropping byte patterns already present (the first, most specific wins). */
class VariantSet {
  readonly list: Variant[] = [];
  private readonly seen = new Set<string>();

  add(
    bytes: Uint8Array,
    encoding: string,
    boundary: Boundary,
    unit: BoundaryUnit,
    caseInsensitive: boolean,
  ): void {
    if (bytes.length === 0) return;
    if (boundary === 'none' && bytes.length < MIN_UNBOUNDED_LENGTH) return;
    // A case-insensitive pattern also covers every case-sensitive spelling of it.
    const foldedKey = patternKey(bytes, true);
    if (this.seen.has(foldedKey)) return;
    const key = caseInsensitive ? foldedKey : patternKey(bytes, false);
    if (!caseInsensitive && this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ bytes, encoding, boundary, unit, caseInsensitive });
  }
}

/** The spellings whose encodings differ by case: as given, lower, upper (and the user's own typing). */
function spellings(text: string, typed: string): string[] {
  const out = [text];
  if (typed !== text && typed.toLowerCase() === text.toLowerCase()) out.push(typed);
  out.push(text.toLowerCase(), text.toUpperCase());
  return [...new Set(out)];
}

function addEncodings(
  set: VariantSet,
  f: WrittenForm,
  name: (encoding: string) => string,
  typed: string,
): void {
  set.add(utf8Bytes(percentEncode(f.text, false)), name('url'), f.boundary, 'byte', true);
  set.add(utf8Bytes(percentEncode(f.text, true)), name('url-form'), f.boundary, 'byte', true);
  if (!f.encode) return;
  // These encodings turn a letter's case into different bytes, so each spelling gets its own.
  for (const spelling of spellings(f.text, typed)) {
    for (const middle of base64Middles(utf8Bytes(spelling))) {
      set.add(utf8Bytes(middle), name('base64'), 'none', 'byte', false);
      set.add(utf8Bytes(toBase64Url(middle)), name('base64url'), 'none', 'byte', false);
    }
    set.add(utf8Bytes(hexOf(utf8Bytes(spelling))), name('hex'), f.boundary, 'hex', true);
    set.add(utf8Bytes(jsonEscapeAll(spelling)), name('json-u'), f.boundary, 'json-u', true);
  }
  set.add(utf16leBytes(f.text), name('utf16le'), f.boundary, 'utf16le', true);
  set.add(utf8Bytes(jsonEscapeNonAscii(f.text)), name('json-ascii'), f.boundary, 'byte', true);
}

function addHashes(set: VariantSet, f: WrittenForm, name: (encoding: string) => string, typed: string): void {
  for (const spelling of spellings(f.text, typed)) {
    for (const algorithm of HASHES) {
      const digest = new Uint8Array(createHash(algorithm).update(spelling, 'utf8').digest());
      set.add(utf8Bytes(hexOf(digest)), name(`${algorithm}-hex`), 'hex', 'byte', true);
      const b64 = base64Of(digest).replace(/=+$/, '');
      set.add(utf8Bytes(b64), name(`${algorithm}-base64`), 'none', 'byte', false);
      set.add(utf8Bytes(toBase64Url(b64)), name(`${algorithm}-base64url`), 'none', 'byte', false);
    }
  }
}

/**
 * All variants of one identifier, deduplicated by byte pattern. The order is the order of
 * specificity the matcher uses to break ties: the written forms as themselves first, then
 * form by form their URL and other encodings, then the digests.
 */
export function variantsFor(id: Identifier, canonical: string): Variant[] {
  const forms = writtenForms(id, canonical);
  const set = new VariantSet();
  const typed = typeof id.value === 'string' ? id.value.trim() : canonical;
  const namer =
    (f: WrittenForm, index: number) =>
    (encoding: string): string =>
      index === 0 ? encoding : `${encoding}(${f.name})`;
  for (const f of forms) set.add(utf8Bytes(f.text), f.name, f.boundary, 'byte', true);
  forms.forEach((f, i) => addEncodings(set, f, namer(f, i), typed));
  forms.forEach((f, i) => {
    if (f.hash) addHashes(set, f, namer(f, i), typed);
  });
  return set.list;
}
