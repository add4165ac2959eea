/**
 * Validation of the identifiers a reporter types (DESIGN §4) and of the identifiers file.
 *
 * Threat model: the input is what a user typed or a JSON file they chose, so it may be any
 * JSON value of any shape. Nothing here throws on bad input: every problem becomes an error
 * string that says which entry is wrong, what is wrong with it and how to fix it. The module
 * is pure (no I/O, no node:* imports) so the UI, the CLI and the engine share one definition
 * of "a valid IMEI" and of each identifier's canonical form, the form the matcher expands
 * into its byte variants.
 */
import { Metadata, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Identifier, IdentifierCheck, IdentifierKind } from './identifier-types';
import { IDENTIFIER_KINDS, LOCATION_RADIUS_MAX_M } from './identifier-types';

/**
 * The Luhn check digit (ISO/IEC 7812-1 Annex B) to append to `payload`, a string of ASCII
 * digits: double every second digit starting from the rightmost one, add the digits of the
 * products and the undoubled digits, and take what is missing to the next multiple of 10.
 */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = payload.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = payload.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when the last digit of `digits` is the Luhn check digit of the ones before it. */
export function luhnValid(digits: string): boolean {
  if (digits.length < 2) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === digits.charCodeAt(digits.length - 1) - 48;
}

/**
 * Mobile country codes (ITU-T E.212) of the networks a reporter is most likely to meet, to
 * ISO 3166-1 alpha-2. A code missing here is not an error, only a note: the list is for the
 * reporter's reassurance that they copied the right number, not a registry. Written as
 * "MCC ISO" pairs.
 */
const MCC_COUNTRIES: ReadonlyMap<string, string> = new Map(
  `
202 GR 204 NL 206 BE 208 FR 212 MC 213 AD 214 ES 216 HU 218 BA 219 HR 220 RS 222 IT
226 RO 228 CH 230 CZ 231 SK 232 AT 234 GB 235 GB 238 DK 240 SE 242 NO 244 FI 246 LT
247 LV 248 EE 250 RU 255 UA 257 BY 259 MD 260 PL 262 DE 266 GI 268 PT 270 LU 272 IE
274 IS 276 AL 278 MT 280 CY 282 GE 283 AM 284 BG 286 TR 293 SI 294 MK 297 ME 302 CA
310 US 311 US 312 US 313 US 314 US 315 US 316 US 330 PR 334 MX 338 JM 368 CU 370 DO
372 HT 400 AZ 401 KZ 404 IN 405 IN 406 IN 410 PK 412 AF 413 LK 414 MM 415 LB 416 JO
417 SY 418 IQ 419 KW 420 SA 421 YE 422 OM 424 AE 425 IL 426 BH 427 QA 428 MN 429 NP
432 IR 434 UZ 436 TJ 437 KG 438 TM 440 JP 441 JP 450 KR 452 VN 454 HK 455 MO 456 KH
457 LA 460 CN 461 CN 466 TW 470 BD 472 MV 502 MY 505 AU 510 ID 514 TL 515 PH 520 TH
525 SG 528 BN 530 NZ 602 EG 603 DZ 604 MA 605 TN 606 LY 608 SN 612 CI 620 GH 621 NG
624 CM 630 CD 636 ET 639 KE 640 TZ 641 UG 643 MZ 645 ZM 646 MG 648 ZW 655 ZA 704 GT
706 SV 708 HN 710 NI 712 CR 714 PA 716 PE 722 AR 724 BR 730 CL 732 CO 734 VE 736 BO
740 EC 744 PY 748 UY
`
    .trim()
    .split(/\s+/)
    .flatMap((token, i, all) => (i % 2 === 0 ? [[token, all[i + 1]] as [string, string]] : [])),
);

/** MCCs whose networks use three-digit MNCs (North America, India's 405 and a few others). */
const THREE_DIGIT_MNC = new Set('302 310 311 312 313 314 315 316 334 338 405 708 722 732'.split(' '));

let regionNames: Intl.DisplayNames | null = null;

/** Country name for an ISO code, falling back to the code where Intl has no display names. */
function countryName(iso: string): string {
  try {
    // Building DisplayNames costs far more than a lookup: make one and keep it.
    regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
    const name = regionNames.of(iso);
    return name && name !== iso ? `${name} (${iso})` : iso;
  } catch {
    return iso;
  }
}

function result(errors: string[], notes: string[], canonical?: string): IdentifierCheck {
  return errors.length > 0 ? { ok: false, errors, notes } : { ok: true, canonical, errors, notes };
}

/** Removes the separators people type inside long numbers: spaces, dashes, dots, slashes. */
function stripSeparators(value: string): string {
  return value.replace(/[\s\-./]/g, '');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function checkImei(value: string): IdentifierCheck {
  const digits = stripSeparators(value);
  if (!/^\d+$/.test(digits)) {
    return result(['IMEI must contain only digits (dial *#06# on the phone to read it)'], []);
  }
  const notes: string[] = [];
  let body: string;
  if (digits.length === 15) {
    body = digits.slice(0, 14);
    const expected = luhnCheckDigit(body);
    const given = digits.charCodeAt(14) - 48;
    if (expected !== given) {
      return result(
        [
          `IMEI check digit is wrong: the Luhn digit of ${body} is ${expected}, the value ends in ${given}; check the number for a typo`,
        ],
        [],
      );
    }
  } else if (digits.length === 14) {
    body = digits;
    notes.push(`IMEI given without its check digit; the full IMEI is ${body}${luhnCheckDigit(body)}`);
  } else if (digits.length === 16) {
    body = digits.slice(0, 14);
    notes.push(
      `IMEISV given: software version ${digits.slice(14)} dropped; the IMEI is ${body}${luhnCheckDigit(body)}`,
    );
  } else {
    return result(
      [
        `IMEI must be 15 digits (14 without the check digit, 16 for IMEISV); got ${plural(digits.length, 'digit')}`,
      ],
      [],
    );
  }
  if (/^0+$/.test(body)) {
    return result(
      [
        'IMEI 000000000000000 is the placeholder emulators and locked-down apps report, not a device; type the real IMEI from *#06#',
      ],
      [],
    );
  }
  notes.push(`Type Allocation Code (model) ${body.slice(0, 8)}`);
  return result([], notes, body + String(luhnCheckDigit(body)));
}

function checkImsi(value: string, wantNotes: boolean): IdentifierCheck {
  const digits = stripSeparators(value);
  if (!/^\d+$/.test(digits)) return result(['IMSI must contain only digits'], []);
  if (digits.length < 14 || digits.length > 15) {
    return result(
      [`IMSI must be 14 or 15 digits (MCC + MNC + subscriber number); got ${plural(digits.length, 'digit')}`],
      [],
    );
  }
  const mcc = digits.slice(0, 3);
  const mncLength = THREE_DIGIT_MNC.has(mcc) ? 3 : 2;
  const mnc = digits.slice(3, 3 + mncLength);
  const iso = MCC_COUNTRIES.get(mcc);
  if (!wantNotes) return result([], [], digits);
  const notes = [
    iso
      ? `IMSI MCC ${mcc} = ${countryName(iso)}, MNC ${mnc}`
      : `IMSI MCC ${mcc} is not in PhoneHome's table of common networks (MNC is 2 or 3 digits); check it against the SIM's carrier`,
  ];
  if (mcc[0] === '0' || mcc[0] === '1') notes.push(`MCC ${mcc} is reserved for test networks`);
  return result([], notes, digits);
}

function checkIccid(value: string): IdentifierCheck {
  // SIM tools print the ICCID from its BCD file, where an odd length is padded with F.
  const digits = stripSeparators(value).replace(/[fF]$/, '');
  if (!/^\d+$/.test(digits))
    return result(['ICCID must contain only digits (the SIM card number, starting 89)'], []);
  if (digits.length < 19 || digits.length > 20) {
    return result([`ICCID must be 19 or 20 digits; got ${plural(digits.length, 'digit')}`], []);
  }
  if (!digits.startsWith('89')) {
    return result(
      [
        `ICCID must start with 89 (the telecom industry identifier); this one starts with ${digits.slice(0, 2)}`,
      ],
      [],
    );
  }
  const expected = luhnCheckDigit(digits.slice(0, -1));
  if (!luhnValid(digits)) {
    return result(
      [
        `ICCID check digit is wrong: the Luhn digit of ${digits.slice(0, -1)} is ${expected}, the value ends in ${digits[digits.length - 1]}; ` +
          `check for a typo (if you left out the check digit, the full ICCID is ${digits}${luhnCheckDigit(digits)})`,
      ],
      [],
    );
  }
  return result([], [], digits);
}

const PHONE_TYPES: Readonly<Record<string, string>> = {
  MOBILE: 'mobile number',
  FIXED_LINE: 'fixed-line number',
  FIXED_LINE_OR_MOBILE: 'fixed-line or mobile number',
  VOIP: 'VoIP number',
  TOLL_FREE: 'toll-free number',
  PREMIUM_RATE: 'premium-rate number',
};

/** The national prefix ("trunk" digit) of a country, e.g. "0" in CN/GB/DE/FR/IN, "1" in the US. */
export function nationalTrunkPrefix(country: string): string | undefined {
  if (!isSupportedCountry(country)) return undefined;
  const metadata = new Metadata();
  metadata.selectNumberingPlan(country);
  // libphonenumber-js implements nationalPrefix() on every numbering plan but leaves it out of
  // its type declarations, so read it through a checked cast.
  const plan = metadata.numberingPlan as unknown as { nationalPrefix?: () => string | undefined } | undefined;
  const prefix = typeof plan?.nationalPrefix === 'function' ? plan.nationalPrefix() : undefined;
  return prefix && /^\d+$/.test(prefix) ? prefix : undefined;
}

function checkPhone(value: string, country: string | undefined, wantNotes: boolean): IdentifierCheck {
  const trimmed = value.trim();
  const international = /^(\+|00)/.test(trimmed);
  const cc = country?.trim().toUpperCase();
  if (cc !== undefined && cc !== '' && !isSupportedCountry(cc)) {
    return result(
      [
        `country "${country}" is not an ISO 3166-1 alpha-2 code known to the phone-number library (e.g. "CN", "US", "GB")`,
      ],
      [],
    );
  }
  if (!international && !cc) {
    return result(
      [
        'a national phone number needs a country to be read: add "country" (e.g. "CN") or type it in international form starting with + and the country code',
      ],
      [],
    );
  }
  const text = trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : trimmed;
  const parsed = parsePhoneNumberFromString(text, cc && isSupportedCountry(cc) ? cc : undefined);
  if (!parsed) {
    return result(
      [`"${trimmed}" is not a phone number the library can read; type it as +<country code><number>`],
      [],
    );
  }
  if (!parsed.isPossible()) {
    return result(
      [
        `${parsed.number} has the wrong length for ${parsed.country ? countryName(parsed.country) : `country code +${parsed.countryCallingCode}`}; check the digits`,
      ],
      [],
    );
  }
  if (!wantNotes) return result([], [], parsed.number);
  const notes: string[] = [];
  const where = parsed.country ? countryName(parsed.country) : `country code +${parsed.countryCallingCode}`;
  if (parsed.isValid()) {
    const type = parsed.getType();
    // The note names the number's type and country but not the number: the identifier list
    // shows notes even while values are masked.
    notes.push(`${type && PHONE_TYPES[type] ? PHONE_TYPES[type] : 'number'} in ${where}`);
  } else {
    notes.push(
      `${parsed.number} has a possible length but matches no number range known for ${where}; kept as typed, check it`,
    );
  }
  return result([], notes, parsed.number);
}

function checkMac(value: string): IdentifierCheck {
  const v = value.trim();
  let hex: string | undefined;
  const separated =
    /^([0-9a-f]{2})([:-])([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})$/i.exec(v);
  if (separated) {
    hex = [1, 3, 4, 5, 6, 7].map((i) => separated[i]).join('');
  } else if (/^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i.test(v)) {
    hex = v.replace(/\./g, '');
  } else if (/^[0-9a-f]{12}$/i.test(v)) {
    hex = v;
  }
  if (!hex) {
    return result(
      [
        'MAC address must be six hex bytes as aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff, aabb.ccdd.eeff or aabbccddeeff',
      ],
      [],
    );
  }
  hex = hex.toLowerCase();
  const first = parseInt(hex.slice(0, 2), 16);
  if (/^0+$/.test(hex))
    return result(['MAC address 00:00:00:00:00:00 is a placeholder, not an interface address'], []);
  if (hex === '020000000000') {
    return result(
      [
        "MAC address 02:00:00:00:00:00 is the placeholder Android shows to apps that may not read the real address, the same on every phone, so it is not an identifier; copy the Wi-Fi MAC from the phone's Settings (About phone > Status, or the Wi-Fi network's details)",
      ],
      [],
    );
  }
  if (first & 1) {
    return result(
      [
        "this is a multicast or broadcast MAC address (lowest bit of the first byte set), which no phone uses as its own; copy the Wi-Fi MAC from the phone's Wi-Fi settings",
      ],
      [],
    );
  }
  const canonical = hex.match(/../g)!.join(':');
  const notes =
    first & 2
      ? [
          'locally administered (randomised) MAC: the phone uses it only on some networks; it still identifies the phone on this one',
        ]
      : [];
  return result([], notes, canonical);
}

function checkEmail(value: string): IdentifierCheck {
  const v = value.trim();
  if (v.length > 254 || !/^[^\s@"<>()[\],;:]+@[^\s@"<>()[\],;:]+\.[^\s@"<>()[\],;:.]+$/.test(v)) {
    return result(
      ['email address must look like name@example.com (one @, a domain with a dot, no spaces)'],
      [],
    );
  }
  return result([], [], v.toLowerCase());
}

function checkAndroidId(value: string): IdentifierCheck {
  const v = value.trim();
  if (!/^[0-9a-f]{16}$/i.test(v)) {
    return result(
      [
        `Android ID must be 16 hex digits (Settings.Secure.ANDROID_ID); got ${JSON.stringify(v.slice(0, 40))}`,
      ],
      [],
    );
  }
  const canonical = v.toLowerCase();
  const notes =
    canonical === '9774d56d682e549c'
      ? ['9774d56d682e549c is the Android ID many old devices share; matches will not single out this phone']
      : [];
  return result([], notes, canonical);
}

function checkAdvertisingId(value: string): IdentifierCheck {
  const v = value.trim().toLowerCase();
  let hex: string | undefined;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v)) hex = v.replace(/-/g, '');
  else if (/^[0-9a-f]{32}$/.test(v)) hex = v;
  if (!hex) return result(['advertising ID must be a UUID such as 38400000-8cf0-11bd-b23e-10b96e40000d'], []);
  if (/^0+$/.test(hex)) {
    return result(
      [
        'the all-zero advertising ID is what a phone reports when ad tracking is limited; it is shared by every such phone, so it is not an identifier',
      ],
      [],
    );
  }
  const canonical = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return result([], [], canonical);
}

/** Rejects control characters, which nobody types and which would make matching surprising. */
function hasControl(v: string): boolean {
  return /[\u0000-\u001f\u007f]/.test(v);
}

function checkFreeText(value: string, kind: IdentifierKind, minimum: number, what: string): IdentifierCheck {
  const v = value.trim();
  if (hasControl(v)) return result([`${what} must not contain control characters (tabs, newlines)`], []);
  if ([...v].length < minimum) {
    return result(
      [
        `${what} must be at least ${minimum} characters so that it does not match by chance; got ${JSON.stringify(v)}`,
      ],
      [],
    );
  }
  const notes =
    kind === 'serial' && /^(unknown|0+)$/i.test(v)
      ? [`"${v}" is what Android reports when an app may not read the serial; it is shared by many phones`]
      : [];
  return result([], notes, v);
}

function checkLocation(value: string, radius: number | undefined): IdentifierCheck {
  const m = /^\s*(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/.exec(value);
  if (!m)
    return result(['location must be "latitude,longitude" in decimal degrees, e.g. "48.8584,2.2945"'], []);
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  const errors: string[] = [];
  if (lat < -90 || lat > 90) errors.push(`latitude ${m[1]} is outside -90..90`);
  if (lon < -180 || lon > 180) errors.push(`longitude ${m[2]} is outside -180..180`);
  if (radius !== undefined && !(Number.isFinite(radius) && radius >= 1 && radius <= LOCATION_RADIUS_MAX_M)) {
    errors.push(
      `radius must be a number of metres from 1 to ${LOCATION_RADIUS_MAX_M}; got ${String(radius)}`,
    );
  }
  if (errors.length > 0) return result(errors, []);
  const notes: string[] = [];
  const decimals = Math.min((m[1].split('.')[1] ?? '').length, (m[2].split('.')[1] ?? '').length);
  if (decimals < 3) {
    notes.push(
      'fewer than 3 decimal places (about 100 m): only the exact "lat,lon" text is matched, not each coordinate alone',
    );
  }
  return result([], notes, `${m[1]},${m[2]}`);
}

/** Validates one identifier and computes its canonical form (DESIGN §4). */
export function checkIdentifier(id: Identifier): IdentifierCheck {
  return check(id, true);
}

/**
 * checkIdentifier without the notes for the user, for the engine and the CLI, which need only
 * the verdict: naming a country loads the locale's region names, a noticeable part of a short
 * run's start-up.
 */
export function checkIdentifierQuietly(id: Identifier): IdentifierCheck {
  return check(id, false);
}

function check(id: Identifier, wantNotes: boolean): IdentifierCheck {
  const value = typeof id.value === 'string' ? id.value : '';
  if (value.trim() === '') return result(['value is empty'], []);
  switch (id.kind) {
    case 'imei':
      return checkImei(value);
    case 'imsi':
      return checkImsi(value, wantNotes);
    case 'iccid':
      return checkIccid(value);
    case 'phone':
      return checkPhone(value, id.country, wantNotes);
    case 'mac':
      return checkMac(value);
    case 'email':
      return checkEmail(value);
    case 'android_id':
      return checkAndroidId(value);
    case 'advertising_id':
      return checkAdvertisingId(value);
    case 'serial':
      return checkFreeText(value, id.kind, 4, 'serial number');
    case 'carrier':
      return checkFreeText(value, id.kind, 3, 'carrier name');
    case 'name':
      return checkFreeText(value, id.kind, 3, 'name');
    case 'text':
      return checkFreeText(value, id.kind, 3, 'text');
    case 'location':
      return checkLocation(value, id.radius);
    default:
      return result(
        [`unknown kind ${JSON.stringify(id.kind)}; use one of ${IDENTIFIER_KINDS.join(', ')}`],
        [],
      );
  }
}

function describeEntry(index: number, entry: unknown): string {
  if (entry && typeof entry === 'object') {
    const e = entry as Record<string, unknown>;
    const kind = typeof e.kind === 'string' ? e.kind.slice(0, 20) : '?';
    const value = typeof e.value === 'string' ? e.value.slice(0, 60) : String(e.value);
    return `identifiers[${index}] (${kind} ${JSON.stringify(value)})`;
  }
  return `identifiers[${index}]`;
}

/**
 * Reads an identifiers file (already JSON-parsed). Returns the entries that are well formed and
 * pass `checkIdentifier`, as written (not canonicalised), and one error line per problem; an
 * entry with problems, or one that repeats an earlier entry's kind and canonical value, is left
 * out of `identifiers`.
 */
export function parseIdentifiersFile(json: unknown): { identifiers: Identifier[]; errors: string[] } {
  const identifiers: Identifier[] = [];
  const errors: string[] = [];
  if (!json || typeof json !== 'object' || !Array.isArray((json as { identifiers?: unknown }).identifiers)) {
    errors.push(
      'identifiers file must be a JSON object with an "identifiers" array, e.g. {"identifiers": [{"kind": "imei", "value": "..."}]}',
    );
    return { identifiers, errors };
  }
  const seen = new Map<string, number>();
  const entries = (json as { identifiers: unknown[] }).identifiers;
  entries.forEach((entry, index) => {
    const where = describeEntry(index, entry);
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      errors.push(`${where}: each entry must be an object with "kind" and "value"`);
      return;
    }
    const e = entry as Record<string, unknown>;
    const problems: string[] = [];
    if (typeof e.kind !== 'string' || !(IDENTIFIER_KINDS as readonly string[]).includes(e.kind)) {
      problems.push(`"kind" must be one of ${IDENTIFIER_KINDS.join(', ')}`);
    }
    if (typeof e.value !== 'string') problems.push('"value" must be a string');
    if (e.label !== undefined && typeof e.label !== 'string')
      problems.push('"label" must be a string when present');
    if (e.country !== undefined && typeof e.country !== 'string')
      problems.push('"country" must be a string when present');
    if (e.radius !== undefined && typeof e.radius !== 'number')
      problems.push('"radius" must be a number of metres when present');
    if (problems.length > 0) {
      for (const p of problems) errors.push(`${where}: ${p}`);
      return;
    }
    const id: Identifier = { kind: e.kind as IdentifierKind, value: e.value as string };
    if (typeof e.label === 'string') id.label = e.label;
    if (typeof e.country === 'string') id.country = e.country;
    if (typeof e.radius === 'number') id.radius = e.radius;
    // Only the verdict and canonical form are needed here; notes are for the identifier list.
    const check = checkIdentifierQuietly(id);
    if (!check.ok) {
      for (const p of check.errors) errors.push(`${where}: ${p}`);
      return;
    }
    const key = `${id.kind}\u0000${check.canonical}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      errors.push(`${where}: same ${id.kind} as identifiers[${earlier}]; remove one of them`);
      return;
    }
    seen.set(key, index);
    identifiers.push(id);
  });
  return { identifiers, errors };
}
