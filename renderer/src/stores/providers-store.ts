import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { ProviderSummary, ProviderTestResult } from '../../../shared/dashboard';
import { api, errorMessage, type ApiClient } from '../lib/api';

export interface ProviderTest {
  running: boolean;
  result: ProviderTestResult | null;
  /** The call itself failed (the core was unreachable), as opposed to a failed connection test. */
  error: string | null;
  /** ISO time of the last finished test. */
  at: string | null;
}

export interface ProvidersState {
  providers: ProviderSummary[];
  configPath: string | null;
  loading: boolean;
  error: string | null;
  tests: Record<string, ProviderTest>;
  load(): Promise<void>;
  test(id: string): Promise<void>;
}

export function createProvidersStore(
  client: ApiClient,
  options: { now?: () => number } = {},
): StoreApi<ProvidersState> {
  const now = options.now ?? Date.now;
  return createStore<ProvidersState>()((set, get) => {
    const setTest = (id: string, test: ProviderTest) => set({ tests: { ...get().tests, [id]: test } });
    return {
      providers: [],
      configPath: null,
      loading: true,
      error: null,
      tests: {},

      async load() {
        set({ loading: true, error: null });
        const [providers, status] = await Promise.allSettled([
          client.call('providers:list'),
          client.call('app:status'),
        ]);
        if (status.status === 'fulfilled') set({ configPath: status.value.configPath });
        if (providers.status === 'fulfilled') set({ providers: providers.value, loading: false });
        else set({ loading: false, error: errorMessage(providers.reason) });
      },

      async test(id) {
        if (get().tests[id]?.running) return;
        const previous = get().tests[id];
        setTest(id, {
          running: true,
          result: previous?.result ?? null,
          error: null,
          at: previous?.at ?? null,
        });
        try {
          const result = await client.call('providers:test', id);
          setTest(id, { running: false, result, error: null, at: new Date(now()).toISOString() });
        } catch (error) {
          setTest(id, {
            running: false,
            result: null,
            error: errorMessage(error),
            at: new Date(now()).toISOString(),
          });
        }
      },
    };
  });
}

export const providersStore = createProvidersStore(api);

export function useProviders<T>(selector: (state: ProvidersState) => T): T {
  return useStore(providersStore, selector);
}

export function selectTest(state: Pick<ProvidersState, 'tests'>, id: string): ProviderTest | undefined {
  return state.tests[id];
}

/** "2 keys", "1 key", or what happens without one. */
export function keyCountText(count: number): string {
  if (count === 0) return 'No key configured: requests use the key your tool sends';
  return `${count} key${count === 1 ? '' : 's'} configured${count > 1 ? ', used in turn when one is rate-limited' : ''}`;
}

/** "ok · 200 · 340 ms" style verdict for the test result. */
export function testSummary(result: ProviderTestResult): string {
  const parts = [result.ok ? 'Connected' : 'Failed'];
  if (result.status !== null) parts.push(`HTTP ${result.status}`);
  if (result.latencyMs !== null) parts.push(`${Math.round(result.latencyMs)} ms`);
  return parts.join(' · ');
}
