import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { electronPackage } from './electron-binary.mjs';

export const ELECTRON_SQLITE_DIR = '.farebox-electron';
export const ELECTRON_SQLITE_FILE = 'better_sqlite3.node';
const STAMP_FILE = 'build-info.json';

/** @param {string} root */
export function electronSqlitePath(root) {
  return join(root, ELECTRON_SQLITE_DIR, ELECTRON_SQLITE_FILE);
}

/**
 * What the addon was built for; a change in any of these means a rebuild.
 *
 * @param {{ electronVersion: string, sqliteVersion: string }} versions
 */
export function buildStamp({ electronVersion, sqliteVersion }) {
  return {
    electron: electronVersion,
    betterSqlite3: sqliteVersion,
    platform: process.platform,
    arch: process.arch,
  };
}

/**
 * @param {string} root
 * @param {ReturnType<typeof buildStamp>} wanted
 * @param {(path: string) => boolean} [exists]
 * @param {(path: string) => string} [readFile]
 */
export function isBuildCurrent(
  root,
  wanted,
  exists = existsSync,
  readFile = (path) => readFileSync(path, 'utf8'),
) {
  const stampPath = join(root, ELECTRON_SQLITE_DIR, STAMP_FILE);
  if (!exists(electronSqlitePath(root)) || !exists(stampPath)) return false;
  try {
    const stamp = JSON.parse(readFile(stampPath));
    return Object.entries(wanted).every(([key, value]) => stamp[key] === value);
  } catch {
    return false;
  }
}

function run(command, args, cwd) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0
        ? resolvePromise()
        : reject(new Error(`${args.join(' ')} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

/**
 * Builds better-sqlite3 for Electron's ABI into .farebox-electron/, from a temporary copy of the package, so
 * node_modules/better-sqlite3/build (the Node build used by tests and `farebox serve`) is never touched.
 *
 * @param {{ root: string, electronVersion: string, log?: (line: string) => void }} options
 * @returns {Promise<string>} the addon's path
 */
export async function ensureElectronSqlite({ root, electronVersion, log = console.log }) {
  const require = createRequire(join(root, 'package.json'));
  const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
  const sqliteVersion = String(JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')).version);
  const wanted = buildStamp({ electronVersion, sqliteVersion });
  const target = electronSqlitePath(root);
  if (isBuildCurrent(root, wanted)) return target;

  const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
  log(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (one time)…`);
  const work = await mkdtemp(join(tmpdir(), 'farebox-electron-sqlite-'));
  try {
    const copy = join(work, 'better-sqlite3');
    const skip = join(sqliteDir, 'build');
    await cp(sqliteDir, copy, {
      recursive: true,
      filter: (source) => source !== skip && !source.startsWith(skip + sep),
    });
    await run(
      process.execPath,
      [
        nodeGyp,
        'rebuild',
        '--release',
        `--target=${electronVersion}`,
        `--arch=${process.arch}`,
        '--dist-url=https://electronjs.org/headers',
        '--runtime=electron',
      ],
      copy,
    );
    await mkdir(dirname(target), { recursive: true });
    const partial = `${target}.partial`;
    await cp(join(copy, 'build', 'Release', ELECTRON_SQLITE_FILE), partial);
    await rename(partial, target);
    await writeFile(join(root, ELECTRON_SQLITE_DIR, STAMP_FILE), `${JSON.stringify(wanted, null, 2)}\n`);
    log(`Built ${target}`);
    return target;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const electron = electronPackage(root);
  if (!electron) {
    console.error('The electron package is not installed; cannot build better-sqlite3 for it.');
    process.exit(1);
  }
  await ensureElectronSqlite({ root, electronVersion: electron.version });
}
