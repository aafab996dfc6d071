import { join } from 'node:path';
import { BrowserWindow } from 'electron';
import type { AppPage } from './app-page';
import type { RestoredWindowState } from './window-state';

export const DEFAULT_SIZE = { width: 1100, height: 760 };
export const MINIMUM_SIZE = { width: 720, height: 480 };

export interface WindowOptions {
  page: AppPage;
  preloadPath: string;
  /** Size, position and maximized state from the last run, already checked against the displays. */
  state?: RestoredWindowState | null;
}

export function preloadPathFor(mainDir: string): string {
  return join(mainDir, '..', 'preload', 'index.cjs');
}

/** One window, one page: no navigation, no pop-ups, no permissions, no webviews. */
export function createMainWindow(options: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    ...(options.state?.bounds ?? DEFAULT_SIZE),
    minWidth: MINIMUM_SIZE.width,
    minHeight: MINIMUM_SIZE.height,
    show: false,
    title: 'Farebox',
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    },
  });

  const contents = win.webContents;
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  win.once('ready-to-show', () => {
    // maximize() shows the window too; doing it here rather than at creation avoids a blank frame.
    if (options.state?.maximized) win.maximize();
    win.show();
  });

  const loading =
    options.page.kind === 'dev-server' ? win.loadURL(options.page.url) : win.loadFile(options.page.path);
  loading.catch((error: unknown) => console.error('Farebox: could not load the window page', error));
  return win;
}

export function bringToFront(win: BrowserWindow | null): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
