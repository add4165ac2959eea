/**
 * Text rendering of a flow: one block per chunk, printable ASCII as is, line breaks kept, other
 * bytes as '·'. Highlights become <mark> elements around text children — never markup built
 * from the bytes.
 */
import { useLayoutEffect, useMemo, useRef } from 'react';
import type { Highlight } from '../../../shared/api';
import { bytesToText, focusChunk, isFocused, segmentChunk, type DecodedChunk } from '../lib/flow-bytes';
import type { FlowFocus } from '../store/ui-store';
import { ChunkLabel } from './ChunkLabel';

interface Props {
  chunks: readonly DecodedChunk[];
  highlights: readonly Highlight[];
  focus: FlowFocus | null;
}

export function FlowTextView({ chunks, highlights, focus }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const scrolledFor = useRef<FlowFocus | null>(null);
  const segments = useMemo(() => chunks.map((c) => segmentChunk(c, highlights)), [chunks, highlights]);

  // Scroll once per focus: a re-read of a growing flow must not yank the view back.
  useLayoutEffect(() => {
    const root = ref.current;
    if (!root || !focus || scrolledFor.current === focus) return;
    scrolledFor.current = focus;
    const target =
      root.querySelector<HTMLElement>('mark.current') ??
      root.querySelector<HTMLElement>(`[data-chunk="${focusChunk(chunks, focus)}"]`);
    target?.scrollIntoView({ block: 'center' });
  }, [chunks, focus]);

  return (
    <div className="flow-text" ref={ref} data-testid="flow-text">
      {chunks.map((chunk, i) => (
        <div
          key={i}
          className={`chunk chunk-${chunk.direction}`}
          data-testid="flow-chunk"
          data-chunk={i}
          data-direction={chunk.direction}
          data-frame={chunk.frame}
        >
          <ChunkLabel chunk={chunk} />
          <pre className="chunk-text">
            {segments[i].map((seg) => {
              const text = bytesToText(chunk.bytes, seg.start, seg.end);
              if (seg.highlight === null) return text;
              const h = highlights[seg.highlight];
              return (
                <mark
                  key={seg.start}
                  className={isFocused(h, focus) ? 'current' : undefined}
                  data-testid="highlight"
                  data-direction={h.direction}
                  data-offset={h.offset}
                  title={`${h.kind} · ${h.encoding}`}
                >
                  {text}
                </mark>
              );
            })}
          </pre>
        </div>
      ))}
    </div>
  );
}
