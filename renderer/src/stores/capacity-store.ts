import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { PoolsReport } from '../../../shared/capacity';
import type { SpendSeries } from '../../../shared/dashboard';
import { localTimeZone } from '../components/range';
import { api, errorMessage, serialized, watch, type ApiClient } from '../lib/api';

/** Hourly traffic behind the heatmaps: by model (provisioned pools) and by provider (plans). */
export interface HourlyTraffic {
  byModel: SpendSeries | null;
  byProvider: SpendSeries | null;
  error: string | null;
}

export interface CapacityState {
  /** YYYY-MM, or null for the current month. */
  month: string | null;
  report: PoolsReport | null;
  traffic: HourlyTraffic | null;
  loading: boolean;
  error: string | null;
  setMonth(month: string | null): void;
  refresh(): Promise<void>;
  start(): () => void;
}

export function createCapacityStore(
  client: ApiClient,
  options: { now?: () => number; timeZone?: () => string; pollMs?: number; debounceMs?: number } = {},
): StoreApi<CapacityState> {
  const now = options.now ?? Date.now;
  const timeZone = options.timeZone ?? localTimeZone;
  let version = 0;
  return createStore<CapacityState>()((set, get) => {
    const hourly = async (report: PoolsReport): Promise<HourlyTraffic | null> => {
      if (report.pools.length === 0) return null;
      const until = new Date(Math.min(Date.parse(report.until), now())).toISOString();
      if (Date.parse(until) <= Date.parse(report.from))
        return { byModel: null, byProvider: null, error: null };
      const query = (groupBy: 'model' | 'provider') =>
        client.call('stats:series', {
          from: report.from,
          until,
          bucket: 'hour',
          groupBy,
          timeZone: timeZone(),
        });
      try {
        const [byModel, byProvider] = await Promise.all([
          report.pools.some((p) => p.kind === 'provisioned') ? query('model') : Promise.resolve(null),
          report.pools.some((p) => p.kind === 'subscription') ? query('provider') : Promise.resolve(null),
        ]);
        return { byModel, byProvider, error: null };
      } catch (error) {
        return { byModel: null, byProvider: null, error: errorMessage(error) };
      }
    };
    const load = async () => {
      const asked = version;
      const month = get().month;
      try {
        const report = await (month ? client.call('pools:report', month) : client.call('pools:report'));
        const traffic = await hourly(report);
        if (asked !== version) return;
        set({ report, traffic, loading: false, error: null });
      } catch (error) {
        if (asked !== version) return;
        set({ loading: false, error: errorMessage(error) });
      }
    };
    const refresh = serialized(load);
    return {
      month: null,
      report: null,
      traffic: null,
      loading: true,
      error: null,
      setMonth(month) {
        if (month === get().month) return;
        version += 1;
        set({ month, loading: true });
        void get().refresh();
      },
      refresh,
      start() {
        void get().refresh();
        return watch(
          client,
          ['requests:recorded'],
          () => {
            // A past month does not change with new requests.
            if (get().month === null) void get().refresh();
          },
          { pollMs: options.pollMs ?? 15_000, debounceMs: options.debounceMs ?? 2_000 },
        );
      },
    };
  });
}

export const capacityStore = createCapacityStore(api);

export function useCapacity<T>(selector: (state: CapacityState) => T): T {
  return useStore(capacityStore, selector);
}
