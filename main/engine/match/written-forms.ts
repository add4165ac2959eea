/**
 * The ways people and programs write each kind of identifier (DESIGN §5): IMEI with and
 * without its check digit and inside an IMEISV, phone numbers in E.164, with the 00 prefix,
 * nationally and grouped, MACs with each separator, and so on. variants.ts then encodes them.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { distanceMetres } from '../../../shared/geo-distance';
import { LOCATION_RADIUS_DEFAULT_M, type Identifier } from '../../../shared/identifier-types';
import { nationalTrunkPrefix } from '../../../shared/identifiers';
import type { Boundary } from './variant';

/**
 * A written form matches in any ASCII case: digits do not care, hex and MACs are case-free
 * (DESIGN §5), and emails, serials and names reach the wire in whatever case an app chose.
 */
export interface WrittenForm {
  /** Encoding name when found as written; the first form of a kind is its canonical value. */
  name: string;
  text: string;
  boundary: Boundary;
  /** Also search this form base64-encoded, in hex, UTF-16LE and JSON escapes. */
  encode: boolean;
  /** Also search the MD5, SHA-1 and SHA-256 of this form. */
  hash: boolean;
}

function form(name: string, text: string, boundary: Boundary, encode: boolean, hash: boolean): WrittenForm {
  return { name, text, boundary, encode, hash };
}

/** Digit groups of a formatted number joined by each separator people use. */
function regroup(groups: string[], lead: string, name: string): WrittenForm[] {
  if (groups.length < 2) return [];
  return [' ', '-', '.'].map((sep) => form(name, lead + groups.join(sep), 'digit', false, false));
}

function imeiForms(canonical: string): WrittenForm[] {
  const body = canonical.slice(0, 14);
  const forms = [form('plain', canonical, 'digit', true, true), form('imei-14', body, 'digit', true, true)];
  // The IMEISV carries a two-digit software version instead of the check digit. The 100
  // possible versions share the 14-digit prefix in the automaton, so they cost ~110 states.
  for (let sv = 0; sv < 100; sv++) {
    forms.push(form('imeisv', body + String(sv).padStart(2, '0'), 'digit', false, false));
  }
  // Labels and settings screens group the TAC, serial and check digit: 35-209900-176148-1.
  for (const sep of ['-', ' ']) {
    const grouped = [
      canonical.slice(0, 2),
      canonical.slice(2, 8),
      canonical.slice(8, 14),
      canonical.slice(14),
    ];
    forms.push(form('imei-grouped', grouped.join(sep), 'digit', false, false));
    forms.push(
      form(
        'imei-grouped',
        [canonical.slice(0, 8), canonical.slice(8, 14), canonical.slice(14)].join(sep),
        'digit',
        false,
        false,
      ),
    );
  }
  return forms;
}

function phoneForms(canonical: string): WrittenForm[] {
  const forms = [form('phone-e164', canonical, 'digit', true, true)];
  const parsed = parsePhoneNumberFromString(canonical);
  const digits = canonical.replace(/^\+/, '');
  forms.push(form('phone-00', `00${digits}`, 'digit', true, false));
  forms.push(form('phone-digits', digits, 'digit', true, true));
  if (!parsed) return forms;
  const cc = parsed.countryCallingCode;
  const nsn = parsed.nationalNumber;
  forms.push(form('phone-national', nsn, 'digit', true, true));
  const trunk = parsed.country ? nationalTrunkPrefix(parsed.country) : undefined;
  const national = parsed.formatNational();
  const nationalDigits = national.replace(/\D/g, '');
  if (trunk) forms.push(form('phone-trunk', trunk + nsn, 'digit', true, false));
  if (nationalDigits !== nsn) forms.push(form('phone-trunk', nationalDigits, 'digit', true, false));
  forms.push(form('phone-grouped', national, 'digit', false, false));
  const nationalGroups = national.match(/\d+/g) ?? [];
  forms.push(...regroup(nationalGroups, '', 'phone-grouped'));
  if (trunk && !nationalDigits.startsWith(trunk)) {
    forms.push(...regroup([trunk, ...nationalGroups], '', 'phone-grouped'));
  }
  const international = parsed.formatInternational();
  forms.push(form('phone-grouped-intl', international, 'digit', false, false));
  const intlGroups = international.match(/\d+/g) ?? [];
  forms.push(...regroup(intlGroups, '+', 'phone-grouped-intl'));
  forms.push(form('phone-grouped-intl', `+${cc} ${nsn}`, 'digit', false, false));
  forms.push(form('phone-grouped-intl', `+${cc}-${nsn}`, 'digit', false, false));
  forms.push(form('phone-grouped-intl', `00${cc} ${nsn}`, 'digit', false, false));
  forms.push(form('phone-grouped-intl', `(+${cc}) ${nsn}`, 'digit', false, false));
  return forms;
}

function macForms(canonical: string): WrittenForm[] {
  const bare = canonical.replace(/:/g, '');
  return [
    form('plain', canonical, 'hex', true, true),
    form('mac-dash', canonical.replace(/:/g, '-'), 'hex', true, true),
    form('mac-dot', `${bare.slice(0, 4)}.${bare.slice(4, 8)}.${bare.slice(8)}`, 'hex', false, false),
    form('mac-bare', bare, 'hex', true, true),
  ];
}

/**
 * A location as apps write it: the pair as typed, with a space, in longitude-first order
 * (GeoJSON, many map APIs), rounded to fewer decimals where the rounded point still lies within
 * the identifier's radius, and each coordinate alone when precise enough to name a place.
 * Positions that are near but written differently are found by the engine's GPS-pair check.
 */
function locationForms(canonical: string, radius: number): WrittenForm[] {
  const [lat, lon] = canonical.split(',');
  if (lon === undefined) return [form('plain', canonical, 'digit', true, false)];
  const forms = [
    form('plain', canonical, 'digit', true, false),
    form('location-space', `${lat}, ${lon}`, 'digit', false, false),
    form('location-lon-lat', `${lon},${lat}`, 'digit', false, false),
  ];
  const decimals = (x: string): number => (x.split('.')[1] ?? '').length;
  const typed = Math.min(decimals(lat), decimals(lon), 5);
  const latN = Number(lat);
  const lonN = Number(lon);
  for (let d = typed - 1; d >= 2; d--) {
    const rLat = latN.toFixed(d);
    const rLon = lonN.toFixed(d);
    if (distanceMetres(latN, lonN, Number(rLat), Number(rLon)) > radius) break;
    forms.push(form(`location-rounded-${d}`, `${rLat},${rLon}`, 'digit', false, false));
    forms.push(form(`location-rounded-${d}`, `${rLon},${rLat}`, 'digit', false, false));
  }
  // A coordinate alone is specific enough only with about 100 m precision or better.
  if (decimals(lat) >= 3 && decimals(lon) >= 3) {
    forms.push(form('location-lat', lat, 'digit-prefix', false, false));
    forms.push(form('location-lon', lon, 'digit-prefix', false, false));
  }
  return forms;
}

/**
 * The written forms of one validated identifier, most specific first. `canonical` is the
 * value `checkIdentifier` returned; the first form is always the canonical value itself.
 */
export function writtenForms(id: Identifier, canonical: string): WrittenForm[] {
  switch (id.kind) {
    case 'imei':
      return imeiForms(canonical);
    case 'imsi':
      return [form('plain', canonical, 'digit', true, true)];
    case 'iccid':
      return [
        form('plain', canonical, 'digit', true, true),
        // Some Android builds report the ICCID without its Luhn digit.
        form('iccid-no-check', canonical.slice(0, -1), 'digit', true, false),
      ];
    case 'phone':
      return phoneForms(canonical);
    case 'mac':
      return macForms(canonical);
    case 'android_id':
      return [form('plain', canonical, 'hex', true, true)];
    case 'advertising_id':
      return [
        form('plain', canonical, 'hex', true, true),
        form('uuid-bare', canonical.replace(/-/g, ''), 'hex', true, true),
      ];
    case 'location':
      return locationForms(canonical, id.radius ?? LOCATION_RADIUS_DEFAULT_M);
    case 'email':
    case 'serial':
    case 'carrier':
    case 'name':
    case 'text':
      return [form('plain', canonical, 'word', true, true)];
    default:
      return [];
  }
}
