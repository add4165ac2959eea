import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { previewVariants } from './variant-preview';

describe('previewVariants', () => {
  it('lists the encodings the matcher searches, with text examples computed independently', () => {
    const p = previewVariants({ kind: 'imei', value: '865301020304057' });
    expect(p.ok).toBe(true);
    const by = new Map(p.groups.map((g) => [g.encoding, g]));
    expect(by.get('plain')?.examples).toEqual(['865301020304057']);
    expect(by.get('imei-14')?.examples).toEqual(['86530102030405']);
    expect(by.get('imeisv')?.count).toBe(100);
    expect(by.get('md5-hex')?.examples).toContain(createHash('md5').update('865301020304057').digest('hex'));
    // UTF-16LE: every ASCII character followed by a zero byte, shown escaped.
    expect(by.get('utf16le')?.examples[0]).toBe(
      '8\\x006\\x005\\x00'.concat('3\\x000\\x001\\x000\\x002\\x000\\x003\\x000\\x004\\x000\\x005\\x007\\x00'),
    );
    expect(p.total).toBe(p.groups.reduce((n, g) => n + g.count, 0));
  });

  it('previews nothing for an identifier that does not validate', () => {
    expect(previewVariants({ kind: 'imei', value: '865301020304058' })).toEqual({
      ok: false,
      total: 0,
      groups: [],
    });
  });
});
