import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { AppStatus } from '../../../shared/contract';
import type { AppSettings } from '../../../shared/dashboard';
import { api, errorMessage, type ApiClient } from '../lib/api';

export interface SettingsState {
  settings: AppSettings | null;
  status: AppStatus | null;
  loading: boolean;
  error: string | null;
  load(): Promise<void>;
}

export function createSettingsStore(client: ApiClient): StoreApi<SettingsState> {
  return createStore<SettingsState>()((set) => ({
    settings: null,
    status: null,
    loading: true,
    error: null,
    async load() {
      set({ loading: true });
      const [settings, status] = await Promise.allSettled([
        client.call('settings:get'),
        client.call('app:status'),
      ]);
      set({
        loading: false,
        settings: settings.status === 'fulfilled' ? settings.value : null,
        status: status.status === 'fulfilled' ? status.value : null,
        error: settings.status === 'rejected' ? errorMessage(settings.reason) : null,
      });
    },
  }));
}

export const settingsStore = createSettingsStore(api);

export function useSettings<T>(selector: (state: SettingsState) => T): T {
  return useStore(settingsStore, selector);
}
