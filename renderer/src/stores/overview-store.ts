import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { BudgetStatus } from '../../../shared/budgets';
import type { AppStatus, BudgetThresholdCrossed } from '../../../shared/contract';
import type { MonthStats, RequestRecord, SpendRow } from '../../../shared/records';
import { api, errorMessage, serialized, watch, type ApiClient } from '../lib/api';

export const RECENT_LIMIT = 20;

export interface OverviewState {
  status: AppStatus | null;
  month: MonthStats | null;
  recent: RequestRecord[];
  budgets: BudgetStatus[];
  /** Why budgets could not be loaded (the rest of the overview still shows). */
  budgetsError: string | null;
  /** Thresholds crossed while the app was open, newest first (pushed events). */
  crossings: BudgetThresholdCrossed[];
  /** Crossings the user dismissed (by crossingKey). */
  dismissed: string[];
  loading: boolean;
  error: string | null;
  refresh(): Promise<void>;
  /**
   * Starts loading before the page's code (and its charts library) has arrived, so the first open of the
   * dashboard is not two waits in a row; start() then reuses that load.
   */
  prefetch(): void;
  recorded(record: RequestRecord): void;
  crossed(event: BudgetThresholdCrossed): void;
  dismiss(key: string): void;
  /** Loads once and keeps the data current; returns the function that stops that. */
  start(): () => void;
  /** Collects threshold crossings app-wide (the shell calls this once); returns the stop function. */
  listenForAlerts(): () => void;
}

export interface OverviewStoreOptions {
  /** Polling interval when the transport pushes no events. */
  pollMs?: number;
  /** Bursts of recorded requests collapse into one stats reload. */
  debounceMs?: number;
}

export function crossingKey(
  event: Pick<BudgetThresholdCrossed, 'budgetId' | 'percent' | 'resetsAt'>,
): string {
  return `${event.budgetId}|${event.percent}|${event.resetsAt}`;
}

export function createOverviewStore(
  client: ApiClient,
  options: OverviewStoreOptions = {},
): StoreApi<OverviewState> {
  const pollMs = options.pollMs ?? 5_000;
  const debounceMs = options.debounceMs ?? 300;
  let debounce: ReturnType<typeof setTimeout> | undefined;

  return createStore<OverviewState>()((set, get) => {
    const load = async (): Promise<void> => {
      const budgets = client.call('budgets:status').then(
        (value) => ({ value, error: null }),
        (error: unknown) => ({ value: null, error: errorMessage(error) }),
      );
      try {
        const [status, month, recent] = await Promise.all([
          client.call('app:status'),
          client.call('stats:month'),
          client.call('requests:recent', RECENT_LIMIT),
        ]);
        const b = await budgets;
        set({
          status,
          month,
          recent,
          budgets: b.value ?? get().budgets,
          budgetsError: b.error,
          loading: false,
          error: null,
        });
      } catch (error) {
        await budgets;
        set({ loading: false, error: errorMessage(error) });
      }
    };
    const refresh = serialized(load);
    let prefetched: Promise<void> | null = null;

    return {
      status: null,
      month: null,
      recent: [],
      budgets: [],
      budgetsError: null,
      crossings: [],
      dismissed: [],
      loading: true,
      error: null,

      refresh,

      prefetch() {
        prefetched ??= refresh();
      },

      recorded(record) {
        const recent = [record, ...get().recent.filter((r) => r.id !== record.id)].slice(0, RECENT_LIMIT);
        set({ recent });
        clearTimeout(debounce);
        debounce = setTimeout(() => void get().refresh(), debounceMs);
      },

      crossed(event) {
        const key = crossingKey(event);
        const crossings = [event, ...get().crossings.filter((c) => crossingKey(c) !== key)].slice(0, 20);
        set({ crossings });
      },

      dismiss(key) {
        if (!get().dismissed.includes(key)) set({ dismissed: [...get().dismissed, key] });
      },

      start() {
        if (prefetched === null) void get().refresh();
        prefetched = null;
        const stop = watch(
          client,
          ['requests:recorded', 'budget:threshold-crossed'],
          () => void get().refresh(),
          {
            pollMs,
            debounceMs,
            onEvent(event, payload) {
              if (event === 'requests:recorded') {
                const record = payload as RequestRecord;
                set({
                  recent: [record, ...get().recent.filter((r) => r.id !== record.id)].slice(0, RECENT_LIMIT),
                });
              }
            },
          },
        );
        return () => {
          clearTimeout(debounce);
          stop();
        };
      },

      listenForAlerts() {
        if (!client.live) return () => undefined;
        return client.subscribe('budget:threshold-crossed', (event) => get().crossed(event));
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
  return topRows(month?.byModel, count);
}

/** Returns a new array: call it in useMemo, never as a store selector. */
export function topTools(month: MonthStats | null, count = 5): SpendRow[] {
  return topRows(month?.byTool, count);
}

function topRows(rows: readonly SpendRow[] | undefined, count: number): SpendRow[] {
  return [...(rows ?? [])].sort((a, b) => b.costUsd - a.costUsd || b.requests - a.requests).slice(0, count);
}

export function selectProxyUrl(state: Pick<OverviewState, 'status'>): string | null {
  return state.status?.proxyUrl ?? null;
}

export interface ActiveAlert {
  key: string;
  budgetId: string;
  name: string;
  percent: number;
  action: 'notify' | 'downgrade' | 'block';
  spentUsd: number;
  amountUsd: number;
  firedAt: string | null;
  resetsAt: string;
  /** Pushed while the app was open (not yet in the last budgets:status). */
  live: boolean;
}

const SEVERITY = { block: 3, downgrade: 2, notify: 1 } as const;

/**
 * Thresholds crossed in each budget's current period: the alerts budgets:status reports plus crossings pushed
 * since, one per budget and threshold, most severe first. Returns a new array: use in useMemo.
 */
export function activeAlerts(
  budgets: readonly BudgetStatus[],
  crossings: readonly BudgetThresholdCrossed[],
  dismissed: readonly string[] = [],
): ActiveAlert[] {
  const byKey = new Map<string, ActiveAlert>();
  for (const budget of budgets) {
    for (const alert of budget.alerts) {
      const key = crossingKey({ budgetId: budget.id, percent: alert.percent, resetsAt: budget.resetsAt });
      byKey.set(key, {
        key,
        budgetId: budget.id,
        name: budget.name,
        percent: alert.percent,
        action: alert.action,
        spentUsd: Math.max(alert.spentUsd, budget.spentUsd),
        amountUsd: budget.amountUsd,
        firedAt: alert.firedAt,
        resetsAt: budget.resetsAt,
        live: false,
      });
    }
  }
  const periods = new Map(budgets.map((b) => [b.id, b.resetsAt]));
  for (const event of crossings) {
    const key = crossingKey(event);
    // A crossing from an earlier period of a budget that has since reset is no longer active.
    const resetsAt = periods.get(event.budgetId);
    if (resetsAt !== undefined && resetsAt !== event.resetsAt) continue;
    if (byKey.has(key)) continue;
    byKey.set(key, {
      key,
      budgetId: event.budgetId,
      name: event.name,
      percent: event.percent,
      action: event.action,
      spentUsd: event.spentUsd,
      amountUsd: event.amountUsd,
      firedAt: null,
      resetsAt: event.resetsAt,
      live: true,
    });
  }
  return [...byKey.values()]
    .filter((alert) => !dismissed.includes(alert.key))
    .sort(
      (a, b) =>
        SEVERITY[b.action] - SEVERITY[a.action] || b.percent - a.percent || a.name.localeCompare(b.name),
    );
}

export interface BillingShare {
  /** List-price equivalent of traffic on pools and subscriptions. */
  reservedUsd: number;
  /** Paid per token. */
  onDemandUsd: number;
  /** reserved ÷ (reserved + on demand), by list price; null without priced traffic. */
  reservedShare: number | null;
  reservedRequests: number;
  onDemandRequests: number;
}

export function billingShare(month: MonthStats | null): BillingShare {
  let reservedUsd = 0;
  let onDemandUsd = 0;
  let reservedRequests = 0;
  let onDemandRequests = 0;
  for (const row of month?.byBilling ?? []) {
    if (row.key === 'on_demand') {
      onDemandUsd += row.costUsd;
      onDemandRequests += row.requests;
    } else {
      reservedUsd += row.costUsd;
      reservedRequests += row.requests;
    }
  }
  const total = reservedUsd + onDemandUsd;
  return {
    reservedUsd,
    onDemandUsd,
    reservedShare: total > 0 ? reservedUsd / total : null,
    reservedRequests,
    onDemandRequests,
  };
}
