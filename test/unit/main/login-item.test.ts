import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AUTOSTART_FILE,
  autostartDir,
  desktopExecArg,
  launchAtLogin,
  launchCommand,
} from '../../../electron/main/login-item';
import { FakeApp } from './fake-electron';

describe('launchCommand', () => {
  it('starts the packaged executable, an AppImage by its own path, and a dev run with its folder', () => {
    const base = { execPath: '/opt/Farebox/farebox', appPath: '/opt/Farebox/resources/app.asar', env: {} };
    expect(launchCommand({ ...base, isPackaged: true })).toEqual(['/opt/Farebox/farebox']);
    expect(
      launchCommand({ ...base, isPackaged: true, env: { APPIMAGE: '/home/u/Farebox.AppImage' } }),
    ).toEqual(['/home/u/Farebox.AppImage']);
    expect(
      launchCommand({
        isPackaged: false,
        execPath: '/repo/node_modules/electron/dist/electron',
        appPath: '/repo',
        env: {},
      }),
    ).toEqual(['/repo/node_modules/electron/dist/electron', '/repo']);
  });
});

describe('desktopExecArg', () => {
  it('quotes and escapes per the Desktop Entry spec', () => {
    expect(desktopExecArg('/opt/Farebox/farebox')).toBe('"/opt/Farebox/farebox"');
    expect(desktopExecArg('/home/me/My Apps/Farebox.AppImage')).toBe('"/home/me/My Apps/Farebox.AppImage"');
    expect(desktopExecArg('/a/$HOME/"q"/`x`/100%')).toBe('"/a/\\\\$HOME/\\\\"q\\\\"/\\\\`x\\\\`/100%%"');
    expect(desktopExecArg('C:\\x')).toBe('"C:\\\\\\\\x"');
    expect(() => desktopExecArg('a\nb')).toThrow();
  });
});

describe('launchAtLogin', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'farebox-autostart-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('is off by default and writes or removes an XDG autostart entry on Linux', () => {
    const app = new FakeApp();
    const autostart = join(dir, 'autostart');
    const login = launchAtLogin({
      app,
      platform: 'linux',
      command: ['/home/me/Apps/Farebox.AppImage'],
      autostartDir: autostart,
    });
    expect(login.enabled()).toBe(false);
    login.setEnabled(true);
    expect(login.enabled()).toBe(true);
    const entry = readFileSync(join(autostart, AUTOSTART_FILE), 'utf8');
    expect(entry).toContain('[Desktop Entry]\nType=Application\nName=Farebox\n');
    expect(entry).toContain('Exec="/home/me/Apps/Farebox.AppImage"\n');
    login.setEnabled(false);
    expect(existsSync(join(autostart, AUTOSTART_FILE))).toBe(false);
    login.setEnabled(false);
    expect(app.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('uses the login item on macOS', () => {
    const app = new FakeApp();
    const login = launchAtLogin({
      app,
      platform: 'darwin',
      command: ['/Applications/Farebox.app'],
      autostartDir: dir,
    });
    expect(login.enabled()).toBe(false);
    login.setEnabled(true);
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true });
    expect(login.enabled()).toBe(true);
  });

  it('names the executable and arguments on Windows, where the login item is found by them', () => {
    const app = new FakeApp();
    const command = ['C:\\repo\\node_modules\\electron\\dist\\electron.exe', 'C:\\repo'];
    const login = launchAtLogin({ app, platform: 'win32', command, autostartDir: dir });
    login.setEnabled(true);
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({
      openAtLogin: true,
      path: command[0],
      args: ['C:\\repo'],
    });
    expect(login.enabled()).toBe(true);
    expect(app.getLoginItemSettings).toHaveBeenCalledWith({ path: command[0], args: ['C:\\repo'] });
  });
});

describe('autostartDir', () => {
  it('follows XDG_CONFIG_HOME, else ~/.config', () => {
    expect(autostartDir({ XDG_CONFIG_HOME: '/x/config' }, '/home/me')).toBe(join('/x/config', 'autostart'));
    expect(autostartDir({ XDG_CONFIG_HOME: '' }, '/home/me')).toBe(join('/home/me', '.config', 'autostart'));
  });
});
