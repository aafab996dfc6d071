import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { databasePath } from '../../electron/core/paths';
import { spawnUntilReady, type SpawnedChild } from './children';
import { TRANSLATED_MODEL } from './scenarios';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function startUpstreamProcess(): Promise<{ child: SpawnedChild; url: string }> {
  const child = await spawnUntilReady({
    name: 'fake upstream',
    command: process.execPath,
    args: ['--import', 'tsx', join('test', 'bench', 'upstream-process.ts')],
    cwd: REPO_ROOT,
    ready: /fake upstream listening on (http:\/\/\S+)/,
    workerMarker: 'upstream-process.ts',
  });
  return { child, url: child.match[1] ?? '' };
}

export interface ProxyProcess {
  child: SpawnedChild;
  url: string;
  /** Holds the config and the data directory; the caller removes it. */
  tempDir: string;
  dataDir: string;
}

/**
 * `farebox serve` exactly as a user runs it, with its own data directory and every dialect on the fake.
 * `nodeFlags` go straight to node (NODE_OPTIONS refuses --cpu-prof).
 */
export async function startProxyProcess(
  upstreamUrl: string,
  nodeFlags: readonly string[] = [],
): Promise<ProxyProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'farebox-bench-'));
  const dataDir = join(dir, 'data');
  const configPath = join(dir, 'config.json');
  const providers = [
    { id: 'anthropic', dialect: 'anthropic', baseUrl: upstreamUrl },
    { id: 'openai', dialect: 'openai', baseUrl: upstreamUrl },
    { id: 'gemini', dialect: 'gemini', baseUrl: upstreamUrl },
  ];
  // The translated scenario's model is answered by an OpenAI chat model (a provider with its own key).
  const routing = {
    rules: [
      {
        id: 'bench-translate',
        when: { models: [TRANSLATED_MODEL] },
        then: { route: { provider: 'openai-translated', model: 'gpt-5' } },
      },
    ],
  };
  const withTranslation = [
    ...providers,
    { id: 'openai-translated', dialect: 'openai', baseUrl: upstreamUrl, apiKey: 'sk-bench-0000000000000000' },
  ];
  writeFileSync(configPath, JSON.stringify({ providers: withTranslation, ...routing }, null, 2));
  const child = await spawnUntilReady({
    name: 'proxy',
    command: process.execPath,
    args: [
      // The same flags as the `farebox` command (see the shebang of electron/cli/bin.mjs).
      '--max-old-space-size=512',
      ...nodeFlags,
      'electron/cli/bin.mjs',
      'serve',
      '--config',
      configPath,
      '--data-dir',
      dataDir,
      '--port',
      '0',
    ],
    cwd: REPO_ROOT,
    ready: /Farebox proxy listening on (http:\/\/\S+)/,
    workerMarker: 'electron/cli/bin.mjs',
    timeoutMs: 60_000,
  });
  return { child, url: child.match[1] ?? '', tempDir: dir, dataDir };
}

export interface LogCount {
  rows: number;
  byOutcome: Record<string, number>;
}

/** Reads the proxy's request log after it exited (read-only, so the bench cannot disturb it). */
export function countLoggedRequests(dataDir: string): LogCount {
  const db = new Database(databasePath(dataDir), { readonly: true, fileMustExist: true });
  try {
    const outcomes = db
      .prepare<[], { outcome: string; n: number }>(
        'SELECT outcome, COUNT(*) AS n FROM requests GROUP BY outcome',
      )
      .all();
    const byOutcome: Record<string, number> = {};
    let rows = 0;
    for (const { outcome, n } of outcomes) {
      byOutcome[outcome] = n;
      rows += n;
    }
    return { rows, byOutcome };
  } finally {
    db.close();
  }
}
