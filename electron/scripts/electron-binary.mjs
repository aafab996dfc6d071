import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Where the Electron binary should be, or null when it is not installed. This mirrors electron's own index.js
 * without calling it: `require('electron')` starts a download when the binary is missing, and this machine
 * (ELECTRON_SKIP_BINARY_DOWNLOAD=1, or offline) must instead fall back to the headless proxy.
 *
 * @param {{ electronDir: string | null, env: Record<string, string | undefined>,
 *   exists?: (path: string) => boolean, readFile?: (path: string) => string }} options
 * @returns {string | null}
 */
export function findElectronBinary({ electronDir, env, exists = existsSync, readFile = readUtf8 }) {
  if (!electronDir) return null;
  const pathFile = join(electronDir, 'path.txt');
  const relative = exists(pathFile) ? readFile(pathFile).trim() : '';
  let binary = null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) binary = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
  else if (relative) binary = join(electronDir, 'dist', relative);
  return binary && exists(binary) ? binary : null;
}

function readUtf8(path) {
  return readFileSync(path, 'utf8');
}

/**
 * The installed electron package's directory and version, or null when it is not installed.
 *
 * @param {string} root
 * @returns {{ dir: string, version: string } | null}
 */
export function electronPackage(root) {
  try {
    const manifest = createRequire(join(root, 'package.json')).resolve('electron/package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8'));
    return { dir: dirname(manifest), version: String(version) };
  } catch {
    return null;
  }
}

export const HEADLESS_NOTICE =
  'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD?): starting the headless proxy instead. ' +
  'Point your tools at the printed proxy URL, and open the printed dashboard URL in a browser.';

/**
 * What `npm start` does: the desktop app when the Electron binary is there, else `farebox serve`.
 *
 * @param {{ electron: { dir: string, version: string } | null, env: Record<string, string | undefined>,
 *   exists?: (path: string) => boolean, readFile?: (path: string) => string }} options
 * @returns {{ mode: 'electron', binary: string, version: string } | { mode: 'headless' }}
 */
export function planStart({ electron, env, exists, readFile }) {
  if (!electron) return { mode: 'headless' };
  const binary = findElectronBinary({ electronDir: electron.dir, env, exists, readFile });
  return binary ? { mode: 'electron', binary, version: electron.version } : { mode: 'headless' };
}
