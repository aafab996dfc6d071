import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The same folder Electron's app.getPath('userData') gives for productName "Farebox", so the desktop app and
 * `farebox serve` share one database and one config.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  // Empty variables count as unset, as in the XDG spec and in Electron.
  if (env.FAREBOX_DATA_DIR) return env.FAREBOX_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA || join(homedir(), 'AppData', 'Roaming'), 'Farebox');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Farebox');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'Farebox');
}

export function defaultConfigPath(dataDir: string): string {
  return join(dataDir, 'config.json');
}

export function databasePath(dataDir: string): string {
  return join(dataDir, 'farebox.db');
}

/** Finished requests not yet in SQLite (see request-journal.ts). */
export function journalPath(dataDir: string): string {
  return join(dataDir, 'farebox.journal');
}
