import {
  TASK_OUTCOMES,
  type TaskOutcome,
  type TaskReport,
  type TaskRow,
  type TaskStatus,
} from '../../../../shared/outcomes';

export type TaskRangePreset = '7d' | '30d' | '90d' | 'all';

export const TASK_RANGES: ReadonlyArray<{ id: TaskRangePreset; label: string }> = [
  { id: '7d', label: '7 days' },
  { id: '30d', label: '30 days' },
  { id: '90d', label: '90 days' },
  { id: 'all', label: 'All time' },
];

/** The tasks:list range for a preset: from local midnight N−1 days ago; nothing for all time. */
export function taskRange(preset: TaskRangePreset, now: number = Date.now()): { since?: string } | undefined {
  if (preset === 'all') return undefined;
  const days = preset === '7d' ? 7 : preset === '30d' ? 30 : 90;
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  start.setDate(start.getDate() - (days - 1));
  return { since: start.toISOString() };
}

export type StatusFilter = 'all' | TaskStatus;

export const STATUS_FILTERS: ReadonlyArray<{ id: StatusFilter; label: string }> = [
  { id: 'all', label: 'All' },
  { id: 'open', label: 'Open' },
  { id: 'resolved', label: 'Resolved' },
  { id: 'failed', label: 'Failed' },
  { id: 'abandoned', label: 'Abandoned' },
];

export const OUTCOME_LABELS: Record<TaskStatus, string> = {
  open: 'Open',
  resolved: 'Resolved',
  failed: 'Failed',
  abandoned: 'Abandoned',
};

export function filterTasks(tasks: readonly TaskRow[], status: StatusFilter, search: string): TaskRow[] {
  const needle = search.trim().toLowerCase();
  return tasks.filter((task) => {
    if (status !== 'all' && task.outcome !== status) return false;
    if (!needle) return true;
    return (
      task.taskId.toLowerCase().includes(needle) ||
      task.tools.some((t) => t.toLowerCase().includes(needle)) ||
      task.models.some((m) => m.toLowerCase().includes(needle)) ||
      (task.note ?? '').toLowerCase().includes(needle)
    );
  });
}

export const MAX_NOTE_CHARS = 500;

export interface OutcomeForm {
  outcome: TaskStatus;
  note: string;
}

export function validateOutcome(form: OutcomeForm): Partial<Record<keyof OutcomeForm, string>> {
  const errors: Partial<Record<keyof OutcomeForm, string>> = {};
  if (form.outcome !== 'open' && !(TASK_OUTCOMES as readonly string[]).includes(form.outcome)) {
    errors.outcome = 'Choose resolved, failed, abandoned or open';
  }
  if (form.note.length > MAX_NOTE_CHARS) errors.note = `Keep the note under ${MAX_NOTE_CHARS} characters`;
  if (form.outcome === 'open' && form.note.trim())
    errors.note = 'An open task has no note; clear it or pick an outcome';
  return errors;
}

/** The report with one task's mark changed, shown at once while the core recomputes the summary. */
export function withOutcome(
  report: TaskReport,
  taskId: string,
  outcome: TaskOutcome | 'open',
  note: string | null,
  markedAt: string | null,
): TaskReport {
  return {
    ...report,
    tasks: report.tasks.map((task) =>
      task.taskId === taskId
        ? {
            ...task,
            outcome,
            note: outcome === 'open' ? null : note,
            markedAt: outcome === 'open' ? null : markedAt,
          }
        : task,
    ),
  };
}

/** "3 of 10 resolved (30 %)". */
export function resolvedShare(summary: TaskReport['summary']): string {
  const marked = summary.tasks - summary.open;
  if (summary.tasks === 0) return 'no tasks';
  const share = marked > 0 ? Math.round((summary.resolved / marked) * 100) : null;
  return `${summary.resolved} of ${summary.tasks} resolved${share !== null ? ` (${share} % of those marked)` : ''}`;
}
