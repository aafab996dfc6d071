import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './dashboard-harness';

/**
 * The Electron binary's path when it is installed. Read from the package's files rather than by requiring
 * it: Electron 45's entry point tries to download a missing binary.
 */
function electronBinary(): string | null {
  const dir = join(REPO_ROOT, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
const built = existsSync(join(REPO_ROOT, 'out', 'main', 'index.js'));
const skipReason = !binary
  ? 'no Electron binary installed (ELECTRON_SKIP_BINARY_DOWNLOAD, or offline): the desktop app cannot start here'
  : !built
    ? 'the desktop bundles are not built (npm run build)'
    : null;
if (skipReason) console.warn(`[e2e] SKIPPING the Electron app test: ${skipReason}`);

describe.skipIf(skipReason !== null)('the desktop app (Playwright _electron)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'farebox-electron-'));
  // Port 0: never collide with a Farebox the developer is running.
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ server: { port: 0 } }));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('opens its window on the overview with the proxy running', async () => {
    const app = await _electron.launch({
      executablePath: binary!,
      args: [REPO_ROOT],
      env: { ...process.env, FAREBOX_DATA_DIR: dataDir },
    });
    try {
      const window = await app.firstWindow();
      await window.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 30_000 });
      expect(await window.title()).toMatch(/farebox/i);
    } finally {
      await app.close();
    }
  });
});
