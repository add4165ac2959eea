import { describe, expect, it } from 'vitest';
import { nextSort, sortRows, type SortKeyOf } from './table-sort';

interface Row {
  name: string | null;
  size: number | null;
  order: number;
}

const rows: Row[] = [
  { name: 'b.example', size: 10, order: 0 },
  { name: null, size: 5, order: 1 },
  { name: 'a.example', size: 10, order: 2 },
  { name: 'c.example', size: null, order: 3 },
  { name: 'B.example', size: 200, order: 4 },
];
const keys: Record<string, SortKeyOf<Row>> = {
  name: (r) => r.name,
  size: (r) => r.size,
};
const orderOf = (sorted: readonly Row[]) => sorted.map((r) => r.order);

describe('sortRows', () => {
  it('keeps the natural order when unsorted or the column is unknown', () => {
    expect(sortRows(rows, null, keys)).toBe(rows);
    expect(sortRows(rows, { column: 'nope', direction: 'asc' }, keys)).toBe(rows);
  });

  it('sorts text by code point (upper case before lower) and leaves the input alone', () => {
    expect(orderOf(sortRows(rows, { column: 'name', direction: 'asc' }, keys))).toEqual([4, 2, 0, 3, 1]);
    expect(orderOf(sortRows(rows, { column: 'name', direction: 'desc' }, keys))).toEqual([3, 0, 2, 4, 1]);
    expect(orderOf(rows)).toEqual([0, 1, 2, 3, 4]);
  });

  it('sorts numbers numerically, not as text (200 > 10 > 5)', () => {
    expect(orderOf(sortRows(rows, { column: 'size', direction: 'desc' }, keys))).toEqual([4, 0, 2, 1, 3]);
  });

  it('is stable and puts missing keys last in both directions', () => {
    // The two 10s (rows 0 and 2) keep their natural order whichever way the column is sorted.
    expect(orderOf(sortRows(rows, { column: 'size', direction: 'asc' }, keys))).toEqual([1, 0, 2, 4, 3]);
    expect(orderOf(sortRows(rows, { column: 'size', direction: 'desc' }, keys)).slice(1, 3)).toEqual([0, 2]);
  });
});

describe('nextSort', () => {
  it('cycles preferred direction → the other → natural order', () => {
    const first = nextSort(null, 'bytes', 'desc');
    expect(first).toEqual({ column: 'bytes', direction: 'desc' });
    const second = nextSort(first, 'bytes', 'desc');
    expect(second).toEqual({ column: 'bytes', direction: 'asc' });
    expect(nextSort(second, 'bytes', 'desc')).toBeNull();
  });

  it('starts a different column in its own preferred direction', () => {
    expect(nextSort({ column: 'bytes', direction: 'asc' }, 'host', 'asc')).toEqual({
      column: 'host',
      direction: 'asc',
    });
  });
});
