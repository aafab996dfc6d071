import type {
  RequestPage,
  RequestQuery,
  SpendGroup,
  SpendSeries,
  SpendSeriesQuery,
  SubstitutionReport,
} from '../../../shared/dashboard';
import { roundUsd } from '../../../shared/pricing';
import type { AttemptRecord } from '../../../shared/routing';
import { periodBounds, systemTimeZone } from '../budgets/periods';
import type { Db } from './open-database';
import { rowToRecord, type RequestRow } from './request-entry';

/**
 * The dashboard's reads: the spend chart (spendSeries), the substitution Sankey and fallback table
 * (substitutionReport) and the request log browser (queryRequests). Money is summed unrounded and rounded
 * (roundUsd) only in the result.
 */

const HOUR_MS = 3_600_000;
/** A chart wider than this is a mistake (a year of hours is 8,760 buckets). */
const MAX_BUCKETS = 20_000;
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

// ---------------------------------------------------------------------------------------------- spend series

/** Rollup columns per group: the rollup's key is (hour, provider, model, requested model, tool, rule). */
const ROLLUP_KEY: Record<Exclude<SpendGroup, 'project'>, string> = {
  model: `CASE model WHEN '' THEN '(none)' ELSE model END`,
  provider: 'provider',
  tool: 'tool',
  rule: `CASE rule_id WHEN '' THEN '(no rule)' ELSE rule_id END`,
};

interface BucketRow {
  /** Index of the bucket. */
  i: number;
  key: string;
  requests: number;
  unpriced: number;
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
  cost: number;
}

interface SeriesAccumulator {
  key: string;
  costUsd: number[];
  requests: number[];
  totalRequests: number;
  totalCost: number;
  unpriced: number;
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
}

/**
 * Spend per bucket and group over [from, until), widened to whole buckets: `from` falls in the first bucket and
 * `until` ends the last. Hour buckets are UTC hours (local hours in every whole-hour time zone); day buckets are
 * local days in `query.timeZone` (default: the system's), 23 or 25 hours long around a DST change.
 *
 * Groups other than 'project' read the hourly rollup, which is keyed by UTC hour: exact for whole-hour offsets.
 * In half- and quarter-hour zones (India, Nepal, parts of Australia) a day bucket takes the UTC hours whose
 * midpoint falls in it, so up to 30 minutes of traffic at each end of a day land in the neighbouring day.
 * 'project' (the first tag of a request, '(none)' without tags) reads the raw log, exact in every zone.
 *
 * Pool and subscription traffic is included at its list price (the rollup does not separate billing).
 */
export function spendSeries(db: Db, query: SpendSeriesQuery): SpendSeries {
  const from = parseInstant(query.from, 'from');
  const until = parseInstant(query.until, 'until');
  if (until <= from) return { buckets: [], series: [], rows: [] };
  const bounds = bucketStarts(from, until, query.bucket, query.timeZone ?? systemTimeZone());
  const n = bounds.length - 1;
  const rows =
    query.groupBy === 'project' ? projectBuckets(db, bounds) : rollupBuckets(db, query.groupBy, bounds);

  const groups = new Map<string, SeriesAccumulator>();
  for (const row of rows) {
    let group = groups.get(row.key);
    if (!group) {
      group = {
        key: row.key,
        costUsd: new Array<number>(n).fill(0),
        requests: new Array<number>(n).fill(0),
        totalRequests: 0,
        totalCost: 0,
        unpriced: 0,
        input: 0,
        cacheRead: 0,
        cacheWrite: 0,
        output: 0,
      };
      groups.set(row.key, group);
    }
    group.costUsd[row.i]! += row.cost;
    group.requests[row.i]! += row.requests;
    group.totalRequests += row.requests;
    group.totalCost += row.cost;
    group.unpriced += row.unpriced;
    group.input += row.input;
    group.cacheRead += row.cacheRead;
    group.cacheWrite += row.cacheWrite;
    group.output += row.output;
  }

  const ordered = [...groups.values()].sort(
    (a, b) =>
      b.totalCost - a.totalCost ||
      b.totalRequests - a.totalRequests ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  return {
    buckets: bounds.slice(0, n).map((t) => new Date(t).toISOString()),
    series: ordered.map((g) => ({ key: g.key, costUsd: g.costUsd.map(roundUsd), requests: g.requests })),
    rows: ordered.map((g) => ({
      key: g.key,
      requests: g.totalRequests,
      costUsd: roundUsd(g.totalCost),
      unpricedRequests: g.unpriced,
      inputTokens: g.input,
      cacheReadTokens: g.cacheRead,
      cacheWriteTokens: g.cacheWrite,
      outputTokens: g.output,
    })),
  };
}

/**
 * Bucket boundaries covering [from, until): every bucket's start, then the end of the last one.
 * Exported for tests.
 */
export function bucketStarts(
  from: number,
  until: number,
  bucket: 'hour' | 'day',
  timeZone: string,
): number[] {
  const bounds: number[] = [];
  if (bucket === 'hour') {
    for (let t = Math.floor(from / HOUR_MS) * HOUR_MS; ; t += HOUR_MS) {
      bounds.push(t);
      if (t >= until) break;
      if (bounds.length > MAX_BUCKETS) throw new Error(`the range holds more than ${MAX_BUCKETS} buckets`);
    }
    return bounds;
  }
  if (bucket !== 'day') throw new Error(`bucket must be 'hour' or 'day', not "${String(bucket)}"`);
  let day = periodBounds('day', from, timeZone);
  bounds.push(day.start);
  while (day.end < until) {
    day = periodBounds('day', day.end, timeZone);
    bounds.push(day.start);
    if (bounds.length > MAX_BUCKETS) throw new Error(`the range holds more than ${MAX_BUCKETS} buckets`);
  }
  bounds.push(day.end);
  return bounds;
}

/**
 * The buckets as an inline table b(i, s, e): SQLite walks it and range-searches the time index once per bucket,
 * and the sums arrive per (bucket, key), not per hour. The values are integers computed here.
 */
function bucketTable(bounds: readonly number[], edge: (t: number) => number): string {
  const values: string[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    values.push(`(${i}, ${Math.trunc(edge(bounds[i]!))}, ${Math.trunc(edge(bounds[i + 1]!))})`);
  }
  return `b(i, s, e) AS (VALUES ${values.join(', ')})`;
}

function rollupBuckets(db: Db, groupBy: SpendGroup, bounds: readonly number[]): BucketRow[] {
  const key = ROLLUP_KEY[groupBy as Exclude<SpendGroup, 'project'>];
  if (key === undefined) throw new Error(`groupBy must be one of model, provider, tool, project, rule`);
  // An hour belongs to the bucket holding its midpoint: hour starts in [edge − 30 min, next edge − 30 min).
  const table = bucketTable(bounds, (t) => Math.ceil((t - HOUR_MS / 2) / HOUR_MS) * HOUR_MS);
  return db
    .prepare<[], BucketRow>(
      `WITH ${table}
       SELECT b.i AS i, ${key} AS key, SUM(r.requests) AS requests, SUM(r.unpriced_requests) AS unpriced,
         SUM(r.input_tokens) AS input, SUM(r.cache_read_tokens) AS cacheRead,
         SUM(r.cache_write_tokens) AS cacheWrite, SUM(r.output_tokens) AS output, SUM(r.cost_usd) AS cost
       FROM b JOIN rollup_hourly r ON r.hour_start >= b.s AND r.hour_start < b.e
       GROUP BY b.i, key`,
    )
    .all();
}

function projectBuckets(db: Db, bounds: readonly number[]): BucketRow[] {
  return db
    .prepare<[], BucketRow>(
      `WITH ${bucketTable(bounds, (t) => t)}
       SELECT b.i AS i, COALESCE(CASE WHEN json_valid(r.tags) THEN json_extract(r.tags, '$[0]') END, '(none)') AS key,
         COUNT(*) AS requests, SUM(r.cost_usd IS NULL) AS unpriced, SUM(r.input_tokens) AS input,
         SUM(r.cache_read_tokens) AS cacheRead, SUM(r.cache_write_5m_tokens + r.cache_write_1h_tokens) AS cacheWrite,
         SUM(r.output_tokens) AS output, COALESCE(SUM(r.cost_usd), 0) AS cost
       FROM b JOIN requests r ON r.started_at >= b.s AND r.started_at < b.e
       WHERE r.outcome != 'in_flight'
       GROUP BY b.i, key`,
    )
    .all();
}

// ---------------------------------------------------------------------------------------------- substitutions

interface Money {
  requests: number;
  cost: number;
  baseline: number;
}

/** Routed traffic of one requested → served pair under one rule. */
interface FlowRow extends Money {
  requested: string;
  served: string;
  ruleId: string;
}

/** Requests with the same pair, rule and attempts: "provider\0model\0result" for one attempt, else the JSON. */
interface AttemptGroupRow extends Money {
  requested: string | null;
  served: string | null;
  ruleId: string | null;
  shape: string | null;
}

/** A row of the log for the substitution report. */
interface RoutedRow {
  requested: string | null;
  served: string | null;
  ruleId: string | null;
  cost: number | null;
  baseline: number | null;
  attempts: string | null;
}

/**
 * What routing did in [from, until) (ms): requested → served model flows with what they saved, the same per rule,
 * and per target tried: attempts, successes, failures by kind and the fallbacks it caused.
 *
 * A request counts as routed when it has attempts (a rule, alias, pool or budget downgrade chose its targets,
 * or a target was retried) or its served model differs from the requested one. A dated snapshot of the requested
 * model (claude-sonnet-4-5 → claude-sonnet-4-5-20250929, gpt-4o → gpt-4o-2024-08-06) is the same model: not a
 * substitution. Cost, baseline and savings are summed over the rows where both are priced.
 *
 * Pairs of different models come from the hourly rollup (every request of such a pair is routed) for the whole
 * hours of the range; the log is read for the rows with attempts (the targets, and flows within one model) and
 * for the partial hours at the ends.
 */
export function substitutionReport(db: Db, range: { from: number; until: number }): SubstitutionReport {
  const { from, until } = range;
  const split = splitRange(db, from, until);
  const flows: FlowRow[] = [];
  const targets = new Map<string, TargetRow>();
  const differ = differentModels();

  if (split.full) {
    const [fullStart, fullEnd] = split.full;
    const grouped = db
      .prepare<[number, number], FlowRow>(
        `SELECT requested_model AS requested, model AS served,
           CASE rule_id WHEN '' THEN '(no rule)' ELSE rule_id END AS ruleId, SUM(requests) AS requests,
           SUM(compared_cost_usd) AS cost, SUM(baseline_cost_usd) AS baseline
         FROM rollup_hourly WHERE hour_start >= ? AND hour_start < ?
         GROUP BY requested_model, model, rule_id`,
      )
      .all(fullStart, fullEnd);
    for (const row of grouped) if (differ(row.requested, row.served)) flows.push(row);
    // Requests with attempts, minus the pairs of different models the rollup counted already. A single attempt
    // is grouped by its target and result; longer lists (fallbacks, retries) come one by one.
    const groups = db
      .prepare<[number, number], AttemptGroupRow>(
        `SELECT requested_model AS requested, served_model AS served, rule_id AS ruleId,
           CASE WHEN json_valid(attempts) AND json_array_length(attempts) = 1
             THEN json_extract(attempts, '$[0].provider') || char(0) || json_extract(attempts, '$[0].model')
               || char(0) || json_extract(attempts, '$[0].result')
             ELSE attempts END AS shape,
           COUNT(*) AS requests,
           COALESCE(SUM(CASE WHEN baseline_cost_usd IS NOT NULL THEN cost_usd END), 0) AS cost,
           COALESCE(SUM(CASE WHEN cost_usd IS NOT NULL THEN baseline_cost_usd END), 0) AS baseline
         FROM requests
         WHERE started_at >= ? AND started_at < ? AND attempts IS NOT NULL AND outcome != 'in_flight'
         GROUP BY requested_model, served_model, rule_id, shape`,
      )
      .all(fullStart, fullEnd);
    for (const group of groups) {
      if (group.shape !== null) addAttempts(targets, group.shape, group.requests);
      if (group.requested === null || group.served === null || !differ(group.requested, group.served)) {
        flows.push({
          requested: group.requested ?? '(none)',
          served: group.served ?? '(none)',
          ruleId: group.ruleId ?? '(no rule)',
          requests: group.requests,
          cost: group.cost,
          baseline: group.baseline,
        });
      }
    }
  }
  for (const [lo, hi] of split.edges) {
    const rows = db
      .prepare<[number, number], RoutedRow>(
        `SELECT requested_model AS requested, served_model AS served, rule_id AS ruleId, cost_usd AS cost,
           baseline_cost_usd AS baseline, attempts
         FROM requests
         WHERE started_at >= ? AND started_at < ? AND outcome != 'in_flight'
           AND (attempts IS NOT NULL OR served_model != requested_model)`,
      )
      .all(lo, hi);
    for (const row of rows) {
      if (row.attempts !== null) addAttempts(targets, row.attempts);
      else if (!differ(row.requested!, row.served!)) continue;
      flows.push(flowOf(row));
    }
  }

  const byFlow = new Map<string, Money & { requestedModel: string; servedModel: string }>();
  const byRule = new Map<string, Money & { ruleId: string }>();
  for (const row of flows) {
    const flowKey = `${row.requested}\u0000${row.served}`;
    let flow = byFlow.get(flowKey);
    if (!flow) {
      flow = { requestedModel: row.requested, servedModel: row.served, requests: 0, cost: 0, baseline: 0 };
      byFlow.set(flowKey, flow);
    }
    let rule = byRule.get(row.ruleId);
    if (!rule) {
      rule = { ruleId: row.ruleId, requests: 0, cost: 0, baseline: 0 };
      byRule.set(row.ruleId, rule);
    }
    for (const money of [flow, rule]) {
      money.requests += row.requests;
      money.cost += row.cost;
      money.baseline += row.baseline;
    }
  }

  const savings = (m: Money) => ({
    requests: m.requests,
    costUsd: roundUsd(m.cost),
    baselineUsd: roundUsd(m.baseline),
    savingsUsd: roundUsd(m.baseline - m.cost),
  });
  return {
    from: new Date(from).toISOString(),
    until: new Date(until).toISOString(),
    flows: [...byFlow.values()]
      .sort(
        (a, b) =>
          b.requests - a.requests ||
          compare(a.requestedModel, b.requestedModel) ||
          compare(a.servedModel, b.servedModel),
      )
      .map((f) => ({ requestedModel: f.requestedModel, servedModel: f.servedModel, ...savings(f) })),
    byRule: [...byRule.values()]
      .sort((a, b) => b.baseline - b.cost - (a.baseline - a.cost) || compare(a.ruleId, b.ruleId))
      .map((r) => ({ ruleId: r.ruleId, ...savings(r) })),
    targets: [...targets.values()].sort(
      (a, b) => b.attempts - a.attempts || compare(a.provider, b.provider) || compare(a.model, b.model),
    ),
  };
}

/** One request as a flow row; cost and baseline count only where both are priced. */
function flowOf(row: RoutedRow): FlowRow {
  const compared = row.cost !== null && row.baseline !== null;
  return {
    requested: row.requested ?? '(none)',
    served: row.served ?? '(none)',
    ruleId: row.ruleId ?? '(no rule)',
    requests: 1,
    cost: compared ? row.cost! : 0,
    baseline: compared ? row.baseline! : 0,
  };
}

/** Whether a requested and a served name are different models (memoized: few distinct pairs). */
function differentModels(): (requested: string, served: string) => boolean {
  const memo = new Map<string, boolean>();
  return (requested, served) => {
    if (requested === '' || served === '' || requested === served) return false;
    const key = `${requested}\u0000${served}`;
    let differ = memo.get(key);
    if (differ === undefined) {
      differ = !sameModel(requested, served);
      memo.set(key, differ);
    }
    return differ;
  };
}

type TargetRow = SubstitutionReport['targets'][number];

/** Adds `times` requests' attempts (JSON, or one attempt as "provider\0model\0result") to the per-target counts. */
function addAttempts(targets: Map<string, TargetRow>, text: string, times = 1): void {
  const attempts = text.startsWith('[') ? parseAttempts(text) : singleAttempt(text);
  if (attempts.length === 0) return;
  // The last attempt that answered, if any; a failure before it made the request fall back.
  let answered = -1;
  for (let i = attempts.length - 1; i >= 0; i--) {
    if (attempts[i]!.result === 'ok') {
      answered = i;
      break;
    }
  }
  const answeredBy = answered >= 0 ? targetKey(attempts[answered]!) : null;
  let fellBack: Set<string> | null = null;
  for (let i = 0; i < attempts.length; i++) {
    const attempt = attempts[i]!;
    const key = targetKey(attempt);
    let target = targets.get(key);
    if (!target) {
      target = {
        provider: String(attempt.provider),
        model: String(attempt.model),
        attempts: 0,
        ok: 0,
        failures: {},
        fellBack: 0,
      };
      targets.set(key, target);
    }
    target.attempts += times;
    if (attempt.result === 'ok') {
      target.ok += times;
      continue;
    }
    const kind = String(attempt.result);
    target.failures[kind] = (target.failures[kind] ?? 0) + times;
    // Another target answered after this one failed (a retry of the same target with the next key is not a
    // fallback); counted once per request.
    if (i < answered && answeredBy !== key && !fellBack?.has(key)) {
      (fellBack ??= new Set()).add(key);
      target.fellBack += times;
    }
  }
}

function targetKey(attempt: Pick<AttemptRecord, 'provider' | 'model'>): string {
  return `${attempt.provider}\u0000${attempt.model}`;
}

function singleAttempt(shape: string): Array<Pick<AttemptRecord, 'provider' | 'model' | 'result'>> {
  const [provider, model, result] = shape.split('\u0000');
  return result === undefined
    ? []
    : [{ provider: provider!, model: model!, result: result as AttemptRecord['result'] }];
}

function parseAttempts(text: string): AttemptRecord[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value)
      ? value.filter((a): a is AttemptRecord => typeof a === 'object' && a !== null && 'result' in a)
      : [];
  } catch {
    return [];
  }
}

const PREFIX = /^(?:anthropic\/|openai\/|models\/|google\/|gemini\/|(?:[a-z]{2,6}\.)?anthropic\.)/;
const VERSION_SUFFIX = /-v\d+:\d+$/; // Bedrock: anthropic.claude-...-v1:0
const SNAPSHOT_SUFFIX = /(?:-\d{8}|-\d{4}-\d{2}-\d{2}|@\d{8}|-latest)$/;

/** The same model under another name: a dated snapshot, a vendor prefix (models/gemini-2.5-pro) or case. */
export function sameModel(requested: string, served: string): boolean {
  const base = (name: string) => {
    let n = name.trim().toLowerCase();
    for (let stripped = n.replace(PREFIX, ''); stripped !== n; stripped = n.replace(PREFIX, '')) n = stripped;
    return n.replace(VERSION_SUFFIX, '').replace(SNAPSHOT_SUFFIX, '');
  };
  return base(requested) === base(served);
}

// ---------------------------------------------------------------------------------------------- request log

type Params = Record<string, string | number>;

interface Filters {
  /** WHERE terms other than the time range, ANDed. */
  terms: string[];
  params: Params;
  /** The time range, ms: from inclusive, until exclusive (infinite when open). */
  from: number;
  until: number;
}

/**
 * One page of the request log, newest first (by start time, then id), after `query.before` when given. `total`
 * counts every row matching the filters (not just those after the cursor).
 *
 * Filters: from/until (ISO, until exclusive), tool, provider, outcome (an outcome, or 'error' for every finished
 * request that is not ok), model (a glob with `*` and `?` over the requested or served model,
 * case-insensitive), search (a case-insensitive substring of the requested or served model, tool, error message
 * or request id).
 */
export function queryRequests(db: Db, query: RequestQuery): RequestPage {
  const limit = pageSize(query.limit);
  const filters = buildFilters(query);
  const total = countRequests(db, query, filters);
  // Nothing matches: do not walk the whole log looking for it.
  if (total === 0) return { rows: [], total, next: null };
  const params: Params = { ...filters.params, limit: limit + 1 };
  const terms = [...filters.terms, ...rangeTerms(filters.from, filters.until, params, 'q')];
  if (query.before) {
    params.beforeAt = parseInstant(query.before.startedAt, 'before.startedAt');
    params.beforeId = query.before.id;
    terms.push(`started_at <= @beforeAt AND (started_at < @beforeAt OR id < @beforeId)`);
  }
  const rows = db
    .prepare<Params, RequestRow>(
      `SELECT * FROM requests ${where(terms)} ORDER BY started_at DESC, id DESC LIMIT @limit`,
    )
    .all(params);
  const more = rows.length > limit;
  if (more) rows.pop();
  const last = rows.at(-1);
  return {
    rows: rows.map(rowToRecord),
    total,
    next: more && last ? { startedAt: new Date(last.started_at).toISOString(), id: last.id } : null,
  };
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE;
  return Math.max(1, Math.min(MAX_PAGE, Math.floor(limit)));
}

function where(terms: readonly string[]): string {
  return terms.length === 0 ? '' : `WHERE ${terms.join(' AND ')}`;
}

function buildFilters(query: RequestQuery): Filters {
  const terms: string[] = [];
  const params: Params = {};
  if (query.tool) {
    params.tool = query.tool;
    terms.push('tool = @tool');
  }
  if (query.provider) {
    params.provider = query.provider;
    terms.push('provider = @provider');
  }
  if (query.outcome) {
    if (query.outcome === 'error') {
      terms.push(`outcome != 'ok' AND outcome != 'in_flight'`);
    } else {
      params.outcome = query.outcome;
      // The redundant term lets SQLite use a partial index on failed requests (WHERE outcome != 'ok'), if any.
      terms.push(query.outcome === 'ok' ? 'outcome = @outcome' : `outcome = @outcome AND outcome != 'ok'`);
    }
  }
  const model = modelPattern(query.model);
  if (model !== null) {
    params.model = model;
    terms.push(`(requested_model LIKE @model ESCAPE '\\' OR served_model LIKE @model ESCAPE '\\')`);
  }
  if (query.search) {
    params.search = `%${escapeLike(query.search)}%`;
    terms.push(
      `(requested_model LIKE @search ESCAPE '\\' OR served_model LIKE @search ESCAPE '\\'
        OR tool LIKE @search ESCAPE '\\' OR error_message LIKE @search ESCAPE '\\' OR id LIKE @search ESCAPE '\\')`,
    );
  }
  return {
    terms,
    params,
    from: query.from === undefined ? -Infinity : parseInstant(query.from, 'from'),
    until: query.until === undefined ? Infinity : parseInstant(query.until, 'until'),
  };
}

/** A model glob as a LIKE pattern (case-insensitive like rule globs); null when it matches everything. */
function modelPattern(glob: string | undefined): string | null {
  if (!glob || /^\**$/.test(glob)) return null;
  return [...glob].map((c) => (c === '*' ? '%' : c === '?' ? '_' : escapeLike(c))).join('');
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * COUNT(*) of the matching rows. Without a search or a specific error outcome, whole hours come from the hourly
 * rollup (which holds every finished row by tool, provider, served and requested model, and ok vs not ok) and
 * only the partial hours at the ends of the range, and rows still in flight, are counted in the log: a count
 * over a million rows then reads a few thousand. Hours before the oldest stored request are not trusted to the
 * rollup (a retention cleanup may have deleted rows but not their rollups).
 */
function countRequests(db: Db, query: RequestQuery, filters: Filters): number {
  const params: Params = { ...filters.params };
  const count = (terms: string[]) =>
    db.prepare<Params, { n: number }>(`SELECT COUNT(*) AS n FROM requests ${where(terms)}`).get(params)!.n;
  const outcome = query.outcome || undefined;
  if (query.search || (outcome !== undefined && outcome !== 'ok' && outcome !== 'error')) {
    return count([...filters.terms, ...rangeTerms(filters.from, filters.until, params, 'r')]);
  }
  let total = 0;
  // Rows in flight are in the log but in no rollup yet ('ok' and 'error' exclude them anyway).
  if (outcome === undefined) {
    total += count([
      ...filters.terms,
      `outcome = 'in_flight'`,
      ...rangeTerms(filters.from, filters.until, params, 'f'),
    ]);
  }
  const finished = outcome === undefined ? [...filters.terms, `outcome != 'in_flight'`] : filters.terms;
  const split = splitRange(db, filters.from, filters.until);
  split.edges.forEach(
    ([lo, hi], i) => (total += count([...finished, ...rangeTerms(lo, hi, params, `e${i}`)])),
  );
  if (!split.full) return total;

  const rollup = rangeTerms(split.full[0], split.full[1], params, 'h').map((t) =>
    t.replace('started_at', 'hour_start'),
  );
  if (query.tool) rollup.push('tool = @tool');
  if (query.provider) rollup.push('provider = @provider');
  // The rollup's model is the served model, else the requested one; a missing requested model is ''.
  if (params.model !== undefined) {
    rollup.push(`(requested_model LIKE @model ESCAPE '\\' OR model LIKE @model ESCAPE '\\')`);
  }
  const counted = outcome === 'ok' ? 'requests - errors' : outcome === 'error' ? 'errors' : 'requests';
  total += db
    .prepare<Params, { n: number }>(
      `SELECT COALESCE(SUM(${counted}), 0) AS n FROM rollup_hourly ${where(rollup)}`,
    )
    .get(params)!.n;
  return total;
}

/**
 * Splits [from, until) (ms, possibly unbounded) into the whole UTC hours the hourly rollup can answer and the
 * partial hours at its ends, to be read from the log. Hours up to the one of the oldest stored request are left
 * to the log: a retention cleanup may have deleted rows there but not their rollups.
 */
function splitRange(
  db: Db,
  from: number,
  until: number,
): { full: [number, number] | null; edges: Array<[number, number]> } {
  if (!(until > from)) return { full: null, edges: [] };
  const oldest = db.prepare<[], { t: number | null }>(`SELECT MIN(started_at) AS t FROM requests`).get()!.t;
  if (oldest === null) return { full: null, edges: [] };
  const fullStart = Math.max(
    Math.ceil(from / HOUR_MS) * HOUR_MS,
    (Math.floor(oldest / HOUR_MS) + 1) * HOUR_MS,
  );
  const fullEnd = Number.isFinite(until) ? Math.floor(until / HOUR_MS) * HOUR_MS : Infinity;
  if (fullStart >= fullEnd) return { full: null, edges: [[from, until]] };
  const edges: Array<[number, number]> = [];
  if (from < fullStart) edges.push([from, fullStart]);
  if (fullEnd < until) edges.push([fullEnd, until]);
  return { full: [fullStart, fullEnd], edges };
}

/** started_at in [lo, hi) as WHERE terms, finite bounds only, their values added to `params`. */
function rangeTerms(lo: number, hi: number, params: Params, name: string): string[] {
  const terms: string[] = [];
  if (Number.isFinite(lo)) {
    params[`${name}Lo`] = lo;
    terms.push(`started_at >= @${name}Lo`);
  }
  if (Number.isFinite(hi)) {
    params[`${name}Hi`] = hi;
    terms.push(`started_at < @${name}Hi`);
  }
  return terms;
}

// ---------------------------------------------------------------------------------------------- helpers

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function parseInstant(text: string, name: string): number {
  const ms = typeof text === 'string' ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(ms)) throw new Error(`${name} must be an ISO 8601 date, got "${String(text)}"`);
  return ms;
}
