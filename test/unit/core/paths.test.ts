import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { databasePath, defaultConfigPath, defaultDataDir } from '../../../electron/core/paths';

describe('defaultDataDir', () => {
  it('uses XDG_CONFIG_HOME on linux', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/home/ada/.xdg' }, 'linux')).toBe(
      join('/home/ada/.xdg', 'Farebox'),
    );
  });

  it('falls back to ~/.config on linux', () => {
    expect(defaultDataDir({}, 'linux')).toBe(join(homedir(), '.config', 'Farebox'));
  });

  // BUG: `env.XDG_CONFIG_HOME ?? ...` keeps an empty value, so the data dir becomes the relative path
  // "Farebox". The XDG spec (and Chromium's GetXDGDirectory, hence Electron's userData) treat an empty
  // XDG_CONFIG_HOME as unset and use ~/.config.
  it('treats an empty XDG_CONFIG_HOME as unset, like Electron', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '' }, 'linux')).toBe(join(homedir(), '.config', 'Farebox'));
  });

  it('uses ~/Library/Application Support on darwin, ignoring XDG_CONFIG_HOME', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x' }, 'darwin')).toBe(
      join(homedir(), 'Library', 'Application Support', 'Farebox'),
    );
  });

  it('uses APPDATA on win32', () => {
    const appData = 'C:\\Users\\ada\\AppData\\Roaming';
    expect(defaultDataDir({ APPDATA: appData }, 'win32')).toBe(join(appData, 'Farebox'));
  });

  it('falls back to ~/AppData/Roaming on win32 without APPDATA', () => {
    expect(defaultDataDir({}, 'win32')).toBe(join(homedir(), 'AppData', 'Roaming', 'Farebox'));
  });

  it.each(['linux', 'darwin', 'win32'] as const)(
    'lets FAREBOX_DATA_DIR override the default on %s',
    (platform) => {
      expect(
        defaultDataDir(
          { FAREBOX_DATA_DIR: '/srv/farebox', XDG_CONFIG_HOME: '/x', APPDATA: 'C:\\x' },
          platform,
        ),
      ).toBe('/srv/farebox');
    },
  );

  it('ignores an empty FAREBOX_DATA_DIR', () => {
    expect(defaultDataDir({ FAREBOX_DATA_DIR: '', XDG_CONFIG_HOME: '/x' }, 'linux')).toBe(
      join('/x', 'Farebox'),
    );
  });
});

describe('files in the data dir', () => {
  it('puts config.json and farebox.db in it', () => {
    expect(defaultConfigPath('/data')).toBe(join('/data', 'config.json'));
    expect(databasePath('/data')).toBe(join('/data', 'farebox.db'));
  });
});
