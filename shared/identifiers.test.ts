import { describe, expect, it } from 'vitest';
import type { Identifier } from './identifier-types';
import {
  checkIdentifier,
  checkIdentifierQuietly,
  luhnCheckDigit,
  luhnValid,
  parseIdentifiersFile,
} from './identifiers';

function ok(id: Identifier): string {
  const check = checkIdentifier(id);
  expect(check.errors).toEqual([]);
  expect(check.ok).toBe(true);
  return check.canonical!;
}

function fails(id: Identifier): string {
  const check = checkIdentifier(id);
  expect(check.ok).toBe(false);
  expect(check.canonical).toBeUndefined();
  expect(check.errors.length).toBeGreaterThan(0);
  return check.errors.join('\n');
}

describe('Luhn', () => {
  it('computes the check digit worked out by hand', () => {
    // 49015420323751|8 (the IMEI example of the GSMA/Wikipedia article). Doubling every second
    // payload digit from the right: 1→2 5 7→14→5 3 2→4 3 0→0 2 4→8 5 1→2 0 9→18→9 4;
    // sum = 2+5+5+3+4+3+0+2+8+5+2+0+9+4 = 52, so the check digit is 10-2 = 8.
    expect(luhnCheckDigit('49015420323751')).toBe(8);
    // 35693803564380|9: 0→0 8 3→6 4 6→12→3 5 3→6 0 8→16→7 3 9→18→9 6 5→10→1 3;
    // sum = 0+8+6+4+3+5+6+0+7+3+9+6+1+3 = 61, check digit 9.
    expect(luhnCheckDigit('35693803564380')).toBe(9);
    expect(luhnValid('490154203237518')).toBe(true);
    expect(luhnValid('490154203237517')).toBe(false);
  });
});

describe('checkIdentifier: IMEI', () => {
  it('accepts real-world 15-digit IMEIs with a valid check digit', () => {
    expect(ok({ kind: 'imei', value: '490154203237518' })).toBe('490154203237518');
    expect(ok({ kind: 'imei', value: '35-693803-564380-9' })).toBe('356938035643809');
    expect(ok({ kind: 'imei', value: '35 693803 564380 9' })).toBe('356938035643809');
  });

  it('names the expected check digit when it is wrong', () => {
    const message = fails({ kind: 'imei', value: '490154203237517' });
    expect(message).toContain('is 8');
    expect(message).toContain('ends in 7');
  });

  it('completes a 14-digit IMEI with its check digit', () => {
    // 86753091234567|?: 7→14→5 6 5→10→1 4 3→6 2 1→2 9 0→0 3 5→10→1 7 6→12→3 8;
    // sum = 5+6+1+4+6+2+2+9+0+3+1+7+3+8 = 57, check digit 3.
    const check = checkIdentifier({ kind: 'imei', value: '86753091234567' });
    expect(check.canonical).toBe('867530912345673');
    expect(check.notes.join()).toContain('867530912345673');
  });

  it('reduces a 16-digit IMEISV to the IMEI', () => {
    const check = checkIdentifier({ kind: 'imei', value: '4901542032375101' });
    expect(check.canonical).toBe('490154203237518');
    expect(check.notes.join()).toContain('software version 01');
  });

  it('rejects wrong lengths, letters and the all-zero placeholder', () => {
    expect(fails({ kind: 'imei', value: '4901542032375' })).toContain('got 13 digits');
    expect(fails({ kind: 'imei', value: '49015420323751X' })).toContain('only digits');
    expect(fails({ kind: 'imei', value: '000000000000000' })).toContain('placeholder');
  });
});

describe('checkIdentifier: IMSI', () => {
  it('names the country of a common MCC', () => {
    const check = checkIdentifier({ kind: 'imsi', value: '460001234567890' });
    expect(check.canonical).toBe('460001234567890');
    expect(check.notes[0]).toMatch(/MCC 460 = China \(CN\), MNC 00/);
    expect(checkIdentifier({ kind: 'imsi', value: '310260123456789' }).notes[0]).toMatch(/\(US\), MNC 260/);
    expect(checkIdentifier({ kind: 'imsi', value: '26201123456789' }).notes[0]).toMatch(/\(DE\)/);
  });

  it('notes an MCC missing from the table and rejects wrong lengths', () => {
    expect(checkIdentifier({ kind: 'imsi', value: '999991234567890' }).notes[0]).toContain('not in');
    expect(fails({ kind: 'imsi', value: '4600012345678' })).toContain('got 13 digits');
    expect(fails({ kind: 'imsi', value: '4600012345678901' })).toContain('got 16 digits');
  });
});

describe('checkIdentifier: ICCID', () => {
  it('accepts a 20-digit ICCID with a valid Luhn digit', () => {
    // 8901410321111851072|0: from the right 2→4 7 0→0 1 5→10→1 8 1→2 1 1→2 1 2→4 3 0→0 1
    // 4→8 1 0→0 9 8→16→7; sum = 4+7+0+1+1+8+2+1+2+1+4+3+0+1+8+1+0+9+7 = 60, check digit 0.
    expect(ok({ kind: 'iccid', value: '8901 4103 2111 1851 0720' })).toBe('89014103211118510720');
  });

  it('accepts a 19-digit ICCID and strips BCD F padding', () => {
    // 894410000000000001|8: 1→2, zeros, 1, 4→8, 4, 9→18→9, 8; sum = 2+1+8+4+9+8 = 32, check 8.
    expect(ok({ kind: 'iccid', value: '8944100000000000018' })).toBe('8944100000000000018');
    expect(ok({ kind: 'iccid', value: '8944100000000000018F' })).toBe('8944100000000000018');
  });

  it('rejects a bad check digit, a wrong prefix and a wrong length', () => {
    expect(fails({ kind: 'iccid', value: '89014103211118510721' })).toContain(
      'Luhn digit of 8901410321111851072 is 0',
    );
    expect(fails({ kind: 'iccid', value: '79014103211118510720' })).toContain('start with 89');
    expect(fails({ kind: 'iccid', value: '890141032111185107' })).toContain('got 18 digits');
  });
});

describe('checkIdentifier: phone', () => {
  const valid: [Identifier, string][] = [
    [{ kind: 'phone', value: '+86 138 0013 8000' }, '+8613800138000'],
    [{ kind: 'phone', value: '138 0013 8000', country: 'CN' }, '+8613800138000'],
    [{ kind: 'phone', value: '0086 138 0013 8000' }, '+8613800138000'],
    [{ kind: 'phone', value: '(213) 373-4253', country: 'US' }, '+12133734253'],
    [{ kind: 'phone', value: '+1 213-373-4253' }, '+12133734253'],
    [{ kind: 'phone', value: '020 7946 0958', country: 'GB' }, '+442079460958'],
    [{ kind: 'phone', value: '07700 900123', country: 'gb' }, '+447700900123'],
    [{ kind: 'phone', value: '030 12345678', country: 'DE' }, '+493012345678'],
    [{ kind: 'phone', value: '+49 1512 3456789' }, '+4915123456789'],
    [{ kind: 'phone', value: '06 12 34 56 78', country: 'FR' }, '+33612345678'],
    [{ kind: 'phone', value: '+91 98765 43210' }, '+919876543210'],
    [{ kind: 'phone', value: '098765 43210', country: 'IN' }, '+919876543210'],
  ];
  it.each(valid)('%o is %s in E.164', (id, e164) => {
    expect(ok(id)).toBe(e164);
  });

  it('says what kind of number it is and where', () => {
    expect(checkIdentifier({ kind: 'phone', value: '+8613800138000' }).notes[0]).toMatch(
      /^mobile number in China \(CN\)/,
    );
  });

  it('keeps a number of possible length outside every known range, with a warning', () => {
    // 10 digits after +86 is a possible length (fixed lines) but no range starts with 138 there.
    const check = checkIdentifier({ kind: 'phone', value: '+86 138 0013 800' });
    expect(check.canonical).toBe('+861380013800');
    expect(check.notes[0]).toContain('matches no number range');
  });

  it('asks for a country when the number is national', () => {
    expect(fails({ kind: 'phone', value: '13800138000' })).toContain('needs a country');
  });

  it('rejects impossible lengths and unknown countries', () => {
    expect(fails({ kind: 'phone', value: '+33 6 12 34 56 7' })).toContain('wrong length');
    expect(fails({ kind: 'phone', value: '+86 138 0013 8000 12345' })).toContain('wrong length');
    expect(fails({ kind: 'phone', value: '+44 20 7946 09' })).toContain('wrong length');
    expect(fails({ kind: 'phone', value: '138 0013 8000', country: 'XX' })).toContain('ISO 3166-1');
    expect(fails({ kind: 'phone', value: 'call me' })).toMatch(/not a phone number|needs a country/);
  });
});

describe('checkIdentifier: MAC', () => {
  it.each(['A4:5E:60:C2:11:7F', 'a4-5e-60-c2-11-7f', 'a45e.60c2.117f', 'A45E60C2117F'])(
    'reads %s',
    (value) => {
      expect(ok({ kind: 'mac', value })).toBe('a4:5e:60:c2:11:7f');
    },
  );

  it('notes a locally administered (randomised) address', () => {
    // 0xda = 1101 1010: bit 1 (locally administered) set, bit 0 (multicast) clear.
    const check = checkIdentifier({ kind: 'mac', value: 'da:a1:19:00:11:22' });
    expect(check.ok).toBe(true);
    expect(check.notes.join()).toContain('randomised');
  });

  it('rejects multicast, broadcast, all-zero and mixed separators', () => {
    expect(fails({ kind: 'mac', value: '01:00:5e:00:00:fb' })).toContain('multicast');
    expect(fails({ kind: 'mac', value: 'ff:ff:ff:ff:ff:ff' })).toContain('broadcast');
    expect(fails({ kind: 'mac', value: '00:00:00:00:00:00' })).toContain('placeholder');
    expect(fails({ kind: 'mac', value: 'a4:5e-60:c2:11:7f' })).toContain('six hex bytes');
  });

  it("rejects Android's 02:00:00:00:00:00 placeholder in every written form, but not its neighbours", () => {
    for (const value of ['02:00:00:00:00:00', '02-00-00-00-00-00', '0200.0000.0000', '020000000000']) {
      expect(fails({ kind: 'mac', value })).toContain('placeholder Android shows');
    }
    expect(ok({ kind: 'mac', value: '02:00:00:00:00:01' })).toBe('02:00:00:00:00:01');
  });
});

describe('checkIdentifier: other kinds', () => {
  it('lower-cases emails and rejects malformed ones', () => {
    expect(ok({ kind: 'email', value: ' Jane.Doe@Example.COM ' })).toBe('jane.doe@example.com');
    fails({ kind: 'email', value: 'jane.doe@localhost' });
    fails({ kind: 'email', value: 'jane doe@example.com' });
  });

  it('checks Android IDs and advertising IDs', () => {
    expect(ok({ kind: 'android_id', value: '9F3B2C1D4E5A6B7C' })).toBe('9f3b2c1d4e5a6b7c');
    fails({ kind: 'android_id', value: '9f3b2c1d4e5a6b7' });
    expect(ok({ kind: 'advertising_id', value: '38400000-8CF0-11BD-B23E-10B96E40000D' })).toBe(
      '38400000-8cf0-11bd-b23e-10b96e40000d',
    );
    expect(ok({ kind: 'advertising_id', value: '384000008cf011bdb23e10b96e40000d' })).toBe(
      '38400000-8cf0-11bd-b23e-10b96e40000d',
    );
    expect(fails({ kind: 'advertising_id', value: '00000000-0000-0000-0000-000000000000' })).toContain(
      'all-zero',
    );
    fails({ kind: 'advertising_id', value: '38400000-8cf0-11bd-b23e' });
  });

  it('requires a minimum length for serials and free text', () => {
    expect(ok({ kind: 'serial', value: ' R58M12ABCDE ' })).toBe('R58M12ABCDE');
    expect(fails({ kind: 'serial', value: 'R58' })).toContain('at least 4');
    expect(ok({ kind: 'carrier', value: 'O2' + 'X' })).toBe('O2X');
    expect(fails({ kind: 'name', value: 'Al' })).toContain('at least 3');
    expect(fails({ kind: 'text', value: 'line\nbreak' })).toContain('control');
  });

  it('checks location ranges', () => {
    expect(ok({ kind: 'location', value: '48.8584, 2.2945' })).toBe('48.8584,2.2945');
    expect(ok({ kind: 'location', value: '-33.8688,151.2093' })).toBe('-33.8688,151.2093');
    expect(fails({ kind: 'location', value: '91.0,2.0' })).toContain('latitude');
    expect(fails({ kind: 'location', value: '48.8,181.5' })).toContain('longitude');
    fails({ kind: 'location', value: 'Paris' });
    expect(checkIdentifier({ kind: 'location', value: '48.8,2.3' }).notes.join()).toContain('fewer than 3');
    expect(ok({ kind: 'location', value: '48.8584,2.2945', radius: 500 })).toBe('48.8584,2.2945');
    expect(fails({ kind: 'location', value: '48.8584,2.2945', radius: 0 })).toContain('radius must be');
    expect(fails({ kind: 'location', value: '48.8584,2.2945', radius: 90_000 })).toContain('1 to 50000');
  });

  it('rejects an empty value and an unknown kind', () => {
    expect(fails({ kind: 'imei', value: '  ' })).toContain('empty');
    expect(fails({ kind: 'shoe_size' as Identifier['kind'], value: '44' })).toContain('unknown kind');
  });
});

describe('parseIdentifiersFile', () => {
  it('keeps valid entries and names each bad one', () => {
    const { identifiers, errors } = parseIdentifiersFile({
      identifiers: [
        { kind: 'imei', value: '490154203237518', label: 'test phone' },
        { kind: 'phone', value: '13800138000', country: 'CN' },
        { kind: 'imei', value: '8675309123456' },
        { kind: 'bogus', value: 'x' },
        'not an object',
        { kind: 'imei', value: '49015420323751-8' },
        { kind: 'email', value: 42 },
      ],
    });
    expect(identifiers).toEqual([
      { kind: 'imei', value: '490154203237518', label: 'test phone' },
      { kind: 'phone', value: '13800138000', country: 'CN' },
    ]);
    expect(errors).toEqual([
      'identifiers[2] (imei "8675309123456"): IMEI must be 15 digits (14 without the check digit, 16 for IMEISV); got 13 digits',
      'identifiers[3] (bogus "x"): "kind" must be one of imei, imsi, iccid, phone, mac, email, android_id, advertising_id, serial, carrier, name, location, text',
      'identifiers[4]: each entry must be an object with "kind" and "value"',
      'identifiers[5] (imei "49015420323751-8"): same imei as identifiers[0]; remove one of them',
      'identifiers[6] (email "42"): "value" must be a string',
    ]);
  });

  it('rejects a file that is not an object with an identifiers array', () => {
    for (const json of [null, [], { ids: [] }, 'text', { identifiers: {} }]) {
      const parsed = parseIdentifiersFile(json);
      expect(parsed.identifiers).toEqual([]);
      expect(parsed.errors[0]).toContain('"identifiers" array');
    }
  });
});

describe('checkIdentifierQuietly', () => {
  it('gives checkIdentifier’s verdict, canonical form and errors, without the notes', () => {
    const cases: Identifier[] = [
      { kind: 'imsi', value: '460001234567890' },
      { kind: 'imsi', value: '001011234567890' },
      { kind: 'imsi', value: '4600012345' },
      { kind: 'phone', value: '+8613912345678', country: 'CN' },
      { kind: 'phone', value: '07911 123456', country: 'GB' },
      { kind: 'phone', value: '+44 12', country: 'GB' },
      { kind: 'imei', value: '35391805247193' },
      { kind: 'imei', value: '865301020304058' },
      { kind: 'location', value: '48.85837,2.29448' },
    ];
    for (const id of cases) {
      const full = checkIdentifier(id);
      const quiet = checkIdentifierQuietly(id);
      expect({ ok: quiet.ok, canonical: quiet.canonical, errors: quiet.errors }).toEqual({
        ok: full.ok,
        canonical: full.canonical,
        errors: full.errors,
      });
    }
    // The notes that name a country are the ones skipped.
    expect(checkIdentifier(cases[0]).notes.join(' ')).toContain('China');
    expect(checkIdentifierQuietly(cases[0]).notes).toEqual([]);
    expect(checkIdentifierQuietly(cases[3]).notes).toEqual([]);
  });
});
