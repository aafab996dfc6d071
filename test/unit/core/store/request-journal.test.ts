import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../electron/core/store/open-database';
import { entryToRow, type RequestEntry } from '../../../../electron/core/store/request-entry';
import { readJournal, RequestJournal } from '../../../../electron/core/store/request-journal';
import { RequestLog } from '../../../../electron/core/store/request-log';

let dir: string;
let db: Db;
let journalFile: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'farebox-journal-'));
  db = openDatabase(join(dir, 'farebox.db'));
  journalFile = join(dir, 'farebox.journal');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
function entry(): RequestEntry {
  counter += 1;
  return {
    id: `j-${counter}`,
    startedAt: Date.UTC(2026, 10, 27, 9),
    finishedAt: Date.UTC(2026, 10, 27, 9, 0, 1),
    ttfbMs: 5,
    durationMs: 1000,
    tool: 'codex',
    sessionId: null,
    dialect: 'openai',
    endpoint: 'openai-responses',
    provider: 'openai',
    requestedModel: 'gpt-5',
    servedModel: 'gpt-5',
    stream: true,
    status: 200,
    outcome: 'ok',
    errorMessage: null,
    usage: {
      inputTokens: 100,
      cacheReadTokens: 0,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
      outputTokens: 10,
      reasoningTokens: 0,
    },
    costUsd: 0.000225,
    priceSource: 'genai-prices@0.1.8',
    priceRef: 'openai/gpt-5',
    requestBytes: 10,
    responseBytes: 20,
    upstreamEndpoint: 'openai-responses',
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
  };
}

const count = (sql: string) => (db.prepare(sql).get() as { n: number | null }).n;

describe('RequestLog with a journal', () => {
  it('makes a finish durable at once and moves it to SQLite in a later batch, then empties the journal', () => {
    const log = new RequestLog(db, () => {}, new RequestJournal(journalFile));
    let durable = false;
    const finished = entry();
    log.finish(finished, () => (durable = true), { alone: true });
    expect(durable).toBe(true);
    expect(readJournal(journalFile).map((row) => row.id)).toEqual([finished.id]);
    expect(count('SELECT COUNT(*) AS n FROM requests')).toBe(0);

    log.commitFinished();
    expect(count('SELECT COUNT(*) AS n FROM requests')).toBe(1);
    expect(readFileSync(journalFile, 'utf8')).toBe('');
    log.close();
  });

  it('gives requests finishing in the same turn one journal write', async () => {
    const log = new RequestLog(db, () => {}, new RequestJournal(journalFile));
    const durable: string[] = [];
    const a = entry();
    const b = entry();
    log.finish(a, () => durable.push(a.id));
    log.finish(b, () => durable.push(b.id));
    expect(durable).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(durable).toEqual([a.id, b.id]);
    expect(readJournal(journalFile)).toHaveLength(2);
    log.commitFinished();
    log.close();
  });

  it('replays a journal left by a crash, ignores a torn last line, and never counts a row twice', () => {
    const stored = entry();
    const lost = entry();
    const journal = new RequestJournal(journalFile);
    journal.append([entryToRow(stored), entryToRow(lost)]);
    journal.close();
    appendFileSync(journalFile, '{"id":"torn","started_at":17');
    // `stored` also reached SQLite before the crash; `lost` did not.
    const first = new RequestLog(db);
    first.finish(stored);
    first.commitFinished();

    const log = new RequestLog(db);
    expect(log.replayJournal(readJournal(journalFile))).toBe(1);
    expect(log.replayJournal(readJournal(journalFile))).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM requests')).toBe(2);
    expect(count('SELECT SUM(requests) AS n FROM rollup_hourly')).toBe(2);
  });
});
