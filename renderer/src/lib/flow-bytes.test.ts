import { describe, expect, it } from 'vitest';
import type { FlowContent, Highlight } from '../../../shared/api';
import {
  bytesToAscii,
  bytesToHex,
  bytesToText,
  chunkAt,
  decodeBase64,
  decodeChunks,
  focusChunk,
  segmentChunk,
} from './flow-bytes';

function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

function highlight(direction: 'out' | 'in', offset: number, length: number): Highlight {
  return { direction, offset, length, kind: 'imei', encoding: 'plain' };
}

describe('decodeBase64', () => {
  it('decodes RFC 4648 §10 test vectors', () => {
    expect(Array.from(decodeBase64('Zm9vYmFy'))).toEqual(Array.from(ascii('foobar')));
    expect(Array.from(decodeBase64('Zm8='))).toEqual(Array.from(ascii('fo')));
  });

  it('returns no bytes for text that is not base64', () => {
    expect(decodeBase64('*not base64*')).toHaveLength(0);
  });
});

describe('decodeChunks', () => {
  const content: FlowContent = {
    flowId: 1,
    truncated: false,
    highlights: [],
    chunks: [
      { direction: 'out', offset: 0, frame: 3, data: 'YWJj' }, // "abc"
      { direction: 'in', offset: 1, frame: 4, data: 'eHk=' }, // "xy"
      { direction: 'out', offset: 1, frame: 5, data: 'ZGVmZw==' }, // "defg"
    ],
  };

  it('keeps TCP stream offsets as given', () => {
    expect(decodeChunks(content, 'tcp').map((c) => c.start)).toEqual([0, 1, 1]);
  });

  it('lays UDP datagrams of one direction end to end', () => {
    expect(decodeChunks(content, 'udp').map((c) => c.start)).toEqual([0, 0, 3]);
  });
});

describe('segmentChunk', () => {
  const chunk = { direction: 'out' as const, frame: 7, start: 100, bytes: ascii('0123456789') };

  it('returns one plain segment without highlights', () => {
    expect(segmentChunk(chunk, [])).toEqual([{ start: 0, end: 10, highlight: null }]);
  });

  it('cuts a highlight out of the middle and ignores the other direction', () => {
    expect(segmentChunk(chunk, [highlight('in', 100, 5), highlight('out', 103, 4)])).toEqual([
      { start: 0, end: 3, highlight: null },
      { start: 3, end: 7, highlight: 1 },
      { start: 7, end: 10, highlight: null },
    ]);
  });

  it('clips highlights that start before or end after the chunk', () => {
    expect(segmentChunk(chunk, [highlight('out', 95, 7), highlight('out', 108, 10)])).toEqual([
      { start: 0, end: 2, highlight: 0 },
      { start: 2, end: 8, highlight: null },
      { start: 8, end: 10, highlight: 1 },
    ]);
  });

  it('never marks a byte twice when highlights overlap', () => {
    const segments = segmentChunk(chunk, [highlight('out', 101, 4), highlight('out', 103, 4)]);
    expect(segments).toEqual([
      { start: 0, end: 1, highlight: null },
      { start: 1, end: 5, highlight: 0 },
      { start: 5, end: 7, highlight: 1 },
      { start: 7, end: 10, highlight: null },
    ]);
  });
});

describe('byte rendering', () => {
  const bytes = Uint8Array.from([0x47, 0x45, 0x54, 0x0d, 0x0a, 0x00, 0x09, 0xff, 0x7f, 0x0d, 0x41]);

  it('keeps line breaks and tabs, drops the CR of CRLF, dots other control bytes', () => {
    expect(bytesToText(bytes, 0, bytes.length)).toBe('GET\n·\t···A');
  });

  it('renders the ASCII column one glyph per byte', () => {
    expect(bytesToAscii(bytes, 0, bytes.length)).toBe('GET·······A');
  });

  it('renders two lower-case hex digits per byte', () => {
    expect(bytesToHex(bytes, 0, 4)).toBe('47 45 54 0d');
  });

  it('handles more bytes than one fromCharCode call takes', () => {
    const big = new Uint8Array(100_000).fill(0x61);
    expect(bytesToText(big, 0, big.length)).toHaveLength(100_000);
  });
});

describe('chunkAt', () => {
  it('finds the chunk that holds a stream position in the right direction', () => {
    const chunks = decodeChunks(
      {
        flowId: 1,
        truncated: false,
        highlights: [],
        chunks: [
          { direction: 'out', offset: 0, frame: 1, data: 'YWJj' },
          { direction: 'in', offset: 0, frame: 2, data: 'YWJj' },
          { direction: 'out', offset: 3, frame: 3, data: 'YWJj' },
        ],
      },
      'tcp',
    );
    expect(chunkAt(chunks, 'out', 4)).toBe(2);
    expect(chunkAt(chunks, 'in', 2)).toBe(1);
    expect(chunkAt(chunks, 'in', 3)).toBe(-1);
  });

  it('focusChunk prefers the frame that completed the match, then the offset', () => {
    const chunks = decodeChunks(
      {
        flowId: 1,
        truncated: false,
        highlights: [],
        chunks: [
          { direction: 'out', offset: 0, frame: 1, data: 'YWJj' },
          { direction: 'out', offset: 3, frame: 3, data: 'YWJj' },
        ],
      },
      'tcp',
    );
    expect(focusChunk(chunks, { direction: 'out', offset: 0, frame: 3 })).toBe(1);
    expect(focusChunk(chunks, { direction: 'out', offset: 4, frame: 99 })).toBe(1);
    expect(focusChunk(chunks, { direction: 'in', offset: 0, frame: 1 })).toBe(-1);
  });
});
