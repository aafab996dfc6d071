import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { PRODUCT_NAME } from './app-paths';

/** Whether Farebox starts when the user logs in. Off until the user turns it on. */
export interface LaunchAtLogin {
  enabled(): boolean;
  setEnabled(enabled: boolean): void;
}

/** The part of Electron's `app` this needs. */
export interface LoginItemApp {
  getLoginItemSettings(options?: { path?: string; args?: string[] }): { openAtLogin: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void;
}

export interface LoginItemDeps {
  app: LoginItemApp;
  platform: NodeJS.Platform;
  /** The command that starts this app (see launchCommand). */
  command: readonly string[];
  /** Linux only: the XDG autostart directory. */
  autostartDir: string;
}

export const AUTOSTART_FILE = 'farebox.desktop';

/**
 * The executable, plus the app's folder when unpackaged (`electron .`). An AppImage runs from a temporary mount
 * that is gone after it exits, so its own path ($APPIMAGE) is what must be started.
 */
export function launchCommand(options: {
  isPackaged: boolean;
  execPath: string;
  appPath: string;
  env: NodeJS.ProcessEnv;
}): string[] {
  if (!options.isPackaged) return [options.execPath, options.appPath];
  return [options.env['APPIMAGE'] || options.execPath];
}

export function autostartDir(env: NodeJS.ProcessEnv, home = homedir()): string {
  const configHome = env['XDG_CONFIG_HOME'];
  return join(configHome && configHome.length > 0 ? configHome : join(home, '.config'), 'autostart');
}

/**
 * One Exec argument, per the Desktop Entry spec: quoted, with " ` $ \ escaped by a backslash; the string-value
 * escaping then doubles every backslash; a literal % is written %%.
 */
export function desktopExecArg(arg: string): string {
  if (/[\n\r]/.test(arg)) throw new Error('A launch command cannot contain a line break');
  const quoted = arg.replace(/["`$\\]/g, (char) => `\\${char}`).replaceAll('%', '%%');
  return `"${quoted.replaceAll('\\', '\\\\')}"`;
}

export function autostartEntry(command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${PRODUCT_NAME}`,
    'Comment=Start the Farebox proxy and dashboard when you log in',
    `Exec=${command.map(desktopExecArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * Electron's login items cover macOS and Windows only; on Linux the XDG autostart entry does the same job.
 * Windows looks a login item up by executable and arguments, so both are passed to get and set alike.
 */
export function launchAtLogin(deps: LoginItemDeps): LaunchAtLogin {
  if (deps.platform === 'linux') {
    const file = join(deps.autostartDir, AUTOSTART_FILE);
    return {
      enabled: () => existsSync(file),
      setEnabled(enabled) {
        if (!enabled) return rmSync(file, { force: true });
        mkdirSync(deps.autostartDir, { recursive: true });
        writeFileSync(file, autostartEntry(deps.command));
      },
    };
  }
  const [path, ...args] = deps.command;
  const where = deps.platform === 'win32' ? { path, args } : {};
  return {
    enabled: () => deps.app.getLoginItemSettings(where).openAtLogin,
    setEnabled: (enabled) => deps.app.setLoginItemSettings({ openAtLogin: enabled, ...where }),
  };
}
