export const ELECTRON_SQLITE_DIR: string;
export const ELECTRON_SQLITE_FILE: string;

export interface BuildStamp {
  electron: string;
  betterSqlite3: string;
  platform: string;
  arch: string;
}

export function electronSqlitePath(root: string): string;
export function buildStamp(versions: { electronVersion: string; sqliteVersion: string }): BuildStamp;
export function isBuildCurrent(
  root: string,
  wanted: BuildStamp,
  exists?: (path: string) => boolean,
  readFile?: (path: string) => string,
): boolean;
export function ensureElectronSqlite(options: {
  root: string;
  electronVersion: string;
  log?: (line: string) => void;
}): Promise<string>;
