import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markOutcome } from '../../../../electron/core/outcomes/task-outcomes';
import { taskReport } from '../../../../electron/core/outcomes/task-report';
import { openDatabase, type Db } from '../../../../electron/core/store/open-database';
import { insertRequest, type RequestRowInput } from './request-rows';

let dir: string;
let db: Db;

const T0 = Date.UTC(2026, 2, 2, 10, 0);
const MIN = 60_000;

/**
 * Seven tasks in March 2026 (all on demand unless noted):
 *   T1 claude-code  claude-sonnet-4-5                       $0.40          resolved
 *   T2 claude-code  claude-sonnet-4-5 ×2                    $0.60 + $0.50  resolved
 *   T3 claude-code  claude-sonnet-4-5 $1.20, claude-haiku-4-5 $0.80      resolved (two models)
 *   T4 codex        gpt-5                                   $0.50          resolved
 *   T5 codex        gpt-5                                   $3.00          failed
 *   T6 codex        gpt-5 $0.70 + one unpriced request                     abandoned
 *   T7 claude-code  claude-haiku-4-5                        $0.30 (pool)   open
 * and a request in no task (claude-haiku-4-5, $0.25). Left out: T1's request from February, T7's in-flight row.
 */
function seed() {
  const add = (
    taskId: string | null,
    tool: string,
    model: string,
    costUsd: number | null,
    minute: number,
    extra: Partial<RequestRowInput> = {},
  ) =>
    insertRequest(db, {
      startedAt: T0 + minute * MIN,
      taskId,
      tool,
      requestedModel: model,
      costUsd,
      inputTokens: 1_000,
      cacheReadTokens: 200,
      cacheWrite5mTokens: 30,
      cacheWrite1hTokens: 20,
      outputTokens: 100,
      ...extra,
    });
  add('T1', 'claude-code', 'claude-sonnet-4-5', 0.4, 0);
  add('T1', 'claude-code', 'claude-sonnet-4-5', 9.99, -60 * 24 * 20); // February: outside the range
  add('T2', 'claude-code', 'claude-sonnet-4-5', 0.6, 1);
  add('T2', 'claude-code', 'claude-sonnet-4-5', 0.5, 2);
  add('T3', 'claude-code', 'claude-sonnet-4-5', 1.2, 3);
  add('T3', 'claude-code', 'claude-haiku-4-5', 0.8, 4);
  add('T4', 'codex', 'gpt-5', 0.5, 5);
  add('T5', 'codex', 'gpt-5', 3.0, 6);
  add('T6', 'codex', 'gpt-5', 0.7, 7);
  add('T6', 'codex', 'gpt-5', null, 8);
  add('T7', 'claude-code', 'claude-haiku-4-5', 0.3, 9, { billing: 'pool' });
  add('T7', 'claude-code', 'claude-haiku-4-5', null, 10, { outcome: 'in_flight' });
  add(null, 'claude-code', 'claude-haiku-4-5', 0.25, 11);
  for (const t of ['T1', 'T2', 'T3', 'T4']) markOutcome(db, t, 'resolved', undefined, T0 + 60 * MIN);
  markOutcome(db, 'T5', 'failed', 'tests never passed', T0 + 60 * MIN);
  markOutcome(db, 'T6', 'abandoned', undefined, T0 + 60 * MIN);
}

const MARCH = { since: Date.UTC(2026, 2, 1), until: Date.UTC(2026, 3, 1) };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'farebox-task-report-'));
  db = openDatabase(join(dir, 'farebox.db'));
  seed();
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('taskReport', () => {
  it('groups requests into tasks with their tools, models, times, tokens, cost and outcome', () => {
    const report = taskReport(db, MARCH);
    expect(report.since).toBe('2026-03-01T00:00:00.000Z');
    expect(report.until).toBe('2026-04-01T00:00:00.000Z');
    // Most recent first.
    expect(report.tasks.map((t) => t.taskId)).toEqual(['T7', 'T6', 'T5', 'T4', 'T3', 'T2', 'T1']);
    const byId = new Map(report.tasks.map((t) => [t.taskId, t]));
    expect(byId.get('T3')).toEqual({
      taskId: 'T3',
      tools: ['claude-code'],
      models: ['claude-haiku-4-5', 'claude-sonnet-4-5'],
      firstRequestAt: '2026-03-02T10:03:00.000Z',
      lastRequestAt: '2026-03-02T10:04:00.000Z',
      requests: 2,
      // Per request: 1,000 + 200 + (30 + 20) + 100 = 1,350.
      tokens: { input: 2_000, cacheRead: 400, cacheWrite: 100, output: 200, total: 2_700 },
      costUsd: 2,
      onDemandCostUsd: 2,
      unpricedRequests: 0,
      outcome: 'resolved',
      markedAt: '2026-03-02T11:00:00.000Z',
      note: null,
    });
    // February's $9.99 is outside the range.
    expect(byId.get('T1')).toMatchObject({ requests: 1, costUsd: 0.4 });
    expect(byId.get('T5')).toMatchObject({ outcome: 'failed', note: 'tests never passed', costUsd: 3 });
    // The unpriced request counts as a request, not as $0.
    expect(byId.get('T6')).toMatchObject({
      outcome: 'abandoned',
      requests: 2,
      costUsd: 0.7,
      unpricedRequests: 1,
    });
    // Pool traffic is at list price; none of it was paid on demand. The in-flight row is left out.
    expect(byId.get('T7')).toMatchObject({
      outcome: 'open',
      markedAt: null,
      requests: 1,
      costUsd: 0.3,
      onDemandCostUsd: 0,
    });
    expect(report.untasked).toEqual({
      requests: 1,
      costUsd: 0.25,
      onDemandCostUsd: 0.25,
      unpricedRequests: 0,
    });
  });

  it('cost per task and per resolved task: all-in and the resolved tasks’ own mean', () => {
    const s = taskReport(db, MARCH).summary;
    expect(s).toMatchObject({ tasks: 7, resolved: 4, failed: 1, abandoned: 1, open: 1, requests: 10 });
    expect(s.unpricedRequests).toBe(1);
    // 0.40 + 1.10 + 2.00 + 0.50 + 3.00 + 0.70 + 0.30 = 8.00, of which T7's 0.30 was pool traffic.
    expect(s.costUsd).toBe(8);
    expect(s.onDemandCostUsd).toBe(7.7);
    // Resolved: T1 0.40 + T2 1.10 + T3 2.00 + T4 0.50 = 4.00.
    expect(s.resolvedCostUsd).toBe(4);
    // 8.00 ÷ 7 tasks = 1.142857142857…
    expect(s.costPerTaskUsd).toBe(1.142857142857);
    // All-in: every task's cost ÷ resolved tasks = 8.00 ÷ 4 = 2.00.
    expect(s.costPerResolvedTaskUsd).toBe(2);
    // The resolved tasks' own mean: 4.00 ÷ 4 = 1.00.
    expect(s.meanResolvedTaskCostUsd).toBe(1);
    expect(s.tokens.total).toBe(10 * 1_350);
  });

  it('by tool', () => {
    const byTool = taskReport(db, MARCH).byTool;
    expect(byTool.map((g) => g.key)).toEqual(['codex', 'claude-code']);
    // codex: T4 0.50 + T5 3.00 + T6 0.70 = 4.20 over 3 tasks, 1 resolved (T4, 0.50).
    expect(byTool[0]).toMatchObject({
      tasks: 3,
      resolvedTasks: 1,
      requests: 4,
      costUsd: 4.2,
      unpricedRequests: 1,
      resolvedCostUsd: 0.5,
      costPerTaskUsd: 1.4,
      costPerResolvedTaskUsd: 4.2,
      meanResolvedTaskCostUsd: 0.5,
    });
    // claude-code: T1 0.40 + T2 1.10 + T3 2.00 + T7 0.30 = 3.80 over 4 tasks; resolved T1–T3 = 3.50.
    expect(byTool[1]).toMatchObject({
      tasks: 4,
      resolvedTasks: 3,
      requests: 6,
      costUsd: 3.8,
      resolvedCostUsd: 3.5,
      costPerTaskUsd: 0.95,
      costPerResolvedTaskUsd: 1.266666666667, // 3.80 ÷ 3
      meanResolvedTaskCostUsd: 1.166666666667, // 3.50 ÷ 3
    });
  });

  it('by served model, a task using two models splitting its cost by request', () => {
    const byModel = taskReport(db, MARCH).byModel;
    expect(byModel.map((g) => [g.key, g.costUsd])).toEqual([
      ['gpt-5', 4.2],
      ['claude-sonnet-4-5', 2.7], // T1 0.40 + T2 1.10 + T3's first request 1.20
      ['claude-haiku-4-5', 1.1], // T3's second request 0.80 + T7 0.30
    ]);
    // The split adds up to the total; T3 counts as a task under both models.
    expect(byModel.reduce((sum, g) => sum + g.costUsd, 0)).toBeCloseTo(8, 12);
    expect(byModel.reduce((sum, g) => sum + g.tasks, 0)).toBe(8);
    expect(byModel[1]).toMatchObject({
      tasks: 3,
      resolvedTasks: 3,
      costPerTaskUsd: 0.9,
      costPerResolvedTaskUsd: 0.9,
      meanResolvedTaskCostUsd: 0.9,
    });
    // haiku: 1.10 over T3 (resolved, 0.80) and T7 (open).
    expect(byModel[2]).toMatchObject({
      tasks: 2,
      resolvedTasks: 1,
      resolvedCostUsd: 0.8,
      costPerTaskUsd: 0.55,
      costPerResolvedTaskUsd: 1.1,
      meanResolvedTaskCostUsd: 0.8,
    });
  });

  it('uses the served model when the request was routed to another one', () => {
    insertRequest(db, {
      startedAt: T0 + 20 * MIN,
      taskId: 'T8',
      requestedModel: 'claude-opus-4-1',
      servedModel: 'claude-haiku-4-5',
      costUsd: 0.1,
    });
    const report = taskReport(db, MARCH);
    expect(report.tasks.find((t) => t.taskId === 'T8')?.models).toEqual(['claude-haiku-4-5']);
    expect(report.byModel.find((g) => g.key === 'claude-opus-4-1')).toBeUndefined();
  });

  it('without a range, every request counts; an empty range has no tasks and no ratios', () => {
    expect(taskReport(db).tasks.find((t) => t.taskId === 'T1')).toMatchObject({
      requests: 2,
      costUsd: 10.39,
    });
    const empty = taskReport(db, { since: Date.UTC(2030, 0, 1) });
    expect(empty.tasks).toEqual([]);
    expect(empty.summary).toMatchObject({
      tasks: 0,
      costUsd: 0,
      costPerTaskUsd: null,
      costPerResolvedTaskUsd: null,
      meanResolvedTaskCostUsd: null,
    });
  });

  it('a task used from two tools lists both and splits by tool', () => {
    insertRequest(db, { startedAt: T0 + 30 * MIN, taskId: 'T4', tool: 'claude-code', costUsd: 0.25 });
    const report = taskReport(db, MARCH);
    expect(report.tasks.find((t) => t.taskId === 'T4')).toMatchObject({
      tools: ['claude-code', 'codex'],
      costUsd: 0.75,
    });
    expect(report.byTool.find((g) => g.key === 'claude-code')).toMatchObject({ tasks: 5, resolvedTasks: 4 });
    expect(report.summary.costPerResolvedTaskUsd).toBe(2.0625); // 8.25 ÷ 4
  });
});
