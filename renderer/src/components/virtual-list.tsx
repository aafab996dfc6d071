import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface VisibleRange {
  /** First rendered index (inclusive). */
  start: number;
  /** Last rendered index (exclusive). */
  end: number;
}

/** Which rows to render for a scroll position: the visible ones plus `overscan` on each side. */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan = 6,
): VisibleRange {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  return {
    start: Math.max(0, Math.min(count - 1, first - overscan)),
    end: Math.min(count, first + visible + overscan),
  };
}

/** The scrollTop that brings row `index` into view (unchanged when it already is). */
export function scrollToReveal(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}

/** The index after a navigation key (j/k, arrows, Home/End, PageUp/PageDown), or null for other keys. */
export function moveIndex(key: string, index: number, count: number, pageSize: number): number | null {
  if (count === 0) return null;
  const clamp = (i: number) => Math.max(0, Math.min(count - 1, i));
  const current = index < 0 ? -1 : index;
  switch (key) {
    case 'j':
    case 'ArrowDown':
      return clamp(current + 1);
    case 'k':
    case 'ArrowUp':
      return clamp(current < 0 ? 0 : current - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    case 'PageDown':
      return clamp(current + pageSize);
    case 'PageUp':
      return clamp(current - pageSize);
    default:
      return null;
  }
}

export interface VirtualListProps<T> {
  items: readonly T[];
  /** Every row is this tall (px); the CSS of a row must agree. */
  rowHeight: number;
  rowKey: (item: T, index: number) => string;
  renderRow: (item: T, index: number, active: boolean) => ReactNode;
  /** The accessible name of the list. */
  label: string;
  /** Viewport height in px; default: fills its container (give the container a height). */
  height?: number;
  overscan?: number;
  /** Highlighted row (j/k, arrows); -1 for none. */
  activeIndex?: number;
  onActiveIndexChange?: (index: number) => void;
  /** Enter on the active row, or a click on a row. */
  onOpen?: (item: T, index: number) => void;
  /** Called when the rendered window comes within `endThreshold` rows of the end (load the next page). */
  onEndReached?: () => void;
  endThreshold?: number;
  /** Total rows, when more exist than are loaded (for screen readers' "row n of m"). */
  totalCount?: number;
  className?: string;
}

/**
 * Fixed-row-height windowing: only the rows in view (plus a few) are in the DOM, so a log of a million
 * requests scrolls like one of fifty. Focus the list and use j/k or the arrow keys; Enter opens a row.
 */
export function VirtualList<T>({
  items,
  rowHeight,
  rowKey,
  renderRow,
  label,
  height,
  overscan = 6,
  activeIndex = -1,
  onActiveIndexChange,
  onOpen,
  onEndReached,
  endThreshold = 20,
  totalCount,
  className,
}: VirtualListProps<T>) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [measured, setMeasured] = useState(height ?? 400);
  const viewportHeight = height ?? measured;

  useLayoutEffect(() => {
    if (height !== undefined) return;
    const element = viewport.current;
    if (!element) return;
    setMeasured(element.clientHeight);
    const observer = new ResizeObserver(() => setMeasured(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, [height]);

  const range = visibleRange(scrollTop, viewportHeight, rowHeight, items.length, overscan);

  const lastEndRequest = useRef(-1);
  useEffect(() => {
    if (!onEndReached || items.length === 0) return;
    if (range.end >= items.length - endThreshold && lastEndRequest.current !== items.length) {
      lastEndRequest.current = items.length;
      onEndReached();
    }
  }, [range.end, items.length, endThreshold, onEndReached]);

  useEffect(() => {
    const element = viewport.current;
    if (!element || activeIndex < 0) return;
    const next = scrollToReveal(activeIndex, element.scrollTop, element.clientHeight, rowHeight);
    if (next !== element.scrollTop) element.scrollTop = next;
  }, [activeIndex, rowHeight]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'Enter' && activeIndex >= 0 && activeIndex < items.length) {
      event.preventDefault();
      onOpen?.(items[activeIndex]!, activeIndex);
      return;
    }
    const pageSize = Math.max(1, Math.floor(viewportHeight / rowHeight) - 1);
    const next = moveIndex(event.key, activeIndex, items.length, pageSize);
    if (next === null) return;
    event.preventDefault();
    onActiveIndexChange?.(next);
  };

  const rows: ReactNode[] = [];
  for (let index = range.start; index < range.end; index++) {
    const item = items[index]!;
    const active = index === activeIndex;
    rows.push(
      <div
        key={rowKey(item, index)}
        role="listitem"
        aria-setsize={totalCount ?? items.length}
        aria-posinset={index + 1}
        aria-current={active ? 'true' : undefined}
        className={active ? 'virtual-row active' : 'virtual-row'}
        style={{ transform: `translateY(${index * rowHeight}px)`, height: rowHeight }}
        onClick={() => {
          onActiveIndexChange?.(index);
          onOpen?.(item, index);
        }}
      >
        {renderRow(item, index, active)}
      </div>,
    );
  }

  return (
    <div
      ref={viewport}
      className={className ? `virtual-list ${className}` : 'virtual-list'}
      style={height !== undefined ? { height } : undefined}
      tabIndex={0}
      role="list"
      aria-label={label}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div className="virtual-spacer" style={{ height: items.length * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
