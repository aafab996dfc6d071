import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findElectronBinary,
  HEADLESS_NOTICE,
  planStart,
} from '../../../electron/scripts/electron-binary.mjs';
import {
  buildStamp,
  electronSqlitePath,
  isBuildCurrent,
} from '../../../electron/scripts/electron-sqlite.mjs';

const electronDir = '/repo/node_modules/electron';
const pathTxt = join(electronDir, 'path.txt');
const binary = join(electronDir, 'dist', 'electron');

function files(entries: Record<string, string>) {
  return {
    exists: (path: string) => path in entries,
    readFile: (path: string) => {
      const content = entries[path];
      if (content === undefined) throw new Error(`ENOENT ${path}`);
      return content;
    },
  };
}

describe('findElectronBinary', () => {
  it('finds the binary named by path.txt', () => {
    expect(
      findElectronBinary({ electronDir, env: {}, ...files({ [pathTxt]: 'electron\n', [binary]: '' }) }),
    ).toBe(binary);
  });

  it('reports none when the download was skipped (no path.txt)', () => {
    expect(findElectronBinary({ electronDir, env: {}, ...files({}) })).toBeNull();
  });

  it('reports none when path.txt exists but the binary does not', () => {
    expect(findElectronBinary({ electronDir, env: {}, ...files({ [pathTxt]: 'electron' }) })).toBeNull();
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH as electron itself does', () => {
    const override = join('/opt/electron', 'electron');
    const env = { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' };
    expect(findElectronBinary({ electronDir, env, ...files({ [override]: '' }) })).toBe(override);
  });

  it('reports none without the electron package', () => {
    expect(findElectronBinary({ electronDir: null, env: {}, ...files({}) })).toBeNull();
  });
});

describe('planStart', () => {
  const electron = { dir: electronDir, version: '45.5.0' };

  it('launches the desktop app when the binary is installed', () => {
    const plan = planStart({ electron, env: {}, ...files({ [pathTxt]: 'electron', [binary]: '' }) });
    expect(plan).toEqual({ mode: 'electron', binary, version: '45.5.0' });
  });

  it('falls back to the headless proxy otherwise', () => {
    expect(planStart({ electron, env: {}, ...files({}) })).toEqual({ mode: 'headless' });
    expect(planStart({ electron: null, env: {}, ...files({}) })).toEqual({ mode: 'headless' });
    expect(HEADLESS_NOTICE).toContain('Electron binary not installed');
  });
});

describe('Electron sqlite build stamp', () => {
  const root = '/repo';
  const wanted = buildStamp({ electronVersion: '45.5.0', sqliteVersion: '12.11.1' });
  const stampPath = join(root, '.farebox-electron', 'build-info.json');

  it('is current only when the addon exists and was built for the same versions', () => {
    const addon = electronSqlitePath(root);
    expect(isBuildCurrent(root, wanted, ...fs({ [addon]: '', [stampPath]: JSON.stringify(wanted) }))).toBe(
      true,
    );
    expect(isBuildCurrent(root, wanted, ...fs({ [stampPath]: JSON.stringify(wanted) }))).toBe(false);
    const older = { ...wanted, electron: '44.0.0' };
    expect(isBuildCurrent(root, wanted, ...fs({ [addon]: '', [stampPath]: JSON.stringify(older) }))).toBe(
      false,
    );
    expect(isBuildCurrent(root, wanted, ...fs({ [addon]: '', [stampPath]: '{not json' }))).toBe(false);
  });

  function fs(entries: Record<string, string>): [(path: string) => boolean, (path: string) => string] {
    const { exists, readFile } = files(entries);
    return [exists, readFile];
  }
});
