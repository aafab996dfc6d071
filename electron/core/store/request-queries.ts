import { roundUsd } from '../../../shared/pricing';
import type {
  MonthStats,
  RequestRecord,
  SavingsRow,
  SavingsSummary,
  SpendRow,
} from '../../../shared/records';
import type { Db } from './open-database';
import { sameModel } from './dashboard-queries';
import { rowToRecord, type RequestRow } from './request-entry';

export interface ExportRange {
  /** Inclusive, ms since epoch. */
  since?: number;
  /** Exclusive, ms since epoch. */
  until?: number;
}

/** Streams records oldest first, without loading the whole log into memory. */
export function* iterateRequests(db: Db, range: ExportRange = {}): Generator<RequestRecord> {
  const statement = db.prepare<[number, number], RequestRow>(
    `SELECT * FROM requests WHERE started_at >= ? AND started_at < ? AND outcome != 'in_flight'
     ORDER BY started_at, id`,
  );
  for (const row of statement.iterate(range.since ?? 0, range.until ?? Number.MAX_SAFE_INTEGER)) {
    yield rowToRecord(row);
  }
}

export function recentRequests(db: Db, limit = 50): RequestRecord[] {
  return db
    .prepare<[number], RequestRow>(`SELECT * FROM requests ORDER BY started_at DESC, id DESC LIMIT ?`)
    .all(Math.max(1, Math.min(limit, 10_000)))
    .map(rowToRecord);
}

/** Parses YYYY-MM (default: now) into the month's bounds in the process's local time zone. */
export function monthBounds(month?: string, now = new Date()): { month: string; from: Date; until: Date } {
  let year = now.getFullYear();
  let monthIndex = now.getMonth();
  if (month !== undefined) {
    const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
    if (!match) throw new Error(`month must look like YYYY-MM, got "${month}"`);
    year = Number(match[1]);
    monthIndex = Number(match[2]) - 1;
  }
  const from = new Date(year, monthIndex, 1);
  const until = new Date(year, monthIndex + 1, 1);
  return { month: `${year}-${String(monthIndex + 1).padStart(2, '0')}`, from, until };
}

const HOUR_MS = 3_600_000;

/** One combination of the rollup's dimensions, summed over the hours of a range. */
interface RollupCell {
  provider: string;
  model: string;
  requestedModel: string;
  tool: string;
  ruleId: string;
  billing: string;
  requests: number;
  costUsd: number;
  unpricedRequests: number;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  baselineUsd: number;
  comparedUsd: number;
  comparedRequests: number;
  unpricedBaseline: number;
}

/**
 * Month-to-date spend from the hourly rollups, so the overview stays fast at millions of requests: one scan
 * of the month's rollup rows, summed per dimension combination in SQL, then grouped every way in memory.
 * Months are unions of whole UTC hours in every zone with a whole-hour offset (half-hour zones put up to 30
 * minutes at each end into the neighbouring month). On-demand spend only in the groupings: pool and plan
 * traffic is paid by its reservation (byBilling shows it at list price).
 */
export function monthStats(db: Db, month?: string, now = new Date()): MonthStats {
  const bounds = monthBounds(month, now);
  const cells = rollupCells(db, [hourFloor(bounds.from.getTime()), hourFloor(bounds.until.getTime())]);
  const onDemand = cells.filter((cell) => cell.billing === 'on_demand');
  const byProvider = spendRows(onDemand, (c) => c.provider);
  return {
    month: bounds.month,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    from: bounds.from.toISOString(),
    until: bounds.until.toISOString(),
    totalUsd: roundUsd(sum(onDemand, (c) => c.costUsd)),
    requests: sum(cells, (c) => c.requests),
    unpricedRequests: sum(onDemand, (c) => c.unpricedRequests),
    byProvider,
    byModel: spendRows(onDemand, (c) => c.model || '(none)'),
    byTool: spendRows(onDemand, (c) => c.tool),
    byBilling: spendRows(cells, (c) => c.billing),
    savings: savingsOf(cells),
  };
}

/** Savings from substitution over whole hours of the rollups (baseline − actual where both are known). */
export function savingsSummary(db: Db, range: readonly [number, number]): SavingsSummary {
  return savingsOf(rollupCells(db, range));
}

function rollupCells(db: Db, range: readonly [number, number]): RollupCell[] {
  return db
    .prepare<[number, number], RollupCell>(
      `SELECT provider, model, requested_model AS requestedModel, tool, rule_id AS ruleId, billing,
         SUM(requests) AS requests, SUM(cost_usd) AS costUsd, SUM(unpriced_requests) AS unpricedRequests,
         SUM(input_tokens) AS inputTokens, SUM(cache_read_tokens) AS cacheReadTokens,
         SUM(cache_write_tokens) AS cacheWriteTokens, SUM(output_tokens) AS outputTokens,
         SUM(baseline_cost_usd) AS baselineUsd, SUM(compared_cost_usd) AS comparedUsd,
         SUM(compared_requests) AS comparedRequests, SUM(unpriced_baseline_requests) AS unpricedBaseline
       FROM rollup_hourly WHERE hour_start >= ? AND hour_start < ?
       GROUP BY provider, model, requested_model, tool, rule_id, billing`,
    )
    .all(range[0], range[1]);
}

function spendRows(cells: readonly RollupCell[], keyOf: (cell: RollupCell) => string): SpendRow[] {
  const rows = new Map<string, SpendRow>();
  for (const cell of cells) {
    const key = keyOf(cell);
    let row = rows.get(key);
    if (!row) {
      row = {
        key,
        requests: 0,
        costUsd: 0,
        unpricedRequests: 0,
        inputTokens: 0,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 0,
      };
      rows.set(key, row);
    }
    row.requests += cell.requests;
    row.costUsd += cell.costUsd;
    row.unpricedRequests += cell.unpricedRequests;
    row.inputTokens += cell.inputTokens;
    row.cacheReadTokens += cell.cacheReadTokens;
    row.cacheWriteTokens += cell.cacheWriteTokens;
    row.outputTokens += cell.outputTokens;
  }
  return [...rows.values()]
    .map((row) => ({ ...row, costUsd: roundUsd(row.costUsd) }))
    .sort(
      (a, b) =>
        b.costUsd - a.costUsd || b.requests - a.requests || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
}

function savingsOf(cells: readonly RollupCell[]): SavingsSummary {
  const group = (keyOf: (cell: RollupCell) => string) => {
    const rows = new Map<string, SavingsRow & { cell: RollupCell }>();
    for (const cell of cells) {
      if (cell.comparedRequests === 0) continue;
      const key = keyOf(cell);
      const row = rows.get(key) ?? { key, requests: 0, baselineUsd: 0, actualUsd: 0, savingsUsd: 0, cell };
      row.requests += cell.comparedRequests;
      row.baselineUsd += cell.baselineUsd;
      row.actualUsd += cell.comparedUsd;
      rows.set(key, row);
    }
    return [...rows.values()]
      .map(({ cell, ...row }) => ({ row: roundSavings(row), cell }))
      .sort((a, b) => b.row.savingsUsd - a.row.savingsUsd || (a.row.key < b.row.key ? -1 : 1));
  };
  const name = (model: string) => model || '(none)';
  const baseline = sum(cells, (c) => c.baselineUsd);
  const actual = sum(cells, (c) => c.comparedUsd);
  return {
    baselineUsd: roundUsd(baseline),
    actualUsd: roundUsd(actual),
    savingsUsd: roundUsd(baseline - actual),
    // Routed: the model that answered is not the one asked for (a dated snapshot of it does not count).
    routedRequests: sum(
      cells.filter((c) => c.requestedModel !== '' && c.model !== '' && !sameModel(c.requestedModel, c.model)),
      (c) => c.requests,
    ),
    unpricedBaselineRequests: sum(cells, (c) => c.unpricedBaseline),
    byRule: group((c) => c.ruleId || '(no rule)').map(({ row }) => row),
    byTool: group((c) => c.tool).map(({ row }) => row),
    byRoute: group((c) => `${name(c.requestedModel)} → ${name(c.model)}`).map(({ row, cell }) => ({
      ...row,
      requestedModel: name(cell.requestedModel),
      servedModel: name(cell.model),
    })),
  };
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += value(item);
  return total;
}

function hourFloor(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

function roundSavings<T extends SavingsRow>(row: T): T {
  return {
    ...row,
    baselineUsd: roundUsd(row.baselineUsd),
    actualUsd: roundUsd(row.actualUsd),
    savingsUsd: roundUsd(row.baselineUsd - row.actualUsd),
  };
}
