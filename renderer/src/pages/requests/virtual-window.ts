/** Which rows of a fixed-row-height list to render for the current scroll position. */
export interface VirtualWindow {
  /** First rendered row (inclusive). */
  start: number;
  /** Last rendered row (exclusive). */
  end: number;
  /** Pixels above the first rendered row. */
  offsetTop: number;
  /** Height of all rows together. */
  totalHeight: number;
}

export function virtualWindow(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan = 8,
): VirtualWindow {
  const totalHeight = Math.max(0, count * rowHeight);
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0, offsetTop: 0, totalHeight };
  const top = Math.max(0, Math.min(scrollTop, totalHeight));
  const first = Math.floor(top / rowHeight);
  const visible = Math.ceil(Math.max(viewportHeight, rowHeight) / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end, offsetTop: start * rowHeight, totalHeight };
}

/** True when the rendered window reaches within `threshold` rows of the loaded end and more can be loaded. */
export function nearEnd(
  window: Pick<VirtualWindow, 'end'>,
  loaded: number,
  hasMore: boolean,
  threshold = 40,
) {
  return hasMore && loaded > 0 && window.end >= loaded - threshold;
}

/**
 * The scrollTop that brings row `index` fully into view, or null when it already is. Used when the keyboard
 * moves the active row.
 */
export function scrollToReveal(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
): number | null {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return null;
}

/** Keeps a keyboard cursor inside [0, count); -1 when the list is empty. */
export function clampIndex(index: number, count: number): number {
  if (count === 0) return -1;
  return Math.max(0, Math.min(count - 1, index));
}
