import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError, type Io } from '../../../electron/cli/commands';
import { simulate } from '../../../electron/cli/simulate-command';
import { outcome, tasks } from '../../../electron/cli/tasks-command';
import type { SimulationResult, TaskReport } from '../../../electron/core/outcomes/types';
import { markOutcome } from '../../../electron/core/outcomes/task-outcomes';
import { databasePath } from '../../../electron/core/paths';
import { openDatabase } from '../../../electron/core/store/open-database';
import { insertRequest } from '../../unit/core/outcomes/request-rows';

function capture(): Io & { lines: string[]; text: () => string } {
  const lines: string[] = [];
  return { lines, out: (line) => lines.push(line), err: () => {}, text: () => lines.join('\n') };
}

let dataDir: string;
const T0 = Date.UTC(2026, 2, 2, 10, 0);
const PERIOD = { from: '2026-03-02T10:00:00Z', until: '2026-03-02T10:03:00Z' };

/*
 * The hand-worked example of simulator.test.ts, now with tasks:
 *   10:00  r1  6,000 in / 2,000 out  U  8,000  $0.028  task fix-login  (resolved)
 *   10:01  r2  9,000 in / 1,000 out  U 10,000  $0.026  task fix-login
 *   10:01  r3  4,000 in / 1,000 out  U  5,000  $0.016  task add-tests  (resolved)
 *   10:02  r4  1,500 in /   500 out  U  2,000  $0.007  no task
 * plus two more resolved tasks (docs, refactor) and a failed one (spike) an hour before, so 4 are resolved
 * overall but only 2 in the period.
 */
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'farebox-cli-outcomes-'));
  const db = openDatabase(databasePath(dataDir));
  const r = (
    seconds: number,
    input: number,
    output: number,
    costUsd: number,
    taskId: string | null,
    tool = 'claude-code',
  ) =>
    insertRequest(db, {
      startedAt: T0 + seconds * 1000,
      inputTokens: input,
      outputTokens: output,
      costUsd,
      taskId,
      tool,
    });
  r(5, 6_000, 2_000, 0.028, 'fix-login');
  r(70, 9_000, 1_000, 0.026, 'fix-login');
  r(100, 4_000, 1_000, 0.016, 'add-tests', 'codex');
  r(150, 1_500, 500, 0.007, null);
  r(-3_600, 1_000, 100, 0.5, 'docs');
  r(-3_500, 1_000, 100, 0.25, 'refactor');
  r(-3_400, 1_000, 100, 1, 'spike');
  for (const task of ['fix-login', 'add-tests', 'docs', 'refactor']) markOutcome(db, task, 'resolved');
  markOutcome(db, 'spike', 'failed');
  db.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('farebox outcome', () => {
  it('marks tasks, replaces a mark, and clears it with "open"', () => {
    // beforeAll marked spike failed; every step below ends with it failed again.
    const io = capture();
    expect(outcome({ dataDir, task: 'spike', outcome: 'resolved' }, io)).toMatchObject({
      outcome: 'resolved',
    });
    expect(
      outcome({ dataDir, task: 'spike', outcome: 'abandoned', note: 'went another way' }, io),
    ).toMatchObject({
      outcome: 'abandoned',
      note: 'went another way',
    });
    expect(outcome({ dataDir, task: 'spike', outcome: 'open' }, io)).toBeNull();
    expect(io.lines).toEqual([
      'Task spike marked resolved (was failed)',
      'Task spike marked abandoned (was resolved): went another way',
      'Task spike is open (was abandoned)',
    ]);
    const json = capture();
    expect(outcome({ dataDir, task: 'spike', outcome: 'failed', json: true }, json)).toMatchObject({
      taskId: 'spike',
      outcome: 'failed',
    });
    expect(JSON.parse(json.text())).toEqual({ taskId: 'spike', outcome: 'failed', previous: null });
  });

  it('answers bad input with a usage error that says what is wrong', () => {
    expect(() => outcome({ dataDir, task: 'fix-login', outcome: 'done' }, capture())).toThrow(UsageError);
    expect(() => outcome({ dataDir, task: 'fix-login', outcome: 'done' }, capture())).toThrow(
      'outcome must be one of resolved, failed, abandoned or open, not "done"',
    );
    expect(() => outcome({ dataDir, task: 'nope', outcome: 'resolved' }, capture())).toThrow(UsageError);
    expect(() => outcome({ dataDir, task: 'nope', outcome: 'resolved' }, capture())).toThrow(
      /no task "nope"/,
    );
    expect(() => outcome({ dataDir, outcome: 'resolved' }, capture())).toThrow(/task id is required/);
    expect(() => outcome({ dataDir, task: 'fix-login' }, capture())).toThrow(/an outcome is required/);
    const empty = mkdtempSync(join(tmpdir(), 'farebox-empty-'));
    try {
      expect(() => outcome({ dataDir: empty, task: 'x', outcome: 'resolved' }, capture())).toThrow(
        /no request log/,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('farebox tasks', () => {
  it('--json gives the report; a period keeps only its requests', () => {
    const io = capture();
    tasks({ dataDir, since: PERIOD.from, until: PERIOD.until, json: true }, io);
    const report = JSON.parse(io.text()) as TaskReport;
    expect(report.tasks.map((t) => [t.taskId, t.outcome, t.requests, t.costUsd])).toEqual([
      ['add-tests', 'resolved', 1, 0.016],
      ['fix-login', 'resolved', 2, 0.054],
    ]);
    // 0.054 + 0.016 = 0.070 over 2 tasks, both resolved.
    expect(report.summary).toMatchObject({
      costUsd: 0.07,
      costPerTaskUsd: 0.035,
      costPerResolvedTaskUsd: 0.035,
    });
    expect(report.untasked).toMatchObject({ requests: 1, costUsd: 0.007 });
  });

  it('prints the per-task arithmetic, by tool and by model', () => {
    const io = capture();
    tasks({ dataDir }, io);
    const text = io.text();
    // All five tasks: 0.054 + 0.016 + 0.5 + 0.25 + 1 = 1.82; 4 resolved (1.82 − spike's 1.00 = 0.82).
    expect(text).toContain(
      'Tasks: 5 task(s) — 4 resolved, 1 failed, 0 abandoned, 0 open; $1.820000 over 6 request(s)',
    );
    expect(text).toContain('Cost per task: $1.820000 ÷ 5 task(s) = $0.364000');
    expect(text).toContain('÷ resolved tasks): $1.820000 ÷ 4 = $0.455000');
    expect(text).toContain("(the resolved tasks' own cost ÷ resolved tasks): $0.820000 ÷ 4 = $0.205000");
    expect(text).toMatch(/By tool:\n {2}tool +tasks +resolved/);
    expect(text).toMatch(/ {2}codex +1 +1 +1 +\$0\.016000/);
    expect(text).toContain('By model (served model; a task using two models splits its cost by request):');
    expect(text).toContain(
      'Requests in no task (no x-farebox-task header, no session id): 1, $0.007000 at list price',
    );
    expect(text).toMatch(
      / {2}fix-login +resolved +claude-code +gpt-4\.1 +2 +18,000 +\$0\.054000 +2026-03-02T10:01:10\.000Z/,
    );
  });

  it('works without a database and rejects bad dates', () => {
    const empty = mkdtempSync(join(tmpdir(), 'farebox-empty-'));
    try {
      const io = capture();
      tasks({ dataDir: empty, json: true }, io);
      expect(JSON.parse(io.text())).toMatchObject({ tasks: [], summary: { tasks: 0 } });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    expect(() => tasks({ dataDir, since: 'last week' }, capture())).toThrow(UsageError);
    expect(() => tasks({ dataDir, since: PERIOD.until, until: PERIOD.from }, capture())).toThrow(UsageError);
  });
});

describe('farebox simulate', () => {
  const reservation = { units: '1', tokensPerMinute: '10000', unitHourPrice: '2' };

  it('shows the hand-worked comparison with its arithmetic', () => {
    const io = capture();
    const result = simulate({ dataDir, ...PERIOD, ...reservation, perResolvedTask: '1.50' }, io);
    const text = io.text();
    expect(text).toContain(
      'What-if for 2026-03-02T10:00:00.000Z – 2026-03-02T10:03:00.000Z (0.05 h), 4 request(s)',
    );
    expect(text).toContain('On-demand spend (billed per token):  $0.077000 over 4 request(s)');
    expect(text).toContain('All traffic at list price: $0.077000 + $0.000000 + $0.000000 = $0.077000');
    // (b) 1 × 0.05 h × $2 = $0.10; minute 10:01 spills 5,000 of 15,000: 0.042 × 5,000 ÷ 15,000 = 0.014.
    expect(text).toContain('Capacity C: 1 × 10,000 tokens/min = 10,000 input-token equivalents per minute');
    expect(text).toContain('Reservation: 1 unit(s) × 0.05 h × $2.000000/unit-hour = $0.100000');
    expect(text).toContain(
      '2026-03-02T10:01:00.000Z: U 15,000 − C 10,000 = 5,000 spilled; $0.042000 × 5,000 ÷ 15,000 = $0.014000',
    );
    expect(text).toContain('Total: $0.100000 + $0.014000 + $0.000000 = $0.114000');
    expect(text).toContain('Costs $0.037000 more versus all traffic at list price ($0.077000)');
    expect(text).toContain(
      'Utilization: average 66.7% (served 20,000 ÷ (C 10,000 × 3 min)); demand 83.3%; peak minute 150.0% at 2026-03-02T10:01:00.000Z',
    );
    // 0.077 ÷ 25,000 tokens = $3.08 per million; 30,000 tokens at that price = $0.0924.
    expect(text).toContain(
      "Break-even utilization: $0.100000 ÷ $0.092400 (the period at full use: C 10,000 × 3 min × $3.080000 per million, the covered traffic's blended list price) = 108.2%",
    );
    // (c) two tasks resolved in the period: 2 × $1.50 = $3; the untasked r4 stays at $0.007.
    expect(text).toContain('Resolved: 2 × $1.500000 = $3.000000');
    expect(text).toContain('Total: $3.000000 + $0.007000 = $3.007000');
    expect(text).toContain('Costs $2.930000 more versus all traffic at list price ($0.077000)');
    expect(result.reserved?.spillUsd).toBe(0.014);
  });

  it('--json returns every figure', () => {
    const io = capture();
    simulate(
      {
        dataDir,
        ...PERIOD,
        ...reservation,
        outputWeight: '4',
        cachedCounts: 'yes',
        models: 'gpt-4.1*, o3',
        json: true,
      },
      io,
    );
    const r = JSON.parse(io.text()) as SimulationResult;
    expect(r.reserved).toMatchObject({ outputWeight: 4, cachedCounts: true, models: ['gpt-4.1*', 'o3'] });
    // U with output weight 4: r1 6,000 + 8,000 = 14,000 → spills 4,000 on its own.
    expect(r.reserved?.spill[0]).toMatchObject({
      consumedTokens: 14_000,
      spilledTokens: 4_000,
      spillUsd: 0.008,
    });
    expect(r.outcome).toBeNull();
  });

  it('answers incomplete or malformed reservations with usage errors', () => {
    expect(() => simulate({ dataDir, ...PERIOD, units: '1' }, capture())).toThrow(/needs all of/);
    expect(() => simulate({ dataDir, ...PERIOD, outputWeight: '4' }, capture())).toThrow(
      /describe a reservation/,
    );
    expect(() => simulate({ dataDir, ...PERIOD, ...reservation, units: 'two' }, capture())).toThrow(
      UsageError,
    );
    expect(() => simulate({ dataDir, ...PERIOD, ...reservation, units: '0' }, capture())).toThrow(/above 0/);
    expect(() => simulate({ dataDir, ...PERIOD, perResolvedTask: '-1' }, capture())).toThrow(UsageError);
    expect(() => simulate({ dataDir, ...PERIOD, ...reservation, cachedCounts: 'maybe' }, capture())).toThrow(
      UsageError,
    );
    expect(() => simulate({ dataDir, from: PERIOD.until, until: PERIOD.from }, capture())).toThrow(
      UsageError,
    );
    expect(() => simulate({ dataDir, from: 'soon' }, capture())).toThrow(UsageError);
  });

  it('defaults to this month so far, and tells how to add scenarios', () => {
    const io = capture();
    const r = simulate({ dataDir }, io);
    const now = new Date();
    expect(Date.parse(r.from)).toBe(new Date(now.getFullYear(), now.getMonth(), 1).getTime());
    expect(Date.parse(r.until)).toBeLessThanOrEqual(Date.now());
    expect(io.text()).toContain('Add --units, --tokens-per-minute and --unit-hour-price');
  });
});
