import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { RequestDetail, RequestPage, RequestQuery } from '../../../shared/dashboard';
import type { RequestRecord } from '../../../shared/records';
import { api, errorMessage, type ApiClient } from '../lib/api';
import {
  EMPTY_FILTERS,
  filtersToQuery,
  matchesQuery,
  mergeRows,
  type RequestFilters,
} from '../pages/requests/request-filters';
import { clampIndex } from '../pages/requests/virtual-window';

export const PAGE_SIZE = 200;

export interface RequestsState {
  /** The filters the log shows (the bar keeps its own draft until applied). */
  filters: RequestFilters;
  query: RequestQuery;
  rows: RequestRecord[];
  total: number;
  next: RequestPage['next'];
  loading: boolean;
  loadingMore: boolean;
  error: string | null;
  /** Keyboard cursor into rows; -1 when nothing is active. */
  activeIndex: number;
  /** The request shown in the detail drawer. */
  openId: string | null;
  detail: RequestDetail | null;
  detailLoading: boolean;
  detailError: string | null;
  /** Rows that arrived live since the page was opened (announced politely). */
  liveCount: number;

  applyFilters(filters: RequestFilters): Promise<void>;
  reload(): Promise<void>;
  loadMore(): Promise<void>;
  recorded(record: RequestRecord): void;
  /** Fetches the newest page again and merges it (the HTTP transport pushes no events). */
  pollHead(): Promise<void>;
  setActive(index: number): void;
  moveActive(delta: number): void;
  open(id?: string): Promise<void>;
  close(): void;
  start(): () => void;
}

export interface RequestsStoreOptions {
  pollMs?: number;
  /** Head refresh while live, for events missed during a reconnect. */
  healMs?: number;
  pageSize?: number;
}

export function createRequestsStore(
  client: ApiClient,
  options: RequestsStoreOptions = {},
): StoreApi<RequestsState> {
  const pollMs = options.pollMs ?? 5_000;
  const healMs = options.healMs ?? 60_000;
  const pageSize = options.pageSize ?? PAGE_SIZE;
  // Every reload starts a generation; answers from an older one (filters changed meanwhile) are dropped.
  let generation = 0;
  let detailSeq = 0;

  return createStore<RequestsState>()((set, get) => {
    const keepActive = (rows: RequestRecord[], previous: RequestRecord[], activeIndex: number): number => {
      const activeId = previous[activeIndex]?.id;
      if (activeId === undefined) return activeIndex < 0 ? -1 : clampIndex(activeIndex, rows.length);
      const at = rows.findIndex((r) => r.id === activeId);
      return at >= 0 ? at : clampIndex(activeIndex, rows.length);
    };

    const loadDetail = async (id: string): Promise<void> => {
      const seq = ++detailSeq;
      set({ detailLoading: true, detailError: null });
      try {
        const detail = await client.call('requests:get', id);
        if (seq !== detailSeq) return;
        set({
          detail,
          detailLoading: false,
          detailError: detail
            ? null
            : 'This request is no longer in the log (retention may have removed it).',
        });
      } catch (error) {
        if (seq !== detailSeq) return;
        set({ detailLoading: false, detailError: errorMessage(error) });
      }
    };

    return {
      filters: EMPTY_FILTERS,
      query: {},
      rows: [],
      total: 0,
      next: null,
      loading: true,
      loadingMore: false,
      error: null,
      activeIndex: -1,
      openId: null,
      detail: null,
      detailLoading: false,
      detailError: null,
      liveCount: 0,

      async applyFilters(filters) {
        set({ filters, query: filtersToQuery(filters) });
        await get().reload();
      },

      async reload() {
        const gen = ++generation;
        set({ loading: true, loadingMore: false, error: null });
        try {
          const page = await client.call('requests:query', { ...get().query, limit: pageSize });
          if (gen !== generation) return;
          set({
            rows: page.rows,
            total: page.total,
            next: page.next,
            loading: false,
            activeIndex: page.rows.length > 0 ? 0 : -1,
          });
        } catch (error) {
          if (gen !== generation) return;
          set({ loading: false, error: errorMessage(error) });
        }
      },

      async loadMore() {
        const { next, loading, loadingMore } = get();
        if (!next || loading || loadingMore) return;
        const gen = generation;
        set({ loadingMore: true });
        try {
          const page = await client.call('requests:query', { ...get().query, before: next, limit: pageSize });
          if (gen !== generation) return;
          const { rows } = mergeRows(get().rows, page.rows, false);
          set({ rows, next: page.next, total: page.total, loadingMore: false });
        } catch (error) {
          if (gen !== generation) return;
          set({ loadingMore: false, error: errorMessage(error) });
        }
      },

      recorded(record) {
        const state = get();
        if (state.loading || !matchesQuery(record, state.query)) return;
        const { rows, added } = mergeRows(state.rows, [record], state.next !== null);
        set({
          rows,
          total: state.total + added,
          liveCount: state.liveCount + added,
          activeIndex: keepActive(rows, state.rows, state.activeIndex),
        });
        if (state.openId === record.id) void loadDetail(record.id);
      },

      async pollHead() {
        const state = get();
        if (state.loading || state.loadingMore) return;
        const gen = generation;
        try {
          const page = await client.call('requests:query', { ...state.query, limit: Math.min(pageSize, 50) });
          if (gen !== generation) return;
          const current = get();
          const { rows, added } = mergeRows(current.rows, page.rows, current.next !== null);
          set({
            rows,
            total: Math.max(page.total, current.rows.length + added),
            liveCount: current.liveCount + added,
            activeIndex: keepActive(rows, current.rows, current.activeIndex),
            error: null,
          });
        } catch (error) {
          if (gen !== generation) return;
          set({ error: errorMessage(error) });
        }
      },

      setActive(index) {
        set({ activeIndex: clampIndex(index, get().rows.length) });
      },

      moveActive(delta) {
        const { activeIndex, rows } = get();
        set({ activeIndex: clampIndex(activeIndex < 0 ? 0 : activeIndex + delta, rows.length) });
        // Moving onto the last loaded rows pulls the next page in.
        if (get().activeIndex >= rows.length - 5) void get().loadMore();
      },

      async open(id) {
        const state = get();
        const target = id ?? state.rows[state.activeIndex]?.id;
        if (target === undefined) return;
        const index = state.rows.findIndex((r) => r.id === target);
        set({ openId: target, detail: null, activeIndex: index >= 0 ? index : state.activeIndex });
        await loadDetail(target);
      },

      close() {
        detailSeq++;
        set({ openId: null, detail: null, detailLoading: false, detailError: null });
      },

      start() {
        void get().reload();
        const stops: Array<() => void> = [];
        if (client.live) {
          stops.push(client.subscribe('requests:recorded', (record) => get().recorded(record)));
        }
        // Without events, poll; with them, still heal now and then (events missed while a stream reconnected).
        const timer = setInterval(() => void get().pollHead(), client.live ? healMs : pollMs);
        stops.push(() => clearInterval(timer));
        return () => {
          for (const stop of stops) stop();
        };
      },
    };
  });
}

export const requestsStore = createRequestsStore(api);

export function useRequests<T>(selector: (state: RequestsState) => T): T {
  return useStore(requestsStore, selector);
}

export function selectActiveRow(state: Pick<RequestsState, 'rows' | 'activeIndex'>): RequestRecord | null {
  return state.rows[state.activeIndex] ?? null;
}

export function selectHasMore(state: Pick<RequestsState, 'next'>): boolean {
  return state.next !== null;
}

/** Distinct values seen in the loaded rows, for the filter suggestions. Returns a new array: use in useMemo. */
export function seenValues(rows: readonly RequestRecord[], key: 'tool' | 'provider' | 'model'): string[] {
  const values = new Set<string>();
  for (const row of rows) {
    if (key === 'model') {
      if (row.requestedModel) values.add(row.requestedModel);
      if (row.servedModel) values.add(row.servedModel);
    } else {
      values.add(row[key]);
    }
  }
  return [...values].sort((a, b) => a.localeCompare(b));
}
