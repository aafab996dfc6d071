import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  clearOutcome,
  getOutcome,
  isTaskOutcome,
  markOutcome,
  TaskOutcomeError,
} from '../../../../electron/core/outcomes/task-outcomes';
import { openDatabase, type Db } from '../../../../electron/core/store/open-database';
import { insertRequest } from './request-rows';

let dir: string;
let db: Db;

const T0 = Date.UTC(2026, 2, 2, 10, 0);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'farebox-outcomes-'));
  db = openDatabase(join(dir, 'farebox.db'));
  insertRequest(db, { startedAt: T0, taskId: 'task-1', costUsd: 0.01 });
  insertRequest(db, { startedAt: T0 + 1000, taskId: 'session-abc', costUsd: 0.02 });
  // Requests without a task make no task.
  insertRequest(db, { startedAt: T0 + 2000, taskId: null, costUsd: 0.03 });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function stored() {
  return db.prepare('SELECT task_id, outcome, marked_at, note FROM task_outcomes ORDER BY task_id').all();
}

describe('markOutcome', () => {
  it('marks a task that has requests, storing the time and the trimmed note', () => {
    const at = Date.UTC(2026, 2, 3, 9, 30);
    const record = markOutcome(db, 'task-1', 'resolved', '  merged in #12 ', at);
    expect(record).toEqual({
      taskId: 'task-1',
      outcome: 'resolved',
      markedAt: '2026-03-03T09:30:00.000Z',
      note: 'merged in #12',
    });
    expect(stored()).toEqual([
      { task_id: 'task-1', outcome: 'resolved', marked_at: at, note: 'merged in #12' },
    ]);
    expect(getOutcome(db, 'task-1')).toEqual(record);
  });

  it('re-marking replaces the outcome, the note and the time', () => {
    markOutcome(db, 'task-1', 'resolved', 'looked fine', 1_000);
    markOutcome(db, 'task-1', 'failed', undefined, 2_000);
    expect(stored()).toEqual([{ task_id: 'task-1', outcome: 'failed', marked_at: 2_000, note: null }]);
    markOutcome(db, 'session-abc', 'abandoned', '', 3_000);
    expect(stored()).toHaveLength(2);
    expect(getOutcome(db, 'session-abc')?.note).toBeNull();
  });

  it('accepts only resolved, failed and abandoned', () => {
    expect(() => markOutcome(db, 'task-1', 'done')).toThrow(TaskOutcomeError);
    expect(() => markOutcome(db, 'task-1', 'done')).toThrow(/resolved, failed, abandoned.*"done"/);
    expect(() => markOutcome(db, 'task-1', 'open')).toThrow(TaskOutcomeError);
    expect(() => markOutcome(db, 'task-1', 'Resolved')).toThrow(TaskOutcomeError);
    expect(isTaskOutcome('failed')).toBe(true);
    expect(isTaskOutcome('open')).toBe(false);
    expect(stored()).toEqual([]);
  });

  it('refuses a task no request belongs to, and an empty task id', () => {
    expect(() => markOutcome(db, 'no-such-task', 'resolved')).toThrow(
      /no task "no-such-task": no request carries this task id/,
    );
    expect(() => markOutcome(db, '   ', 'resolved')).toThrow(/a task id is required/);
    expect(stored()).toEqual([]);
  });

  it('finds the task when the id is given with stray spaces', () => {
    markOutcome(db, ' task-1 ', 'resolved', undefined, 5);
    expect(stored()).toEqual([{ task_id: 'task-1', outcome: 'resolved', marked_at: 5, note: null }]);
  });

  it('refuses an over-long note', () => {
    expect(() => markOutcome(db, 'task-1', 'resolved', 'x'.repeat(2_001))).toThrow(/longer than 2000/);
  });
});

describe('clearOutcome', () => {
  it('opens the task again and says whether it had an outcome', () => {
    markOutcome(db, 'task-1', 'resolved');
    expect(clearOutcome(db, 'task-1')).toBe(true);
    expect(getOutcome(db, 'task-1')).toBeNull();
    expect(clearOutcome(db, 'task-1')).toBe(false);
    expect(stored()).toEqual([]);
  });
});
