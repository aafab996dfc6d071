import { memo, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { RequestRecord } from '../../../../shared/records';
import { formatCount, formatTime, formatUsd, inputTokensOf } from '../../lib/format';
import { formatMs } from './request-detail-view';
import { outcomeLabel } from './request-filters';
import { nearEnd, scrollToReveal, virtualWindow } from './virtual-window';

export const ROW_HEIGHT = 36;
const HEADER_HEIGHT = 36;
const COLUMNS = ['Time', 'Tool', 'Model', 'Provider', 'Outcome', 'Tokens in / out', 'Cost', 'Duration'];

export function rowDomId(id: string): string {
  return `rq-row-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function modelCell(record: RequestRecord): string {
  const requested = record.requestedModel;
  const served = record.servedModel;
  if (requested && served && requested !== served) return `${requested} → ${served}`;
  return served ?? requested ?? 'unknown model';
}

const Row = memo(function Row({
  record,
  index,
  active,
  open,
  now,
  onPick,
}: {
  record: RequestRecord;
  index: number;
  active: boolean;
  open: boolean;
  now: Date;
  onPick: (index: number, id: string) => void;
}) {
  const failed = record.outcome !== 'ok' && record.outcome !== 'in_flight';
  return (
    <div
      role="row"
      id={rowDomId(record.id)}
      aria-rowindex={index + 2}
      aria-selected={active}
      className={`rq-row${active ? ' is-active' : ''}${open ? ' is-open' : ''}`}
      style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
      onClick={() => onPick(index, record.id)}
    >
      <div role="gridcell">
        <time dateTime={record.startedAt}>{formatTime(record.startedAt, now)}</time>
      </div>
      <div role="gridcell">{record.tool}</div>
      <div role="gridcell" className="rq-model" title={modelCell(record)}>
        {modelCell(record)}
      </div>
      <div role="gridcell">{record.provider}</div>
      <div role="gridcell">
        <span className={`fb-badge${failed ? ' is-bad' : record.outcome === 'ok' ? ' is-ok' : ''}`}>
          {outcomeLabel(record.outcome)}
          {record.status !== null && record.outcome !== 'ok' ? ` ${record.status}` : ''}
        </span>
      </div>
      <div role="gridcell" className="num">
        {formatCount(inputTokensOf(record))} / {formatCount(record.outputTokens)}
      </div>
      <div role="gridcell" className={record.costUsd === null ? 'num unpriced' : 'num'}>
        {formatUsd(record.costUsd)}
      </div>
      <div role="gridcell" className="num">
        {formatMs(record.durationMs)}
      </div>
    </div>
  );
});

/**
 * The virtualised request log: a fixed row height, only the rows in view (plus some overscan) in the DOM, the
 * next keyset page requested when the view nears the last loaded row. The grid is one tab stop; the active row
 * is announced through aria-activedescendant.
 */
export function RequestLog({
  rows,
  total,
  hasMore,
  loadingMore,
  activeIndex,
  openId,
  onPick,
  onLoadMore,
  gridRef,
}: {
  rows: readonly RequestRecord[];
  total: number;
  hasMore: boolean;
  loadingMore: boolean;
  activeIndex: number;
  openId: string | null;
  onPick: (index: number, id: string) => void;
  onLoadMore: () => void;
  gridRef: RefObject<HTMLDivElement | null>;
}) {
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const [now, setNow] = useState(() => new Date());
  const anchor = useRef<{ id: string; index: number } | null>(null);

  useEffect(() => {
    const element = gridRef.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight || 600));
    observer.observe(element);
    setViewport(element.clientHeight || 600);
    return () => observer.disconnect();
  }, [gridRef]);

  // Times of today show as clock times; refresh the notion of "today" now and then.
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);

  const bodyHeight = Math.max(ROW_HEIGHT, viewport - HEADER_HEIGHT);
  const view = virtualWindow(scrollTop, bodyHeight, ROW_HEIGHT, rows.length);

  // Rows arriving live above the view must not push what the user is reading down the screen.
  useLayoutEffect(() => {
    const element = gridRef.current;
    const previous = anchor.current;
    if (element && previous && element.scrollTop > 0) {
      const at =
        rows[previous.index]?.id === previous.id
          ? previous.index
          : rows.findIndex((r) => r.id === previous.id);
      if (at > previous.index) {
        element.scrollTop += (at - previous.index) * ROW_HEIGHT;
        setScrollTop(element.scrollTop);
      }
    }
    const first = Math.floor((element?.scrollTop ?? 0) / ROW_HEIGHT);
    const row = rows[first];
    anchor.current = row ? { id: row.id, index: first } : null;
  }, [rows, gridRef]);

  useEffect(() => {
    if (!loadingMore && nearEnd(view, rows.length, hasMore)) onLoadMore();
  }, [view.end, rows.length, hasMore, loadingMore, onLoadMore]);

  // Keep the keyboard cursor in view.
  useEffect(() => {
    const element = gridRef.current;
    if (!element || activeIndex < 0) return;
    const target = scrollToReveal(activeIndex, element.scrollTop, bodyHeight, ROW_HEIGHT);
    if (target !== null) {
      element.scrollTop = target;
      setScrollTop(target);
    }
  }, [activeIndex, bodyHeight, gridRef]);

  const activeRow = rows[activeIndex];
  const visible = rows.slice(view.start, view.end);

  return (
    <div
      ref={gridRef}
      className="rq-grid"
      role="grid"
      aria-label="Request log"
      aria-rowcount={total + 1}
      aria-colcount={COLUMNS.length}
      aria-activedescendant={activeRow ? rowDomId(activeRow.id) : undefined}
      aria-busy={loadingMore}
      tabIndex={0}
      onScroll={(event) => {
        const top = event.currentTarget.scrollTop;
        setScrollTop(top);
        const row = rows[Math.floor(top / ROW_HEIGHT)];
        anchor.current = row ? { id: row.id, index: Math.floor(top / ROW_HEIGHT) } : null;
      }}
    >
      <div role="rowgroup" className="rq-head">
        <div role="row" aria-rowindex={1} className="rq-row rq-head-row">
          {COLUMNS.map((column, i) => (
            <div key={column} role="columnheader" className={i >= 5 ? 'num' : undefined}>
              {column}
            </div>
          ))}
        </div>
      </div>
      <div
        role="rowgroup"
        className="rq-body"
        style={{ height: view.totalHeight + (hasMore ? ROW_HEIGHT : 0) }}
      >
        {visible.map((record, i) => (
          <Row
            key={record.id}
            record={record}
            index={view.start + i}
            active={view.start + i === activeIndex}
            open={record.id === openId}
            now={now}
            onPick={onPick}
          />
        ))}
        {hasMore && (
          <div
            role="row"
            className="rq-row rq-more"
            style={{ transform: `translateY(${rows.length * ROW_HEIGHT}px)` }}
          >
            <div role="gridcell">
              {loadingMore ? (
                'Loading older requests…'
              ) : (
                <button type="button" className="fb-link" onClick={onLoadMore} tabIndex={-1}>
                  Load older requests
                </button>
              )}
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
