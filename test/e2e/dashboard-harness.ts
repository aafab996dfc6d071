import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = process.env.FAREBOX_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');

/** Why the browser tests cannot run here, or null when they can. */
export function e2eUnavailable(): string | null {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
  if (!existsSync(join(REPO_ROOT, 'out', 'renderer', 'index.html')))
    return 'the dashboard is not built (npm run build)';
  return null;
}

export interface Dashboard {
  upstream: FakeUpstream;
  /** The proxy, as tools use it. */
  proxyUrl: string;
  /** The dashboard URL with its token. */
  dashboardUrl: string;
  dataDir: string;
  /** HOME of the serve process: where Connect tools writes the tools' settings. */
  home: string;
  browser: Browser;
  page: Page;
  /** Saves a screenshot of the current page as an artifact. */
  screenshot(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** Fake upstream ← `farebox serve` (its own data dir, port 0) ← Chromium on the dashboard. */
export async function startDashboard(extraConfig: Record<string, unknown> = {}): Promise<Dashboard> {
  const upstream = await startFakeUpstream();
  const dir = mkdtempSync(join(tmpdir(), 'farebox-e2e-'));
  const dataDir = join(dir, 'data');
  const configPath = join(dir, 'config.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      providers: [
        { id: 'anthropic', dialect: 'anthropic', baseUrl: upstream.url, apiKey: 'sk-ant-e2e' },
        { id: 'openai', dialect: 'openai', baseUrl: upstream.url, apiKey: 'sk-openai-e2e' },
        { id: 'gemini', dialect: 'gemini', baseUrl: upstream.url, apiKey: 'gm-e2e' },
      ],
      ...extraConfig,
    }),
  );
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'electron/cli/bin.mjs'),
      'serve',
      '--config',
      configPath,
      '--data-dir',
      dataDir,
      '--port',
      '0',
    ],
    { cwd: REPO_ROOT, env: { ...process.env, HOME: join(dir, 'home') }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  mkdirSync(join(dir, 'home'), { recursive: true });
  const { proxyUrl, dashboardUrl } = await waitForUrls(child);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(dashboardUrl);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    upstream,
    proxyUrl,
    dashboardUrl,
    dataDir,
    home: join(dir, 'home'),
    browser,
    page,
    async screenshot(name) {
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    },
    async stop() {
      await browser.close().catch(() => undefined);
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await upstream.close();
      rmSync(dir, { recursive: true, force: true });
      if (pageErrors.length > 0) throw new Error(`errors in the page: ${pageErrors.join('; ')}`);
    },
  };
}

function waitForUrls(child: ChildProcess): Promise<{ proxyUrl: string; dashboardUrl: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    const timer = setTimeout(
      () => reject(new Error(`farebox serve did not start:\n${output}\n${errors}`)),
      60_000,
    );
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const proxy = /Farebox proxy listening on (\S+)/.exec(output)?.[1];
      const dashboard = /Dashboard: (\S+)/.exec(output)?.[1];
      if (proxy && dashboard) {
        clearTimeout(timer);
        resolve({ proxyUrl: proxy, dashboardUrl: dashboard });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`farebox serve exited with ${code}:\n${output}\n${errors}`));
    });
  });
}
