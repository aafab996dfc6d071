// `npm start`: the desktop app where an Electron binary is installed, otherwise the headless proxy.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronPackage, HEADLESS_NOTICE, planStart } from './electron-binary.mjs';
import { ensureElectronSqlite } from './electron-sqlite.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const forwarded = process.argv.slice(2);
const POSIX = process.platform !== 'win32';
const FORWARDED_SIGNALS = POSIX ? ['SIGINT', 'SIGTERM', 'SIGHUP'] : ['SIGINT', 'SIGTERM'];

/**
 * Runs a child to completion and relays our signals to it exactly once. On POSIX the child gets its own
 * process group so a terminal Ctrl-C reaches only us; with `wholeGroup` the relay then reaches every process
 * under the child, as Ctrl-C would have (npm runs the script through `sh -c`, which does not pass it on).
 */
function runToExit(command, args, { wholeGroup = false, ...options } = {}) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', detached: POSIX, ...options });
  const relays = FORWARDED_SIGNALS.map((signal) => {
    const relay = () => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      try {
        if (POSIX && wholeGroup) process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // The child exited between the check and the kill.
      }
    };
    process.on(signal, relay);
    return [signal, relay];
  });
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      for (const [name, relay] of relays) process.off(name, relay);
      resolvePromise(code ?? (signal ? 1 : 0));
    });
  });
}

async function startDesktop(plan) {
  try {
    await ensureElectronSqlite({ root, electronVersion: plan.version });
  } catch (error) {
    console.error(
      `Could not build better-sqlite3 for Electron ${plan.version} (needs a C/C++ toolchain and network access ` +
        `for the Electron headers): ${error instanceof Error ? error.message : String(error)}\n` +
        'The headless proxy still works: npm run farebox -- serve',
    );
    return 1;
  }
  const electronVite = createRequire(join(root, 'package.json')).resolve(
    'electron-vite/bin/electron-vite.js',
  );
  const built = await runToExit(process.execPath, [electronVite, 'build']);
  if (built !== 0) return built;
  return runToExit(plan.binary, ['.', ...forwarded]);
}

async function startHeadless() {
  console.log(HEADLESS_NOTICE);
  // `serve` also serves the dashboard; build it once (electron-vite builds the renderer without Electron).
  if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    const electronVite = createRequire(join(root, 'package.json')).resolve(
      'electron-vite/bin/electron-vite.js',
    );
    const built = await runToExit(process.execPath, [electronVite, 'build', '--logLevel', 'warn'], {
      detached: false,
    });
    if (built !== 0) console.log('Could not build the dashboard; the proxy still runs.');
  }
  const npm = POSIX ? 'npm' : 'npm.cmd';
  return runToExit(npm, ['run', '--silent', 'farebox', '--', 'serve', ...forwarded], {
    wholeGroup: true,
    shell: !POSIX,
  });
}

/**
 * Electron 45 has no install script: its binary is fetched on first use. Fetch it here (unless the user opted
 * out), so a fresh `npm install && npm start` opens the desktop app; offline, the fetch fails and we go headless.
 */
async function fetchElectronBinary(electron) {
  if (!electron || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return;
  console.log(`Fetching the Electron ${electron.version} binary (first start only)...`);
  const code = await runToExit(process.execPath, [join(electron.dir, 'install.js')], {
    detached: false,
    stdio: ['ignore', 'inherit', 'ignore'],
  });
  if (code !== 0) console.log('Could not fetch the Electron binary (offline?).');
}

const electron = electronPackage(root);
let plan = planStart({ electron, env: process.env });
if (plan.mode === 'headless' && electron) {
  await fetchElectronBinary(electron);
  plan = planStart({ electron, env: process.env });
}
process.exitCode = plan.mode === 'electron' ? await startDesktop(plan) : await startHeadless();
