/**
 * A dense, virtualised table: only the rows in view are in the DOM, so 100,000 flows scroll as
 * smoothly as ten. Columns are CSS grid tracks; every cell is a text child (packet-derived
 * strings are never markup) and truncates with an ellipsis, its full text in the tooltip.
 * Arrow keys move the selection; Enter or a click activates a row.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useEffect,
  useRef,
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
} from 'react';

export interface Column<T> {
  id: string;
  header: string;
  /** A CSS grid track, e.g. "120px" or "minmax(160px, 2fr)". */
  width: string;
  align?: 'right';
  cell: (row: T) => ReactNode;
  /** Full text for the tooltip, when the cell may be truncated. */
  title?: (row: T) => string;
}

interface Props<T> {
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string | number;
  /** data-testid of each row, e.g. "leak-row". */
  rowTestId: string;
  /** data-testid of the scrolling list. */
  testId: string;
  selectedKey?: string | number | null;
  onActivate?: (row: T) => void;
  empty: ReactNode;
  rowHeight?: number;
}

export function VirtualTable<T>({
  rows,
  columns,
  rowKey,
  rowTestId,
  testId,
  selectedKey,
  onActivate,
  empty,
  rowHeight = 26,
}: Props<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const template = columns.map((c) => c.width).join(' ');
  const selectedIndex = selectedKey == null ? -1 : rows.findIndex((r) => rowKey(r) === selectedKey);

  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      if (!onActivate || rows.length === 0) return;
      let next = selectedIndex;
      if (event.key === 'ArrowDown') next = Math.min(rows.length - 1, selectedIndex + 1);
      else if (event.key === 'ArrowUp') next = Math.max(0, selectedIndex - 1);
      else if (event.key === 'Home') next = 0;
      else if (event.key === 'End') next = rows.length - 1;
      else if (event.key === 'Enter' && selectedIndex >= 0) next = selectedIndex;
      else return;
      event.preventDefault();
      onActivate(rows[next]);
    },
    [onActivate, rows, selectedIndex],
  );

  return (
    <div className="vtable" style={{ '--columns': template } as CSSProperties}>
      <div className="vtable-head" role="row">
        {columns.map((c) => (
          <div key={c.id} role="columnheader" className={c.align === 'right' ? 'cell right' : 'cell'}>
            {c.header}
          </div>
        ))}
      </div>
      <div
        ref={scrollRef}
        className="vtable-body"
        data-testid={testId}
        data-rows={rows.length}
        role="grid"
        aria-rowcount={rows.length}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        {rows.length === 0 ? (
          <div className="vtable-empty">{empty}</div>
        ) : (
          <div className="vtable-spacer" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index];
              const key = rowKey(row);
              return (
                <div
                  key={key}
                  role="row"
                  aria-rowindex={item.index + 1}
                  aria-selected={key === selectedKey}
                  data-testid={rowTestId}
                  data-key={key}
                  className={key === selectedKey ? 'vtable-row selected' : 'vtable-row'}
                  style={{ height: item.size, transform: `translateY(${item.start}px)` }}
                  onClick={onActivate ? () => onActivate(row) : undefined}
                >
                  {columns.map((c) => (
                    <div
                      key={c.id}
                      role="gridcell"
                      data-col={c.id}
                      className={c.align === 'right' ? 'cell right' : 'cell'}
                      title={c.title?.(row)}
                    >
                      {c.cell(row)}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
