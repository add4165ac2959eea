import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AhoCorasick, type AhoCorasickPattern } from './aho-corasick';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

function fold(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
}

/** The oracle: every (pattern, exclusive end) by direct comparison at every position. */
function naive(patterns: AhoCorasickPattern[], input: Uint8Array): string[] {
  const hits: string[] = [];
  patterns.forEach((p, index) => {
    const n = p.bytes.length;
    if (n === 0) return;
    for (let end = n; end <= input.length; end++) {
      let same = true;
      // Case-sensitive patterns are reported as folded candidates, too (see aho-corasick.ts).
      for (let i = 0; i < n && same; i++) same = fold(input[end - n + i]) === fold(p.bytes[i]);
      if (same) hits.push(`${index}@${end}`);
    }
  });
  return hits.sort();
}

function scanAll(ac: AhoCorasick, chunks: Uint8Array[]): string[] {
  const hits: string[] = [];
  let state = ac.initialState;
  let offset = 0;
  for (const chunk of chunks) {
    const base = offset;
    state = ac.scan(chunk, state, (p, end) => hits.push(`${p}@${base + end}`));
    offset += chunk.length;
  }
  return hits.sort();
}

describe('AhoCorasick', () => {
  it('finds overlapping patterns, including one that is a suffix of another', () => {
    const patterns = ['he', 'she', 'his', 'hers'].map((s) => ({ bytes: ascii(s), caseInsensitive: false }));
    const ac = new AhoCorasick(patterns);
    // "ushers": "she" ends at 4, "he" at 4, "hers" at 6 (the textbook example).
    expect(scanAll(ac, [ascii('ushers')])).toEqual(['0@4', '1@4', '3@6']);
  });

  it('folds ASCII case for every pattern and marks case-sensitive ones as exact', () => {
    const ac = new AhoCorasick([
      { bytes: ascii('AbC'), caseInsensitive: true },
      { bytes: ascii('XyZ'), caseInsensitive: false },
    ]);
    expect(scanAll(ac, [ascii('..abc..ABC..xyz..')])).toEqual(['0@10', '0@5', '1@15']);
    expect(ac.exact(0)).toBe(false);
    expect(ac.exact(1)).toBe(true);
    expect(ac.patternLength(1)).toBe(3);
  });

  it('does not fold bytes outside A-Z (0xc0-0xde are not upper-case letters here)', () => {
    const ac = new AhoCorasick([{ bytes: new Uint8Array([0xe9]), caseInsensitive: true }]);
    expect(scanAll(ac, [new Uint8Array([0xc9, 0xe9])])).toEqual(['0@2']);
  });

  it('matches with no patterns and with an empty pattern without reporting anything', () => {
    expect(scanAll(new AhoCorasick([]), [ascii('anything')])).toEqual([]);
    const ac = new AhoCorasick([
      { bytes: new Uint8Array(0), caseInsensitive: false },
      { bytes: ascii('a'), caseInsensitive: false },
    ]);
    expect(scanAll(ac, [ascii('aa')])).toEqual(['1@1', '1@2']);
  });

  it('agrees with a naive search and resumes across any chunking (property)', () => {
    // A tiny alphabet makes overlaps, shared prefixes and suffix outputs common.
    const byte = fc.constantFrom(0x61, 0x41, 0x62, 0x42, 0x30, 0x00, 0xff);
    const pattern = fc.record({
      bytes: fc.array(byte, { minLength: 1, maxLength: 6 }).map((x) => new Uint8Array(x)),
      caseInsensitive: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(pattern, { minLength: 1, maxLength: 12 }),
        fc.array(byte, { maxLength: 200 }).map((x) => new Uint8Array(x)),
        fc.array(fc.nat(200), { maxLength: 6 }),
        (patterns, input, cuts) => {
          const ac = new AhoCorasick(patterns);
          const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
          const chunks: Uint8Array[] = [];
          let last = 0;
          for (const p of [...points, input.length]) {
            chunks.push(input.subarray(last, p));
            last = p;
          }
          const expected = naive(patterns, input);
          expect(scanAll(ac, [input])).toEqual(expected);
          expect(scanAll(ac, chunks)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agrees with a naive search for many long patterns sharing prefixes and suffixes (property)', () => {
    // Like the identifier variants: long patterns built from a few stems, so the trie has deep
    // shared paths, patterns that are prefixes or suffixes of others, and equal ones once folded.
    const stem = fc.array(fc.constantFrom(0x61, 0x41, 0x31, 0x32, 0x2d), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(
        fc.array(stem, { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(3), fc.nat(3), fc.nat(40), fc.nat(40), fc.boolean()), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.array(fc.nat(3), { maxLength: 12 }),
        fc.integer({ min: 1, max: 64 }),
        (stems, picks, order, size) => {
          const patterns = picks.map(([a, b, cutA, cutB, caseInsensitive]) => {
            const left = stems[a % stems.length];
            const right = stems[b % stems.length];
            const bytes = [...left.slice(cutA % left.length), ...right.slice(0, 1 + (cutB % right.length))];
            return { bytes: new Uint8Array(bytes), caseInsensitive };
          });
          const input = new Uint8Array(order.flatMap((k) => [...stems[k % stems.length], 0x20]));
          const ac = new AhoCorasick(patterns);
          const chunks: Uint8Array[] = [];
          for (let at = 0; at < input.length; at += size) chunks.push(input.subarray(at, at + size));
          expect(scanAll(ac, chunks)).toEqual(naive(patterns, input));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agrees with a naive search for longer patterns among bytes of no pattern (property)', () => {
    // Patterns of 3..8 bytes over a small alphabet, in input where many bytes occur in no
    // pattern, cut into chunks of every size: hits at chunk ends and after resets are found.
    const patternByte = fc.constantFrom(0x61, 0x42, 0x30);
    const inputByte = fc.constantFrom(0x61, 0x41, 0x62, 0x42, 0x30, 0x00, 0xff, 0x20, 0x7f);
    const pattern = fc.record({
      bytes: fc.array(patternByte, { minLength: 3, maxLength: 8 }).map((x) => new Uint8Array(x)),
      caseInsensitive: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(pattern, { minLength: 1, maxLength: 6 }),
        fc.array(inputByte, { maxLength: 300 }).map((x) => new Uint8Array(x)),
        fc.integer({ min: 1, max: 17 }),
        (patterns, input, size) => {
          const ac = new AhoCorasick(patterns);
          const chunks: Uint8Array[] = [];
          for (let at = 0; at < input.length; at += size) chunks.push(input.subarray(at, at + size));
          const expected = naive(patterns, input);
          expect(scanAll(ac, [input])).toEqual(expected);
          expect(scanAll(ac, chunks)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('skips ahead exactly as stepping through every byte would scan (property)', () => {
    // Patterns long enough for the skip search, over bytes that fold together (a/A, and the
    // pairs 0x0d/0x2d and 0x40/0x60 that the skip table's `| 0x20` puts in one slot), built from
    // a few stems so that partial matches, shared prefixes and near-misses are common. The same
    // automaton without the search is the reference: every callback, in order, and the state
    // returned after every chunk must be the same.
    const byte = fc.constantFrom(0x61, 0x41, 0x62, 0x31, 0x0d, 0x2d, 0x40, 0x60, 0x00, 0xff);
    const stem = fc.array(byte, { minLength: 6, maxLength: 24 });
    fc.assert(
      fc.property(
        fc.array(stem, { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.nat(4), fc.nat(24), fc.nat(24), fc.boolean()), { minLength: 1, maxLength: 12 }),
        fc.array(fc.oneof(fc.nat(4), fc.array(byte, { maxLength: 12 })), { maxLength: 40 }),
        fc.array(fc.nat(600), { maxLength: 8 }),
        (stems, picks, pieces, cuts) => {
          const patterns = picks.map(([k, from, extra, caseInsensitive]) => {
            const stem = stems[k % stems.length];
            const start = from % (stem.length - 5);
            const bytes = stem.slice(start, start + 6 + (extra % (stem.length - start - 5)));
            return { bytes: new Uint8Array(bytes), caseInsensitive };
          });
          const input = new Uint8Array(
            pieces.flatMap((piece) => (typeof piece === 'number' ? stems[piece % stems.length] : piece)),
          );
          const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
          const chunks: Uint8Array[] = [];
          let last = 0;
          for (const point of [...points, input.length]) {
            chunks.push(input.subarray(last, point));
            last = point;
          }
          const trace = (ac: AhoCorasick): string[] => {
            const out: string[] = [];
            let state = ac.initialState;
            for (const chunk of chunks) {
              state = ac.scan(chunk, state, (index, end) => out.push(`${index}@${end}`));
              out.push(`state ${state}`);
            }
            return out;
          };
          expect(trace(new AhoCorasick(patterns))).toEqual(trace(new AhoCorasick(patterns, { skip: false })));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
