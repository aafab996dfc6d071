import type { MenuItemConstructorOptions } from 'electron';
import type { Core } from '../core/core-types';
import type { LaunchAtLogin } from './login-item';
import type { RoutingPause } from './routing-pause';
import { trayText, UNAVAILABLE_TEXT, type TrayText } from './tray-label';

/** At most one refresh a second however fast requests arrive: each refresh queries the month and budgets. */
export const REFRESH_INTERVAL_MS = 1_000;
/** Without traffic the label still has to follow a new month or a budget period's reset. */
export const IDLE_REFRESH_MS = 60_000;

/** The part of Electron's Tray this needs; M is the menu type buildMenu makes. */
export interface TrayHandle<M> {
  setTitle(title: string): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: M | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface AppTrayDeps<M> {
  tray: TrayHandle<M>;
  buildMenu(template: MenuItemConstructorOptions[]): M;
  core: Pick<Core, 'monthStats' | 'budgets' | 'onRequestRecorded' | 'onBudgetAlert'>;
  openDashboard(): void;
  quit(): void;
  launchAtLogin: LaunchAtLogin;
  /** Null while the core cannot pause routing; the menu then has no pause item. */
  routingPause: RoutingPause | null;
  /** Windows and Linux panels open the app on a click; the macOS menu bar shows the menu instead. */
  openOnClick: boolean;
  onError(error: unknown): void;
}

export interface AppTray {
  /** Redraws now, ignoring the throttle. */
  refresh(): void;
  dispose(): void;
}

export function createAppTray<M>(deps: AppTrayDeps<M>): AppTray {
  let disposed = false;
  let lastRefresh = -Infinity;
  let pending: ReturnType<typeof setTimeout> | undefined;

  const attempt = <T>(action: () => T, fallback: T): T => {
    try {
      return action();
    } catch (error) {
      deps.onError(error);
      return fallback;
    }
  };

  const menu = (text: TrayText, paused: boolean): MenuItemConstructorOptions[] => {
    const pause = deps.routingPause;
    return [
      ...text.lines.map((label): MenuItemConstructorOptions => ({ label, enabled: false })),
      { type: 'separator' },
      { label: 'Open dashboard', click: () => deps.openDashboard() },
      ...(pause
        ? [
            {
              label: paused ? 'Resume routing' : 'Pause routing',
              click: () => {
                attempt(() => pause.setPaused(!paused), undefined);
                refresh();
              },
            },
          ]
        : []),
      {
        label: 'Launch at login',
        type: 'checkbox',
        checked: attempt(() => deps.launchAtLogin.enabled(), false),
        // Electron has already flipped `checked` when click runs.
        click: (item) => {
          attempt(() => deps.launchAtLogin.setEnabled(item.checked), undefined);
          refresh();
        },
      },
      { type: 'separator' },
      { label: 'Quit Farebox', click: () => deps.quit() },
    ];
  };

  const refresh = (): void => {
    if (disposed) return;
    clearTimeout(pending);
    pending = undefined;
    lastRefresh = Date.now();
    const paused = attempt(() => deps.routingPause?.paused() ?? false, false);
    const text = attempt(
      () => trayText({ month: deps.core.monthStats(), budgets: deps.core.budgets(), paused }),
      UNAVAILABLE_TEXT,
    );
    deps.tray.setTitle(text.title);
    deps.tray.setToolTip(text.tooltip);
    // Linux panels pick up menu changes only through a new setContextMenu.
    deps.tray.setContextMenu(deps.buildMenu(menu(text, paused)));
  };

  // Core events fire inside its write and budget paths; the queries a refresh makes never run in there.
  const requestRefresh = (): void => {
    if (disposed || pending) return;
    pending = setTimeout(refresh, Math.max(0, lastRefresh + REFRESH_INTERVAL_MS - Date.now()));
  };

  const unsubscribe = [deps.core.onRequestRecorded(requestRefresh), deps.core.onBudgetAlert(requestRefresh)];
  const idle = setInterval(requestRefresh, IDLE_REFRESH_MS);
  idle.unref();
  if (deps.openOnClick) deps.tray.on('click', () => deps.openDashboard());
  refresh();

  return {
    refresh,
    dispose() {
      if (disposed) return;
      disposed = true;
      clearTimeout(pending);
      clearInterval(idle);
      for (const stop of unsubscribe) stop();
      deps.tray.destroy();
    },
  };
}
