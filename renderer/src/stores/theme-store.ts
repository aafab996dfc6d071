import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';

export type Theme = 'light' | 'dark';
/** 'system' follows the OS; 'light' and 'dark' are the user's explicit choice, kept in localStorage. */
export type ThemePreference = 'system' | Theme;

export const THEME_STORAGE_KEY = 'farebox.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

export interface ThemeState {
  preference: ThemePreference;
  /** What the OS prefers. */
  system: Theme;
  /** What is shown. */
  theme: Theme;
  setPreference(preference: ThemePreference): void;
  /** Flips what is shown; landing on the OS's own choice goes back to following it. */
  toggle(): void;
  /** Follows OS changes and applies the theme to the document; returns the function that stops that. */
  start(): () => void;
}

interface MediaQueryLike {
  readonly matches: boolean;
  addEventListener(type: 'change', listener: (event: { matches: boolean }) => void): void;
  removeEventListener(type: 'change', listener: (event: { matches: boolean }) => void): void;
}

export interface ThemeEnvironment {
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  matchMedia?: ((query: string) => MediaQueryLike) | null;
  /** Puts the theme on the page (data-theme and color-scheme on <html>). */
  apply?: (theme: Theme) => void;
}

export function resolveTheme(preference: ThemePreference, system: Theme): Theme {
  return preference === 'system' ? system : preference;
}

export function parsePreference(value: string | null | undefined): ThemePreference {
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function createThemeStore(env: ThemeEnvironment = {}): StoreApi<ThemeState> {
  const read = (): ThemePreference => {
    try {
      return parsePreference(env.storage?.getItem(THEME_STORAGE_KEY));
    } catch {
      return 'system';
    }
  };
  const write = (preference: ThemePreference) => {
    try {
      if (preference === 'system') env.storage?.removeItem(THEME_STORAGE_KEY);
      else env.storage?.setItem(THEME_STORAGE_KEY, preference);
    } catch {
      // The choice still applies to this session.
    }
  };
  const query = env.matchMedia?.(DARK_QUERY) ?? null;
  const preference = read();
  const system: Theme = query?.matches ? 'dark' : 'light';

  return createStore<ThemeState>()((set, get) => ({
    preference,
    system,
    theme: resolveTheme(preference, system),

    setPreference(next) {
      write(next);
      const theme = resolveTheme(next, get().system);
      set({ preference: next, theme });
      env.apply?.(theme);
    },

    toggle() {
      const next: Theme = get().theme === 'dark' ? 'light' : 'dark';
      get().setPreference(next === get().system ? 'system' : next);
    },

    start() {
      env.apply?.(get().theme);
      if (!query) return () => undefined;
      const onChange = (event: { matches: boolean }) => {
        const nextSystem: Theme = event.matches ? 'dark' : 'light';
        const theme = resolveTheme(get().preference, nextSystem);
        set({ system: nextSystem, theme });
        env.apply?.(theme);
      };
      query.addEventListener('change', onChange);
      return () => query.removeEventListener('change', onChange);
    },
  }));
}

function browserEnvironment(): ThemeEnvironment {
  if (typeof window === 'undefined') return {};
  let storage: ThemeEnvironment['storage'];
  try {
    storage = window.localStorage;
  } catch {
    // Access to storage can throw (privacy settings): the theme then lasts for the session only.
    storage = null;
  }
  return {
    storage,
    matchMedia: typeof window.matchMedia === 'function' ? (q) => window.matchMedia(q) : null,
    apply(theme) {
      const root = document.documentElement;
      root.dataset['theme'] = theme;
      root.style.colorScheme = theme;
    },
  };
}

export const themeStore = createThemeStore(browserEnvironment());

export function useTheme<T>(selector: (state: ThemeState) => T): T {
  return useStore(themeStore, selector);
}

export const selectTheme = (state: Pick<ThemeState, 'theme'>): Theme => state.theme;
