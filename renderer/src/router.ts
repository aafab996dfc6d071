import { useSyncExternalStore } from 'react';

/**
 * Hash routing: `#/spend`, `#/requests?id=…`. Every page of the app, in sidebar order, with its
 * `g <key>` shortcut. Pages live in `pages/<id>/<id>-page.tsx` and export `<Name>Page`.
 */
export const ROUTES = [
  { id: 'overview', title: 'Overview', exportName: 'OverviewPage', key: 'o', section: 'Money' },
  { id: 'spend', title: 'Spend', exportName: 'SpendPage', key: 's', section: 'Money' },
  { id: 'substitution', title: 'Substitution', exportName: 'SubstitutionPage', key: 'u', section: 'Money' },
  {
    id: 'capacity',
    title: 'Capacity',
    subtitle: 'pools & plans',
    exportName: 'CapacityPage',
    key: 'c',
    section: 'Money',
  },
  { id: 'requests', title: 'Requests', exportName: 'RequestsPage', key: 'r', section: 'Traffic' },
  { id: 'tasks', title: 'Tasks & outcomes', exportName: 'TasksPage', key: 't', section: 'Traffic' },
  { id: 'rules', title: 'Rules', exportName: 'RulesPage', key: 'l', section: 'Control' },
  { id: 'budgets', title: 'Budgets', exportName: 'BudgetsPage', key: 'b', section: 'Control' },
  { id: 'providers', title: 'Providers & keys', exportName: 'ProvidersPage', key: 'p', section: 'Control' },
  { id: 'connect', title: 'Connect tools', exportName: 'ConnectPage', key: 'n', section: 'Setup' },
  { id: 'settings', title: 'Settings', exportName: 'SettingsPage', key: ',', section: 'Setup' },
] as const satisfies readonly RouteDefinition[];

export interface RouteDefinition {
  id: string;
  title: string;
  subtitle?: string;
  exportName: string;
  /** Second key of the `g <key>` shortcut. */
  key: string;
  section: string;
}

export type RouteId = (typeof ROUTES)[number]['id'];

/** Other names that reach a page (e.g. the issue's "Pools & plans"). */
const ALIASES: Record<string, RouteId> = { pools: 'capacity', plans: 'capacity', '': 'overview' };

export const DEFAULT_ROUTE: RouteId = 'overview';

export interface RouteLocation {
  /** null: no such page. */
  page: RouteId | null;
  /** Path segments after the page (`#/requests/abc` → ['abc']). */
  rest: string[];
  params: URLSearchParams;
  /** The raw path, for a "not found" message. */
  path: string;
}

export function isRouteId(value: string): value is RouteId {
  return ROUTES.some((route) => route.id === value);
}

export function routeById(id: RouteId): RouteDefinition {
  return ROUTES.find((route) => route.id === id)!;
}

/** `#/spend?range=7d` → { page: 'spend', params: range=7d }. `#token=…` and '' are the overview. */
export function parseHash(hash: string): RouteLocation {
  const raw = hash.replace(/^#/, '');
  if (!raw.startsWith('/')) {
    // '' or a bare query such as `token=…` (how `farebox serve` opens the page).
    return { page: DEFAULT_ROUTE, rest: [], params: withoutToken(new URLSearchParams(raw)), path: '/' };
  }
  const queryAt = raw.indexOf('?');
  const path = queryAt < 0 ? raw : raw.slice(0, queryAt);
  const params = withoutToken(new URLSearchParams(queryAt < 0 ? '' : raw.slice(queryAt + 1)));
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
  const head = segments[0] ?? '';
  const page = isRouteId(head) ? head : (ALIASES[head] ?? null);
  return { page, rest: segments.slice(1), params, path };
}

function withoutToken(params: URLSearchParams): URLSearchParams {
  params.delete('token');
  return params;
}

export function hrefFor(
  page: RouteId,
  params?: Record<string, string | number | undefined | null> | URLSearchParams,
  rest: readonly string[] = [],
): string {
  const search = new URLSearchParams();
  if (params instanceof URLSearchParams) params.forEach((value, key) => search.set(key, value));
  else if (params) {
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
    }
  }
  const tail = rest.map((segment) => `/${encodeURIComponent(segment)}`).join('');
  const query = search.toString();
  return `#/${page}${tail}${query ? `?${query}` : ''}`;
}

/** The hash to show once the token has been read: the same route without `token=…`. */
export function hashWithoutToken(hash: string): string | null {
  const raw = hash.replace(/^#/, '');
  if (!/(^|[?&])token=/.test(raw)) return null;
  const location = parseHash(hash);
  if (!location.page) return `#/${DEFAULT_ROUTE}`;
  return hrefFor(location.page, location.params, location.rest);
}

type RouterWindow = Pick<Window, 'location' | 'history' | 'addEventListener' | 'removeEventListener'>;

/** Removes the token from the address bar (it was captured by lib/api.ts first). */
export function stripTokenFromUrl(win: RouterWindow = window): void {
  const next = hashWithoutToken(win.location.hash);
  if (next !== null) win.history.replaceState(win.history.state, '', next);
}

export function navigate(
  page: RouteId,
  params?: Record<string, string | number | undefined | null> | URLSearchParams,
  options: { replace?: boolean; rest?: readonly string[] } = {},
  win: RouterWindow = window,
): void {
  const next = hrefFor(page, params, options.rest);
  if (win.location.hash === next) return;
  if (options.replace) {
    win.history.replaceState(win.history.state, '', next);
    // replaceState fires no hashchange; tell the subscribers.
    for (const listener of listeners) listener();
  } else {
    win.location.hash = next;
  }
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('hashchange', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('hashchange', listener);
  };
}

const getHash = () => window.location.hash;

let cached: { hash: string; location: RouteLocation } | null = null;

function locationOf(hash: string): RouteLocation {
  if (cached?.hash !== hash) cached = { hash, location: parseHash(hash) };
  return cached.location;
}

/** The current route; re-renders on navigation. */
export function useRoute(): RouteLocation {
  const hash = useSyncExternalStore(subscribe, getHash, () => '');
  return locationOf(hash);
}

let headingFocusPending = false;

/** After a navigation, the next page to mount moves focus to its heading (screen readers announce it). */
export function requestHeadingFocus(): void {
  headingFocusPending = true;
}

/** True once per requested focus: the page that mounts first takes it. */
export function takeHeadingFocus(): boolean {
  const pending = headingFocusPending;
  headingFocusPending = false;
  return pending;
}
