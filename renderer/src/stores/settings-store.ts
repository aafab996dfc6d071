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
  /** The outcome of the last retention change, for the form. */
  retentionMessage: { kind: 'ok' | 'error'; text: string } | null;
  load(): Promise<void>;
  saveRetention(input: string): Promise<boolean>;
}

/** A retention entry: a whole number of days, 0 meaning keep everything; null when invalid. */
export function parseRetentionDays(input: string): number | null {
  const text = input.trim();
  if (!/^\d{1,5}$/.test(text)) return null;
  const days = Number(text);
  return days <= 36_500 ? days : null;
}

export function createSettingsStore(client: ApiClient): StoreApi<SettingsState> {
  return createStore<SettingsState>()((set) => ({
    settings: null,
    status: null,
    loading: true,
    error: null,
    retentionMessage: null,
    async saveRetention(input) {
      const days = parseRetentionDays(input);
      if (days === null) {
        set({
          retentionMessage: { kind: 'error', text: 'Enter a whole number of days (0 keeps everything).' },
        });
        return false;
      }
      try {
        const settings = await client.call('settings:set', { retentionDays: days });
        set({
          settings,
          retentionMessage: {
            kind: 'ok',
            text:
              days === 0
                ? 'Saved: every request is kept.'
                : `Saved: requests older than ${days} day${days === 1 ? '' : 's'} are deleted (monthly totals stay).`,
          },
        });
        return true;
      } catch (error) {
        set({ retentionMessage: { kind: 'error', text: `Not saved: ${errorMessage(error)}` } });
        return false;
      }
    },
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
