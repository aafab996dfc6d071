import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../../electron/core/store/open-database';
import { entryToRow, COLUMNS, type RequestEntry } from '../../../../electron/core/store/request-entry';
import { RequestLog } from '../../../../electron/core/store/request-log';
import type { AttemptRecord } from '../../../../shared/routing';

/** A real SQLite file in a temp directory, migrated as the app does it. */
export function tempDatabase(): { db: Db; close: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'farebox-dashboard-'));
  const db = openDatabase(join(dir, 'farebox.db'));
  return {
    db,
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let counter = 0;

/** A finished, priced Claude Code request; override what a test is about. */
export function entry(overrides: Partial<RequestEntry> = {}): RequestEntry {
  counter += 1;
  const startedAt = overrides.startedAt ?? Date.UTC(2025, 10, 3, 10, 30);
  return {
    id: `req-${String(counter).padStart(6, '0')}`,
    startedAt,
    finishedAt: startedAt + 2000,
    ttfbMs: 120,
    durationMs: 2000,
    tool: 'claude-code',
    sessionId: 's1',
    dialect: 'anthropic',
    endpoint: 'anthropic-messages',
    provider: 'anthropic',
    requestedModel: 'claude-sonnet-4-5',
    servedModel: 'claude-sonnet-4-5-20250929',
    stream: true,
    status: 200,
    outcome: 'ok',
    errorMessage: null,
    usage: {
      inputTokens: 10,
      cacheReadTokens: 100,
      cacheWrite5mTokens: 20,
      cacheWrite1hTokens: 5,
      outputTokens: 40,
      reasoningTokens: 8,
    },
    costUsd: 0.01,
    priceSource: 'genai-prices@0.1.8',
    priceRef: 'anthropic/claude-sonnet-4-5',
    requestBytes: 500,
    responseBytes: 900,
    upstreamEndpoint: 'anthropic-messages',
    ruleId: null,
    baselineCostUsd: 0.01,
    baselinePriceRef: 'anthropic/claude-sonnet-4-5',
    attempts: [],
    tags: [],
    upstreamRequestId: null,
    taskId: 's1',
    poolId: null,
    billing: 'on_demand',
    source: 'proxy',
    ...overrides,
  };
}

export function attempt(
  provider: string,
  model: string,
  result: AttemptRecord['result'] = 'ok',
  status: number | null = result === 'ok' ? 200 : null,
): AttemptRecord {
  return {
    provider,
    model,
    endpoint: 'anthropic-messages',
    status,
    result,
    error: null,
    startedMs: 1,
    durationMs: 50,
  };
}

/** Stores finished requests through the request log's real write path (rows and their hourly rollups). */
export function store(db: Db, entries: readonly RequestEntry[]): void {
  const log = new RequestLog(db, (error) => {
    throw error;
  });
  for (const e of entries) log.finish(e);
  log.commitFinished();
  log.close();
}

/** An in-flight marker row, as the log writes one for a request still running after a second. */
export function storeInFlight(db: Db, e: RequestEntry): void {
  const names = COLUMNS.join(', ');
  const params = COLUMNS.map((c) => `@${c}`).join(', ');
  db.prepare(`INSERT INTO requests (${names}) VALUES (${params})`).run(
    entryToRow({ ...e, outcome: 'in_flight', finishedAt: null, costUsd: null, priceSource: 'unpriced' }),
  );
}
