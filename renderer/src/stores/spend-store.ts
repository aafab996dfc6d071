import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { SpendGroup, SpendSeries } from '../../../shared/dashboard';
import {
  localTimeZone,
  rangeProblem,
  resolveRange,
  type RangeSelection,
  type ResolvedRange,
} from '../components/range';
import { api, errorMessage, serialized, watch, type ApiClient } from '../lib/api';

export const SPEND_GROUPS: ReadonlyArray<{ id: SpendGroup; label: string }> = [
  { id: 'model', label: 'Model' },
  { id: 'provider', label: 'Provider' },
  { id: 'tool', label: 'Tool' },
  { id: 'project', label: 'Project' },
  { id: 'rule', label: 'Rule' },
];

export function isSpendGroup(value: string | null | undefined): value is SpendGroup {
  return SPEND_GROUPS.some((g) => g.id === value);
}

export interface SpendState {
  selection: RangeSelection;
  groupBy: SpendGroup;
  /** The bounds of the loaded data. */
  range: ResolvedRange | null;
  data: SpendSeries | null;
  loading: boolean;
  error: string | null;
  setSelection(selection: RangeSelection): void;
  setGroupBy(groupBy: SpendGroup): void;
  refresh(): Promise<void>;
  start(): () => void;
}

export interface SpendStoreOptions {
  now?: () => number;
  timeZone?: () => string;
  pollMs?: number;
  debounceMs?: number;
}

export function createSpendStore(client: ApiClient, options: SpendStoreOptions = {}): StoreApi<SpendState> {
  const now = options.now ?? Date.now;
  const timeZone = options.timeZone ?? localTimeZone;
  let version = 0;

  return createStore<SpendState>()((set, get) => {
    const load = async () => {
      const { selection, groupBy } = get();
      if (rangeProblem(selection) !== null) {
        set({ loading: false });
        return;
      }
      const asked = version;
      const range = resolveRange(selection, now());
      try {
        const data = await client.call('stats:series', {
          from: range.from,
          until: range.until,
          bucket: range.bucket,
          groupBy,
          timeZone: timeZone(),
        });
        // A newer selection is loading: this answer is for the old one.
        if (asked !== version) return;
        set({ data, range, loading: false, error: null });
      } catch (error) {
        if (asked !== version) return;
        set({ loading: false, error: errorMessage(error) });
      }
    };
    const refresh = serialized(load);

    return {
      selection: { preset: '7d' },
      groupBy: 'model',
      range: null,
      data: null,
      loading: true,
      error: null,

      setSelection(selection) {
        version += 1;
        set({ selection, loading: true });
        void get().refresh();
      },

      setGroupBy(groupBy) {
        if (groupBy === get().groupBy) return;
        version += 1;
        set({ groupBy, loading: true });
        void get().refresh();
      },

      refresh,

      start() {
        void get().refresh();
        return watch(
          client,
          ['requests:recorded'],
          () => {
            // A custom range that has ended does not change with new requests.
            if (get().range?.followsNow !== false) void get().refresh();
          },
          { pollMs: options.pollMs ?? 10_000, debounceMs: options.debounceMs ?? 1_000 },
        );
      },
    };
  });
}

export const spendStore = createSpendStore(api);

export function useSpend<T>(selector: (state: SpendState) => T): T {
  return useStore(spendStore, selector);
}

export interface SpendTotals {
  costUsd: number;
  requests: number;
  unpricedRequests: number;
  tokens: number;
}

export function spendTotals(data: SpendSeries | null): SpendTotals {
  const totals: SpendTotals = { costUsd: 0, requests: 0, unpricedRequests: 0, tokens: 0 };
  for (const row of data?.rows ?? []) {
    totals.costUsd += row.costUsd;
    totals.requests += row.requests;
    totals.unpricedRequests += row.unpricedRequests;
    totals.tokens += row.inputTokens + row.cacheReadTokens + row.cacheWriteTokens + row.outputTokens;
  }
  return totals;
}

/** How a group key reads: requests without a rule or project have an empty key. */
export function groupKeyLabel(key: string, groupBy: SpendGroup): string {
  if (key !== '' && key !== 'null') return key;
  switch (groupBy) {
    case 'rule':
      return '(no rule: sent as asked)';
    case 'project':
      return '(no project)';
    default:
      return `(unknown ${groupBy})`;
  }
}
