/**
 * A dense, virtualised table: only the rows in view are in the DOM, so 100,000 flows scroll as
 * smoothly as ten. Columns are CSS grid tracks; every cell is a text child (packet-derived
 * strings are never markup) and truncates with an ellipsis, its full text in the tooltip.
 * Arrow keys move the selection; Enter or a click activates a row. Sortable columns have a
 * header button; the table only shows the order, the caller sorts the rows.
 *
 * Rows are memoised: while scrolling, rows already on screen keep their position and are not
 * re-rendered, so a scroll frame only renders the rows that came into view.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import type { SortDirection, SortState } from '../lib/table-sort';
import '../styles/views.css';

export interface Column<T> {
  id: string;
  header: string;
  /** A CSS grid track, e.g. "120px" or "minmax(160px, 2fr)". */
  width: string;
  align?: 'right';
  cell: (row: T) => ReactNode;
  /** Full text for the tooltip, when the cell may be truncated. */
  title?: (row: T) => string;
  /** Makes the header a sort button; the direction a first click sorts in. */
  sort?: SortDirection;
  /** Extra class of the cell (e.g. "mono"): cheaper than a wrapping element in every row. */
  className?: string | ((row: T) => string | undefined);
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
  /** The order the rows are in, shown on the headers. */
  sort?: SortState | null;
  onSort?: (column: string, preferred: SortDirection) => void;
  /** An extra class for a row, e.g. to mark rows with leaks. */
  rowClass?: (row: T) => string | undefined;
}

interface RowProps<T> {
  row: T;
  rowKey: string | number;
  index: number;
  start: number;
  size: number;
  selected: boolean;
  columns: readonly Column<T>[];
  testId: string;
  extraClass: string | undefined;
  onActivate?: (row: T) => void;
}

function RowView<T>({
  row,
  rowKey,
  index,
  start,
  size,
  selected,
  columns,
  testId,
  extraClass,
  onActivate,
}: RowProps<T>) {
  let className = selected ? 'vtable-row selected' : 'vtable-row';
  if (extraClass) className += ` ${extraClass}`;
  return (
    <div
      role="row"
      aria-rowindex={index + 1}
      aria-selected={selected}
      data-testid={testId}
      data-key={rowKey}
      className={className}
      style={{ height: size, transform: `translateY(${start}px)` }}
      onClick={onActivate ? () => onActivate(row) : undefined}
    >
      {columns.map((c) => (
        <div key={c.id} role="gridcell" data-col={c.id} className={cellClass(c, row)} title={c.title?.(row)}>
          {c.cell(row)}
        </div>
      ))}
    </div>
  );
}

const Row = memo(RowView) as typeof RowView;

function cellClass<T>(c: Column<T>, row: T): string {
  const base = c.align === 'right' ? 'cell right' : 'cell';
  const extra = typeof c.className === 'function' ? c.className(row) : c.className;
  return extra ? `${base} ${extra}` : base;
}

function ariaSort(sort: SortState | null | undefined, column: string): 'ascending' | 'descending' | 'none' {
  if (!sort || sort.column !== column) return 'none';
  return sort.direction === 'asc' ? 'ascending' : 'descending';
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
  sort,
  onSort,
  rowClass,
}: Props<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
  });
  const template = columns.map((c) => c.width).join(' ');
  const selectedIndex = useMemo(
    () => (selectedKey == null ? -1 : rows.findIndex((r) => rowKey(r) === selectedKey)),
    [rows, rowKey, selectedKey],
  );

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
        {columns.map((c) => {
          const className = c.align === 'right' ? 'cell right' : 'cell';
          if (!c.sort || !onSort) {
            return (
              <div key={c.id} role="columnheader" className={className}>
                {c.header}
              </div>
            );
          }
          const state = ariaSort(sort, c.id);
          const preferred = c.sort;
          return (
            <div key={c.id} role="columnheader" className={className} aria-sort={state}>
              <button
                type="button"
                className={state === 'none' ? 'sort-button' : `sort-button sorted ${state}`}
                data-testid="sort-header"
                data-col={c.id}
                title={`Sort by ${c.header || c.id}`}
                onClick={() => onSort(c.id, preferred)}
              >
                {c.header}
                <span className="sort-arrow" aria-hidden="true">
                  {state === 'ascending' ? '▲' : state === 'descending' ? '▼' : ''}
                </span>
              </button>
            </div>
          );
        })}
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
                <Row
                  key={key}
                  row={row}
                  rowKey={key}
                  index={item.index}
                  start={item.start}
                  size={item.size}
                  selected={key === selectedKey}
                  columns={columns}
                  testId={rowTestId}
                  extraClass={rowClass?.(row)}
                  onActivate={onActivate}
                />
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
