/** CRYPTO stream reassembly: order, overlap, retransmission, limits, base offset. */
import { describe, expect, it } from 'vitest';
import { CryptoStream } from './crypto-stream';

const LIMITS = { maxBytes: 64, maxPieces: 8 };
const bytes = (...v: number[]) => Uint8Array.from(v);
const text = (s: CryptoStream, n: number) => Buffer.from(s.prefix(n)).toString('hex');

describe('CryptoStream', () => {
  it('joins out-of-order pieces; contiguous grows only when the hole is filled', () => {
    const s = new CryptoStream(LIMITS);
    expect(s.add(4, bytes(4, 5, 6), 10)).toBe('ok');
    expect(s.contiguous).toBe(0);
    s.add(0, bytes(0, 1), 11);
    expect(s.contiguous).toBe(2);
    s.add(2, bytes(2, 3), 12);
    expect(s.contiguous).toBe(7);
    expect(text(s, 7)).toBe('00010203040506');
    expect(s.framesBelow(7)).toEqual([10, 11, 12]);
    expect(s.framesBelow(2)).toEqual([11]);
  });

  it('keeps the first copy of overlapping bytes; a retransmission adds no frame; a disagreeing copy is reported once', () => {
    const s = new CryptoStream(LIMITS);
    s.add(0, bytes(1, 2, 3, 4), 1);
    expect(s.add(0, bytes(1, 2, 3, 4), 2)).toBe('ok');
    expect(s.framesBelow(4)).toEqual([1]);
    expect(s.add(2, bytes(9, 9, 5, 6), 3)).toBe('conflict');
    expect(text(s, 6)).toBe('010203040506');
    expect(s.add(1, bytes(8), 4)).toBe('ok');
    expect(s.framesBelow(6)).toEqual([1, 3]);
  });

  it('bridges several holes with one piece', () => {
    const s = new CryptoStream(LIMITS);
    s.add(1, bytes(1), 1);
    s.add(3, bytes(3), 2);
    s.add(5, bytes(5), 3);
    s.add(0, bytes(0, 0xaa, 2, 0xbb, 4, 0xcc), 4);
    expect(text(s, 6)).toBe('000102030405');
  });

  it('drops bytes past maxBytes and reports it once; a piece entirely past it stores nothing', () => {
    const s = new CryptoStream(LIMITS);
    expect(s.add(60, new Uint8Array(10).fill(7), 1)).toBe('beyond-limit');
    expect(s.add(100, bytes(1), 2)).toBe('ok');
    s.add(0, new Uint8Array(60), 3);
    expect(s.contiguous).toBe(64);
  });

  it('refuses more than maxPieces pieces', () => {
    const s = new CryptoStream({ maxBytes: 1024, maxPieces: 3 });
    for (let i = 0; i < 3; i++) expect(s.add(i * 10, bytes(i), i)).toBe('ok');
    expect(s.add(50, bytes(1), 9)).toBe('too-fragmented');
  });

  it('with a base offset, ignores bytes below it and counts from it', () => {
    const s = new CryptoStream(LIMITS, 100);
    expect(s.add(0, new Uint8Array(100).fill(1), 1)).toBe('ok');
    expect(s.contiguous).toBe(0);
    s.add(98, bytes(1, 1, 0x42, 0x43), 2);
    expect(s.contiguous).toBe(2);
    expect(text(s, 2)).toBe('4243');
    expect(s.framesBelow(2)).toEqual([2]);
  });
});
