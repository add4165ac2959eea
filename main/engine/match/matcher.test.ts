import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Identifier } from '../../../shared/identifier-types';
import { checkIdentifier } from '../../../shared/identifiers';
import { IdentifierMatcher, type Match } from './matcher';

// Indexes are deliberately not positions: a match must carry the index it was given.
const IDS: [number, Identifier][] = [
  [10, { kind: 'imei', value: '490154203237518' }],
  [11, { kind: 'phone', value: '+86 138 0013 8000' }],
  [12, { kind: 'mac', value: 'A4-5E-60-C2-11-7F' }],
  [13, { kind: 'email', value: 'jane.doe@example.com' }],
  [14, { kind: 'advertising_id', value: '38400000-8cf0-11bd-b23e-10b96e40000d' }],
  [15, { kind: 'android_id', value: '9f3b2c1d4e5a6b7c' }],
  [16, { kind: 'imsi', value: '460001234567890' }],
  [17, { kind: 'iccid', value: '89014103211118510720' }],
  [18, { kind: 'serial', value: 'R58M12ABCDE' }],
  [19, { kind: 'name', value: 'Jane Doe' }],
  [20, { kind: 'location', value: '48.8584,2.2945' }],
];

function matcherFor(ids: [number, Identifier][]): IdentifierMatcher {
  return new IdentifierMatcher(
    ids.map(([index, identifier]) => ({
      identifier,
      canonical: checkIdentifier(identifier).canonical!,
      index,
    })),
  );
}

const matcher = matcherFor(IDS);
const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const hash = (algorithm: string, value: string, encoding: 'hex' | 'base64' | 'base64url'): string =>
  createHash(algorithm).update(value).digest(encoding);
const jsonU = (value: string): string =>
  [...value].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
const IMEI = '490154203237518';

/** [what, identifier index, the bytes as they appear in traffic (latin1), expected encoding]. */
const FOUND: [string, number, string, string][] = [
  ['IMEI', 10, IMEI, 'plain'],
  ['IMEI without check digit', 10, '49015420323751', 'imei-14'],
  ['IMEI inside an IMEISV', 10, '4901542032375101', 'imeisv'],
  ['IMEI grouped', 10, '49-015420-323751-8', 'imei-grouped'],
  ['IMEI in base64', 10, Buffer.from(IMEI).toString('base64'), 'base64'],
  ['IMEI in hex of the ASCII', 10, Buffer.from(IMEI).toString('hex'), 'hex'],
  ['IMEI in upper-case hex', 10, Buffer.from(IMEI).toString('hex').toUpperCase(), 'hex'],
  ['IMEI in UTF-16LE', 10, Buffer.from(IMEI, 'utf16le').toString('latin1'), 'utf16le'],
  ['IMEI as JSON \\u escapes', 10, jsonU(IMEI), 'json-u'],
  ['MD5 of the IMEI', 10, hash('md5', IMEI, 'hex'), 'md5-hex'],
  ['MD5 of the IMEI, upper case', 10, hash('md5', IMEI, 'hex').toUpperCase(), 'md5-hex'],
  // This digest has a "/" in base64, so its URL-safe spelling is a pattern of its own.
  ['MD5 of the IMEI in base64url', 10, hash('md5', IMEI, 'base64url'), 'md5-base64url'],
  [
    'SHA-256 of the IMEI in unpadded base64',
    10,
    hash('sha256', IMEI, 'base64').replace(/=+$/, ''),
    'sha256-base64',
  ],
  ['SHA-256 of the 14-digit IMEI', 10, hash('sha256', IMEI.slice(0, 14), 'hex'), 'sha256-hex(imei-14)'],
  ['phone E.164', 11, '+8613800138000', 'phone-e164'],
  ['phone with 00', 11, '008613800138000', 'phone-00'],
  ['phone without +', 11, '8613800138000', 'phone-digits'],
  ['phone national', 11, '13800138000', 'phone-national'],
  ['phone with trunk 0', 11, '013800138000', 'phone-trunk'],
  ['phone grouped', 11, '138 0013 8000', 'phone-grouped'],
  ['phone grouped with dashes', 11, '138-0013-8000', 'phone-grouped'],
  ['phone grouped internationally', 11, '+86 138 0013 8000', 'phone-grouped-intl'],
  ['phone percent-encoded', 11, '%2B8613800138000', 'url'],
  ['phone percent-encoded in lower case', 11, '%2b8613800138000', 'url'],
  ['phone form-encoded', 11, '%2B86+138+0013+8000', 'url-form(phone-grouped-intl)'],
  ['MAC', 12, 'a4:5e:60:c2:11:7f', 'plain'],
  ['MAC upper case', 12, 'A4:5E:60:C2:11:7F', 'plain'],
  ['MAC with dashes', 12, 'a4-5e-60-c2-11-7f', 'mac-dash'],
  ['MAC in dotted form', 12, 'A45E.60C2.117F', 'mac-dot'],
  ['MAC bare', 12, 'a45e60c2117f', 'mac-bare'],
  ['MAC percent-encoded', 12, 'a4%3A5e%3A60%3Ac2%3A11%3A7f', 'url'],
  ['email', 13, 'Jane.Doe@Example.com', 'plain'],
  ['email percent-encoded', 13, 'jane.doe%40example.com', 'url'],
  ['SHA-256 of the email', 13, hash('sha256', 'jane.doe@example.com', 'hex'), 'sha256-hex'],
  ['advertising ID', 14, '38400000-8CF0-11BD-B23E-10B96E40000D', 'plain'],
  ['advertising ID without dashes', 14, '384000008cf011bdb23e10b96e40000d', 'uuid-bare'],
  ['Android ID', 15, '9F3B2C1D4E5A6B7C', 'plain'],
  ['IMSI', 16, '460001234567890', 'plain'],
  ['ICCID', 17, '89014103211118510720', 'plain'],
  ['ICCID without check digit', 17, '8901410321111851072', 'iccid-no-check'],
  ['serial, other case', 18, 'r58m12abcde', 'plain'],
  ['name', 19, 'JANE DOE', 'plain'],
  ['name form-encoded', 19, 'Jane+Doe', 'url-form'],
  ['location', 20, '48.8584,2.2945', 'plain'],
];

const SURROUNDINGS: [string, string, string][] = [
  ['query string', 'GET /collect?id=', '&t=1 HTTP/1.1\r\nHost: a.example\r\n\r\n'],
  ['JSON', '{"device":{"id":"', '","n":1}}'],
  ['header', 'POST / HTTP/1.1\r\nX-Device: ', '\r\nAccept: */*\r\n\r\n'],
];

const CASES = FOUND.flatMap(([what, id, value, encoding]) =>
  SURROUNDINGS.map(([where, before, after]) => ({ what, where, id, value, encoding, before, after })),
);

describe('IdentifierMatcher: each encoding in each surrounding', () => {
  it.each(CASES)('$what in a $where', ({ id, value, encoding, before, after }) => {
    expect(matcher.scanBuffer(bytes(before + value + after))).toEqual([
      {
        identifier: id,
        encoding,
        kind: IDS.find(([i]) => i === id)![1].kind,
        start: before.length,
        end: before.length + value.length,
      },
    ]);
  });

  it('finds the IMEI inside a longer base64 run at every alignment', () => {
    for (let pad = 0; pad < 3; pad++) {
      const run = Buffer.from(`${'x'.repeat(pad)}imei=${IMEI}&model=SM-G991B`).toString('base64');
      const found = matcher.scanBuffer(bytes(`data=${run}\r\n`));
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ identifier: 10, encoding: 'base64' });
      expect(found[0].start).toBeGreaterThanOrEqual(5);
      expect(found[0].end).toBeLessThanOrEqual(5 + run.length);
    }
  });

  it('finds a padded base64 digest, the match ending before the padding', () => {
    const digest = hash('sha1', IMEI, 'base64');
    expect(digest.endsWith('=')).toBe(true);
    const found = matcher.scanBuffer(bytes(`{"h":"${digest}"}`));
    expect(found).toEqual([
      { identifier: 10, encoding: 'sha1-base64', kind: 'imei', start: 6, end: 6 + digest.length - 1 },
    ]);
  });

  it('finds a coordinate given to more decimal places than typed', () => {
    const text = '{"lat":48.858412,"lon":2.294501}';
    expect(matcher.scanBuffer(bytes(text)).map((m) => [m.encoding, text.slice(m.start, m.end)])).toEqual([
      ['location-lat', '48.8584'],
      ['location-lon', '2.2945'],
    ]);
  });
});

describe('IdentifierMatcher: a free-text identifier of any length', () => {
  it('builds and finds one far longer than a function call can take as arguments', () => {
    // Free text (text, name, serial, carrier) has no length limit; a 200,000-character value
    // once overflowed the stack while its variants' keys were made.
    const value = 'leak '.repeat(40_000).trim();
    const long = matcherFor([[1, { kind: 'text', value }]]);
    const found = long.scanBuffer(bytes(`x=${value}&`));
    expect(found.map((m) => [m.identifier, m.encoding])).toContainEqual([1, 'plain']);
  });
});

describe('IdentifierMatcher: what is not a leak', () => {
  const NOT_FOUND: [string, string][] = [
    ['one digit off', '490154203237519'],
    ["another device's valid IMEI", '356938035643809'],
    ['the IMEI after another digit', `1${IMEI}`],
    ['the IMEI before more digits', `${IMEI}00`],
    ['a masked phone number', '138****8000'],
    ['a masked international number', '+86 138****8000'],
    ['a phone number one digit off', '13800138001'],
    ['the national number inside a longer number', '913800138000'],
    ['the Android ID after a hex digit', 'a9f3b2c1d4e5a6b7c'],
    ['the Android ID before a hex digit', '9f3b2c1d4e5a6b7c0'],
    ['the bare MAC inside a longer hex run', '0a45e60c2117f'],
    ['the all-zero advertising ID', '00000000-0000-0000-0000-000000000000'],
    ['the IMSI inside a longer number', '4600012345678901'],
    ['the serial inside a longer word', 'xr58m12abcde'],
    ['base64 of the IMEI with its case changed', Buffer.from(IMEI).toString('base64').toLowerCase()],
    ['the hex of the IMEI inside a hex run of digits', `33${Buffer.from(IMEI).toString('hex')}`],
    ['the UTF-16LE IMEI after a UTF-16LE digit', Buffer.from(`7${IMEI}`, 'utf16le').toString('latin1')],
  ];
  it.each(
    NOT_FOUND.flatMap(([what, value]) =>
      SURROUNDINGS.map(([where, b, a]) => ({ what, where, text: b + value + a })),
    ),
  )('$what in a $where', ({ text }) => {
    expect(matcher.scanBuffer(bytes(text))).toEqual([]);
  });

  it('rejects the all-zero advertising ID before it reaches the matcher', () => {
    expect(
      checkIdentifier({ kind: 'advertising_id', value: '00000000-0000-0000-0000-000000000000' }).ok,
    ).toBe(false);
  });
});

describe('StreamScanner', () => {
  /** Pushes the chunks at consecutive offsets from `base` and ends the stream. */
  function streamed(chunks: string[], base = 1000): Match[] {
    const stream = matcher.newStream();
    const found: Match[] = [];
    let offset = base;
    for (const chunk of chunks) {
      found.push(...stream.push(bytes(chunk), offset));
      offset += chunk.length;
    }
    return [...found, ...stream.end()];
  }

  const SPLIT: [string, string, string][] = [
    ['IMEI', IMEI, 'plain'],
    ['phone E.164 (also holds the shorter phone-digits hit)', '+8613800138000', 'phone-e164'],
    ['phone form-encoded', '%2B86+138+0013+8000', 'url-form(phone-grouped-intl)'],
    ['IMEI in base64', Buffer.from(IMEI).toString('base64'), 'base64'],
    ['IMEI in UTF-16LE', Buffer.from(IMEI, 'utf16le').toString('latin1'), 'utf16le'],
    ['IMEI as JSON escapes', jsonU(IMEI), 'json-u'],
    ['MD5 of the IMEI', hash('md5', IMEI, 'hex'), 'md5-hex'],
  ];

  it.each(SPLIT)('finds %s exactly once wherever the stream is split in two', (_, value, encoding) => {
    const text = `q=${value}&x=1`;
    for (let cut = 0; cut <= text.length; cut++) {
      expect(streamed([text.slice(0, cut), text.slice(cut)])).toEqual([
        expect.objectContaining({ encoding, start: 1002, end: 1002 + value.length }),
      ]);
    }
  });

  it.each(SPLIT)('finds %s exactly once in 4-byte pushes at every phase', (_, value, encoding) => {
    for (let phase = 0; phase < 4; phase++) {
      const text = `${'z'.repeat(phase)}q=${value}&x=1`;
      const chunks = text.match(/[\s\S]{1,4}/g)!;
      expect(streamed(chunks, 0)).toEqual([
        expect.objectContaining({ encoding, start: phase + 2, end: phase + 2 + value.length }),
      ]);
    }
  });

  it('sees a digit before the value that arrived in an earlier push', () => {
    expect(streamed(['id=1', `${IMEI}&`])).toEqual([]);
    expect(streamed(['id=', `${IMEI}&`])).toHaveLength(1);
  });

  it('sees an encoded digit before the value that arrived in earlier pushes, however short', () => {
    // The character before the value is a whole encoded unit (six bytes for a JSON escape, two
    // for UTF-16LE), which the earlier pushes hold even when they are cut into single bytes and
    // no variant begins like it (the IMEI alone: none of its variants starts with a "1").
    const imeiOnly = matcherFor([[10, { kind: 'imei', value: IMEI }]]);
    const pushAll = (chunks: string[]): Match[] => {
      const stream = imeiOnly.newStream();
      const found: Match[] = [];
      let offset = 0;
      for (const chunk of chunks) {
        found.push(...stream.push(bytes(chunk), offset));
        offset += chunk.length;
      }
      return [...found, ...stream.end()];
    };
    const utf16 = (s: string): string => Buffer.from(s, 'utf16le').toString('latin1');
    for (const [before, value] of [
      [jsonU('1'), jsonU(IMEI)],
      [utf16('1'), utf16(IMEI)],
    ]) {
      const head = `x=${before}`;
      expect(pushAll([...head, `${value}&`])).toEqual([]);
      expect(pushAll([head, `${value}&`])).toEqual([]);
      expect(pushAll(['x=', `${value}&`])).toHaveLength(1);
    }
  });

  it('holds a match until the byte after it arrives', () => {
    const stream = matcher.newStream();
    expect(stream.push(bytes(`id=${IMEI}`), 0)).toEqual([]);
    // Two more digits would make an IMEISV; three make a longer number.
    expect(stream.push(bytes('000&'), 18)).toEqual([]);
    expect(stream.end()).toEqual([]);

    const again = matcher.newStream();
    expect(again.push(bytes(`id=${IMEI}`), 0)).toEqual([]);
    const later = [...again.push(bytes('&'.repeat(300)), 18), ...again.end()];
    expect(later).toEqual([{ identifier: 10, encoding: 'plain', kind: 'imei', start: 3, end: 18 }]);
  });

  it('reports a value at the very end of the stream from end()', () => {
    const stream = matcher.newStream();
    expect(stream.push(bytes(`id=${IMEI}`), 0)).toEqual([]);
    expect(stream.end()).toEqual([{ identifier: 10, encoding: 'plain', kind: 'imei', start: 3, end: 18 }]);
  });

  it('returns a match from push() once the stream has moved past it', () => {
    const stream = matcher.newStream();
    const found = stream.push(bytes(`id=${IMEI}&${' '.repeat(400)}`), 0);
    expect(found).toEqual([{ identifier: 10, encoding: 'plain', kind: 'imei', start: 3, end: 18 }]);
    expect(stream.end()).toEqual([]);
  });

  it('does not match across a gap in the stream, and resumes after it', () => {
    const stream = matcher.newStream();
    const found = [
      ...stream.push(bytes(`a=${IMEI.slice(0, 7)}`), 0),
      ...stream.push(bytes(`${IMEI.slice(7)}&b=${IMEI}&`), 100),
      ...stream.end(),
    ];
    expect(found).toEqual([{ identifier: 10, encoding: 'plain', kind: 'imei', start: 111, end: 126 }]);
  });

  it('reports overlapping variants of one identifier once, keeping the longest', () => {
    // base64 of "imei=<IMEI>" holds the base64 of both the 14- and the 15-digit forms.
    const run = Buffer.from(`imei=${IMEI}`).toString('base64');
    const found = matcher.scanBuffer(bytes(`d=${run}`));
    expect(found).toHaveLength(1);
    expect(found[0].encoding).toBe('base64');
  });
});

describe('IdentifierMatcher: properties', () => {
  it('always finds an IMEI inserted into random bytes, however the stream is cut', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.nat(700), { maxLength: 5 }),
        (before, after, cuts) => {
          const data = new Uint8Array([...before, 0x20, ...bytes(IMEI), 0x20, ...after]);
          const start = before.length + 1;
          const whole = matcher.scanBuffer(data);
          expect(whole).toContainEqual({
            identifier: 10,
            encoding: 'plain',
            kind: 'imei',
            start,
            end: start + 15,
          });
          const stream = matcher.newStream();
          const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
          const pieces: Match[] = [];
          let last = 0;
          for (const p of [...points, data.length]) {
            pieces.push(...stream.push(data.subarray(last, p), last));
            last = p;
          }
          pieces.push(...stream.end());
          expect(pieces.sort((a, b) => a.start - b.start || a.identifier - b.identifier)).toEqual(whole);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never fails on random bytes and finds the same matches however they are pushed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.integer({ min: 1, max: 64 }), (data, size) => {
        const whole = matcher.scanBuffer(data);
        const stream = matcher.newStream();
        const pieces: Match[] = [];
        for (let i = 0; i < data.length; i += size)
          pieces.push(...stream.push(data.subarray(i, i + size), i));
        pieces.push(...stream.end());
        expect(pieces.sort((a, b) => a.start - b.start || a.identifier - b.identifier)).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });
});
