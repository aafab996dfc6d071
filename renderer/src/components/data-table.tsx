import { useMemo, useState, type ReactNode } from 'react';

export type SortDirection = 'asc' | 'desc';

export interface Column<T> {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Makes the column sortable. null sorts last in either direction. */
  sortValue?: (row: T) => number | string | null;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** The row's header cell (th scope=row); default: the first column. */
  rowHeader?: boolean;
}

export interface SortState {
  column: string;
  direction: SortDirection;
}

/** Stable sort by one column; nulls last whichever the direction. */
export function sortRows<T>(rows: readonly T[], columns: readonly Column<T>[], sort: SortState | null): T[] {
  const column = sort ? columns.find((c) => c.id === sort.column) : undefined;
  if (!sort || !column?.sortValue) return [...rows];
  const value = column.sortValue;
  const sign = sort.direction === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, key: value(row) }))
    .sort((a, b) => {
      if (a.key === null || b.key === null) {
        if (a.key === b.key) return a.index - b.index;
        return a.key === null ? 1 : -1;
      }
      const order =
        typeof a.key === 'number' && typeof b.key === 'number'
          ? a.key - b.key
          : String(a.key).localeCompare(String(b.key));
      return order === 0 ? a.index - b.index : sign * order;
    })
    .map((entry) => entry.row);
}

/** The next sort after a click on a header: numbers start high-to-low, text A–Z. */
export function nextSort<T>(current: SortState | null, column: Column<T>, sample?: T): SortState {
  if (current?.column === column.id) {
    return { column: column.id, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  }
  const numeric = column.numeric ?? (sample !== undefined && typeof column.sortValue?.(sample) === 'number');
  return { column: column.id, direction: numeric ? 'desc' : 'asc' };
}

export interface DataTableProps<T> {
  caption: string;
  /** Keep the caption for screen readers only (the card heading already says it). */
  hideCaption?: boolean;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  initialSort?: SortState | null;
  /** Shown instead of an empty body. */
  empty?: ReactNode;
  footer?: ReactNode;
  onRowClick?: (row: T) => void;
  className?: string;
}

/** A simple sortable table (for long lists use VirtualList). */
export function DataTable<T>({
  caption,
  hideCaption,
  columns,
  rows,
  rowKey,
  initialSort = null,
  empty,
  footer,
  onRowClick,
  className,
}: DataTableProps<T>) {
  const [sort, setSort] = useState<SortState | null>(initialSort);
  const sorted = useMemo(() => sortRows(rows, columns, sort), [rows, columns, sort]);
  if (rows.length === 0 && empty) return <>{empty}</>;
  const headerIndex = Math.max(
    0,
    columns.findIndex((c) => c.rowHeader),
  );
  return (
    <div className="table-scroll">
      <table className={className ? `data-table ${className}` : 'data-table'}>
        <caption className={hideCaption ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => {
              const active = sort?.column === column.id;
              const ariaSort = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined;
              return (
                <th
                  key={column.id}
                  scope="col"
                  className={column.numeric ? 'num' : undefined}
                  aria-sort={column.sortValue ? (ariaSort ?? 'none') : undefined}
                >
                  {column.sortValue ? (
                    <button
                      type="button"
                      className="sort-button"
                      onClick={() => setSort(nextSort(sort, column, rows[0]))}
                    >
                      {column.header}
                      <span className="sort-mark" aria-hidden="true">
                        {active ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                      </span>
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr
              key={rowKey(row)}
              className={onRowClick ? 'clickable' : undefined}
              onClick={onRowClick ? () => onRowClick(row) : undefined}
            >
              {columns.map((column, index) =>
                index === headerIndex ? (
                  <th key={column.id} scope="row" className={column.numeric ? 'num' : undefined}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={column.id} className={column.numeric ? 'num' : undefined}>
                    {column.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
        {footer && <tfoot>{footer}</tfoot>}
      </table>
    </div>
  );
}
