/**
 * Bytes of a stream run as text, with identifier matches as <mark> elements around text
 * children (never markup built from the bytes). The opened leak's mark has class "current".
 */
import type { Highlight } from '../../../shared/api';
import { spanSegments } from '../lib/evidence-marks';
import { bytesToText, isFocused } from '../lib/flow-bytes';
import type { Span, StreamRun } from '../lib/http-message';

interface Props {
  run: StreamRun;
  span: Span;
  highlights: readonly Highlight[];
  focus: { direction: 'out' | 'in'; offset: number } | null;
  /** Turns a byte range of the run into text; the text view by default. */
  render?: (from: number, to: number) => string;
}

export function Marked({ run, span, highlights, focus, render }: Props) {
  const text = render ?? ((from: number, to: number) => bytesToText(run.bytes, from, to));
  return (
    <>
      {spanSegments(run, span, highlights).map((seg) => {
        const piece = text(seg.start, seg.end);
        if (seg.highlight === null) return piece;
        const h = highlights[seg.highlight];
        return (
          <mark
            key={seg.start}
            className={isFocused(h, focus) ? 'current' : undefined}
            data-testid="highlight"
            data-direction={h.direction}
            data-offset={h.offset}
            data-length={h.length}
            data-start={run.start + seg.start}
            title={`${h.kind} · ${h.encoding}`}
          >
            {piece}
          </mark>
        );
      })}
    </>
  );
}
