import { join } from 'node:path';
import { app, dialog, ipcMain, safeStorage, screen, type BrowserWindow } from 'electron';
import type { Core, CoreOptions } from '../core/core-types';
import { isAppPageUrl, resolveAppPage } from './app-page';
import { configureDataDir, resolveSqliteBinding } from './app-paths';
import { createHandlers } from '../core/contract/handlers';
import { startDesktopShell } from './desktop-shell';
import { forwardCoreEvents, registerIpcHandlers } from './ipc';
import { portInUseChoice, portInUseMessageBox, startCoreWithFallback } from './port-in-use';
import { createKeyVault, KEY_VAULT_FILE } from './key-vault';
import { holdQuitUntilStopped } from './quit';
import { acquireSingleInstance } from './single-instance';
import { bringToFront, createMainWindow, MINIMUM_SIZE, preloadPathFor } from './window';
import {
  loadWindowState,
  restoreWindowState,
  saveWindowState,
  trackWindowState,
  WINDOW_STATE_FILE,
} from './window-state';

export interface RunAppDeps {
  createCore(options: CoreOptions): Core;
  /** Directory of the built main bundle (out/main); the preload and renderer are found next to it. */
  mainDir: string;
  env?: NodeJS.ProcessEnv;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function report(what: string, error: unknown): void {
  console.error(`Farebox: ${what}: ${describe(error)}`);
}

export async function runApp(deps: RunAppDeps): Promise<void> {
  const env = deps.env ?? process.env;
  const dataDir = configureDataDir(app, env);

  let win: BrowserWindow | null = null;
  let openWindow: (() => void) | null = null;
  const focus = (): void => {
    if (win) bringToFront(win);
    else openWindow?.();
  };
  if (!acquireSingleInstance(app, focus)) return;

  let core: Core | null = null;
  let stopShell: (() => void) | null = null;
  holdQuitUntilStopped(
    app,
    async () => {
      // The tray and notifications query the core; they go first so nothing asks a stopped one.
      stopShell?.();
      await core?.stop();
    },
    (error) => report('stopping the core failed', error),
  );
  // The proxy lives as long as the app; on macOS that outlives the last window, as apps there do.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  await app.whenReady();

  const sqliteNativeBinding = resolveSqliteBinding({
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
  });
  // safeStorage is usable only once the app is ready (Linux picks its keyring then).
  const keyVault = createKeyVault({
    file: join(dataDir, KEY_VAULT_FILE),
    safeStorage,
    platform: process.platform,
    log: (line) => console.log(`[farebox] ${line}`),
  });
  let started;
  try {
    started = await startCoreWithFallback({
      create: (options) => (core = deps.createCore(options)),
      options: {
        dataDir,
        sqliteNativeBinding,
        log: (line) => console.log(`[farebox] ${line}`),
        // Keys kept in the OS keychain reach the config as env:FAREBOX_KEY_<PROVIDER>.
        env: { ...process.env, ...keyVault.envFor() },
      },
      askPortInUse: async (error) =>
        portInUseChoice((await dialog.showMessageBox(portInUseMessageBox(error))).response),
    });
  } catch (error) {
    // startCoreWithFallback has already stopped whatever it created.
    core = null;
    dialog.showErrorBox('Farebox could not start', describe(error));
    app.quit();
    return;
  }
  if (!started) {
    core = null;
    app.quit();
    return;
  }
  const running = started.core;
  core = running;

  const page = resolveAppPage({ isPackaged: app.isPackaged, mainDir: deps.mainDir, env });
  registerIpcHandlers(ipcMain, createHandlers(running), (url) => isAppPageUrl(url, page));
  forwardCoreEvents(running, () => win?.webContents);

  const stateFile = join(dataDir, WINDOW_STATE_FILE);
  openWindow = () => {
    const saved = loadWindowState(stateFile, (error) =>
      report('the saved window state is unreadable', error),
    );
    const created = createMainWindow({
      page,
      preloadPath: preloadPathFor(deps.mainDir),
      state: restoreWindowState(saved, screen, MINIMUM_SIZE),
    });
    trackWindowState(
      created,
      (state) => saveWindowState(stateFile, state),
      (error) => report('could not save the window state', error),
    );
    created.on('closed', () => {
      if (win === created) win = null;
    });
    win = created;
  };
  openWindow();
  app.on('activate', () => {
    if (!win) openWindow?.();
  });
  stopShell = startDesktopShell({ core: running, openDashboard: focus, env, onError: report });
}
