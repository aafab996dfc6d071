// `npm start`: the desktop app where an Electron binary is installed, otherwise the headless proxy.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronPackage, HEADLESS_NOTICE, planStart } from './electron-binary.mjs';
import { ensureElectronSqlite } from './electron-sqlite.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const forwarded = process.argv.slice(2);
const FORWARDED_SIGNALS =
  process.platform === 'win32' ? ['SIGINT', 'SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Runs a child to completion, relaying our signals so it can shut down (and flush its log) itself. */
function runToExit(command, args, options = {}) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options });
  const relays = FORWARDED_SIGNALS.map((signal) => {
    const relay = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
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

function startHeadless() {
  console.log(HEADLESS_NOTICE);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return runToExit(npm, ['run', '--silent', 'farebox', '--', 'serve', ...forwarded], {
    shell: process.platform === 'win32',
  });
}

const plan = planStart({ electron: electronPackage(root), env: process.env });
process.exitCode = plan.mode === 'electron' ? await startDesktop(plan) : await startHeadless();
