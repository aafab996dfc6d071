import { describe, expect, it, vi } from 'vitest';
import {
  createThemeStore,
  parsePreference,
  resolveTheme,
  THEME_STORAGE_KEY,
} from '../../../renderer/src/stores/theme-store';

function environment(initial: string | null, dark: boolean) {
  const data = new Map<string, string>(initial ? [[THEME_STORAGE_KEY, initial]] : []);
  const listeners = new Set<(e: { matches: boolean }) => void>();
  const query = {
    matches: dark,
    addEventListener: (_: 'change', l: (e: { matches: boolean }) => void) => listeners.add(l),
    removeEventListener: (_: 'change', l: (e: { matches: boolean }) => void) => listeners.delete(l),
  };
  const apply = vi.fn();
  return {
    env: {
      storage: {
        getItem: (k: string) => data.get(k) ?? null,
        setItem: (k: string, v: string) => void data.set(k, v),
        removeItem: (k: string) => void data.delete(k),
      },
      matchMedia: () => query,
      apply,
    },
    data,
    apply,
    osChanges: (matches: boolean) => listeners.forEach((l) => l({ matches })),
    listeners,
  };
}

describe('theme store', () => {
  it('follows the OS until the user chooses', () => {
    const { env, apply, osChanges, listeners } = environment(null, true);
    const store = createThemeStore(env);
    expect(store.getState()).toMatchObject({ preference: 'system', theme: 'dark' });
    const stop = store.getState().start();
    expect(apply).toHaveBeenLastCalledWith('dark');
    osChanges(false);
    expect(store.getState().theme).toBe('light');
    expect(apply).toHaveBeenLastCalledWith('light');
    stop();
    expect(listeners.size).toBe(0);
  });

  it('keeps an explicit choice in localStorage and over OS changes', () => {
    const { env, data, osChanges } = environment(null, false);
    const store = createThemeStore(env);
    store.getState().start();
    store.getState().setPreference('dark');
    expect(data.get(THEME_STORAGE_KEY)).toBe('dark');
    osChanges(true);
    osChanges(false);
    expect(store.getState().theme).toBe('dark');
    store.getState().setPreference('system');
    expect(data.has(THEME_STORAGE_KEY)).toBe(false);
    expect(store.getState().theme).toBe('light');
  });

  it('reads the stored choice at start and toggles back to following the OS', () => {
    const { env, data } = environment('light', true);
    const store = createThemeStore(env);
    expect(store.getState()).toMatchObject({ preference: 'light', theme: 'light' });
    store.getState().toggle(); // to dark, which is what the OS wants: follow it again
    expect(store.getState()).toMatchObject({ preference: 'system', theme: 'dark' });
    expect(data.has(THEME_STORAGE_KEY)).toBe(false);
    store.getState().toggle();
    expect(store.getState()).toMatchObject({ preference: 'light', theme: 'light' });
  });

  it('works without storage or matchMedia', () => {
    const store = createThemeStore({});
    expect(store.getState().theme).toBe('light');
    expect(() => store.getState().setPreference('dark')).not.toThrow();
    expect(store.getState().start()).toBeTypeOf('function');
    expect(parsePreference('purple')).toBe('system');
    expect(resolveTheme('system', 'dark')).toBe('dark');
  });
});
