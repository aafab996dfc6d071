import { useCallback, useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { EmptyState } from '../../components/empty-state';
import { Page } from '../../components/page';
import { formatCount } from '../../lib/format';
import { hrefFor } from '../../router';
import { requestsStore, useRequests } from '../../stores/requests-store';
import { logKeyAction } from './log-keys';
import { RequestDrawer } from './request-drawer';
import { activeFilterCount, EMPTY_FILTERS } from './request-filters';
import { RequestFilterBar } from './request-filter-bar';
import { RequestLog } from './request-log';
import './page-common.css';
import './requests.css';

export function RequestsPage() {
  const state = useRequests(
    useShallow((s) => ({
      filters: s.filters,
      rows: s.rows,
      total: s.total,
      next: s.next,
      loading: s.loading,
      loadingMore: s.loadingMore,
      error: s.error,
      activeIndex: s.activeIndex,
      openId: s.openId,
      detail: s.detail,
      detailLoading: s.detailLoading,
      detailError: s.detailError,
      liveCount: s.liveCount,
    })),
  );
  const gridRef = useRef<HTMLDivElement>(null);
  const actions = requestsStore.getState();

  useEffect(() => requestsStore.getState().start(), []);

  const close = useCallback(() => {
    const { openId, close } = requestsStore.getState();
    if (openId === null) return;
    close();
    gridRef.current?.focus();
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target instanceof HTMLElement ? event.target : null;
      const action = logKeyAction({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        target,
        inGrid: target !== null && gridRef.current !== null && gridRef.current.contains(target),
      });
      if (action === null) return;
      const store = requestsStore.getState();
      if (action === 'close') {
        if (store.openId === null) return;
        event.preventDefault();
        close();
        return;
      }
      event.preventDefault();
      if (action === 'next') store.moveActive(1);
      else if (action === 'previous') store.moveActive(-1);
      else if (action === 'first') store.setActive(0);
      else if (action === 'last') store.setActive(store.rows.length - 1);
      else if (action === 'open') {
        void store.open();
        return;
      }
      // The drawer follows the cursor while it is open.
      const next = requestsStore.getState();
      if (next.openId !== null) {
        const row = next.rows[next.activeIndex];
        if (row && row.id !== next.openId) void next.open(row.id);
      } else if (!gridRef.current?.contains(document.activeElement)) {
        gridRef.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [close]);

  const onPick = useCallback((index: number, id: string) => {
    const store = requestsStore.getState();
    store.setActive(index);
    void store.open(id);
  }, []);
  const onLoadMore = useCallback(() => void requestsStore.getState().loadMore(), []);
  const onApply = useCallback((filters: typeof state.filters) => {
    void requestsStore.getState().applyFilters(filters);
  }, []);

  const filtered = activeFilterCount(state.filters) > 0;
  const empty = !state.loading && state.rows.length === 0;

  return (
    <Page
      title="Requests"
      description={
        <>
          Every proxied request, newest first. <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens,{' '}
          <kbd>Esc</kbd> closes.
        </>
      }
      error={state.error}
    >
      <div className="fb-page page-requests">
        <p className="fb-muted" aria-live="polite">
          {state.loading
            ? 'Loading…'
            : `Showing ${formatCount(state.rows.length)} of ${formatCount(state.total)} request${state.total === 1 ? '' : 's'}`}
          {state.liveCount > 0 && ` · ${formatCount(state.liveCount)} new since you opened this page`}
          {state.error && (
            <>
              {' '}
              <button type="button" className="button" onClick={() => void actions.reload()}>
                Retry
              </button>
            </>
          )}
        </p>

        <RequestFilterBar applied={state.filters} rows={state.rows} onApply={onApply} />

        <div className={`rq-layout${state.openId ? ' has-drawer' : ''}`}>
          {empty ? (
            filtered ? (
              <EmptyState
                title="No requests match these filters"
                action={{ label: 'Clear filters', onClick: () => onApply(EMPTY_FILTERS) }}
              >
                <p>
                  Widen the date range, clear a field, or use a glob such as <code>claude-*</code> for models.
                </p>
              </EmptyState>
            ) : (
              <EmptyState
                title="No requests recorded yet"
                action={{ label: 'Connect a tool', href: hrefFor('connect') }}
              >
                <p>
                  Point a coding tool at the Farebox proxy — Connect tools sets up Claude Code, Codex or
                  Gemini CLI in one click. Every request then appears here as it happens, with its tokens and
                  cost.
                </p>
              </EmptyState>
            )
          ) : (
            <RequestLog
              rows={state.rows}
              total={state.total}
              hasMore={state.next !== null}
              loadingMore={state.loadingMore}
              activeIndex={state.activeIndex}
              openId={state.openId}
              onPick={onPick}
              onLoadMore={onLoadMore}
              gridRef={gridRef}
            />
          )}
          {state.openId && (
            <RequestDrawer
              openId={state.openId}
              detail={state.detail}
              loading={state.detailLoading}
              error={state.detailError}
              onClose={close}
            />
          )}
        </div>
      </div>
    </Page>
  );
}
