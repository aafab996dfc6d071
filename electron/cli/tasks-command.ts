import { clearOutcome, getOutcome, markOutcome, TaskOutcomeError } from '../core/outcomes/task-outcomes';
import { taskReport } from '../core/outcomes/task-report';
import {
  TASK_OUTCOMES,
  type TaskGroupRow,
  type TaskOutcomeRecord,
  type TaskReport,
} from '../core/outcomes/types';
import { defaultDataDir } from '../core/paths';
import { openDatabase } from '../core/store/open-database';
import { openExistingDatabase, parseInstant, UsageError, type Io } from './commands';

export interface TasksOptions {
  dataDir?: string;
  /** ISO 8601; default: no lower bound. */
  since?: string;
  /** ISO 8601, exclusive; default: no upper bound. */
  until?: string;
  json?: boolean;
}

/** `farebox tasks`: cost per task and per resolved task, by tool and by model. */
export function tasks(options: TasksOptions, io: Io): TaskReport {
  const range = {
    since: parseInstant(options.since, '--since'),
    until: parseInstant(options.until, '--until'),
  };
  if (range.since !== undefined && range.until !== undefined && range.until <= range.since) {
    throw new UsageError('--until must be after --since');
  }
  // No database yet means no tasks: an empty in-memory one gives the same, empty, report.
  const db = openExistingDatabase(options.dataDir) ?? openDatabase(':memory:');
  let report: TaskReport;
  try {
    report = taskReport(db, range);
  } finally {
    db.close();
  }
  io.out(options.json ? JSON.stringify(report, null, 2) : formatTasks(report));
  return report;
}

export interface OutcomeOptions {
  dataDir?: string;
  task?: string;
  /** resolved, failed or abandoned; `open` removes the mark. */
  outcome?: string;
  note?: string;
  json?: boolean;
}

/** `farebox outcome TASK resolved|failed|abandoned [--note TEXT]`; `open` clears the mark. */
export function outcome(options: OutcomeOptions, io: Io): TaskOutcomeRecord | null {
  const task = options.task?.trim();
  if (!task) throw new UsageError(`a task id is required: farebox outcome TASK ${TASK_OUTCOMES.join('|')}`);
  const wanted = options.outcome;
  if (wanted === undefined) {
    throw new UsageError(`an outcome is required: ${TASK_OUTCOMES.join(', ')} (or open to clear it)`);
  }
  if (wanted !== 'open' && !(TASK_OUTCOMES as readonly string[]).includes(wanted)) {
    throw new UsageError(`outcome must be one of ${TASK_OUTCOMES.join(', ')} or open, not "${wanted}"`);
  }
  const db = openExistingDatabase(options.dataDir);
  if (!db) {
    throw new UsageError(
      `no task "${task}": there is no request log in ${options.dataDir ?? defaultDataDir()}`,
    );
  }
  try {
    const before = getOutcome(db, task);
    let result: TaskOutcomeRecord | null;
    if (wanted === 'open') {
      clearOutcome(db, task);
      result = null;
    } else {
      result = markOutcome(db, task, wanted, options.note);
    }
    if (options.json) {
      io.out(JSON.stringify({ taskId: task, outcome: result?.outcome ?? 'open', previous: before }, null, 2));
    } else {
      const was = before ? `was ${before.outcome}` : 'was open';
      io.out(
        result
          ? `Task ${task} marked ${result.outcome} (${was})${result.note ? `: ${result.note}` : ''}`
          : `Task ${task} is open (${was})`,
      );
    }
    return result;
  } catch (error) {
    if (error instanceof TaskOutcomeError) throw new UsageError(error.message);
    throw error;
  } finally {
    db.close();
  }
}

export function formatTasks(r: TaskReport): string {
  const s = r.summary;
  const period =
    r.since || r.until
      ? ` ${r.since ? `from ${r.since} ` : ''}${r.until ? `until ${r.until}` : ''}`.trimEnd()
      : '';
  const lines = [
    `Tasks${period}: ${s.tasks} task(s) — ${s.resolved} resolved, ${s.failed} failed, ${s.abandoned} abandoned, ${s.open} open; ${usd(s.costUsd)} over ${s.requests} request(s) at list price (${usd(s.onDemandCostUsd)} of it billed on demand)`,
  ];
  if (s.unpricedRequests > 0) {
    lines.push(
      `  ${s.unpricedRequests} request(s) are unpriced (no price for their model) and not in the costs`,
    );
  }
  if (r.tasks.length > 0) {
    const header = ['task', 'outcome', 'tools', 'models', 'requests', 'tokens', 'cost', 'last request'];
    const table = r.tasks.map((t) => [
      t.taskId,
      t.outcome,
      t.tools.join(', '),
      t.models.join(', '),
      String(t.requests),
      count(t.tokens.total),
      usd(t.costUsd) + (t.unpricedRequests > 0 ? ` +${t.unpricedRequests} unpriced` : ''),
      t.lastRequestAt,
    ]);
    lines.push('', ...formatTable(header, table, new Set([4, 5, 6])));
  }
  lines.push(
    '',
    `Cost per task: ${usd(s.costUsd)} ÷ ${s.tasks} task(s) = ${usd(s.costPerTaskUsd)}`,
    `Cost per resolved task, all-in (every task's cost, failed, abandoned and open ones too, ÷ resolved tasks): ${usd(s.costUsd)} ÷ ${s.resolved} = ${usd(s.costPerResolvedTaskUsd)}`,
    `Mean cost of a resolved task (the resolved tasks' own cost ÷ resolved tasks): ${usd(s.resolvedCostUsd)} ÷ ${s.resolved} = ${usd(s.meanResolvedTaskCostUsd)}`,
  );
  for (const [title, rows] of [
    ['tool', r.byTool],
    ['model', r.byModel],
  ] as const) {
    if (rows.length === 0) continue;
    lines.push(
      '',
      `By ${title}${title === 'model' ? ' (served model; a task using two models splits its cost by request)' : ''}:`,
      ...formatTable(
        [
          title,
          'tasks',
          'resolved',
          'requests',
          'cost',
          'per task',
          'per resolved (all-in)',
          'resolved mean',
        ],
        rows.map(groupCells),
        new Set([1, 2, 3, 4, 5, 6, 7]),
      ),
    );
  }
  if (r.untasked.requests > 0) {
    lines.push(
      '',
      `Requests in no task (no x-farebox-task header, no session id): ${r.untasked.requests}, ${usd(r.untasked.costUsd)} at list price${r.untasked.unpricedRequests > 0 ? ` (${r.untasked.unpricedRequests} unpriced)` : ''}`,
    );
  }
  return lines.join('\n');
}

function groupCells(g: TaskGroupRow): string[] {
  return [
    g.key,
    String(g.tasks),
    String(g.resolvedTasks),
    String(g.requests),
    usd(g.costUsd),
    usd(g.costPerTaskUsd),
    usd(g.costPerResolvedTaskUsd),
    usd(g.meanResolvedTaskCostUsd),
  ];
}

/** Left-aligned text columns, right-aligned numeric ones (by index), two spaces apart and indented. */
export function formatTable(header: string[], rows: string[][], numeric: ReadonlySet<number>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

/** Money keeps its micro-dollars: cents would hide what cheap models cost. */
export function usd(value: number | null): string {
  return value === null ? 'n/a' : `${value < 0 ? '-' : ''}$${Math.abs(value).toFixed(6)}`;
}

export function count(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
