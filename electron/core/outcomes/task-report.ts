import { roundUsd } from '../../../shared/pricing';
import type { Db } from '../store/open-database';
import type {
  TaskGroupRow,
  TaskOutcome,
  TaskRange,
  TaskReport,
  TaskRow,
  TaskStatus,
  TaskSummary,
  TokenTotals,
} from './types';

/** The model a request is counted under: the served one, else the requested one (as in request-queries.ts). */
export const MODEL_EXPRESSION = `COALESCE(served_model, requested_model, '(none)')`;

/** One (task, tool, model) slice of the log, summed in SQL. */
interface SliceRow {
  taskId: string;
  tool: string;
  model: string;
  requests: number;
  firstAt: number;
  lastAt: number;
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
  costUsd: number;
  onDemandCostUsd: number;
  unpriced: number;
  outcome: TaskOutcome | null;
  markedAt: number | null;
  note: string | null;
}

/**
 * Cost per task over a range. Only the requests that started in the range count (so a task that spans two
 * months is split between them, and each month adds up to its own spend); in-flight rows are left out. A
 * task's cost is the list price of its priced requests, whatever paid for them (onDemandCostUsd is the
 * per-token part); unpriced requests are counted apart, never as $0.
 *
 * By tool and by model, a task's cost is split by request: each group gets the cost of its own requests, so
 * the groups add up to the total, while a task that used two models counts as one task under each.
 */
export function taskReport(db: Db, range: TaskRange = {}): TaskReport {
  const since = range.since ?? 0;
  const until = range.until ?? Number.MAX_SAFE_INTEGER;
  const inRange = `started_at >= ? AND started_at < ? AND outcome != 'in_flight'`;
  const slices = db
    .prepare<[number, number], SliceRow>(
      `SELECT s.*, o.outcome AS outcome, o.marked_at AS markedAt, o.note AS note
       FROM (
         SELECT task_id AS taskId, tool, ${MODEL_EXPRESSION} AS model,
           COUNT(*) AS requests, MIN(started_at) AS firstAt, MAX(started_at) AS lastAt,
           SUM(input_tokens) AS input, SUM(cache_read_tokens) AS cacheRead,
           SUM(cache_write_5m_tokens + cache_write_1h_tokens) AS cacheWrite, SUM(output_tokens) AS output,
           COALESCE(SUM(cost_usd), 0) AS costUsd,
           COALESCE(SUM(CASE WHEN billing = 'on_demand' THEN cost_usd END), 0) AS onDemandCostUsd,
           SUM(cost_usd IS NULL) AS unpriced
         FROM requests
         WHERE ${inRange} AND task_id IS NOT NULL
         GROUP BY task_id, tool, model
       ) s LEFT JOIN task_outcomes o ON o.task_id = s.taskId
       ORDER BY s.taskId, s.tool, s.model`,
    )
    .all(since, until);
  const untasked = db
    .prepare<
      [number, number],
      { requests: number; costUsd: number; onDemandCostUsd: number; unpricedRequests: number }
    >(
      `SELECT COUNT(*) AS requests, COALESCE(SUM(cost_usd), 0) AS costUsd,
         COALESCE(SUM(CASE WHEN billing = 'on_demand' THEN cost_usd END), 0) AS onDemandCostUsd,
         COALESCE(SUM(cost_usd IS NULL), 0) AS unpricedRequests
       FROM requests WHERE ${inRange} AND task_id IS NULL`,
    )
    .get(since, until)!;

  const tasks = new Map<string, TaskRow>();
  /** First and last request times, kept as numbers while the rows are built. */
  const spans = new Map<string, { first: number; last: number }>();
  for (const s of slices) {
    let task = tasks.get(s.taskId);
    if (!task) {
      task = {
        taskId: s.taskId,
        tools: [],
        models: [],
        firstRequestAt: '',
        lastRequestAt: '',
        requests: 0,
        tokens: zeroTokens(),
        costUsd: 0,
        onDemandCostUsd: 0,
        unpricedRequests: 0,
        outcome: s.outcome ?? 'open',
        markedAt: s.markedAt === null ? null : new Date(s.markedAt).toISOString(),
        note: s.note,
      };
      tasks.set(s.taskId, task);
      spans.set(s.taskId, { first: s.firstAt, last: s.lastAt });
    }
    const span = spans.get(s.taskId)!;
    span.first = Math.min(span.first, s.firstAt);
    span.last = Math.max(span.last, s.lastAt);
    if (!task.tools.includes(s.tool)) task.tools.push(s.tool);
    if (!task.models.includes(s.model)) task.models.push(s.model);
    task.requests += s.requests;
    addTokens(task.tokens, s);
    task.costUsd += s.costUsd;
    task.onDemandCostUsd += s.onDemandCostUsd;
    task.unpricedRequests += s.unpriced;
  }

  const rows = [...tasks.values()];
  for (const task of rows) {
    const span = spans.get(task.taskId)!;
    task.firstRequestAt = new Date(span.first).toISOString();
    task.lastRequestAt = new Date(span.last).toISOString();
    task.tools.sort();
    task.models.sort();
  }
  const summary = summarize(rows);
  return {
    since: range.since === undefined ? null : new Date(range.since).toISOString(),
    until: range.until === undefined ? null : new Date(range.until).toISOString(),
    tasks: rows
      .map((t) => ({ ...t, costUsd: roundUsd(t.costUsd), onDemandCostUsd: roundUsd(t.onDemandCostUsd) }))
      .sort(
        (a, b) =>
          b.lastRequestAt.localeCompare(a.lastRequestAt) ||
          (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0),
      ),
    summary,
    byTool: groupBy(slices, (s) => s.tool),
    byModel: groupBy(slices, (s) => s.model),
    untasked: {
      requests: untasked.requests,
      costUsd: roundUsd(untasked.costUsd),
      onDemandCostUsd: roundUsd(untasked.onDemandCostUsd),
      unpricedRequests: untasked.unpricedRequests,
    },
  };
}

function summarize(tasks: TaskRow[]): TaskSummary {
  const count = (status: TaskStatus) => tasks.filter((t) => t.outcome === status).length;
  const resolved = count('resolved');
  const tokens = zeroTokens();
  for (const t of tasks) addTotals(tokens, t.tokens);
  const costUsd = sum(tasks.map((t) => t.costUsd));
  const resolvedCostUsd = sum(tasks.filter((t) => t.outcome === 'resolved').map((t) => t.costUsd));
  return {
    tasks: tasks.length,
    resolved,
    failed: count('failed'),
    abandoned: count('abandoned'),
    open: count('open'),
    requests: sum(tasks.map((t) => t.requests)),
    tokens,
    costUsd: roundUsd(costUsd),
    onDemandCostUsd: roundUsd(sum(tasks.map((t) => t.onDemandCostUsd))),
    unpricedRequests: sum(tasks.map((t) => t.unpricedRequests)),
    resolvedCostUsd: roundUsd(resolvedCostUsd),
    costPerTaskUsd: ratio(costUsd, tasks.length),
    costPerResolvedTaskUsd: ratio(costUsd, resolved),
    meanResolvedTaskCostUsd: ratio(resolvedCostUsd, resolved),
  };
}

function groupBy(slices: SliceRow[], keyOf: (s: SliceRow) => string): TaskGroupRow[] {
  const groups = new Map<
    string,
    {
      tasks: Set<string>;
      resolved: Set<string>;
      requests: number;
      tokens: TokenTotals;
      cost: number;
      resolvedCost: number;
      unpriced: number;
    }
  >();
  for (const s of slices) {
    const key = keyOf(s);
    let g = groups.get(key);
    if (!g) {
      g = {
        tasks: new Set(),
        resolved: new Set(),
        requests: 0,
        tokens: zeroTokens(),
        cost: 0,
        resolvedCost: 0,
        unpriced: 0,
      };
      groups.set(key, g);
    }
    g.tasks.add(s.taskId);
    if (s.outcome === 'resolved') {
      g.resolved.add(s.taskId);
      g.resolvedCost += s.costUsd;
    }
    g.requests += s.requests;
    addTokens(g.tokens, s);
    g.cost += s.costUsd;
    g.unpriced += s.unpriced;
  }
  return [...groups.entries()]
    .map(([key, g]): TaskGroupRow => ({
      key,
      tasks: g.tasks.size,
      resolvedTasks: g.resolved.size,
      requests: g.requests,
      tokens: g.tokens,
      costUsd: roundUsd(g.cost),
      unpricedRequests: g.unpriced,
      resolvedCostUsd: roundUsd(g.resolvedCost),
      costPerTaskUsd: ratio(g.cost, g.tasks.size),
      costPerResolvedTaskUsd: ratio(g.cost, g.resolved.size),
      meanResolvedTaskCostUsd: ratio(g.resolvedCost, g.resolved.size),
    }))
    .sort((a, b) => b.costUsd - a.costUsd || b.requests - a.requests || (a.key < b.key ? -1 : 1));
}

function ratio(cost: number, count: number): number | null {
  return count > 0 ? roundUsd(cost / count) : null;
}

function sum(values: number[]): number {
  return values.reduce((total, v) => total + v, 0);
}

function zeroTokens(): TokenTotals {
  return { input: 0, cacheRead: 0, cacheWrite: 0, output: 0, total: 0 };
}

function addTokens(tokens: TokenTotals, s: SliceRow): void {
  tokens.input += s.input;
  tokens.cacheRead += s.cacheRead;
  tokens.cacheWrite += s.cacheWrite;
  tokens.output += s.output;
  tokens.total += s.input + s.cacheRead + s.cacheWrite + s.output;
}

function addTotals(tokens: TokenTotals, other: TokenTotals): void {
  tokens.input += other.input;
  tokens.cacheRead += other.cacheRead;
  tokens.cacheWrite += other.cacheWrite;
  tokens.output += other.output;
  tokens.total += other.total;
}
