import { describe, expect, it } from 'vitest';
import { BoundedReader } from './bounded-reader';
import { ByteAccumulator } from './byte-accumulator';
import { anomalyLog, hexBytes } from './test-support/annotated-hex';

describe('BoundedReader', () => {
  it('reads big-endian integers and vectors within bounds', () => {
    const log = anomalyLog();
    // u8 01 | u16 0203 | u24 040506 | u32 ffffffff | vector<1> of 2: aabb | vector<2> of 1: cc
    const r = BoundedReader.over(hexBytes('01 0203 040506 ffffffff 02aabb 0001cc'), 't', log.sink);
    expect([r.u8('a'), r.u16('b'), r.u24('c'), r.u32('d')]).toEqual([1, 0x0203, 0x040506, 0xffffffff]);
    const v = r.vector(1, 'v');
    expect(Array.from(v.bytes(2, 'v-body'))).toEqual([0xaa, 0xbb]);
    expect(v.finish('v')).toBe(true);
    const w = r.vector(2, 'w');
    expect(w.u8('w-body')).toBe(0xcc);
    expect(r.remaining()).toBe(0);
    expect(log.names).toEqual([]);
  });

  it('fails stickily on a short read and reports it once', () => {
    const log = anomalyLog();
    const r = BoundedReader.over(hexBytes('01'), 't', log.sink);
    expect(r.u16('field')).toBe(0);
    expect(r.ok).toBe(false);
    expect(r.u8('next')).toBe(0);
    expect(r.bytes(1, 'more').length).toBe(0);
    expect(log.names).toEqual(['t-field-too-short']);
  });

  it('confines a vector to its length and reports leftovers', () => {
    const log = anomalyLog();
    // vector<1> of 3 bytes holding a u16 and one byte more, followed by a byte outside it.
    const r = BoundedReader.over(hexBytes('03 0102 03 ff'), 't', log.sink);
    const v = r.vector(1, 'inner');
    expect(v.u16('x')).toBe(0x0102);
    expect(v.finish('inner')).toBe(false);
    expect(v.u16('y')).toBe(0); // only one byte is left inside the vector, though two are outside
    expect(r.ok).toBe(true);
    expect(r.u8('after')).toBe(0xff);
    expect(log.names).toEqual(['t-inner-trailing-bytes', 't-y-too-short']);
  });

  it('refuses a vector longer than its parent, and flags lengths outside the declared range', () => {
    const log = anomalyLog();
    const r = BoundedReader.over(hexBytes('0005 0102'), 't', log.sink);
    expect(r.vector(2, 'big').ok).toBe(false);
    expect(r.ok).toBe(false);
    const s = BoundedReader.over(hexBytes('00'), 't', log.sink);
    expect(s.vector(1, 'list', 1, 10).remaining()).toBe(0);
    expect(log.names).toEqual(['t-big-too-short', 't-list-length-invalid']);
  });
});

describe('ByteAccumulator', () => {
  it('grows to its limit and refuses to pass it', () => {
    const acc = new ByteAccumulator(10, 2);
    expect(acc.append(hexBytes('010203'), 0, 3)).toBe(true);
    expect(acc.append(hexBytes('0405060708090a'), 0, 7)).toBe(true);
    expect(acc.append(hexBytes('0b'), 0, 1)).toBe(false);
    expect(Array.from(acc.view())).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    acc.discardFront(8);
    expect(Array.from(acc.view())).toEqual([9, 10]);
    acc.clear();
    expect(acc.length).toBe(0);
  });
});
