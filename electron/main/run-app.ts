import { app, dialog, ipcMain, type BrowserWindow } from 'electron';
import type { Core, CoreOptions } from '../core/core-types';
import { isAppPageUrl, resolveAppPage } from './app-page';
import { configureDataDir, resolveSqliteBinding } from './app-paths';
import { createHandlers } from './handlers';
import { registerIpcHandlers, sendEvent } from './ipc';
import { portInUseChoice, portInUseMessageBox, startCoreWithFallback } from './port-in-use';
import { holdQuitUntilStopped } from './quit';
import { acquireSingleInstance } from './single-instance';
import { bringToFront, createMainWindow, preloadPathFor } from './window';

export interface RunAppDeps {
  createCore(options: CoreOptions): Core;
  /** Directory of the built main bundle (out/main); the preload and renderer are found next to it. */
  mainDir: string;
  env?: NodeJS.ProcessEnv;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
  holdQuitUntilStopped(
    app,
    async () => {
      await core?.stop();
    },
    (error) => console.error(`Farebox: stopping the core failed: ${describe(error)}`),
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
  let started;
  try {
    started = await startCoreWithFallback({
      create: (options) => (core = deps.createCore(options)),
      options: { dataDir, sqliteNativeBinding, log: (line) => console.log(`[farebox] ${line}`) },
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
  running.onRequestRecorded((record) => sendEvent(win?.webContents, 'requests:recorded', record));

  openWindow = () => {
    const created = createMainWindow({ page, preloadPath: preloadPathFor(deps.mainDir) });
    created.on('closed', () => {
      if (win === created) win = null;
    });
    win = created;
  };
  openWindow();
  app.on('activate', () => {
    if (!win) openWindow?.();
  });
}
