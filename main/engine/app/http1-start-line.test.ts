/**
 * startsRequest: which first lines begin an HTTP request. The examples are the cases the
 * recogniser's header describes; the property checks the early answer for lines that can only
 * end loose (states 60 and 61) against the definition walked to the end of the line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isKnownMethod,
  LINE_DONE,
  LINE_FAIL,
  LINE_LOOSE,
  requestLineStep,
  startsRequest,
} from './http1-start-line';

const text = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** The definition: walk the whole line, then judge the method. */
function startsRequestByDefinition(first: Uint8Array): boolean {
  let state = 0;
  let methodEnd = -1;
  for (let i = 0; i < first.length; i++) {
    state = requestLineStep(state, first[i]);
    if (state === LINE_FAIL) return false;
    if (state === LINE_DONE) return true;
    if (methodEnd < 0 && !(state >= 1 && state <= 32)) methodEnd = i;
    if (state === LINE_LOOSE) break;
  }
  if (methodEnd < 0) return false;
  const method = String.fromCharCode(...first.subarray(0, methodEnd));
  return isKnownMethod(method) && (state === LINE_LOOSE || state >= 40);
}

describe('startsRequest', () => {
  it('takes a strict request line whatever its method', () => {
    expect(startsRequest(text('GET /a HTTP/1.1\r\nHost: x\r\n'))).toBe(true);
    expect(startsRequest(text('FROB /a HTTP/1.0\n'))).toBe(true);
  });

  it('takes a loose line only with a known method', () => {
    expect(startsRequest(text('GET /x\r\n'))).toBe(true);
    expect(startsRequest(text('OPTIONS\r\n'))).toBe(true);
    expect(startsRequest(text('GET / HTTP/2.0\r\n'))).toBe(true);
    expect(startsRequest(text('M-SEARCH * HTTP/1.x extra words\r\n'))).toBe(true);
    expect(startsRequest(text('MSG 12 hello there, a line of some chat protocol\r\n'))).toBe(false);
    expect(startsRequest(text('MAIL FROM:<a@example.org> SIZE=100\r\n'))).toBe(false);
    expect(startsRequest(text('FROB\r\n'))).toBe(false);
  });

  it('takes a line cut off after a known method and a space', () => {
    expect(startsRequest(text('POST '))).toBe(true);
    expect(startsRequest(text('POST /upload HT'))).toBe(true);
    expect(startsRequest(text('FROB /upload HT'))).toBe(false);
    expect(startsRequest(text('POST'))).toBe(false);
  });

  it('refuses binary and empty input', () => {
    expect(startsRequest(new Uint8Array(0))).toBe(false);
    expect(startsRequest(Uint8Array.of(0x16, 0x03, 0x01, 0x00, 0x10))).toBe(false);
  });

  it('answers as the definition does on lines of request-like tokens', () => {
    const token = fc.constantFrom(
      'GET',
      'POST',
      'OPTIONS',
      'BASELINE-CONTROL',
      'FROB',
      'MSG',
      'X'.repeat(33),
      ' ',
      '/',
      '/index.html',
      'HTTP/1.',
      'HTTP/1.1',
      'HTTP/2',
      '1',
      'x',
      '\t',
      '\r',
      '\n',
      '\r\n',
      '\x00',
      '\x7f',
      '\xe9',
    );
    // Shaped like a request line (method, target, version, end), each part sometimes replaced
    // by noise, so strict, loose, cut-off and failing lines all come up often.
    const part = (...choices: string[]) => fc.oneof(fc.constantFrom(...choices), token);
    const shaped = fc
      .tuple(
        part('GET', 'M-SEARCH', 'FROB', 'MSG', ''),
        part(' ', ''),
        part('/', '/a?b=c', '*', ''),
        part(' ', ''),
        part('HTTP/1.1', 'HTTP/1.', 'HTTP/2.0', 'HTTP/1.1 extra', ''),
        part('\r\n', '\n', '\r', ''),
        fc.array(token, { maxLength: 3 }),
      )
      .map(([method, sp1, target, sp2, version, end, tail]) =>
        [method, sp1, target, sp2, version, end, ...tail].join(''),
      );
    const free = fc.array(token, { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(shaped, free), (s) => {
        const line = text(s);
        expect(startsRequest(line)).toBe(startsRequestByDefinition(line));
      }),
      { numRuns: 5000 },
    );
  });
});
