/// <reference types="vite/client" />
import {
  lazy,
  Suspense,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ComponentType,
  type LazyExoticComponent,
} from 'react';
import { useShallow } from 'zustand/react/shallow';
import { EmptyState } from './components/empty-state';
import { ErrorBoundary } from './components/error-boundary';
import { focusSearch, useShortcuts, type Shortcut } from './components/keyboard';
import { ShortcutsDialog } from './components/shortcuts-dialog';
import { api } from './lib/api';
import { formatPercent } from './lib/format';
import {
  hrefFor,
  navigate,
  requestHeadingFocus,
  ROUTES,
  routeById,
  takeHeadingFocus,
  useRoute,
  type RouteDefinition,
  type RouteId,
} from './router';
import { activeAlerts, overviewStore, useOverview } from './stores/overview-store';
import { useTheme, type ThemePreference } from './stores/theme-store';

/**
 * Every page module, found at build time: `pages/<id>/<id>-page.tsx` exporting `<Name>Page`. Each loads on
 * first visit (ECharts only comes with the pages that chart), and a page not written yet shows a placeholder.
 */
const pageModules = import.meta.glob<Record<string, unknown>>('./pages/*/*-page.tsx');

const lazyPages = new Map<RouteId, LazyExoticComponent<ComponentType> | null>();

function pageComponent(route: RouteDefinition & { id: RouteId }): LazyExoticComponent<ComponentType> | null {
  if (lazyPages.has(route.id)) return lazyPages.get(route.id)!;
  const load = pageModules[`./pages/${route.id}/${route.id}-page.tsx`];
  const component = load
    ? lazy(async () => {
        const module = await load();
        const page = module[route.exportName];
        if (typeof page !== 'function') {
          throw new Error(`pages/${route.id}/${route.id}-page.tsx does not export ${route.exportName}`);
        }
        return { default: page as ComponentType };
      })
    : null;
  lazyPages.set(route.id, component);
  return component;
}

const THEME_LABELS: Record<ThemePreference, string> = {
  system: 'Follow the OS',
  light: 'Light',
  dark: 'Dark',
};

function ThemeSelect() {
  const { preference, theme, setPreference } = useTheme(
    useShallow((s) => ({ preference: s.preference, theme: s.theme, setPreference: s.setPreference })),
  );
  return (
    <label className="theme-select">
      <span>Theme</span>
      <select
        value={preference}
        onChange={(event) => setPreference(event.target.value as ThemePreference)}
        aria-describedby="theme-now"
      >
        {(Object.keys(THEME_LABELS) as ThemePreference[]).map((value) => (
          <option key={value} value={value}>
            {THEME_LABELS[value]}
          </option>
        ))}
      </select>
      <span id="theme-now" className="visually-hidden">
        Showing the {theme} theme
      </span>
    </label>
  );
}

function Sidebar({ current, alertCount }: { current: RouteId | null; alertCount: number }) {
  const sections = useMemo(() => {
    const groups = new Map<string, (typeof ROUTES)[number][]>();
    for (const route of ROUTES) groups.set(route.section, [...(groups.get(route.section) ?? []), route]);
    return [...groups.entries()];
  }, []);
  return (
    <nav className="sidebar" aria-label="Main">
      <a className="brand" href={hrefFor('overview')}>
        <span className="brand-mark" aria-hidden="true">
          ▤
        </span>
        Farebox
      </a>
      {sections.map(([section, routes]) => (
        <div key={section} className="nav-section">
          <p className="nav-section-title" aria-hidden="true">
            {section}
          </p>
          <ul>
            {routes.map((route) => (
              <li key={route.id}>
                <a
                  href={hrefFor(route.id)}
                  aria-current={current === route.id ? 'page' : undefined}
                  aria-keyshortcuts={`g ${route.key}`}
                >
                  <span className="nav-title">{route.title}</span>
                  {'subtitle' in route && <span className="nav-subtitle"> {route.subtitle}</span>}
                  {route.id === 'overview' && alertCount > 0 && (
                    <span className="nav-badge" aria-label={`${alertCount} active alerts`}>
                      {alertCount}
                    </span>
                  )}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ))}
      <div className="sidebar-footer">
        <ThemeSelect />
        <p className="muted live-state">{api.live ? 'Live updates' : 'Refreshing every few seconds'}</p>
        <p className="muted">
          Press <kbd>?</kbd> for shortcuts
        </p>
      </div>
    </nav>
  );
}

function NotBuiltYet({ title }: { title: string }) {
  return (
    <section className="page" aria-labelledby="missing-page">
      <header className="page-header">
        <h1 id="missing-page" tabIndex={-1} data-page-heading>
          {title}
        </h1>
      </header>
      <EmptyState
        title={`${title} is not available in this build`}
        action={{ label: 'Back to the overview', href: '#/overview' }}
      >
        <p>This page has not been built into this version of Farebox yet.</p>
      </EmptyState>
    </section>
  );
}

function NotFound({ path }: { path: string }) {
  return (
    <section className="page" aria-labelledby="not-found">
      <header className="page-header">
        <h1 id="not-found" tabIndex={-1} data-page-heading>
          Page not found
        </h1>
      </header>
      <EmptyState title={`Nothing at “${path}”`} action={{ label: 'Go to the overview', href: '#/overview' }}>
        <p>
          Pick a page in the sidebar, or press <kbd>g</kbd> then a page's key (<kbd>?</kbd> lists them).
        </p>
      </EmptyState>
    </section>
  );
}

/** The newest budget threshold crossing, announced over any page. */
function AlertToast() {
  const { crossings, dismissed, dismiss } = useOverview(
    useShallow((s) => ({ crossings: s.crossings, dismissed: s.dismissed, dismiss: s.dismiss })),
  );
  const latest = useMemo(() => activeAlerts([], crossings.slice(0, 1), dismissed)[0], [crossings, dismissed]);
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {latest && (
        <div className={`toast alert-${latest.action}`}>
          <p>
            <strong>{latest.name}</strong> passed {latest.percent}% (
            {formatPercent(latest.amountUsd > 0 ? latest.spentUsd / latest.amountUsd : 0)} used)
            {latest.action === 'block'
              ? ': requests are blocked'
              : latest.action === 'downgrade'
                ? ': requests are downgraded'
                : ''}
          </p>
          <p>
            <a href={hrefFor('budgets')}>Budgets</a>{' '}
            <button type="button" className="button button-link" onClick={() => dismiss(latest.key)}>
              Dismiss
            </button>
          </p>
        </div>
      )}
    </div>
  );
}

export function App() {
  const route = useRoute();
  const [helpOpen, setHelpOpen] = useState(false);
  const alertCount = useOverview((s) => activeAlerts(s.budgets, s.crossings, s.dismissed).length);

  useEffect(() => overviewStore.getState().listenForAlerts(), []);

  const shortcuts = useMemo<Shortcut[]>(
    () => [
      ...ROUTES.map((r) => ({
        keys: `g ${r.key}`,
        description: `Go to ${r.title}`,
        run: () => navigate(r.id),
      })),
      { keys: '/', description: 'Search on this page', run: () => void focusSearch() },
      { keys: '?', description: 'Show keyboard shortcuts', run: () => setHelpOpen(true) },
    ],
    [],
  );
  useShortcuts(shortcuts);

  // After a navigation (not the first load), move focus to the new page's heading for screen readers.
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const key = route.page ?? route.path;
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    requestHeadingFocus();
    window.scrollTo({ top: 0 });
    // The page may still be loading: whichever heading mounts next takes the focus.
    const heading = main.current?.querySelector<HTMLElement>('[data-page-heading]');
    if (heading && takeHeadingFocus()) heading.focus();
  }, [key]);

  const current = route.page ? routeById(route.page) : null;
  useEffect(() => {
    document.title = current ? `${current.title} · Farebox` : 'Farebox';
  }, [current]);

  let content;
  if (!route.page || !current) {
    content = <NotFound path={route.path} />;
  } else {
    const Page = pageComponent({ ...current, id: route.page });
    content = Page ? (
      <ErrorBoundary key={route.page} what={current.title}>
        <Suspense fallback={<p className="muted page-loading">Loading {current.title}…</p>}>
          <Page />
        </Suspense>
      </ErrorBoundary>
    ) : (
      <NotBuiltYet title={current.title} />
    );
  }

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          main.current?.focus();
        }}
      >
        Skip to content
      </a>
      <Sidebar current={route.page} alertCount={alertCount} />
      <main id="main" ref={main} className="main" tabIndex={-1}>
        {content}
      </main>
      <AlertToast />
      <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} shortcuts={shortcuts} />
    </div>
  );
}
