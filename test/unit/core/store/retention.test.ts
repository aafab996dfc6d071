import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../electron/core/store/open-database';
import type { RequestEntry } from '../../../../electron/core/store/request-entry';
import { RequestLog } from '../../../../electron/core/store/request-log';
import {
  pruneRequests,
  storedRetentionDays,
  storeRetentionDays,
} from '../../../../electron/core/store/retention';
import { ZERO_USAGE } from '../../../../shared/usage';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'farebox-retention-'));
  db = openDatabase(join(dir, 'farebox.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 27, 12);
let n = 0;

function entry(startedAt: number): RequestEntry {
  n += 1;
  return {
    id: `r${n}`,
    startedAt,
    finishedAt: startedAt + 1000,
    ttfbMs: 1,
    durationMs: 1000,
    tool: 'claude-code',
    sessionId: null,
    dialect: 'anthropic',
    endpoint: 'anthropic-messages',
    provider: 'anthropic',
    requestedModel: 'claude-sonnet-4-5',
    servedModel: 'claude-sonnet-4-5',
    stream: true,
    status: 200,
    outcome: 'ok',
    errorMessage: null,
    usage: { ...ZERO_USAGE, inputTokens: 100, outputTokens: 10 },
    costUsd: 0.01,
    priceSource: 'test',
    priceRef: null,
    requestBytes: 1,
    responseBytes: 1,
    upstreamEndpoint: 'anthropic-messages',
    ruleId: null,
    baselineCostUsd: 0.01,
    baselinePriceRef: null,
    attempts: [],
    tags: [],
    upstreamRequestId: null,
    taskId: null,
    poolId: null,
    billing: 'on_demand',
    source: 'proxy',
  };
}

const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;

describe('retention', () => {
  it('deletes request rows older than the cutoff in batches, and keeps the hourly totals', () => {
    const log = new RequestLog(db);
    for (let i = 0; i < 12_000; i++) log.finish(entry(NOW - 40 * DAY + i));
    for (let i = 0; i < 10; i++) log.finish(entry(NOW - DAY + i));
    log.commitFinished();
    const rollupCost = count('SELECT ROUND(SUM(cost_usd), 6) AS n FROM rollup_hourly');
    expect(pruneRequests(db, NOW - 30 * DAY)).toBe(12_000);
    expect(count('SELECT COUNT(*) AS n FROM requests')).toBe(10);
    expect(count('SELECT ROUND(SUM(cost_usd), 6) AS n FROM rollup_hourly')).toBe(rollupCost);
    expect(pruneRequests(db, NOW - 30 * DAY)).toBe(0);
  });

  it('remembers the days set in the app', () => {
    expect(storedRetentionDays(db)).toBeNull();
    storeRetentionDays(db, 30);
    expect(storedRetentionDays(db)).toBe(30);
    storeRetentionDays(db, 0);
    expect(storedRetentionDays(db)).toBe(0);
  });
});
