import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { SubstitutionReport } from '../../../shared/dashboard';
import { rangeProblem, resolveRange, type RangeSelection, type ResolvedRange } from '../components/range';
import { api, errorMessage, serialized, watch, type ApiClient } from '../lib/api';

export type FlowMetric = 'requests' | 'cost';

export interface SubstitutionState {
  selection: RangeSelection;
  metric: FlowMetric;
  range: ResolvedRange | null;
  report: SubstitutionReport | null;
  loading: boolean;
  error: string | null;
  setSelection(selection: RangeSelection): void;
  setMetric(metric: FlowMetric): void;
  refresh(): Promise<void>;
  start(): () => void;
}

export function createSubstitutionStore(
  client: ApiClient,
  options: { now?: () => number; pollMs?: number; debounceMs?: number } = {},
): StoreApi<SubstitutionState> {
  const now = options.now ?? Date.now;
  let version = 0;
  return createStore<SubstitutionState>()((set, get) => {
    const load = async () => {
      const { selection } = get();
      if (rangeProblem(selection) !== null) {
        set({ loading: false });
        return;
      }
      const asked = version;
      const range = resolveRange(selection, now());
      try {
        const report = await client.call('stats:substitution', { from: range.from, until: range.until });
        if (asked !== version) return;
        set({ report, range, loading: false, error: null });
      } catch (error) {
        if (asked !== version) return;
        set({ loading: false, error: errorMessage(error) });
      }
    };
    const refresh = serialized(load);
    return {
      selection: { preset: '7d' },
      metric: 'requests',
      range: null,
      report: null,
      loading: true,
      error: null,
      setSelection(selection) {
        version += 1;
        set({ selection, loading: true });
        void get().refresh();
      },
      setMetric(metric) {
        set({ metric });
      },
      refresh,
      start() {
        void get().refresh();
        return watch(
          client,
          ['requests:recorded'],
          () => {
            if (get().range?.followsNow !== false) void get().refresh();
          },
          { pollMs: options.pollMs ?? 10_000, debounceMs: options.debounceMs ?? 1_000 },
        );
      },
    };
  });
}

export const substitutionStore = createSubstitutionStore(api);

export function useSubstitution<T>(selector: (state: SubstitutionState) => T): T {
  return useStore(substitutionStore, selector);
}

export interface SubstitutionTotals {
  requests: number;
  /** Requests served by a different model than asked. */
  substituted: number;
  costUsd: number;
  baselineUsd: number;
  savingsUsd: number;
  attempts: number;
  failures: number;
  fellBack: number;
}

export function substitutionTotals(report: SubstitutionReport | null): SubstitutionTotals {
  const totals: SubstitutionTotals = {
    requests: 0,
    substituted: 0,
    costUsd: 0,
    baselineUsd: 0,
    savingsUsd: 0,
    attempts: 0,
    failures: 0,
    fellBack: 0,
  };
  for (const flow of report?.flows ?? []) {
    totals.requests += flow.requests;
    if (flow.requestedModel !== flow.servedModel) totals.substituted += flow.requests;
    totals.costUsd += flow.costUsd;
    totals.baselineUsd += flow.baselineUsd;
    totals.savingsUsd += flow.savingsUsd;
  }
  for (const target of report?.targets ?? []) {
    totals.attempts += target.attempts;
    totals.failures += target.attempts - target.ok;
    totals.fellBack += target.fellBack;
  }
  return totals;
}
