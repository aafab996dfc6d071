import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPriceBook } from '../../../../electron/core/economics/price-book';
import { importedRequestId } from '../../../../electron/core/import/imported-id';
import { importUsage } from '../../../../electron/core/import/import-runner';
import type { ImportProgress } from '../../../../electron/core/import/import-types';
import { openDatabase, type Db } from '../../../../electron/core/store/open-database';
import {
  entryToRow,
  type RequestEntry,
  type RequestRow,
} from '../../../../electron/core/store/request-entry';
import { RequestLog } from '../../../../electron/core/store/request-log';
import {
  CLAUDE_DIR,
  CODEX_DIR,
  MSG,
  proxyEntry,
  RESPONSES,
  S1,
  S2,
  S3,
  T1,
  T2,
  usage,
} from './import-fixtures';

const priceBook = createPriceBook();
let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'farebox-import-'));
  db = openDatabase(join(dir, 'farebox.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function rows(source?: string): RequestRow[] {
  return source === undefined
    ? db.prepare<[], RequestRow>('SELECT * FROM requests ORDER BY started_at').all()
    : db
        .prepare<[string], RequestRow>('SELECT * FROM requests WHERE source = ? ORDER BY started_at')
        .all(source);
}

function rowOf(source: string, key: string): RequestRow | undefined {
  return db
    .prepare<[string], RequestRow>('SELECT * FROM requests WHERE id = ?')
    .get(importedRequestId(source, key));
}

function storeProxyRows(...entries: RequestEntry[]): void {
  new RequestLog(db).replayJournal(entries.map(entryToRow));
}

function rollupRequests(): number {
  return db.prepare<[], { n: number }>('SELECT SUM(requests) AS n FROM rollup_hourly').get()!.n;
}

describe('importUsage: Claude Code', () => {
  it('stores each model call once, however many lines and files repeat it', async () => {
    const summary = await importUsage(db, 'claude-code', { path: CLAUDE_DIR, priceBook });
    expect(summary).toMatchObject({
      source: 'claude-code',
      roots: [join(CLAUDE_DIR, 'projects')],
      files: 4,
      lines: 35,
      imported: 8,
      // Within files: a1 2 + a3 1 + a2 1 (S1), a4 1 (sub-agent), a1 2 + a8 1 (S2); across files: a1, a2 in S2.
      duplicates: 10,
      alreadyProxied: 0,
      malformed: 1,
      noUsage: 1,
      unreadable: 0,
      unpriced: 1,
      firstAt: Date.parse('2026-11-20T09:12:06.402Z'),
      lastAt: Date.parse('2026-11-21T16:40:05.250Z'),
    });
    const stored = rows('import:claude-code');
    expect(stored).toHaveLength(8);
    expect(rollupRequests()).toBe(8);
    expect(new Set(stored.map((row) => row.upstream_request_id))).toEqual(
      new Set(Object.values(MSG).map((message) => message.req)),
    );
    expect(stored.map((row) => row.session_id)).toEqual([S1, S1, S1, S1, S1, S2, S3, S3]);
  });

  it('fills the row as a finished, unrouted Anthropic Messages call of claude-code', async () => {
    await importUsage(db, 'claude-code', { path: CLAUDE_DIR, priceBook });
    const row = rowOf('import:claude-code', `message:${MSG.a1.id}`)!;
    expect(row).toMatchObject({
      started_at: Date.parse('2026-11-20T09:12:06.402Z'),
      finished_at: Date.parse('2026-11-20T09:12:06.402Z'),
      tool: 'claude-code',
      session_id: S1,
      task_id: S1,
      dialect: 'anthropic',
      endpoint: 'anthropic-messages',
      upstream_endpoint: 'anthropic-messages',
      provider: 'anthropic',
      requested_model: 'claude-sonnet-4-5-20250929',
      served_model: 'claude-sonnet-4-5-20250929',
      stream: 1,
      status: 200,
      outcome: 'ok',
      input_tokens: 310,
      cache_read_tokens: 4000,
      cache_write_5m_tokens: 1000,
      cache_write_1h_tokens: 200,
      output_tokens: 45,
      upstream_request_id: MSG.a1.req,
      rule_id: null,
      pool_id: null,
      billing: 'on_demand',
      source: 'import:claude-code',
    });
  });

  it('prices each call at list price', async () => {
    await importUsage(db, 'claude-code', { path: CLAUDE_DIR, priceBook });
    // claude-sonnet-4-5 ($/M): 3 input, 0.30 cache read, 3.75 5m write, 6 1h write, 15 output.
    // a1: 310×3 + 4000×0.3 + 1000×3.75 + 200×6 + 45×15 = 930 + 1200 + 3750 + 1200 + 675 = 7755 µ$.
    const a1 = rowOf('import:claude-code', `message:${MSG.a1.id}`)!;
    expect(a1.cost_usd).toBeCloseTo(0.007755, 12);
    expect(a1.price_ref).toBe('anthropic/claude-sonnet-4-5');
    expect(a1.baseline_cost_usd).toBe(a1.cost_usd);
    // a2: 25×3 + 5200×0.3 + 80×3.75 + 12×15 = 75 + 1560 + 300 + 180 = 2115 µ$.
    expect(rowOf('import:claude-code', `message:${MSG.a2.id}`)!.cost_usd).toBeCloseTo(0.002115, 12);
    // claude-opus-4-1 ($/M): 15 input, 1.50 cache read, 30 1h write, 75 output.
    // a8: 12×15 + 18000×1.5 + 2400×30 + 640×75 = 180 + 27000 + 72000 + 48000 = 147180 µ$.
    expect(rowOf('import:claude-code', `message:${MSG.a8.id}`)!.cost_usd).toBeCloseTo(0.14718, 12);
    // a4: the final line's 88 output tokens, not the provisional 1:
    // 6×3 + 11000×0.3 + 3200×3.75 + 88×15 = 18 + 3300 + 12000 + 1320 = 16638 µ$.
    expect(rowOf('import:claude-code', `message:${MSG.a4.id}`)!.cost_usd).toBeCloseTo(0.016638, 12);
    // A model without a price stays unpriced (NULL), never $0.
    expect(rowOf('import:claude-code', `message:${MSG.a7.id}`)).toMatchObject({
      cost_usd: null,
      price_source: 'unpriced',
    });
  });

  it('is idempotent: a second import stores nothing and leaves the rollups alone', async () => {
    const first = await importUsage(db, 'claude-code', { path: CLAUDE_DIR, priceBook });
    const before = rows();
    const rollups = db.prepare('SELECT * FROM rollup_hourly ORDER BY 1, 2, 3, 4, 5').all();
    const second = await importUsage(db, 'claude-code', { path: CLAUDE_DIR, priceBook });
    expect(second).toMatchObject({ imported: 0, duplicates: first.duplicates + 8, costUsd: 0 });
    expect(rows()).toEqual(before);
    expect(db.prepare('SELECT * FROM rollup_hourly ORDER BY 1, 2, 3, 4, 5').all()).toEqual(rollups);
  });

  it('recognises the same logs copied elsewhere', async () => {
    await importUsage(db, 'claude-code', { path: CLAUDE_DIR, priceBook });
    const copy = join(dir, 'backup');
    cpSync(CLAUDE_DIR, copy, { recursive: true });
    const again = await importUsage(db, 'claude-code', { path: copy, priceBook });
    expect(again.imported).toBe(0);
  });

  it('skips a call the proxy recorded with the same request id', async () => {
    // The proxy's numbers may differ (it saw the response itself); the request id decides.
    storeProxyRows(proxyEntry({ startedAt: Date.UTC(2026, 0, 1) }));
    const summary = await importUsage(db, 'claude-code', { path: CLAUDE_DIR, priceBook });
    expect(summary).toMatchObject({ imported: 7, alreadyProxied: 1 });
    expect(rowOf('import:claude-code', `message:${MSG.a6.id}`)).toBeUndefined();
    expect(rows('proxy')).toHaveLength(1);
    expect(rollupRequests()).toBe(8);
  });

  it('skips a call matching a proxy row without request id by session, tokens and time', async () => {
    // A proxy row from before request ids were stored, started 9 s before the log line.
    storeProxyRows(
      proxyEntry({ upstreamRequestId: null, startedAt: Date.parse('2026-11-21T16:30:00.400Z') }),
    );
    const summary = await importUsage(db, 'claude-code', { path: CLAUDE_DIR, priceBook });
    expect(summary).toMatchObject({ imported: 7, alreadyProxied: 1 });
  });

  it('does not take a proxy row with another request id, session or time for the call', async () => {
    const at = Date.parse('2026-11-21T16:30:00.400Z');
    storeProxyRows(
      proxyEntry({ id: 'p1', upstreamRequestId: 'req_other', startedAt: at }),
      proxyEntry({ id: 'p2', upstreamRequestId: null, sessionId: 'another-session', startedAt: at }),
      proxyEntry({ id: 'p3', upstreamRequestId: null, startedAt: at - 2 * 3_600_000 }),
    );
    const summary = await importUsage(db, 'claude-code', { path: CLAUDE_DIR, priceBook });
    expect(summary).toMatchObject({ imported: 8, alreadyProxied: 0 });
  });

  it('bills as told when the log cannot say (subscription login or API key look alike)', async () => {
    await importUsage(db, 'claude-code', { path: CLAUDE_DIR, priceBook, defaultBilling: 'subscription' });
    expect(new Set(rows('import:claude-code').map((row) => row.billing))).toEqual(new Set(['subscription']));
  });

  it("reads CLAUDE_CONFIG_DIR's projects when no path is given", async () => {
    const summary = await importUsage(db, 'claude-code', {
      priceBook,
      env: { CLAUDE_CONFIG_DIR: CLAUDE_DIR },
      home: dir,
    });
    expect(summary).toMatchObject({ roots: [join(CLAUDE_DIR, 'projects')], files: 4, imported: 8 });
  });

  it('finds nothing, without failing, when the tool has no logs', async () => {
    const summary = await importUsage(db, 'claude-code', { priceBook, env: {}, home: dir });
    expect(summary).toMatchObject({ files: 0, imported: 0 });
  });

  it('rejects a path that does not exist', async () => {
    await expect(importUsage(db, 'claude-code', { path: join(dir, 'nope'), priceBook })).rejects.toThrow(
      /no such file/,
    );
  });

  it('reports progress after each file', async () => {
    const events: ImportProgress[] = [];
    const summary = await importUsage(db, 'claude-code', {
      path: CLAUDE_DIR,
      priceBook,
      onProgress: (progress) => events.push(progress),
    });
    expect(events.map((event) => [event.files, event.filesTotal])).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
    // S3 (a6, a7), S1 (a1, a3, a2), the sub-agent (a4, a5), S2 (a8).
    expect(events.map((event) => event.imported)).toEqual([2, 5, 7, 8]);
    expect(events.map((event) => event.file.split('/').at(-1))).toEqual([
      `${S3}.jsonl`,
      `${S1}.jsonl`,
      'agent-a4f09c2d1e8b7a6c5.jsonl',
      `${S2}.jsonl`,
    ]);
    const last = events.at(-1)!;
    for (const key of [
      'files',
      'lines',
      'imported',
      'duplicates',
      'alreadyProxied',
      'malformed',
      'noUsage',
    ] as const) {
      expect(last[key]).toBe(summary[key]);
    }
  });
});

describe('importUsage: Codex', () => {
  it('stores one row per response, priced, billed by what the log says', async () => {
    const summary = await importUsage(db, 'codex', { path: CODEX_DIR, priceBook });
    expect(summary).toMatchObject({
      files: 2,
      lines: 39,
      imported: 6,
      duplicates: 6,
      alreadyProxied: 0,
      malformed: 1,
      noUsage: 0,
      unpriced: 0,
    });
    const stored = rows('import:codex');
    expect(stored.map((row) => [row.session_id, row.served_model, row.billing])).toEqual([
      [T2, 'gpt-5-codex', 'on_demand'],
      [T2, 'gpt-5-codex', 'on_demand'],
      [T2, 'gpt-5-codex', 'on_demand'],
      [T1, 'gpt-5.5', 'subscription'],
      [T1, 'gpt-5.5', 'subscription'],
      [T1, 'gpt-5.1-codex', 'subscription'],
    ]);
    expect(stored[0]).toMatchObject({
      tool: 'codex',
      dialect: 'openai',
      endpoint: 'openai-responses',
      provider: 'openai',
      outcome: 'ok',
      upstream_request_id: null,
      task_id: T2,
      source: 'import:codex',
    });
  });

  it('prices each response at list price (OpenAI: cached tokens are inside input_tokens)', async () => {
    await importUsage(db, 'codex', { path: CODEX_DIR, priceBook });
    // gpt-5.5 ($/M): 5 input, 0.50 cached input, 30 output.
    // r1: (3100 − 2048) × 5 + 2048 × 0.5 + 70 × 30 = 5260 + 1024 + 2100 = 8384 µ$.
    expect(rowOf('import:codex', `response:${RESPONSES.r1}`)).toMatchObject({
      input_tokens: 1052,
      cache_read_tokens: 2048,
      output_tokens: 70,
      reasoning_tokens: 40,
    });
    expect(rowOf('import:codex', `response:${RESPONSES.r1}`)!.cost_usd).toBeCloseTo(0.008384, 12);
    // gpt-5.1-codex ($/M): 1.25 input, 0.125 cached input, 10 output.
    // r3: (12000 − 9000) × 1.25 + 9000 × 0.125 + 800 × 10 = 3750 + 1125 + 8000 = 12875 µ$.
    expect(rowOf('import:codex', `response:${RESPONSES.r3}`)!.cost_usd).toBeCloseTo(0.012875, 12);
    // gpt-5-codex (as gpt-5): 8200 × 1.25 + 310 × 10 = 10250 + 3100 = 13350 µ$.
    const first = rows('import:codex')[0]!;
    expect(first.cost_usd).toBeCloseTo(0.01335, 12);
  });

  it('is idempotent', async () => {
    await importUsage(db, 'codex', { path: CODEX_DIR, priceBook });
    const again = await importUsage(db, 'codex', { path: CODEX_DIR, priceBook });
    expect(again).toMatchObject({ imported: 0, duplicates: 12 });
    expect(rows()).toHaveLength(6);
  });

  it('skips a response the proxy recorded in the same session with the same tokens', async () => {
    // Codex logs carry the response id, not the x-request-id the proxy stores: session and tokens decide.
    storeProxyRows(
      proxyEntry({
        tool: 'codex',
        sessionId: T1,
        taskId: T1,
        dialect: 'openai',
        endpoint: 'openai-responses',
        upstreamEndpoint: 'openai-responses',
        provider: 'openai',
        requestedModel: 'gpt-5.5',
        servedModel: 'gpt-5.5',
        usage: usage({ inputTokens: 228, cacheReadTokens: 3072, outputTokens: 20 }),
        upstreamRequestId: 'req_5f1e2d3c4b5a69788796a5b4c3d2e1f0',
        startedAt: Date.parse('2026-11-21T14:05:14.020Z'),
        billing: 'subscription',
      }),
    );
    const summary = await importUsage(db, 'codex', { path: CODEX_DIR, priceBook });
    expect(summary).toMatchObject({ imported: 5, alreadyProxied: 1 });
    expect(rowOf('import:codex', `response:${RESPONSES.r2}`)).toBeUndefined();
    expect(rowOf('import:codex', `response:${RESPONSES.r1}`)).toBeDefined();
  });

  it('reads rollout files under CODEX_HOME when no path is given', async () => {
    const summary = await importUsage(db, 'codex', { priceBook, env: { CODEX_HOME: CODEX_DIR }, home: dir });
    expect(summary).toMatchObject({ files: 2, imported: 6 });
  });
});

describe('importedRequestId', () => {
  it('is a UUID-shaped hash of source and call key, version 8', () => {
    const id = importedRequestId('import:claude-code', `message:${MSG.a1.id}`);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(importedRequestId('import:claude-code', `message:${MSG.a1.id}`)).toBe(id);
    expect(importedRequestId('import:codex', `message:${MSG.a1.id}`)).not.toBe(id);
  });
});
