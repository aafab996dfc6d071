import { app, Menu, nativeImage, Notification, Tray } from 'electron';
import type { Core } from '../core/core-types';
import { notifyBudgetAlerts } from './budget-notifications';
import { autostartDir, launchAtLogin, launchCommand } from './login-item';
import { createNotifier } from './notifier';
import { routingPauseFor } from './routing-pause';
import { createAppTray, type AppTray } from './tray';
import { trayIcon } from './tray-icon';
import { notifyUpstreamFailures } from './upstream-failures';

/** electron-builder.yml's appId: Windows shows notifications only for an app with a known AppUserModelId. */
export const APP_USER_MODEL_ID = 'dev.farebox.app';

export interface DesktopShellDeps {
  core: Core;
  openDashboard(): void;
  env: NodeJS.ProcessEnv;
  onError(what: string, error: unknown): void;
}

/** The tray item and desktop notifications; returns a function that removes them (before the core stops). */
export function startDesktopShell(deps: DesktopShellDeps): () => void {
  const { core, openDashboard } = deps;
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

  const notify = createNotifier(
    { isSupported: () => Notification.isSupported(), create: (options) => new Notification(options) },
    openDashboard,
  );
  const stops = [
    notifyBudgetAlerts(core, notify, (error) => deps.onError('budget status unavailable', error)),
    notifyUpstreamFailures(core, notify),
  ];

  let tray: AppTray | null = null;
  try {
    tray = createAppTray({
      tray: new Tray(trayIcon(nativeImage)),
      buildMenu: (template) => Menu.buildFromTemplate(template),
      core,
      openDashboard,
      quit: () => app.quit(),
      launchAtLogin: launchAtLogin({
        app,
        platform: process.platform,
        command: launchCommand({
          isPackaged: app.isPackaged,
          execPath: process.execPath,
          appPath: app.getAppPath(),
          env: deps.env,
        }),
        autostartDir: autostartDir(deps.env),
      }),
      routingPause: routingPauseFor(core),
      openOnClick: process.platform !== 'darwin',
      onError: (error) => deps.onError('tray', error),
    });
  } catch (error) {
    // A desktop without a status area; the window and notifications still work.
    deps.onError('the tray item could not be created', error);
  }

  return () => {
    for (const stop of stops) stop();
    tray?.dispose();
  };
}
