import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createCore, type Core } from '../../electron/core/index';
import type { ConfigInput } from '../../electron/core/config/config-schema';
import type { RequestRow } from '../../electron/core/store/request-entry';

export interface TestProxy {
  core: Core;
  url: string;
  port: number;
  dataDir: string;
  /** Every finished request row, oldest first (reads the real SQLite file). */
  rows(): RequestRow[];
  /** Waits until at least `count` finished rows exist (the log commits before the response ends, so this is quick). */
  waitForRows(count: number, timeoutMs?: number): Promise<RequestRow[]>;
  stop(): Promise<void>;
}

/** Starts a real core on port 0 with its own data directory, pointed at the given upstream for every dialect. */
export async function startTestProxy(
  upstreamUrl: string,
  extra: Partial<ConfigInput> = {},
): Promise<TestProxy> {
  const dataDir = mkdtempSync(join(tmpdir(), 'farebox-test-'));
  const config: ConfigInput = {
    providers: [
      { id: 'anthropic', dialect: 'anthropic', baseUrl: upstreamUrl },
      { id: 'openai', dialect: 'openai', baseUrl: upstreamUrl },
      { id: 'gemini', dialect: 'gemini', baseUrl: upstreamUrl },
    ],
    ...extra,
  };
  const configPath = join(dataDir, 'config.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const core = createCore({ dataDir, configPath, port: 0 });
  const address = await core.start();
  const reader = new Database(join(dataDir, 'farebox.db'), { readonly: true });
  const rows = () => {
    // Rows reach SQLite in small batches after the journal made them durable; tests read them at once.
    core.flushLog();
    return reader
      .prepare<[], RequestRow>(
        `SELECT * FROM requests WHERE outcome != 'in_flight' ORDER BY started_at, rowid`,
      )
      .all();
  };
  return {
    core,
    url: address.url,
    port: address.port,
    dataDir,
    rows,
    async waitForRows(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = rows();
        if (found.length >= count || Date.now() > deadline) return found;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async stop() {
      reader.close();
      await core.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
