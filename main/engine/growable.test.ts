import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlockLists } from './growable';

describe('BlockLists', () => {
  it('keeps every list as appended, without a repeat of its last value, across blocks and growth', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(3000), fc.nat(40)), { maxLength: 3000 }), (appends) => {
        const lists = new BlockLists();
        const model = new Map<number, number[]>();
        for (const [id, value] of appends) {
          lists.addUnlessLast(id, value);
          const list = model.get(id) ?? [];
          if (list[list.length - 1] !== value) list.push(value);
          model.set(id, list);
        }
        for (const [id, list] of model) expect(lists.values(id)).toEqual(list);
        expect(lists.values(3001)).toBeNull();
        expect(lists.values(-1)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it('chains many blocks for one long list', () => {
    const lists = new BlockLists();
    const want: number[] = [];
    for (let frame = 1; frame <= 100_000; frame++) {
      lists.addUnlessLast(7, frame);
      lists.addUnlessLast(7, frame);
      want.push(frame);
    }
    expect(lists.values(7)).toEqual(want);
    expect(lists.values(6)).toBeNull();
  });
});
