/**
 * Suspected identifiers (DESIGN §5, last point): values the user did not type but that look like
 * a device or person identifier because of their shape *and* the key they sit under, such as a
 * Luhn-valid 15-digit number after `imei=`, a UUID under `gaid`, or a GPS pair. They are shown
 * apart from confirmed leaks, so the rules favour precision: a bare 15-digit number is not a
 * suspect, an IMEI-shaped value under an unrelated key is not one either.
 *
 * Threat model: the bytes are the network's (a query string, a header block, a body). At most
 * MAX_SCAN_BYTES are examined per call and at most MAX_SUSPECTS returned. There are no regular
 * expressions over the input: one forward pass visits each token once, and every look-around
 * (the key before a value, an e-mail's local part) is capped at a fixed number of bytes, so the
 * cost is linear in the scanned length. Every read is bounds-checked against the scanned end;
 * nothing here throws on any input.
 *
 * Keys are recognised in the common "key, separator, value" spellings: `imei=…` (query, form,
 * cookie), `"imei":"…"` and `"imei": …` (JSON), `X-Device-Id: …` (headers), `<imei>…` (XML).
 */
import { luhnValid } from '../../../shared/identifiers';

export type SuspectKind = 'imei' | 'imsi' | 'mac' | 'android_id' | 'advertising_id' | 'email' | 'location';

export interface Suspect {
  kind: SuspectKind;
  /** Byte offsets of the value in the scanned buffer, end exclusive. */
  start: number;
  end: number;
  /** The key the value sat under, as written (null when the shape alone decided, as for e-mail). */
  key: string | null;
  /** One sentence for the user: why this looks like an identifier. */
  reason: string;
}

/** Bytes examined per call; an identifier sits in the first few KB of a request in practice. */
export const MAX_SCAN_BYTES = 64 * 1024;
/** Suspects returned per call, so a hostile body full of UUIDs costs bounded output. */
export const MAX_SUSPECTS = 64;

const MAX_KEY = 40;
const MAX_SEPARATOR = 6;
const MAX_EMAIL_LOCAL = 64;
const MAX_EMAIL_DOMAIN = 253;
/** A coordinate is specific enough to place a person at about 10 m with four decimals. */
const MIN_COORD_DECIMALS = 4;
const MAX_COORD_DECIMALS = 15;
/** How far apart a latitude key and its longitude key may be to count as one pair. */
const MAX_PAIR_DISTANCE = 160;

/**
 * Keys, normalised (lower case, `_` `-` `.` removed, a leading `x-` header prefix dropped).
 * Each list names the spellings seen in app traffic studies and SDK sources.
 */
const IMEI_KEYS = new Set([
  'imei',
  'imei1',
  'imei2',
  'deviceid',
  'devid',
  'did',
  'deviceimei',
  'imeinumber',
  'uniqueid',
]);
const IMSI_KEYS = new Set(['imsi', 'subscriber', 'subscriberid', 'simimsi', 'imsi1', 'imsi2']);
const MAC_KEYS = new Set([
  'mac',
  'macaddr',
  'macaddress',
  'wifi',
  'wifimac',
  'wlanmac',
  'bssid',
  'btmac',
  'devicemac',
  'wmac',
]);
const ANDROID_ID_KEYS = new Set(['androidid', 'aid', 'ssaid', 'andid']);
const ADID_KEYS = new Set([
  'adid',
  'advertisingid',
  'gaid',
  'idfa',
  'googleadid',
  'aaid',
  'adsid',
  'gpsadid',
  'oaid',
]);
const LAT_KEYS = new Set(['lat', 'latitude', 'gpslat', 'loclat']);
const LON_KEYS = new Set(['lon', 'lng', 'long', 'longitude', 'gpslon', 'gpslng', 'loclon', 'loclng']);

/**
 * Mobile country codes (ITU-T E.212) of widely used networks: an IMSI starts with one. Test
 * networks (001, 999) are left out on purpose: they are not a real subscriber's.
 */
const MCCS = new Set(
  (
    '202 204 206 208 214 216 219 220 222 226 228 230 231 232 234 235 238 240 242 244 246 247 248 ' +
    '250 255 257 259 260 262 268 270 272 274 276 278 280 282 283 284 286 293 294 297 302 310 311 ' +
    '312 313 314 315 316 330 334 338 368 370 400 401 404 405 406 410 412 413 414 415 416 417 418 ' +
    '419 420 421 422 424 425 426 427 428 429 432 434 436 437 438 440 441 450 452 454 455 456 457 ' +
    '460 461 466 470 472 502 505 510 514 515 520 525 528 530 602 603 604 605 606 608 612 620 621 ' +
    '624 630 636 639 640 641 643 645 646 648 655 704 706 708 710 712 714 716 722 724 730 732 734 ' +
    '736 740 744 748'
  ).split(' '),
);

/** File extensions that follow an `@` in asset names (`icon@2x.png`), not e-mail domains. */
const ASSET_TLDS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'svg', 'js', 'css', 'json', 'xml', 'html']);

/**
 * Lengths of the bare hex / digit values judged here: MAC, IMSI, IMEI, Android ID, UUID. A table
 * indexed by length rather than a Set: it is asked for every hex-led token of the scanned bytes.
 */
const CANDIDATE_LENGTH = new Uint8Array(33);
for (const n of [12, 14, 15, 16, 32]) CANDIDATE_LENGTH[n] = 1;
const isCandidateLength = (n: number) => n < CANDIDATE_LENGTH.length && CANDIDATE_LENGTH[n] === 1;

/**
 * Character classes of every byte, one table lookup per test: the token loop below runs over
 * every byte a client sends.
 */
const DIGIT = 1;
const HEX = 2;
const ALPHA = 4;
const ALNUM = 8;
/**
 * Hex digits and '-': what a token token() judges starts with (after a non-alphanumeric byte).
 * It is ALNUM's bit shifted by one, which lets nextCandidate test "a lead after no alphanumeric"
 * without a branch.
 */
const LEADS = ALNUM << 1;
/** '@' and '%': where an e-mail address is looked for ('@', or '%' of the encoded "%40"). */
const MAIL = 32;
/**
 * Hex digits and '.': what must follow a lead for token() to find anything (every shape it
 * judges has a second hex digit, or a coordinate's '.' after its first digit). LEADS << 2, for
 * nextCandidate.
 */
const FOLLOWS = LEADS << 2;
const CLASS = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const l = c | 0x20;
  if (c >= 0x30 && c <= 0x39) CLASS[c] = DIGIT | HEX | ALNUM | LEADS | FOLLOWS;
  else if (l >= 0x61 && l <= 0x66) CLASS[c] = HEX | ALPHA | ALNUM | LEADS | FOLLOWS;
  else if (l >= 0x61 && l <= 0x7a) CLASS[c] = ALPHA | ALNUM;
}
CLASS[0x2d] = LEADS;
CLASS[0x2e] = FOLLOWS;
CLASS[0x40] = CLASS[0x25] = MAIL;

const isDigit = (c: number) => (CLASS[c] & DIGIT) !== 0;
const isHex = (c: number) => (CLASS[c] & HEX) !== 0;
const isAlpha = (c: number) => (CLASS[c] & ALPHA) !== 0;
const isAlnum = (c: number) => (CLASS[c] & ALNUM) !== 0;
const isKeyChar = (c: number) => isAlnum(c) || c === 0x5f || c === 0x2d || c === 0x2e;
/** Bytes that sit between a key and its value: = : " ' > space tab. */
const isSeparator = (c: number) =>
  c === 0x3d || c === 0x3a || c === 0x22 || c === 0x27 || c === 0x3e || c === 0x20 || c === 0x09;
const isEmailLocal = (c: number) =>
  isAlnum(c) || c === 0x2e || c === 0x5f || c === 0x2b || c === 0x2d || c === 0x7e;
const isDomainChar = (c: number) => isAlnum(c) || c === 0x2e || c === 0x2d;
const isDotOrDash = (c: number) => c === 0x2e || c === 0x2d;

function ascii(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]);
  return s;
}

/** A key as written and in normalised form. */
interface Key {
  raw: string;
  norm: string;
  /** Offset of the key's first byte, for pairing a latitude with a longitude. */
  start: number;
}

/**
 * The key written just before the value starting at `at`: up to MAX_SEPARATOR separator bytes,
 * then a run of key characters (at most MAX_KEY). A dotted path (`device.imei`) keeps its last
 * part. Null when there is no separator other than whitespace, or no key.
 */
function keyBefore(b: Uint8Array, at: number): Key | null {
  let i = at - 1;
  const sepLimit = Math.max(0, at - MAX_SEPARATOR);
  let punctuated = false;
  for (; i >= sepLimit && isSeparator(b[i]); i--) if (b[i] !== 0x20 && b[i] !== 0x09) punctuated = true;
  // Whitespace alone joins words of prose ("IMEI 4901…", "at -33.86"), not a key to its value.
  if (!punctuated || i < 0) return null;
  const keyEnd = i + 1;
  const keyLimit = Math.max(0, keyEnd - MAX_KEY);
  while (i >= keyLimit && isKeyChar(b[i])) i--;
  // A key longer than MAX_KEY is some other token (a base64 run, a path), not a key.
  if (i >= 0 && i < keyLimit && isKeyChar(b[i])) return null;
  let keyStart = i + 1;
  if (keyStart >= keyEnd) return null;
  for (let j = keyEnd - 1; j > keyStart; j--) {
    if (b[j] === 0x2e) {
      keyStart = j + 1;
      break;
    }
  }
  const raw = ascii(b, keyStart, keyEnd);
  let norm = raw.toLowerCase();
  if (norm.startsWith('x-') && norm.length > 2) norm = norm.slice(2);
  norm = norm.replace(/[-_.]/g, '');
  return norm ? { raw, norm, start: keyStart } : null;
}

/** Length of the run of bytes of character class `cls` from `at`, not past `end`. */
function runLength(b: Uint8Array, at: number, end: number, cls: number): number {
  let i = at;
  while (i < end && (CLASS[b[i]] & cls) !== 0) i++;
  return i - at;
}

/** True when nothing alphanumeric continues the token on either side of [start, end). */
function standsAlone(b: Uint8Array, start: number, end: number, limit: number): boolean {
  return (start === 0 || !isAlnum(b[start - 1])) && (end >= limit || !isAlnum(b[end]));
}

/**
 * True when every hex digit in [start, end) is zero (the opted-out advertising ID, an unset
 * MAC). Separators are skipped, a percent-encoded one ("%3A") as a whole.
 */
function allZero(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (b[i] === 0x25) i += 2;
    else if (isHex(b[i]) && b[i] !== 0x30) return false;
  }
  return true;
}

/**
 * True for 02:00:00:00:00:00, the MAC Android reports to apps that may not read the real one:
 * shared by every such phone, so it identifies nobody. Separators are skipped as in allZero.
 */
function placeholderMac(b: Uint8Array, start: number, end: number): boolean {
  let digit = 0;
  for (let i = start; i < end; i++) {
    if (b[i] === 0x25) i += 2;
    else if (isHex(b[i])) {
      if (b[i] !== (digit === 1 ? 0x32 : 0x30)) return false;
      digit++;
    }
  }
  return digit === 12;
}

/**
 * RFC 9562 §4 string form of a UUID, 8-4-4-4-12 hex digits: returns its end, or -1.
 */
function uuidAt(b: Uint8Array, at: number, end: number): number {
  if (at + 36 > end) return -1;
  for (let k = 0; k < 36; k++) {
    const c = b[at + k];
    if (k === 8 || k === 13 || k === 18 || k === 23) {
      if (c !== 0x2d) return -1;
    } else if (!isHex(c)) return -1;
  }
  return at + 36;
}

/**
 * IEEE 802 MAC-48 written as six hex pairs separated by ':' or '-' (or by "%3A", the colon
 * percent-encoded in a query string), the same separator throughout: returns its end, or -1.
 */
function macAt(b: Uint8Array, at: number, end: number): number {
  if (at + 2 >= end || !isHex(b[at]) || !isHex(b[at + 1])) return -1;
  const s = b[at + 2];
  let sepLen = 0;
  if (s === 0x3a || s === 0x2d) sepLen = 1;
  else if (s === 0x25 && at + 4 < end && b[at + 3] === 0x33 && (b[at + 4] | 0x20) === 0x61) sepLen = 3;
  else return -1;
  let i = at;
  for (let pair = 0; pair < 6; pair++) {
    if (i + 2 > end || !isHex(b[i]) || !isHex(b[i + 1])) return -1;
    i += 2;
    if (pair === 5) break;
    if (i + sepLen > end) return -1;
    for (let k = 0; k < sepLen; k++) if (b[i + k] !== b[at + 2 + k]) return -1;
    i += sepLen;
  }
  return i;
}

/** A decimal coordinate: optional '-', 1 to 3 integer digits, '.', then 4+ decimals. */
interface Coord {
  start: number;
  end: number;
  value: number;
}

function coordAt(b: Uint8Array, at: number, end: number): Coord | null {
  let i = at;
  if (i < end && b[i] === 0x2d) i++;
  const intDigits = runLength(b, i, end, DIGIT);
  if (intDigits < 1 || intDigits > 3) return null;
  i += intDigits;
  if (i >= end || b[i] !== 0x2e) return null;
  i++;
  const decimals = runLength(b, i, end, DIGIT);
  if (decimals < MIN_COORD_DECIMALS || decimals > MAX_COORD_DECIMALS) return null;
  i += decimals;
  if (i < end && (isAlnum(b[i]) || b[i] === 0x2e)) return null;
  return { start: at, end: i, value: Number(ascii(b, at, i)) };
}

const isLat = (v: number) => Math.abs(v) <= 90;
const isLon = (v: number) => Math.abs(v) <= 180;

/**
 * True when a coordinate may start at `at` ('-', 1 to 3 digits, then '.'): the quick test that
 * spares coordAt and pairAt the digit runs that are no coordinate, almost every one.
 */
function mayBeCoord(b: Uint8Array, at: number, end: number): boolean {
  const i = at < end && b[at] === 0x2d ? at + 1 : at;
  const digits = runLength(b, i, Math.min(end, i + 4), DIGIT);
  return digits >= 1 && digits <= 3 && i + digits < end && b[i + digits] === 0x2e;
}

/** A coordinate pair written "lat,lon" (optionally with a space after the comma). */
function pairAt(b: Uint8Array, at: number, end: number): { lat: Coord; lon: Coord } | null {
  const lat = coordAt(b, at, end);
  if (!lat || lat.end >= end || b[lat.end] !== 0x2c) return null;
  let j = lat.end + 1;
  if (j < end && b[j] === 0x20) j++;
  const lon = coordAt(b, j, end);
  if (!lon || !isLat(lat.value) || !isLon(lon.value)) return null;
  // "0.0000,0.0000" is a placeholder, not a place.
  if (lat.value === 0 && lon.value === 0) return null;
  return { lat, lon };
}

/**
 * An e-mail address around the '@' (or "%40") at `at`: a local part of RFC 5322 atom characters
 * before it and a dotted domain after it, the last label alphabetic and at least two letters.
 */
function emailAround(
  b: Uint8Array,
  at: number,
  atLen: number,
  end: number,
): { start: number; end: number } | null {
  // Both parts are trimmed of leading / trailing '.' and '-' while they are walked, not by a
  // second loop: such a loop runs only for the odd address, and when this function is compiled
  // into the scan before one has come by, its first run throws the whole scan's optimised code
  // away (a deoptimisation for want of type feedback) to be compiled again.
  const localLimit = Math.max(0, at - MAX_EMAIL_LOCAL);
  let s = at;
  for (let k = at; k > localLimit && isEmailLocal(b[k - 1]); k--) {
    if (!isDotOrDash(b[k - 1])) s = k - 1;
  }
  if (s === at) return null;
  const d = at + atLen;
  const domainLimit = Math.min(end, d + MAX_EMAIL_DOMAIN);
  let e = d;
  for (let k = d; k < domainLimit && isDomainChar(b[k]); k++) {
    if (!isDotOrDash(b[k])) e = k + 1;
  }
  let lastDot = -1;
  for (let i = e - 1; i > d; i--) {
    if (b[i] === 0x2e) {
      lastDot = i;
      break;
    }
  }
  if (lastDot < 0 || e - lastDot - 1 < 2) return null;
  for (let i = lastDot + 1; i < e; i++) if (!isAlpha(b[i])) return null;
  if (ASSET_TLDS.has(ascii(b, lastDot + 1, e).toLowerCase())) return null;
  return { start: s, end: e };
}

/**
 * The first position from `from` (before `end`) where the scan has something to do: an '@' or
 * a '%' (an e-mail address may be there), or a hex digit or '-' that no alphanumeric byte
 * precedes and a hex digit or '.' follows (a token token() can find something in may start
 * there: at a lone hex digit or a '-' before anything else, it finds nothing and the scan steps
 * on). The scan would only step over every other byte, so this loop does, with table lookups and
 * one test without branches per byte, stopping on about one byte in seventy of random data
 * instead of one in four. `end` when there is none. Exported for its test.
 */
export function nextCandidate(b: Uint8Array, from: number, end: number): number {
  let before = from > 0 ? CLASS[b[from - 1]] : 0;
  let cls = from < end ? CLASS[b[from]] : 0;
  for (let i = from; i < end; i++) {
    const after = i + 1 < end ? CLASS[b[i + 1]] : 0;
    // The neighbours' bits moved onto LEADS: the byte before's ALNUM masks a lead that continues
    // a word, the byte after's FOLLOWS keeps one that can start a shape.
    const lead = cls & LEADS & ~((before & ALNUM) << 1) & ((after & FOLLOWS) >>> 2);
    if (((cls & MAIL) | lead) !== 0) return i;
    before = cls;
    cls = after;
  }
  return end;
}

const under = (key: Key) => `under the key "${key.raw}"`;

/** One pass over one buffer: the tokens seen so far and the half of a GPS pair waiting for the other. */
class SuspectScan {
  readonly out: Suspect[] = [];
  private pendingLat: { coord: Coord; key: Key } | null = null;
  private pendingLon: { coord: Coord; key: Key } | null = null;
  private readonly place: string;

  constructor(
    private readonly b: Uint8Array,
    private readonly end: number,
    place: string,
  ) {
    // The reasons' suffix is built only when there is a suspect: most scans find none.
    this.place = place;
  }

  run(): Suspect[] {
    const { b, end } = this;
    let i = 0;
    while (i < end && this.out.length < MAX_SUSPECTS) {
      i = nextCandidate(b, i, end);
      if (i >= end) break;
      const c = b[i];
      // E-mail: found from its '@' (or the percent-encoded "%40" of a query string).
      if (c === 0x40 || (c === 0x25 && i + 2 < end && b[i + 1] === 0x34 && b[i + 2] === 0x30)) {
        i = this.email(i, c === 0x40 ? 1 : 3);
        continue;
      }
      // A '%' of anything else, or a '-' that no digit follows, starts nothing.
      if (c === 0x25 || (c === 0x2d && !(i + 1 < end && isDigit(b[i + 1])))) {
        i++;
        continue;
      }
      i = Math.max(this.token(i), i + 1);
      // Skip the rest of an alphanumeric run, so every byte is visited a bounded number of times.
      if (isAlnum(b[i - 1])) while (i < end && isAlnum(b[i])) i++;
    }
    return this.out;
  }

  private add(kind: SuspectKind, start: number, stop: number, key: Key | null, why: string): void {
    if (this.out.length < MAX_SUSPECTS)
      this.out.push({
        kind,
        start,
        end: stop,
        key: key?.raw ?? null,
        reason: this.place ? `${why} in the ${this.place}` : why,
      });
  }

  private email(at: number, atLen: number): number {
    const m = emailAround(this.b, at, atLen, this.end);
    const last = this.out[this.out.length - 1];
    // The local part is found looking back, so it may cover a token already reported.
    if (!m || (last && last.end > m.start)) return at + atLen;
    this.add('email', m.start, m.end, null, 'an e-mail address');
    return m.end;
  }

  /** Classifies the token starting at `at` by its shape, then by its key; returns its end. */
  private token(at: number): number {
    const { b, end } = this;
    // Every shape judged below starts with a hex digit or a '-': a word that starts with any
    // other letter is none of them, and most words of text are such words.
    const first = b[at];
    if (!isHex(first) && first !== 0x2d) return at;
    // The hex run decides which shapes are possible at all: a coordinate starts with a digit
    // or '-', a UUID with exactly 8 hex digits and a '-', a MAC with exactly 2 and a separator.
    const hexLen = runLength(b, at, end, HEX);
    if ((isDigit(first) || first === 0x2d) && mayBeCoord(b, at, end)) {
      const pair = pairAt(b, at, end);
      if (pair) {
        this.add(
          'location',
          pair.lat.start,
          pair.lon.end,
          keyBefore(b, at),
          'a "latitude,longitude" pair with at least four decimals',
        );
        return pair.lon.end;
      }
      const coord = coordAt(b, at, end);
      if (coord) {
        this.coordinate(coord);
        return coord.end;
      }
    }
    if (hexLen === 8) {
      const uuidEnd = uuidAt(b, at, end);
      if (uuidEnd > 0 && standsAlone(b, at, uuidEnd, end)) {
        const key = keyBefore(b, at);
        if (key && ADID_KEYS.has(key.norm) && !allZero(b, at, uuidEnd))
          this.add('advertising_id', at, uuidEnd, key, `a UUID ${under(key)}, a name advertising IDs use`);
        return uuidEnd;
      }
    }
    if (hexLen === 2) {
      const macEnd = macAt(b, at, end);
      if (macEnd > 0 && standsAlone(b, at, macEnd, end)) {
        const key = keyBefore(b, at);
        if (key && MAC_KEYS.has(key.norm) && !allZero(b, at, macEnd) && !placeholderMac(b, at, macEnd))
          this.add('mac', at, macEnd, key, `a MAC address ${under(key)}`);
        return macEnd;
      }
    }
    const hexEnd = at + hexLen;
    if (!isCandidateLength(hexLen) || !standsAlone(b, at, hexEnd, end)) return hexEnd;
    const key = keyBefore(b, at);
    if (!key) return hexEnd;
    const digitsOnly = runLength(b, at, hexEnd, DIGIT) === hexLen;
    if (digitsOnly && hexLen === 15 && IMEI_KEYS.has(key.norm)) {
      if (luhnValid(ascii(b, at, hexEnd)))
        this.add('imei', at, hexEnd, key, `a Luhn-valid 15-digit number ${under(key)}, the shape of an IMEI`);
    } else if (digitsOnly && hexLen >= 14 && hexLen <= 15 && IMSI_KEYS.has(key.norm)) {
      const mcc = ascii(b, at, at + 3);
      if (MCCS.has(mcc)) {
        this.add(
          'imsi',
          at,
          hexEnd,
          key,
          `a ${hexLen}-digit number starting with mobile country code ${mcc} ${under(key)}, the shape of an IMSI`,
        );
      }
    } else if (hexLen === 16 && ANDROID_ID_KEYS.has(key.norm) && !allZero(b, at, hexEnd)) {
      this.add('android_id', at, hexEnd, key, `16 hex digits ${under(key)}, the shape of an Android ID`);
    } else if (
      hexLen === 12 &&
      MAC_KEYS.has(key.norm) &&
      !allZero(b, at, hexEnd) &&
      !placeholderMac(b, at, hexEnd)
    ) {
      this.add('mac', at, hexEnd, key, `12 hex digits ${under(key)}, a MAC address without separators`);
    } else if (hexLen === 32 && ADID_KEYS.has(key.norm) && !allZero(b, at, hexEnd)) {
      this.add(
        'advertising_id',
        at,
        hexEnd,
        key,
        `32 hex digits ${under(key)}, an advertising ID without dashes`,
      );
    }
    return hexEnd;
  }

  /** A lone coordinate under a latitude or longitude key pairs with the other half nearby. */
  private coordinate(coord: Coord): void {
    const key = keyBefore(this.b, coord.start);
    if (!key) return;
    if (LAT_KEYS.has(key.norm) && isLat(coord.value)) {
      const lon = this.pendingLon;
      if (lon && coord.start - lon.coord.end <= MAX_PAIR_DISTANCE) {
        this.add(
          'location',
          lon.coord.start,
          coord.end,
          key,
          `a latitude ${under(key)} next to a longitude ${under(lon.key)}`,
        );
        this.pendingLon = null;
      } else this.pendingLat = { coord, key };
    } else if (LON_KEYS.has(key.norm) && isLon(coord.value)) {
      const lat = this.pendingLat;
      if (lat && coord.start - lat.coord.end <= MAX_PAIR_DISTANCE) {
        this.add(
          'location',
          lat.coord.start,
          coord.end,
          lat.key,
          `a latitude ${under(lat.key)} next to a longitude ${under(key)}`,
        );
        this.pendingLat = null;
      } else this.pendingLon = { coord, key };
    }
  }
}

/**
 * The suspected identifiers in `bytes` (only its first MAX_SCAN_BYTES are read), in order of
 * position. `place` names where the bytes came from (a LeakPlace such as "query", "header",
 * "body") and is quoted in each reason.
 */
export function findSuspects(bytes: Uint8Array, place: string): Suspect[] {
  const found = new SuspectScan(bytes, Math.min(bytes.length, MAX_SCAN_BYTES), place).run();
  // A longitude written before its latitude is reported when the latitude arrives: re-sort.
  return found.length > 1 ? found.sort(byStart) : found;
}

function byStart(x: Suspect, y: Suspect): number {
  return x.start - y.start;
}
