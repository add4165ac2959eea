/**
 * Which bytes the evidence view marks: every identifier match the services found in the flow,
 * plus the opened leak itself when the services could not mark it in the raw stream but its
 * offset does point into it. Names inside DNS queries and TLS SNI carry offsets within the
 * name, and matches inside a decoded (de-chunked, decompressed) body carry the body's start, so
 * those are never marked in the raw bytes.
 */
import type { Highlight } from '../../../shared/api';
import type { LeakRecord } from '../../../shared/events';
import { segmentChunk, type Segment } from './flow-bytes';
import type { Span, StreamRun } from './http-message';
import { parseEncoding } from './leak-phrase';

/** True when the leak's offset and length are a range of the raw stream. */
export function leakInRawStream(leak: LeakRecord): boolean {
  return (
    leak.where !== 'dns-query' && leak.where !== 'sni' && parseEncoding(leak.encoding).codings.length === 0
  );
}

export function evidenceHighlights(highlights: readonly Highlight[], leak: LeakRecord): Highlight[] {
  const own = highlights.some((h) => h.direction === leak.direction && h.offset === leak.offset);
  if (own || !leakInRawStream(leak)) return highlights.slice();
  return [
    ...highlights,
    {
      direction: leak.direction,
      offset: leak.offset,
      length: leak.length,
      kind: leak.kind,
      encoding: leak.encoding,
    },
  ];
}

/** Plain and marked pieces of `span` (stream offsets) of the run, for one line or the body. */
export function spanSegments(run: StreamRun, span: Span, highlights: readonly Highlight[]): Segment[] {
  const from = Math.max(span.start, run.start);
  const to = Math.min(span.end, run.start + run.bytes.length);
  if (to <= from) return [];
  const bytes = run.bytes.subarray(from - run.start, to - run.start);
  return segmentChunk({ direction: run.direction, frame: 0, start: from, bytes }, highlights).map((s) => ({
    start: s.start + from - run.start,
    end: s.end + from - run.start,
    highlight: s.highlight,
  }));
}
