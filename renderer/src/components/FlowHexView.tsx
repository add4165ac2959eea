/**
 * Hex dump of a flow, 16 bytes a line, virtualised (a megabyte is 65,536 lines). Each chunk
 * starts with its caption line; offsets are positions in the direction's stream.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { Fragment, useLayoutEffect, useMemo, useRef, type ReactNode } from 'react';
import type { Highlight } from '../../../shared/api';
import {
  bytesToAscii,
  bytesToHex,
  chunkAt,
  focusChunk,
  isFocused,
  segmentChunk,
  type DecodedChunk,
  type Segment,
} from '../lib/flow-bytes';
import type { FlowFocus } from '../store/ui-store';
import { ChunkLabel } from './ChunkLabel';

const BYTES_PER_LINE = 16;
const LINE_HEIGHT = 18;

interface Line {
  chunk: number;
  /** Byte index inside the chunk, or -1 for the caption line. */
  start: number;
}

interface Props {
  chunks: readonly DecodedChunk[];
  highlights: readonly Highlight[];
  focus: FlowFocus | null;
}

interface Piece {
  from: number;
  to: number;
  highlight: number | null;
}

function piecesOf(segments: readonly Segment[], from: number, to: number): Piece[] {
  const pieces: Piece[] = [];
  for (const seg of segments) {
    const a = Math.max(seg.start, from);
    const b = Math.min(seg.end, to);
    if (b > a) pieces.push({ from: a, to: b, highlight: seg.highlight });
  }
  return pieces;
}

export function FlowHexView({ chunks, highlights, focus }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const scrolledFor = useRef<FlowFocus | null>(null);
  const segments = useMemo(() => chunks.map((c) => segmentChunk(c, highlights)), [chunks, highlights]);
  const { lines, firstLine } = useMemo(() => {
    const lines: Line[] = [];
    const firstLine: number[] = [];
    chunks.forEach((chunk, i) => {
      firstLine.push(lines.length);
      lines.push({ chunk: i, start: -1 });
      for (let at = 0; at < chunk.bytes.length; at += BYTES_PER_LINE) lines.push({ chunk: i, start: at });
    });
    return { lines, firstLine };
  }, [chunks]);

  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 20,
  });

  useLayoutEffect(() => {
    if (!focus || scrolledFor.current === focus) return;
    scrolledFor.current = focus;
    // A highlighted match is at its offset; otherwise show the start of the match's frame.
    const marked = highlights.some((h) => isFocused(h, focus));
    const i = marked ? chunkAt(chunks, focus.direction, focus.offset) : focusChunk(chunks, focus);
    if (i < 0) return;
    const line = marked
      ? firstLine[i] + 1 + Math.floor((focus.offset - chunks[i].start) / BYTES_PER_LINE)
      : firstLine[i];
    virtualizer.scrollToIndex(line, { align: 'center' });
  }, [chunks, firstLine, focus, highlights, virtualizer]);

  const renderPieces = (
    line: Line,
    render: (from: number, to: number) => string,
    separator: string,
  ): ReactNode[] => {
    const chunk = chunks[line.chunk];
    const to = Math.min(line.start + BYTES_PER_LINE, chunk.bytes.length);
    return piecesOf(segments[line.chunk], line.start, to).map((p, k) => {
      const text = render(p.from, p.to);
      const h = p.highlight === null ? null : highlights[p.highlight];
      return (
        <Fragment key={p.from}>
          {k > 0 && separator}
          {h ? (
            <mark
              className={isFocused(h, focus) ? 'current' : undefined}
              data-testid="highlight"
              data-direction={h.direction}
              data-offset={h.offset}
              title={`${h.kind} · ${h.encoding}`}
            >
              {text}
            </mark>
          ) : (
            text
          )}
        </Fragment>
      );
    });
  };

  return (
    <div className="flow-hex" ref={scrollRef} data-testid="flow-hex">
      <div className="vtable-spacer" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const line = lines[item.index];
          const chunk = chunks[line.chunk];
          const style = { height: item.size, transform: `translateY(${item.start}px)` };
          if (line.start < 0) {
            return (
              <div
                key={item.key}
                className={`hex-line hex-caption chunk-${chunk.direction}`}
                style={style}
                data-chunk={line.chunk}
              >
                <ChunkLabel chunk={chunk} />
              </div>
            );
          }
          const chunkBytes = chunk.bytes;
          return (
            <div key={item.key} className={`hex-line chunk-${chunk.direction}`} style={style}>
              <span className="hex-offset">{(chunk.start + line.start).toString(16).padStart(8, '0')}</span>
              <span className="hex-bytes">
                {renderPieces(line, (a, b) => bytesToHex(chunkBytes, a, b), ' ')}
              </span>
              <span className="hex-ascii">
                {renderPieces(line, (a, b) => bytesToAscii(chunkBytes, a, b), '')}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
