import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { AppStatus } from '../../../shared/contract';
import type { MonthStats, RequestRecord, SpendRow } from '../../../shared/records';
import { api, type ApiClient } from '../lib/api';

export const RECENT_LIMIT = 20;

export interface OverviewState {
  status: AppStatus | null;
  month: MonthStats | null;
  recent: RequestRecord[];
  loading: boolean;
  error: string | null;
  refresh(): Promise<void>;
  recorded(record: RequestRecord): void;
  /** Loads once and keeps the data current; returns the function that stops that. */
  start(): () => void;
}

export interface OverviewStoreOptions {
  /** Polling interval when the transport pushes no events (the HTTP admin API, for now). */
  pollMs?: number;
  /** Bursts of recorded requests collapse into one stats reload. */
  debounceMs?: number;
}

export function createOverviewStore(
  client: ApiClient,
  options: OverviewStoreOptions = {},
): StoreApi<OverviewState> {
  const pollMs = options.pollMs ?? 5_000;
  const debounceMs = options.debounceMs ?? 300;
  let inFlight: Promise<void> | null = null;
  let again = false;
  let debounce: ReturnType<typeof setTimeout> | undefined;

  return createStore<OverviewState>()((set, get) => {
    const load = async (): Promise<void> => {
      try {
        const [status, month, recent] = await Promise.all([
          client.call('app:status'),
          client.call('stats:month'),
          client.call('requests:recent', RECENT_LIMIT),
        ]);
        set({ status, month, recent, loading: false, error: null });
      } catch (error) {
        set({ loading: false, error: error instanceof Error ? error.message : String(error) });
      }
    };

    return {
      status: null,
      month: null,
      recent: [],
      loading: true,
      error: null,

      // One reload at a time; calls during one queue a single follow-up so the last state always lands.
      refresh() {
        if (inFlight) {
          again = true;
          return inFlight;
        }
        inFlight = (async () => {
          do {
            again = false;
            await load();
          } while (again);
          inFlight = null;
        })();
        return inFlight;
      },

      recorded(record) {
        const recent = [record, ...get().recent.filter((r) => r.id !== record.id)].slice(0, RECENT_LIMIT);
        set({ recent });
        clearTimeout(debounce);
        debounce = setTimeout(() => void get().refresh(), debounceMs);
      },

      start() {
        void get().refresh();
        const stops: (() => void)[] = [];
        if (client.live) {
          stops.push(client.subscribe('requests:recorded', (record) => get().recorded(record)));
        } else {
          const timer = setInterval(() => void get().refresh(), pollMs);
          stops.push(() => clearInterval(timer));
        }
        return () => {
          clearTimeout(debounce);
          for (const stop of stops) stop();
        };
      },
    };
  });
}

export const overviewStore = createOverviewStore(api);

export function useOverview<T>(selector: (state: OverviewState) => T): T {
  return useStore(overviewStore, selector);
}

/** Returns a new array: call it in useMemo, never as a store selector. */
export function topModels(month: MonthStats | null, count = 5): SpendRow[] {
  const rows = month?.byModel ?? [];
  return [...rows].sort((a, b) => b.costUsd - a.costUsd || b.requests - a.requests).slice(0, count);
}

export function selectProxyUrl(state: Pick<OverviewState, 'status'>): string | null {
  return state.status?.proxyUrl ?? null;
}
