import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from 'electron';

export const PRODUCT_NAME = 'Farebox';
export const DATA_DIR_ENV = 'FAREBOX_DATA_DIR';

/**
 * Pins userData to `<appData>/Farebox` so `farebox serve` and the desktop app share one database whatever name
 * Electron would derive (an unpackaged run would otherwise use package.json's lowercase `name`).
 * FAREBOX_DATA_DIR lets end-to-end tests give each run its own directory. Call before `ready`.
 */
export function configureDataDir(
  app: Pick<App, 'getPath' | 'setPath' | 'setName'>,
  env: NodeJS.ProcessEnv,
): string {
  app.setName(PRODUCT_NAME);
  const override = env[DATA_DIR_ENV];
  const dataDir = override && override.length > 0 ? override : join(app.getPath('appData'), PRODUCT_NAME);
  app.setPath('userData', dataDir);
  return app.getPath('userData');
}

export interface SqliteBindingLocation {
  isPackaged: boolean;
  /** app.getAppPath(): the repository root when run unpackaged (`electron .`). */
  appPath: string;
  /** process.resourcesPath: where electron-builder's extraResources land. */
  resourcesPath: string;
}

export const ELECTRON_SQLITE_DIR = '.farebox-electron';
export const ELECTRON_SQLITE_FILE = 'better_sqlite3.node';

export function sqliteBindingCandidate(location: SqliteBindingLocation): string {
  return location.isPackaged
    ? join(location.resourcesPath, ELECTRON_SQLITE_FILE)
    : join(location.appPath, ELECTRON_SQLITE_DIR, ELECTRON_SQLITE_FILE);
}

/**
 * The Electron-ABI build of better-sqlite3 lives apart from node_modules so the Node build there keeps serving
 * tests and `farebox serve`. Without it the core falls back to better-sqlite3's default lookup.
 */
export function resolveSqliteBinding(
  location: SqliteBindingLocation,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  const candidate = sqliteBindingCandidate(location);
  return exists(candidate) ? candidate : undefined;
}
