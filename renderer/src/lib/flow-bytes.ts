/**
 * Turns a FlowContent (base64 chunks + highlight ranges) into what the flow view draws: decoded
 * chunks placed in their direction's stream, split into plain and highlighted segments, and the
 * text or hex rendering of byte ranges. Packet bytes are hostile; everything here produces plain
 * strings that React renders as text, never markup.
 */
import type { FlowContent, Highlight } from '../../../shared/api';
import type { Direction, TransportName } from '../../../shared/events';

export interface DecodedChunk {
  direction: Direction;
  frame: number;
  /** Position of bytes[0] in the direction's stream. */
  start: number;
  bytes: Uint8Array;
}

export interface Segment {
  /** Byte range inside the chunk. */
  start: number;
  end: number;
  /** Index into FlowContent.highlights, or null for plain bytes. */
  highlight: number | null;
}

export function decodeBase64(text: string): Uint8Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return new Uint8Array(0);
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * Places each chunk in its direction's stream. TCP chunks carry their stream offset. UDP chunks
 * carry a datagram index, while leak offsets count through the direction's datagrams laid end to
 * end, so a UDP chunk starts where the previous datagram of its direction ended.
 */
export function decodeChunks(content: FlowContent, transport: TransportName): DecodedChunk[] {
  const udpNext = { out: 0, in: 0 };
  return content.chunks.map((chunk) => {
    const bytes = decodeBase64(chunk.data);
    let start = chunk.offset;
    if (transport === 'udp') {
      start = udpNext[chunk.direction];
      udpNext[chunk.direction] += bytes.length;
    }
    return { direction: chunk.direction, frame: chunk.frame, start, bytes };
  });
}

/** Splits a chunk at highlight boundaries; overlapping highlights never mark a byte twice. */
export function segmentChunk(chunk: DecodedChunk, highlights: readonly Highlight[]): Segment[] {
  const chunkEnd = chunk.start + chunk.bytes.length;
  const hits: { index: number; from: number; to: number }[] = [];
  highlights.forEach((h, index) => {
    if (h.direction !== chunk.direction) return;
    const from = Math.max(h.offset, chunk.start);
    const to = Math.min(h.offset + h.length, chunkEnd);
    if (to > from) hits.push({ index, from, to });
  });
  hits.sort((a, b) => a.from - b.from || a.index - b.index);

  const segments: Segment[] = [];
  let cursor = chunk.start;
  for (const hit of hits) {
    const from = Math.max(hit.from, cursor);
    if (hit.to <= from) continue;
    if (from > cursor)
      segments.push({ start: cursor - chunk.start, end: from - chunk.start, highlight: null });
    segments.push({ start: from - chunk.start, end: hit.to - chunk.start, highlight: hit.index });
    cursor = hit.to;
  }
  if (cursor < chunkEnd)
    segments.push({ start: cursor - chunk.start, end: chunkEnd - chunk.start, highlight: null });
  return segments;
}

/** The glyph shown for a byte that is not printable ASCII. */
export const NON_PRINTABLE = '·';
const NON_PRINTABLE_CODE = NON_PRINTABLE.charCodeAt(0);

/**
 * Text view of bytes[start, end): printable ASCII as is, newlines and tabs kept, a CR that ends
 * a line dropped (CRLF reads as one line break), every other byte shown as '·'.
 */
export function bytesToText(bytes: Uint8Array, start: number, end: number): string {
  const codes: number[] = [];
  let text = '';
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    if (b === 0x0d && i + 1 < bytes.length && bytes[i + 1] === 0x0a) continue;
    codes.push(b === 0x0a || b === 0x09 || (b >= 0x20 && b < 0x7f) ? b : NON_PRINTABLE_CODE);
    // fromCharCode takes arguments on the stack; flush in slices so large chunks cannot overflow it.
    if (codes.length === 8192) {
      text += String.fromCharCode(...codes);
      codes.length = 0;
    }
  }
  return text + String.fromCharCode(...codes);
}

/** ASCII column of a hex dump: one glyph per byte, so offsets line up with the hex column. */
export function bytesToAscii(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    text += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : NON_PRINTABLE;
  }
  return text;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Hex column of a hex dump: bytes as two hex digits separated by spaces. */
export function bytesToHex(bytes: Uint8Array, start: number, end: number): string {
  const parts: string[] = [];
  for (let i = start; i < end; i++) parts.push(HEX[bytes[i]]);
  return parts.join(' ');
}

/** Index of the chunk holding the given stream position, or -1. */
export function chunkAt(chunks: readonly DecodedChunk[], direction: Direction, offset: number): number {
  return chunks.findIndex(
    (c) => c.direction === direction && offset >= c.start && offset < c.start + c.bytes.length,
  );
}

/** True when a highlight is the one the user opened (same direction and start). */
export function isFocused(h: Highlight, focus: { direction: Direction; offset: number } | null): boolean {
  return focus !== null && h.direction === focus.direction && h.offset === focus.offset;
}

/**
 * The chunk to show for a leak when no highlight marks it (names found in DNS queries or SNI
 * carry offsets inside the name, not the stream): the chunk of the frame that completed the
 * match, else the chunk holding the offset, else -1.
 */
export function focusChunk(
  chunks: readonly DecodedChunk[],
  focus: { direction: Direction; offset: number; frame: number },
): number {
  const byFrame = chunks.findIndex((c) => c.frame === focus.frame && c.direction === focus.direction);
  return byFrame >= 0 ? byFrame : chunkAt(chunks, focus.direction, focus.offset);
}
