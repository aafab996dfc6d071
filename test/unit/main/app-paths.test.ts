import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  configureDataDir,
  resolveSqliteBinding,
  sqliteBindingCandidate,
} from '../../../electron/main/app-paths';
import { FakeApp } from './fake-electron';

describe('configureDataDir', () => {
  it('pins userData to <appData>/Farebox, the same folder `farebox serve` uses', () => {
    const app = new FakeApp();
    const dataDir = configureDataDir(app, {});
    expect(dataDir).toBe(join('/home/user/.config', 'Farebox'));
    expect(app.getPath('userData')).toBe(dataDir);
    expect(app.name).toBe('Farebox');
  });

  it('honours FAREBOX_DATA_DIR, as the CLI does', () => {
    const app = new FakeApp();
    expect(configureDataDir(app, { FAREBOX_DATA_DIR: '/tmp/farebox-e2e-1' })).toBe('/tmp/farebox-e2e-1');
    expect(configureDataDir(new FakeApp(), { FAREBOX_DATA_DIR: '' })).toBe(
      join('/home/user/.config', 'Farebox'),
    );
  });
});

describe('sqlite binding selection', () => {
  const dev = { isPackaged: false, appPath: '/repo', resourcesPath: '/electron/resources' };
  const packaged = {
    isPackaged: true,
    appPath: '/opt/Farebox/resources/app.asar',
    resourcesPath: '/opt/Farebox/resources',
  };

  it('looks in .farebox-electron/ of the repository when unpackaged', () => {
    expect(sqliteBindingCandidate(dev)).toBe(join('/repo', '.farebox-electron', 'better_sqlite3.node'));
  });

  it('looks in the resources folder when packaged', () => {
    expect(sqliteBindingCandidate(packaged)).toBe(join('/opt/Farebox/resources', 'better_sqlite3.node'));
  });

  it('returns the path only if the file exists', () => {
    const expected = join('/repo', '.farebox-electron', 'better_sqlite3.node');
    expect(resolveSqliteBinding(dev, (path) => path === expected)).toBe(expected);
    expect(resolveSqliteBinding(dev, () => false)).toBeUndefined();
  });
});
