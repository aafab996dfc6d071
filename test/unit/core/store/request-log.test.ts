import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../electron/core/store/migrations';
import { migrate, openDatabase, type Db } from '../../../../electron/core/store/open-database';
import type { RequestEntry } from '../../../../electron/core/store/request-entry';
import { RequestLog } from '../../../../electron/core/store/request-log';
import { monthStats, recentRequests } from '../../../../electron/core/store/request-queries';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'farebox-log-'));
  db = openDatabase(join(dir, 'farebox.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
function entry(overrides: Partial<RequestEntry> = {}): RequestEntry {
  counter += 1;
  return {
    id: `req-${counter}`,
    startedAt: Date.UTC(2026, 10, 27, 10, 30),
    finishedAt: Date.UTC(2026, 10, 27, 10, 30, 2),
    ttfbMs: 120.5,
    durationMs: 2000,
    tool: 'claude-code',
    sessionId: 's1',
    dialect: 'anthropic',
    endpoint: 'anthropic-messages',
    provider: 'anthropic',
    requestedModel: 'claude-sonnet-4-5',
    servedModel: 'claude-sonnet-4-5',
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
    costUsd: 0.001234,
    priceSource: 'genai-prices@0.1.8',
    priceRef: 'anthropic/claude-sonnet-4-5',
    requestBytes: 500,
    responseBytes: 900,
    upstreamEndpoint: 'anthropic-messages',
    ruleId: null,
    baselineCostUsd: null,
    baselinePriceRef: null,
    attempts: [],
    tags: [],
    upstreamRequestId: null,
    taskId: null,
    poolId: null,
    billing: 'on_demand',
    source: 'proxy',
    ...overrides,
  };
}

const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;

describe('migrations', () => {
  it('are recorded with a hash, mirrored in user_version, and not re-run', () => {
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(count('SELECT COUNT(*) AS n FROM _migrations')).toBe(MIGRATIONS.length);
    migrate(db, MIGRATIONS);
    expect(count('SELECT COUNT(*) AS n FROM _migrations')).toBe(MIGRATIONS.length);
  });

  it('refuse to run when an applied migration was edited', () => {
    expect(() => migrate(db, [{ id: 1, name: 'edited', sql: 'SELECT 1' }])).toThrow(
      /changed after it was applied/,
    );
  });

  it('apply a new numbered migration in a transaction', () => {
    const next = MIGRATIONS.length + 1;
    migrate(db, [...MIGRATIONS, { id: next, name: 'extra', sql: 'CREATE TABLE extra (x INTEGER)' }]);
    expect(db.pragma('user_version', { simple: true })).toBe(next);
    expect(() =>
      migrate(db, [...MIGRATIONS, { id: next + 1, name: 'broken', sql: 'CREATE TABLE y (x); NOT SQL' }]),
    ).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(next);
    expect(count(`SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'y'`)).toBe(0);
  });
});

describe('RequestLog', () => {
  it('group-commits finished requests and their rollups, then reports them durable', async () => {
    const log = new RequestLog(db);
    const durable: string[] = [];
    const first = entry();
    log.finish(first, () => durable.push(first.id));
    log.finish(entry({ costUsd: 0.000766, usage: { ...entry().usage, outputTokens: 60 } }));
    log.finish(entry({ costUsd: null, priceSource: 'unpriced', servedModel: 'claude-sonnet-4-5' }));
    // Nothing is written, and no response may end, until the batch commits after this turn.
    expect(count('SELECT COUNT(*) AS n FROM requests')).toBe(0);
    expect(durable).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(count('SELECT COUNT(*) AS n FROM requests')).toBe(3);
    expect(durable).toEqual([first.id]);
    const rollup = db.prepare('SELECT * FROM rollup_hourly').all() as Record<string, number | string>[];
    expect(rollup).toHaveLength(1);
    expect(rollup[0]).toMatchObject({
      hour_start: Date.UTC(2026, 10, 27, 10),
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      tool: 'claude-code',
      requests: 3,
      unpriced_requests: 1,
      input_tokens: 30,
      cache_read_tokens: 300,
      cache_write_tokens: 75,
      output_tokens: 140,
    });
    expect(rollup[0]!.cost_usd).toBeCloseTo(0.002, 12);
  });

  it('writes an in-flight row only for requests still running after a second', () => {
    const log = new RequestLog(db);
    const now = Date.now();
    log.begin(entry({ id: 'quick', outcome: 'in_flight', startedAt: now }));
    log.begin(entry({ id: 'slow', outcome: 'in_flight', startedAt: now - 5_000 }));
    (log as unknown as { markLongRunning(now: number): void }).markLongRunning(now);
    expect(db.prepare('SELECT id, outcome FROM requests').all()).toEqual([
      { id: 'slow', outcome: 'in_flight' },
    ]);
    log.close();
  });

  it('turns rows left in flight by a crash into interrupted rows on recovery', () => {
    const log = new RequestLog(db);
    log.begin(entry({ id: 'crashed', outcome: 'in_flight', startedAt: Date.now() - 5_000 }));
    (log as unknown as { markLongRunning(): void }).markLongRunning();
    log.close();

    const recovered = new RequestLog(db).recoverInterrupted();
    expect(recovered).toBe(1);
    expect(recentRequests(db, 1)[0]).toMatchObject({ outcome: 'interrupted', id: 'crashed' });
    expect(count('SELECT SUM(requests) AS n FROM rollup_hourly')).toBe(1);
  });

  it('a finished request replaces its in-flight row', () => {
    const log = new RequestLog(db);
    const slow = entry({ outcome: 'in_flight', startedAt: Date.now() - 5_000 });
    log.begin(slow);
    (log as unknown as { markLongRunning(): void }).markLongRunning();
    log.finish({ ...slow, outcome: 'ok' });
    log.commitFinished();
    expect(db.prepare('SELECT outcome FROM requests').all()).toEqual([{ outcome: 'ok' }]);
    log.close();
  });

  it('keeps entries in memory when the disk is full and writes them once there is room', () => {
    const errors: string[] = [];
    const log = new RequestLog(db, (error) => errors.push(error.message));
    const recorded: string[] = [];
    log.onRecorded((record) => recorded.push(record.id));
    const pages = db.pragma('page_count', { simple: true }) as number;
    // SQLite reports SQLITE_FULL exactly as for a full disk once the file may not grow.
    db.pragma(`max_page_count = ${pages}`);
    const lost = entry({ errorMessage: 'x'.repeat(200_000) });
    let responded = false;
    log.finish(lost, () => (responded = true));
    log.commitFinished();
    expect(errors.join('\n')).toMatch(/full/i);
    expect(count('SELECT COUNT(*) AS n FROM requests')).toBe(0);
    expect(recorded).toEqual([]);
    // The client still gets its response; the entry waits in memory.
    expect(responded).toBe(true);

    db.pragma('max_page_count = 1073741823');
    expect(log.flush()).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM requests')).toBe(1);
    expect(recorded).toEqual([lost.id]);
    log.close();
  });
});

describe('monthStats', () => {
  it('sums the local month and keeps unpriced requests out of the total', () => {
    const log = new RequestLog(db);
    const inMonth = new Date(2026, 10, 15, 12).getTime();
    log.finish(
      entry({ startedAt: inMonth, costUsd: 0.5, tool: 'codex', provider: 'openai', servedModel: 'gpt-5' }),
    );
    log.finish(entry({ startedAt: inMonth, costUsd: 0.25 }));
    log.finish(entry({ startedAt: inMonth, costUsd: null, priceSource: 'unpriced', servedModel: 'mystery' }));
    log.finish(entry({ startedAt: new Date(2026, 11, 1, 0, 0, 1).getTime(), costUsd: 9 }));
    log.finish(entry({ startedAt: new Date(2026, 9, 31, 23, 59, 59).getTime(), costUsd: 9 }));
    log.commitFinished();
    const stats = monthStats(db, '2026-11');
    expect(stats.totalUsd).toBe(0.75);
    expect(stats.requests).toBe(3);
    expect(stats.unpricedRequests).toBe(1);
    expect(stats.byTool.map((r) => [r.key, r.costUsd])).toEqual([
      ['codex', 0.5],
      ['claude-code', 0.25],
    ]);
    expect(stats.byModel.find((r) => r.key === 'mystery')).toMatchObject({ unpricedRequests: 1, costUsd: 0 });
  });
});
