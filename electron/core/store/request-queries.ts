import { roundUsd } from '../../../shared/pricing';
import type {
  MonthStats,
  RequestRecord,
  SavingsRow,
  SavingsSummary,
  SpendRow,
} from '../../../shared/records';
import type { Db } from './open-database';
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
  model: `COALESCE(served_model, requested_model, '(none)')`,
  tool: 'tool',
  billing: 'billing',
};

/** Month-to-date spend from the raw log (exact for any time zone offset). */
export function monthStats(db: Db, month?: string, now = new Date()): MonthStats {
  const bounds = monthBounds(month, now);
  const range = [bounds.from.getTime(), bounds.until.getTime()] as const;
  const groups = {} as Record<GroupColumn, SpendRow[]>;
  for (const column of ['provider', 'model', 'tool', 'billing'] as const) {
    // On-demand spend only: pool and subscription traffic is paid by its reservation or plan (byBilling
    // shows it at list price).
    const onDemand = column === 'billing' ? '' : `AND billing = 'on_demand'`;
    groups[column] = db
      .prepare<[number, number], SpendRow>(
        `SELECT ${GROUP_EXPRESSION[column]} AS key,
           COUNT(*) AS requests,
           COALESCE(SUM(cost_usd), 0) AS costUsd,
           SUM(cost_usd IS NULL) AS unpricedRequests,
           SUM(input_tokens) AS inputTokens,
           SUM(cache_read_tokens) AS cacheReadTokens,
           SUM(cache_write_5m_tokens + cache_write_1h_tokens) AS cacheWriteTokens,
           SUM(output_tokens) AS outputTokens
         FROM requests
         WHERE started_at >= ? AND started_at < ? AND outcome != 'in_flight' ${onDemand}
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

const SAVINGS_COLUMNS = `COUNT(*) AS requests,
  COALESCE(SUM(baseline_cost_usd), 0) AS baselineUsd,
  COALESCE(SUM(cost_usd), 0) AS actualUsd`;
/** Requests where both the actual and the baseline cost are known. */
const COMPARED = `started_at >= ? AND started_at < ? AND outcome != 'in_flight'
  AND cost_usd IS NOT NULL AND baseline_cost_usd IS NOT NULL`;

/** Savings from substitution in a time range, from the raw log. */
export function savingsSummary(db: Db, range: readonly [number, number]): SavingsSummary {
  const rows = (sql: string) =>
    db
      .prepare<[number, number], SavingsRow & Record<string, unknown>>(sql)
      .all(...range)
      .map(roundSavings);
  const total = rows(`SELECT '' AS key, ${SAVINGS_COLUMNS} FROM requests WHERE ${COMPARED}`)[0]!;
  const counts = db
    .prepare<[number, number], { routed: number; unpriced: number }>(
      // Routed: the last attempt asked another model than the client did.
      `SELECT COALESCE(SUM(attempts IS NOT NULL
           AND json_extract(attempts, '$[#-1].model') IS NOT requested_model), 0) AS routed,
         COALESCE(SUM(baseline_cost_usd IS NULL AND outcome != 'rejected'), 0) AS unpriced
       FROM requests WHERE started_at >= ? AND started_at < ? AND outcome != 'in_flight'`,
    )
    .get(...range)!;
  return {
    baselineUsd: total.baselineUsd,
    actualUsd: total.actualUsd,
    savingsUsd: total.savingsUsd,
    routedRequests: counts.routed,
    unpricedBaselineRequests: counts.unpriced,
    byRule: rows(
      `SELECT COALESCE(rule_id, '(no rule)') AS key, ${SAVINGS_COLUMNS} FROM requests WHERE ${COMPARED}
       GROUP BY key ORDER BY baselineUsd - actualUsd DESC, key`,
    ),
    byTool: rows(
      `SELECT tool AS key, ${SAVINGS_COLUMNS} FROM requests WHERE ${COMPARED}
       GROUP BY key ORDER BY baselineUsd - actualUsd DESC, key`,
    ),
    byRoute: rows(
      `SELECT COALESCE(requested_model, '(none)') || ' → ' || COALESCE(served_model, '(none)') AS key,
         COALESCE(requested_model, '(none)') AS requestedModel, COALESCE(served_model, '(none)') AS servedModel,
         ${SAVINGS_COLUMNS} FROM requests WHERE ${COMPARED}
       GROUP BY requestedModel, servedModel ORDER BY baselineUsd - actualUsd DESC, key`,
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

function roundRow(row: SpendRow): SpendRow {
  return { ...row, costUsd: roundUsd(row.costUsd) };
}
