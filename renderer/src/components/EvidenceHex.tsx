/**
 * Hex dump of the leak's message, 16 bytes a line, virtualised; offsets are positions in the
 * direction's stream, the same numbers as the leak's offset.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef } from 'react';
import type { Highlight } from '../../../shared/api';
import { bytesToAscii, bytesToHex } from '../lib/flow-bytes';
import type { Span, StreamRun } from '../lib/http-message';
import { Marked } from './Marked';

const BYTES_PER_LINE = 16;
const LINE_HEIGHT = 18;

interface Props {
  run: StreamRun;
  span: Span;
  highlights: readonly Highlight[];
  focus: { direction: 'out' | 'in'; offset: number } | null;
}

export function EvidenceHex({ run, span, highlights, focus }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  // Lines are aligned to the span's start, so the first line shows the message's first byte.
  const lines = Math.max(0, Math.ceil((span.end - span.start) / BYTES_PER_LINE));
  const virtualizer = useVirtualizer({
    count: lines,
    getScrollElement: () => ref.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 20,
  });

  useLayoutEffect(() => {
    if (focus && focus.offset >= span.start && focus.offset < span.end) {
      virtualizer.scrollToIndex(Math.floor((focus.offset - span.start) / BYTES_PER_LINE), {
        align: 'center',
      });
    }
  }, [focus, span, virtualizer]);

  return (
    <div className="evidence-hex flow-hex" ref={ref} data-testid="evidence-hex">
      <div className="feed-spacer" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const start = span.start + item.index * BYTES_PER_LINE;
          const line = { start, end: Math.min(span.end, start + BYTES_PER_LINE) };
          return (
            <div
              key={item.key}
              className={`hex-line chunk-${run.direction}`}
              style={{ height: item.size, transform: `translateY(${item.start}px)` }}
            >
              <span className="hex-offset">{start.toString(16).padStart(8, '0')}</span>
              <span className="hex-bytes">
                <Marked
                  run={run}
                  span={line}
                  highlights={highlights}
                  focus={focus}
                  render={(a, b) => bytesToHex(run.bytes, a, b) + (b < line.end - run.start ? ' ' : '')}
                />
              </span>
              <span className="hex-ascii">
                <Marked
                  run={run}
                  span={line}
                  highlights={highlights}
                  focus={focus}
                  render={(a, b) => bytesToAscii(run.bytes, a, b)}
                />
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
