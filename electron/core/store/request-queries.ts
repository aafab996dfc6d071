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

type GroupColumn = 'provider' | 'model' | 'tool' | 'billing';

const GROUP_EXPRESSION: Record<GroupColumn, string> = {
  provider: 'provider',
  model: `CASE model WHEN '' THEN '(none)' ELSE model END`,
  tool: 'tool',
  billing: 'billing',
};

const HOUR_MS = 3_600_000;

/**
 * Month-to-date spend from the hourly rollups, so the overview stays fast at millions of requests. Months
 * are unions of whole UTC hours in every zone with a whole-hour offset (half-hour zones put up to 30 minutes
 * at each end into the neighbouring month). On-demand spend only in the groupings: pool and plan traffic is
 * paid by its reservation (byBilling shows it at list price).
 */
export function monthStats(db: Db, month?: string, now = new Date()): MonthStats {
  const bounds = monthBounds(month, now);
  const range = [hourFloor(bounds.from.getTime()), hourFloor(bounds.until.getTime())] as const;
  const groups = {} as Record<GroupColumn, SpendRow[]>;
  for (const column of ['provider', 'model', 'tool', 'billing'] as const) {
    const onDemand = column === 'billing' ? '' : `AND billing = 'on_demand'`;
    groups[column] = db
      .prepare<[number, number], SpendRow>(
        `SELECT ${GROUP_EXPRESSION[column]} AS key,
           SUM(requests) AS requests,
           SUM(cost_usd) AS costUsd,
           SUM(unpriced_requests) AS unpricedRequests,
           SUM(input_tokens) AS inputTokens,
           SUM(cache_read_tokens) AS cacheReadTokens,
           SUM(cache_write_tokens) AS cacheWriteTokens,
           SUM(output_tokens) AS outputTokens
         FROM rollup_hourly
         WHERE hour_start >= ? AND hour_start < ? ${onDemand}
         GROUP BY key ORDER BY costUsd DESC, requests DESC, key`,
      )
      .all(...range);
  }
  const totals = groups.provider.reduce(
    (sum, row) => ({
      cost: sum.cost + row.costUsd,
      requests: sum.requests,
      unpriced: sum.unpriced + row.unpricedRequests,
    }),
    { cost: 0, requests: groups.billing.reduce((n, row) => n + row.requests, 0), unpriced: 0 },
  );
  return {
    month: bounds.month,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    from: bounds.from.toISOString(),
    until: bounds.until.toISOString(),
    totalUsd: roundUsd(totals.cost),
    requests: totals.requests,
    unpricedRequests: totals.unpriced,
    byProvider: groups.provider.map(roundRow),
    byModel: groups.model.map(roundRow),
    byTool: groups.tool.map(roundRow),
    byBilling: groups.billing.map(roundRow),
    savings: savingsSummary(db, range),
  };
}

function hourFloor(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

function roundRow(row: SpendRow): SpendRow {
  return { ...row, costUsd: roundUsd(row.costUsd) };
}

const SAVINGS_COLUMNS = `SUM(compared_requests) AS requests,
  SUM(baseline_cost_usd) AS baselineUsd,
  SUM(compared_cost_usd) AS actualUsd`;

/** Savings from substitution over whole hours of the rollups (baseline − actual where both are known). */
export function savingsSummary(db: Db, range: readonly [number, number]): SavingsSummary {
  const where = `hour_start >= ? AND hour_start < ?`;
  const rows = (sql: string) =>
    db
      .prepare<[number, number], SavingsRow & Record<string, unknown>>(sql)
      .all(range[0], range[1])
      .filter((row) => row.requests > 0)
      .map(roundSavings);
  const total = db
    .prepare<
      [number, number],
      {
        requests: number | null;
        baselineUsd: number | null;
        actualUsd: number | null;
        unpriced: number | null;
      }
    >(
      `SELECT ${SAVINGS_COLUMNS}, SUM(unpriced_baseline_requests) AS unpriced FROM rollup_hourly WHERE ${where}`,
    )
    .get(range[0], range[1])!;
  const pairs = db
    .prepare<[number, number], { requestedModel: string; servedModel: string; requests: number }>(
      `SELECT requested_model AS requestedModel, model AS servedModel, SUM(requests) AS requests
       FROM rollup_hourly WHERE ${where} AND requested_model != '' AND model != '' GROUP BY 1, 2`,
    )
    .all(range[0], range[1]);
  // Routed: the model that answered is not the one asked for (a dated snapshot of it does not count).
  const routedRequests = pairs
    .filter((p) => !sameModel(p.requestedModel, p.servedModel))
    .reduce((n, p) => n + p.requests, 0);
  const baselineUsd = roundUsd(total.baselineUsd ?? 0);
  const actualUsd = roundUsd(total.actualUsd ?? 0);
  return {
    baselineUsd,
    actualUsd,
    savingsUsd: roundUsd((total.baselineUsd ?? 0) - (total.actualUsd ?? 0)),
    routedRequests,
    unpricedBaselineRequests: total.unpriced ?? 0,
    byRule: rows(
      `SELECT CASE rule_id WHEN '' THEN '(no rule)' ELSE rule_id END AS key, ${SAVINGS_COLUMNS}
       FROM rollup_hourly WHERE ${where} GROUP BY key ORDER BY baselineUsd - actualUsd DESC, key`,
    ),
    byTool: rows(
      `SELECT tool AS key, ${SAVINGS_COLUMNS} FROM rollup_hourly WHERE ${where}
       GROUP BY key ORDER BY baselineUsd - actualUsd DESC, key`,
    ),
    byRoute: rows(
      `SELECT CASE requested_model WHEN '' THEN '(none)' ELSE requested_model END || ' → ' ||
           CASE model WHEN '' THEN '(none)' ELSE model END AS key,
         CASE requested_model WHEN '' THEN '(none)' ELSE requested_model END AS requestedModel,
         CASE model WHEN '' THEN '(none)' ELSE model END AS servedModel,
         ${SAVINGS_COLUMNS}
       FROM rollup_hourly WHERE ${where}
       GROUP BY requested_model, model ORDER BY baselineUsd - actualUsd DESC, key`,
    ) as unknown as SavingsSummary['byRoute'],
  };
}

function roundSavings<T extends SavingsRow>(row: T): T {
  return {
    ...row,
    baselineUsd: roundUsd(row.baselineUsd),
    actualUsd: roundUsd(row.actualUsd),
    savingsUsd: roundUsd(row.baselineUsd - row.actualUsd),
  };
}
