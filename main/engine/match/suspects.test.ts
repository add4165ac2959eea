import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSuspects, MAX_SCAN_BYTES, MAX_SUSPECTS, nextCandidate, type SuspectKind } from './suspects';

const te = new TextEncoder();

/** What a test expects: the kind, the exact text at [start, end), and the key as written. */
type Want = [SuspectKind, string, string | null];

function found(text: string, place = 'body'): Want[] {
  const bytes = te.encode(text);
  return findSuspects(bytes, place).map((s) => [
    s.kind,
    new TextDecoder().decode(bytes.subarray(s.start, s.end)),
    s.key,
  ]);
}

// 490154203237518 is the IMEI of the GSMA / Wikipedia Luhn example: 4+9+0+1+5+4+2+0+3+2+3+7+5+1
// with every second digit from the right doubled sums to 52, and 52 + 8 = 60. Changing the last
// digit to 9 breaks the check. 460 is China's mobile country code (ITU-T E.212), 999 is none.
const IMEI = '490154203237518';
const IMEI_BAD_LUHN = '490154203237519';
const IMSI = '460011234567895';
const ADID = '38400000-8cf0-11bd-b23e-10b96e40000d';

const positives: [string, string, Want[]][] = [
  ['IMEI in a query string', `/r?imei=${IMEI}&v=1`, [['imei', IMEI, 'imei']]],
  ['IMEI under device_id in a form', `a=1&device_id=${IMEI}`, [['imei', IMEI, 'device_id']]],
  ['IMEI under deviceId in JSON', `{"deviceId":"${IMEI}"}`, [['imei', IMEI, 'deviceId']]],
  ['IMEI as a JSON number after a space', `{"did": ${IMEI}}`, [['imei', IMEI, 'did']]],
  ['IMEI in an X- header', `X-Device-Id: ${IMEI}\r\n`, [['imei', IMEI, 'X-Device-Id']]],
  ['IMEI under a dotted key', `device.imei=${IMEI}`, [['imei', IMEI, 'imei']]],
  ['IMEI in XML', `<imei>${IMEI}</imei>`, [['imei', IMEI, 'imei']]],
  ['IMSI with a known MCC', `imsi=${IMSI}`, [['imsi', IMSI, 'imsi']]],
  ['IMSI under subscriber_id in JSON', `{"subscriber_id":"${IMSI}"}`, [['imsi', IMSI, 'subscriber_id']]],
  ['MAC with colons under mac', 'mac=64:09:80:3c:5e:21', [['mac', '64:09:80:3c:5e:21', 'mac']]],
  [
    'MAC with dashes under wifi_mac',
    '"wifi_mac":"64-09-80-3C-5E-21"',
    [['mac', '64-09-80-3C-5E-21', 'wifi_mac']],
  ],
  [
    'MAC percent-encoded under bssid',
    'bssid=64%3A09%3A80%3A3c%3A5e%3A21&x',
    [['mac', '64%3A09%3A80%3A3c%3A5e%3A21', 'bssid']],
  ],
  ['bare MAC under wifi', 'wifi=6409803c5e21', [['mac', '6409803c5e21', 'wifi']]],
  [
    'Android ID under android_id',
    'android_id=a1b2c3d4e5f60718',
    [['android_id', 'a1b2c3d4e5f60718', 'android_id']],
  ],
  ['Android ID under aid in JSON', '{"aid":"A1B2C3D4E5F60718"}', [['android_id', 'A1B2C3D4E5F60718', 'aid']]],
  ['advertising ID under gaid', `gaid=${ADID}`, [['advertising_id', ADID, 'gaid']]],
  [
    'advertising ID under idfa header',
    `IDFA: ${ADID.toUpperCase()}\r\n`,
    [['advertising_id', ADID.toUpperCase(), 'IDFA']],
  ],
  [
    'advertising ID without dashes under adid',
    `adid=${ADID.replace(/-/g, '')}`,
    [['advertising_id', ADID.replace(/-/g, ''), 'adid']],
  ],
  ['e-mail without any key', 'hello li.wei+test@example.com.', [['email', 'li.wei+test@example.com', null]]],
  [
    'e-mail trimmed of dots and dashes',
    'to -.li.wei@example.com.- x',
    [['email', 'li.wei@example.com', null]],
  ],
  ['e-mail with only dots before the @', 'to .-.@example.com', []],
  [
    'e-mail percent-encoded',
    'u=li.wei%40mail.example.org&x=1',
    [['email', 'li.wei%40mail.example.org', null]],
  ],
  ['no e-mail at a percent-encoded byte other than @', 'u=li.wei%41mail.example.org&x=1', []],
  ['GPS pair under lat and lon', 'lat=39.9042&lon=116.4074', [['location', '39.9042&lon=116.4074', 'lat']]],
  [
    'GPS pair in JSON, longitude first',
    '{"lng":-73.98565,"latitude":40.74844}',
    [['location', '-73.98565,"latitude":40.74844', 'latitude']],
  ],
  ['GPS "lat,lon" pair', 'loc=39.90421,116.40739&z=3', [['location', '39.90421,116.40739', 'loc']]],
  [
    'GPS "lat, lon" pair without key',
    'at -33.8688, 151.2093 today',
    [['location', '-33.8688, 151.2093', null]],
  ],
  [
    'several in one body, in order',
    `{"imei":"${IMEI}","email":"a@b.example","gaid":"${ADID}"}`,
    [
      ['imei', IMEI, 'imei'],
      ['email', 'a@b.example', null],
      ['advertising_id', ADID, 'gaid'],
    ],
  ],
];

const negatives: [string, string][] = [
  ['a random 15-digit number without key', `n=${IMEI}`],
  ['a Luhn-valid 15-digit number after a word, not a key', `IMEI ${IMEI} printed`],
  ['a Luhn-invalid number under imei', `imei=${IMEI_BAD_LUHN}`],
  ['an IMEI inside a longer digit run', `imei=9${IMEI}1`],
  ['an IMEI glued to letters', `imei=${IMEI}abc`],
  ['14 digits under imei', `imei=${IMEI.slice(0, 14)}`],
  ['an IMSI with an unknown MCC', 'imsi=999011234567895'],
  ['an IMSI-shaped number under an unrelated key', `order=${IMSI}`],
  ['the all-zero advertising ID', 'gaid=00000000-0000-0000-0000-000000000000'],
  ['a UUID under an unrelated key', `request_id=${ADID}`],
  ['a MAC under an unrelated key', 'gateway=64:09:80:3c:5e:21'],
  ['the all-zero MAC', 'mac=00:00:00:00:00:00'],
  ["Android's placeholder MAC", 'mac=02:00:00:00:00:00'],
  ["Android's placeholder MAC without separators", 'wifi_mac=020000000000'],
  ['a MAC with mixed separators', 'mac=64:09-80:3c:5e:21'],
  ['16 hex digits under an unrelated key', 'trace=a1b2c3d4e5f60718'],
  ['17 hex digits under android_id', 'android_id=a1b2c3d4e5f607189'],
  ['an asset name with @2x', 'img=icon@2x.png'],
  ['an @ with no domain dot', 'user@localhost'],
  ['coordinates with three decimals', 'lat=39.904&lon=116.407'],
  ['a latitude out of range', 'lat=95.1234&lon=116.4074'],
  ['a latitude with no longitude', 'lat=39.9042&zoom=3'],
  ['the 0,0 placeholder', 'pos=0.0000,0.0000'],
  ['a version-like pair with few decimals', 'v=1.2,3.4'],
];

describe('findSuspects', () => {
  it.each(positives)('finds %s', (_name, text, want) => {
    expect(found(text)).toEqual(want);
  });

  it.each(negatives)('does not flag %s', (_name, text) => {
    expect(found(text)).toEqual([]);
  });

  it('says why, naming the key and the place', () => {
    const [s] = findSuspects(te.encode(`imei=${IMEI}`), 'query');
    expect(s.reason).toBe(
      'a Luhn-valid 15-digit number under the key "imei", the shape of an IMEI in the query',
    );
  });

  it(`reads only the first ${MAX_SCAN_BYTES} bytes`, () => {
    const head = `imei=${IMEI}&`;
    const pad = 'x'.repeat(MAX_SCAN_BYTES - head.length - 2);
    expect(found(`${head}${pad}&imei=${IMEI}`)).toHaveLength(1);
  });

  it(`returns at most ${MAX_SUSPECTS} suspects`, () => {
    const text = Array.from({ length: 500 }, () => `a@b.example `).join('');
    expect(findSuspects(te.encode(text), 'body')).toHaveLength(MAX_SUSPECTS);
  });

  it('stays linear on adversarial input', () => {
    // Long runs of key characters, separators, '@' and digits are where a naive scanner backtracks.
    const inputs = [
      'a'.repeat(MAX_SCAN_BYTES),
      'imei='.repeat(MAX_SCAN_BYTES / 5),
      '@'.repeat(MAX_SCAN_BYTES),
      'a.'.repeat(MAX_SCAN_BYTES / 2) + '@',
      `${'x'.repeat(60)}@${'b.'.repeat(200)}`.repeat(200),
      '1'.repeat(MAX_SCAN_BYTES),
      '1.1234,'.repeat(MAX_SCAN_BYTES / 7),
      '":"'.repeat(MAX_SCAN_BYTES / 3),
    ].map((s) => te.encode(s));
    const t0 = performance.now();
    for (const bytes of inputs) findSuspects(bytes, 'body');
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('never throws and keeps offsets inside the scanned bytes (property)', () => {
    const alphabet = fc.constantFrom(...'imeidaflton=:"-.,@%3A40 0123456789abcdef&{}'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 400 }), (chars) => {
        const bytes = te.encode(chars.join(''));
        const out = findSuspects(bytes, 'body');
        let prev = -1;
        for (const s of out) {
          expect(s.start).toBeGreaterThanOrEqual(0);
          expect(s.end).toBeGreaterThan(s.start);
          expect(s.end).toBeLessThanOrEqual(bytes.length);
          expect(s.start).toBeGreaterThanOrEqual(prev);
          prev = s.start;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('finds a planted IMEI under its key wherever it sits (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), (before, after) => {
        const text = `${before}&imei=${IMEI}&${after}`;
        expect(found(text).some(([k, v]) => k === 'imei' && v === IMEI)).toBe(true);
      }),
    );
  });

  it('finds the next candidate byte as a byte-by-byte test would (property)', () => {
    // The straightforward definition: '@' or '%' anywhere; a hex digit or '-' only where the
    // byte before is not alphanumeric (or there is none) and a hex digit or '.' comes after.
    const isAlnum = (c: number) => /[0-9A-Za-z]/.test(String.fromCharCode(c));
    const isLead = (c: number) => /[0-9A-Fa-f-]/.test(String.fromCharCode(c));
    const follows = (c: number) => /[0-9A-Fa-f.]/.test(String.fromCharCode(c));
    const naive = (b: Uint8Array, from: number, end: number): number => {
      for (let i = from; i < end; i++) {
        const c = b[i];
        if (c === 0x40 || c === 0x25) return i;
        if (isLead(c) && (i === 0 || !isAlnum(b[i - 1])) && i + 1 < end && follows(b[i + 1])) return i;
      }
      return end;
    };
    const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(...te.encode('aZg9f-@%.:')));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 120 }), fc.nat(), fc.nat(), (values, from, cut) => {
        const bytes = new Uint8Array(values);
        const end = bytes.length - (cut % (bytes.length + 1));
        const start = from % (end + 1);
        expect(nextCandidate(bytes, start, end)).toBe(naive(bytes, start, end));
      }),
      { numRuns: 2000 },
    );
  });
});
