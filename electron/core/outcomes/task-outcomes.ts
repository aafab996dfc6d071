import type { Db } from '../store/open-database';
import { TASK_OUTCOMES, type TaskOutcome, type TaskOutcomeRecord } from './types';

/** Bad input to the outcome API (unknown outcome, empty or unknown task): the caller's mistake, not the store's. */
export class TaskOutcomeError extends Error {}

/** Task ids come from a header and are cut at 200 characters (handle-request.ts); notes get some room. */
const MAX_NOTE_LENGTH = 2_000;

export function isTaskOutcome(value: unknown): value is TaskOutcome {
  return typeof value === 'string' && (TASK_OUTCOMES as readonly string[]).includes(value);
}

/**
 * Marks a task resolved, failed or abandoned. The task must have at least one request (any request whose
 * task_id is `taskId`: the x-farebox-task header, else the tool's session id). Marking again replaces the
 * outcome, the note and the time.
 */
export function markOutcome(
  db: Db,
  taskId: string,
  outcome: string,
  note?: string | null,
  now: number = Date.now(),
): TaskOutcomeRecord {
  const id = checkTaskId(taskId);
  if (!isTaskOutcome(outcome)) {
    throw new TaskOutcomeError(`outcome must be one of ${TASK_OUTCOMES.join(', ')}, not "${outcome}"`);
  }
  const text = note?.trim() ? note.trim() : null;
  if (text !== null && text.length > MAX_NOTE_LENGTH) {
    throw new TaskOutcomeError(`note is longer than ${MAX_NOTE_LENGTH} characters`);
  }
  if (!Number.isFinite(now)) throw new TaskOutcomeError('marked-at time must be a finite number of ms');
  const known = db.prepare<[string], { one: number }>(
    `SELECT 1 AS one FROM requests WHERE task_id = ? LIMIT 1`,
  );
  if (!known.get(id)) {
    throw new TaskOutcomeError(
      `no task "${id}": no request carries this task id (the x-farebox-task header or the tool's session id)`,
    );
  }
  db.prepare<[string, string, number, string | null]>(
    `INSERT INTO task_outcomes (task_id, outcome, marked_at, note) VALUES (?, ?, ?, ?)
     ON CONFLICT (task_id) DO UPDATE SET outcome = excluded.outcome, marked_at = excluded.marked_at,
       note = excluded.note`,
  ).run(id, outcome, now, text);
  return { taskId: id, outcome, markedAt: new Date(now).toISOString(), note: text };
}

/** Removes a task's outcome (the task is open again). Returns whether there was one. */
export function clearOutcome(db: Db, taskId: string): boolean {
  const id = checkTaskId(taskId);
  return db.prepare<[string]>(`DELETE FROM task_outcomes WHERE task_id = ?`).run(id).changes > 0;
}

/** The task's outcome, or null while it is open (or unknown). */
export function getOutcome(db: Db, taskId: string): TaskOutcomeRecord | null {
  const row = db
    .prepare<[string], { task_id: string; outcome: TaskOutcome; marked_at: number; note: string | null }>(
      `SELECT task_id, outcome, marked_at, note FROM task_outcomes WHERE task_id = ?`,
    )
    .get(checkTaskId(taskId));
  return row
    ? {
        taskId: row.task_id,
        outcome: row.outcome,
        markedAt: new Date(row.marked_at).toISOString(),
        note: row.note,
      }
    : null;
}

function checkTaskId(taskId: string): string {
  if (typeof taskId !== 'string' || taskId.trim() === '') {
    throw new TaskOutcomeError('a task id is required');
  }
  // Stored ids are trimmed (handle-request.ts), so a pasted id with stray spaces still finds its task.
  return taskId.trim();
}
