import { roundUsd } from '../../../shared/pricing';
import type {
  PoolRecommendation,
  PoolsReport,
  ProvisionedPoolReport,
  ReportPeriod,
  SubscriptionPoolReport,
  TokenTotals,
  UnitOption,
} from '../../../shared/capacity';
import type { TokenUsage } from '../../../shared/usage';
import type { PriceBook } from '../economics/price-book';
import { globToRegex } from '../routing/regex';
import type { Db } from '../store/open-database';
import {
  breakEvenUtilization,
  consumedTokens,
  HOURS_PER_MONTH,
  reservationCost,
  utilization,
  type CapacityModel,
  type TokenCounts,
} from './pool-math';
import { isProvisioned, poolTerm, poolUnits, type PoolConfig, type ProvisionedPool } from './pool-schema';
import { readWindows } from './subscription-headers';

/**
 * Per-pool economics for a period (protocols.md §8.4): utilization (average and peak minute), what the
 * reservation cost, what its traffic would have cost on demand (cost_usd is always the list price), the
 * on-demand spillover, break-even utilization and a recommendation with its arithmetic. Money is summed
 * unrounded and rounded (roundUsd) only in the result.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** Rows that never reached a provider carry no tokens and were not served by anyone. */
const SERVED = `outcome NOT IN ('in_flight', 'rejected')`;

export interface ReportRange {
  /** Inclusive, ms since the epoch. */
  from: number;
  /** Exclusive, ms since the epoch. */
  until: number;
}

// The report's types live in shared/ (the renderer needs them); re-exported for the core's modules.
export type {
  PoolRecommendation,
  PoolReportEntry,
  PoolsReport,
  ProvisionedPoolReport,
  ReportPeriod,
  SubscriptionPoolReport,
  TokenTotals,
  UnitOption,
  WindowState,
} from '../../../shared/capacity';

export function poolReport(
  db: Db,
  pools: readonly PoolConfig[],
  priceBook: PriceBook | undefined,
  range: ReportRange,
  now: number = Date.now(),
): PoolsReport {
  return {
    from: new Date(range.from).toISOString(),
    until: new Date(range.until).toISOString(),
    generatedAt: new Date(now).toISOString(),
    pools: pools.map((pool) =>
      isProvisioned(pool)
        ? provisionedReport(db, pool, priceBook, range, now)
        : subscriptionReport(db, pool, priceBook, range, now),
    ),
  };
}

// ---------------------------------------------------------------------------------------------- provisioned

/** Covered traffic of one minute (or of a whole period). */
interface Cell {
  requests: number;
  unpriced: number;
  tokens: TokenCounts;
  /** Consumption of all rows, and of the priced ones (for the $ per token-equivalent blend). */
  consumed: number;
  pricedConsumed: number;
  /** List price of the priced rows, summed with compensation (costOf). */
  costSum: number;
  costError: number;
}

function provisionedReport(
  db: Db,
  pool: ProvisionedPool,
  priceBook: PriceBook | undefined,
  range: ReportRange,
  now: number,
): ProvisionedPoolReport {
  const window = clip(pool, range, now);
  const capacity = pool.capacity;
  const C = capacity.tokensPerMinute;
  const units = poolUnits(pool);
  const globs = pool.models.map(globToRegex);
  const covers = (row: GroupRow) =>
    globs.some(
      (g) =>
        (row.requested_model !== null && g.test(row.requested_model)) ||
        (row.served_model !== null && g.test(row.served_model)),
    );

  const poolMinutes = new Map<number, Cell>();
  const spillMinutes = new Map<number, Cell>();
  if (window.end > window.start) {
    collect(db, `pool_id = ?`, [pool.id], window, capacity, priceBook, () => true, poolMinutes);
    collect(
      db,
      `billing = 'on_demand' AND pool_id IS NULL`,
      [],
      window,
      capacity,
      priceBook,
      covers,
      spillMinutes,
    );
  }
  const poolTotal = sumCells(poolMinutes.values());
  const spillTotal = sumCells(spillMinutes.values());
  const poolCost = costOf(poolTotal);
  const spillCost = costOf(spillTotal);
  const allCost = costOf(sumCells([poolTotal, spillTotal]));

  const minutes = window.minutes;
  const hours = window.hours;
  const reservation = reservationCost(pool.price, hours);
  const unitUsd = reservation / units;
  const unitMonthUsd = reservationCost(pool.price, HOURS_PER_MONTH) / units;

  let peak = { consumed: 0, minute: null as number | null };
  let minutesAtCapacity = 0;
  for (const [minute, cell] of poolMinutes) {
    const earlier = peak.minute === null || minute < peak.minute;
    if (cell.consumed > peak.consumed || (cell.consumed === peak.consumed && cell.consumed > 0 && earlier)) {
      peak = { consumed: cell.consumed, minute };
    }
    if (cell.consumed >= C) minutesAtCapacity += 1;
  }
  // Demand per minute: what the pool served plus what spilled over.
  const demand = new Map<number, number>();
  for (const [minute, cell] of poolMinutes) demand.set(minute, cell.consumed);
  for (const [minute, cell] of spillMinutes) demand.set(minute, (demand.get(minute) ?? 0) + cell.consumed);
  let peakDemand = 0;
  for (const d of demand.values()) peakDemand = Math.max(peakDemand, d);
  const minutesWithSpillover = [...spillMinutes.values()].filter((c) => c.requests > 0).length;

  const blend = blendPerToken(pool, [poolTotal, spillTotal], priceBook);
  const fullUse = blend === null ? null : blend * C * minutes;
  const breakEven = fullUse === null ? null : breakEvenUtilization(reservation, fullUse);
  const poolTokens = totals(poolTotal.tokens);

  const options = unitOptions(units, C / units, unitUsd, [...demand.values()], blend ?? 0);
  const report: ProvisionedPoolReport = {
    kind: 'provisioned',
    id: pool.id,
    name: pool.name ?? null,
    provider: pool.provider,
    deployment: pool.deployment ?? null,
    models: pool.models,
    period: period(window),
    units,
    capacityTokensPerMinute: C,
    unitTokensPerMinute: ratio(C / units),
    outputWeight: capacity.outputWeight,
    cachedCounts: capacity.cachedCounts,
    requests: poolTotal.requests,
    unpricedRequests: poolTotal.unpriced,
    tokens: poolTokens,
    consumedTokens: poolTotal.consumed,
    utilization: {
      average: ratio(utilization(poolTotal.consumed, C, minutes)),
      peakMinute: ratio(peak.consumed / C),
      peakMinuteAt: peak.minute === null ? null : new Date(peak.minute).toISOString(),
      peakDemand: ratio(peakDemand / C),
      activeMinutes: poolMinutes.size,
      minutesAtCapacity,
      minutesWithSpillover,
    },
    reservationUsd: roundUsd(reservation),
    unitUsd: roundUsd(unitUsd),
    unitMonthUsd: roundUsd(unitMonthUsd),
    onDemandEquivalentUsd: roundUsd(poolCost),
    savingsUsd: roundUsd(poolCost - reservation),
    effectiveUsdPerMTok: poolTokens.total > 0 ? roundUsd((reservation / poolTokens.total) * 1e6) : null,
    onDemandUsdPerMTok: poolTokens.total > 0 ? roundUsd((poolCost / poolTokens.total) * 1e6) : null,
    spillover: {
      requests: spillTotal.requests,
      unpricedRequests: spillTotal.unpriced,
      tokens: totals(spillTotal.tokens),
      consumedTokens: spillTotal.consumed,
      costUsd: roundUsd(spillCost),
    },
    allOnDemandUsd: roundUsd(allCost),
    paidUsd: roundUsd(reservation + spillCost),
    usdPerMTokEquivalent: blend === null ? null : roundUsd(blend * 1e6),
    breakEvenUtilization: breakEven === null ? null : ratio(breakEven),
    recommendation: { action: 'keep', units: 0, summary: 'keep', explanation: '' },
  };
  report.recommendation = recommendUnits(
    report,
    pool,
    options,
    blend,
    [...demand.values()].some((d) => d > 0),
    now,
  );
  return report;
}

/**
 * What N units would have cost for the period's demand: N × unit cost + the demand above N × unit capacity,
 * minute by minute, bought on demand at the traffic's list-price blend. The cost is convex in N, so the
 * cheapest count is found by walking from the current count; the result lists it, its neighbours and the
 * current count.
 */
export function unitOptions(
  units: number,
  unitTokensPerMinute: number,
  unitUsd: number,
  demandPerMinute: readonly number[],
  usdPerToken: number,
): UnitOption[] {
  const option = (n: number): UnitOption => {
    const capacity = n * unitTokensPerMinute;
    let spill = 0;
    for (const d of demandPerMinute) if (d > capacity) spill += d - capacity;
    const spillUsd = spill * usdPerToken;
    return {
      units: n,
      reservationUsd: n * unitUsd,
      spilloverTokens: spill,
      spilloverUsd: spillUsd,
      totalUsd: n * unitUsd + spillUsd,
    };
  };
  const cheaper = (a: UnitOption, b: UnitOption) => a.totalUsd < b.totalUsd - 1e-9;
  let best = option(units);
  for (let n = units + 1, guard = 0; guard < 100_000; n += 1, guard += 1) {
    const next = option(n);
    if (!cheaper(next, best)) break;
    best = next;
  }
  if (best.units === units) {
    for (let n = units - 1; n >= 0; n -= 1) {
      const next = option(n);
      if (!cheaper(next, best)) break;
      best = next;
    }
  }
  const counts = new Set([best.units - 1, best.units, best.units + 1, units - 1, units, units + 1]);
  return [...counts]
    .filter((n) => n >= 0)
    .sort((a, b) => a - b)
    .map((n) => (n === best.units ? best : option(n)))
    .map((o) => ({
      ...o,
      reservationUsd: roundUsd(o.reservationUsd),
      spilloverUsd: roundUsd(o.spilloverUsd),
      totalUsd: roundUsd(o.totalUsd),
    }));
}

function recommendUnits(
  r: ProvisionedPoolReport,
  pool: ProvisionedPool,
  options: UnitOption[],
  blend: number | null,
  hasDemand: boolean,
  now: number,
): PoolRecommendation {
  const lines: string[] = [];
  if (r.period.minutes <= 0) {
    return {
      action: 'keep',
      units: 0,
      summary: 'keep',
      explanation:
        'The period has no time inside the pool’s term (or it has not started yet): nothing to compare.',
      options: [],
    };
  }
  const capacity = `${tokens(r.capacityTokensPerMinute)} tokens/min`;
  lines.push(
    `Utilization ${pct(r.utilization.average)} on average over ${tokens(r.period.minutes)} minutes; ` +
      `peak minute ${pct(r.utilization.peakMinute)} of ${capacity}` +
      (r.utilization.peakMinuteAt ? ` (${r.utilization.peakMinuteAt.slice(0, 16)}Z)` : '') +
      `; peak demand with spillover ${pct(r.utilization.peakDemand)}.`,
  );
  lines.push(
    `${r.spillover.requests} request(s) for covered models went on demand (spillover ${usd(r.spillover.costUsd)}); ` +
      `the pool's own ${r.requests} request(s) would have cost ${usd(r.onDemandEquivalentUsd)} on demand against ` +
      `${usd(r.reservationUsd)} reserved (${r.savingsUsd >= 0 ? 'saved' : 'lost'} ${usd(Math.abs(r.savingsUsd))}).`,
  );
  if (r.breakEvenUtilization !== null && r.usdPerMTokEquivalent !== null) {
    lines.push(
      `Break-even utilization ${pct(r.breakEvenUtilization)} = ${usd(r.reservationUsd)} reserved ÷ ` +
        `${usd((r.usdPerMTokEquivalent * r.capacityTokensPerMinute * r.period.minutes) / 1e6)} ` +
        `(${capacity} × ${tokens(r.period.minutes)} min at ${usd(r.usdPerMTokEquivalent)} per million token-equivalents).`,
    );
  }
  if (hasDemand && blend === null) {
    lines.push(
      'The covered traffic has no price, so spillover cannot be valued: keep the units as they are.',
    );
    return { action: 'keep', units: 0, summary: 'keep', explanation: lines.join('\n'), options: [] };
  }
  const current = options.find((o) => o.units === r.units)!;
  const best = options.reduce((a, b) => (b.totalUsd < a.totalUsd - 1e-9 ? b : a), current);
  lines.push(
    `Each unit (${tokens(r.unitTokensPerMinute)} tokens/min) costs ${usd(r.unitUsd)} for the period ` +
      `(${usd(r.unitMonthUsd)}/month); demand above capacity, minute by minute, priced at ` +
      `${usd(r.usdPerMTokEquivalent ?? 0)} per million token-equivalents:`,
  );
  for (const o of options) {
    lines.push(
      `  ${unitsText(o.units)}${o.units === r.units ? ' (now)' : ''}: ${usd(o.reservationUsd)} + ` +
        `${usd(o.spilloverUsd)} spillover (${tokens(o.spilloverTokens)} token-equivalents) = ${usd(o.totalUsd)}`,
    );
  }
  const delta = best.units - r.units;
  const saving = roundUsd(current.totalUsd - best.totalUsd);
  let action: PoolRecommendation['action'] = 'keep';
  let summary = 'keep';
  if (delta > 0) {
    action = 'add';
    summary = `add ${unitsText(delta)}`;
    lines.push(
      `→ ${summary}: ${usd(best.totalUsd)} instead of ${usd(current.totalUsd)}, saving ${usd(saving)} for the period ` +
        `(+${usd(roundUsd(delta * r.unitMonthUsd))}/month of reservation, paid for by the spillover it absorbs).`,
    );
  } else if (delta < 0) {
    action = 'remove';
    summary = best.units === 0 ? `remove ${unitsText(-delta)} (all)` : `remove ${unitsText(-delta)}`;
    const term = poolTerm(pool);
    const committed =
      Number.isFinite(term.end) && term.end > now
        ? `; the term commits them until ${new Date(term.end).toISOString().slice(0, 10)}, so remove them at renewal`
        : '';
    lines.push(
      `→ ${summary}: ${usd(best.totalUsd)} instead of ${usd(current.totalUsd)}, saving ${usd(saving)} for the period${committed}.`,
    );
  } else {
    const more = options.find((o) => o.units === r.units + 1);
    const fewer = options.find((o) => o.units === r.units - 1);
    lines.push(
      `→ keep ${unitsText(r.units)}: ${usd(current.totalUsd)} now` +
        (more ? `; one more would cost ${usd(more.totalUsd)}` : '') +
        (fewer ? `, one fewer ${usd(fewer.totalUsd)}` : '') +
        '.',
    );
  }
  return { action, units: Math.abs(delta), summary, explanation: lines.join('\n'), options };
}

/**
 * $ per input-token equivalent of the covered traffic at list prices (priced rows only). Without priced
 * traffic, the price book's input price of the deployment (or the pool's only literal model): with the
 * output weight at the price ratio (Azure's 4 for gpt-4.1), one token-equivalent costs one input token.
 */
function blendPerToken(
  pool: ProvisionedPool,
  cells: Cell[],
  priceBook: PriceBook | undefined,
): number | null {
  const cost = costOf(sumCells(cells));
  const consumed = cells.reduce((sum, c) => sum + c.pricedConsumed, 0);
  if (consumed > 0) return cost / consumed;
  const model =
    pool.deployment ??
    (pool.models.length === 1 && !/[*?]/.test(pool.models[0]!) ? pool.models[0] : undefined);
  if (!priceBook || model === undefined) return null;
  const priced = priceBook.price(model, { ...ZERO, inputTokens: 1_000_000 });
  return priced.costUsd === null ? null : priced.costUsd / 1_000_000;
}

// ---------------------------------------------------------------------------------------------- subscription

function subscriptionReport(
  db: Db,
  pool: PoolConfig,
  priceBook: PriceBook | undefined,
  range: ReportRange,
  now: number,
): SubscriptionPoolReport {
  const window = clip(pool, range, now);
  const cells = new Map<number, Cell>();
  if (window.end > window.start) {
    const model: CapacityModel = { tokensPerMinute: 1, outputWeight: 1, cachedCounts: true };
    collect(
      db,
      `billing = 'subscription' AND provider = ?`,
      [pool.provider],
      window,
      model,
      priceBook,
      () => true,
      cells,
    );
  }
  const total = sumCells(cells.values());
  const listPrice = costOf(total);
  const plan = reservationCost(pool.price, window.hours);
  const perMonth = reservationCost(pool.price, HOURS_PER_MONTH);
  const windows = readWindows(db, pool.provider).map((w) => ({
    ...w,
    resetsInMs: w.resetsAt === null ? null : w.resetsAt - now,
  }));
  const report: SubscriptionPoolReport = {
    kind: 'subscription',
    id: pool.id,
    name: pool.name ?? null,
    provider: pool.provider,
    models: pool.models,
    period: period(window),
    perMonthUsd: roundUsd(perMonth),
    planUsd: roundUsd(plan),
    requests: total.requests,
    unpricedRequests: total.unpriced,
    tokens: totals(total.tokens),
    listPriceUsd: roundUsd(listPrice),
    valueRatio: plan > 0 ? ratio(listPrice / plan) : null,
    savingsUsd: roundUsd(listPrice - plan),
    windows,
    recommendation: { action: 'keep plan', units: 0, summary: 'keep plan', explanation: '' },
  };
  report.recommendation = recommendPlan(report);
  return report;
}

function recommendPlan(r: SubscriptionPoolReport): PoolRecommendation {
  const lines: string[] = [];
  const amortized = `${usd(r.perMonthUsd)}/month × ${hoursText(r.period.hours)} h ÷ ${HOURS_PER_MONTH} h = ${usd(r.planUsd)}`;
  const unpriced = r.unpricedRequests > 0 ? ` (${r.unpricedRequests} unpriced request(s) not counted)` : '';
  const keep = r.listPriceUsd >= r.planUsd;
  if (r.period.minutes <= 0) {
    lines.push('The period has no time inside the plan’s term: nothing to compare.');
  } else if (keep) {
    lines.push(
      `The ${r.requests} request(s) billed to the plan would have cost ${usd(r.listPriceUsd)} at list prices${unpriced}, ` +
        `${r.valueRatio === null ? 'against a free plan' : `${r.valueRatio.toFixed(2)}× the plan's ${amortized} for the period`}; ` +
        `paying per token would have cost ${usd(r.savingsUsd)} more → keep plan.`,
    );
  } else {
    lines.push(
      `The ${r.requests} request(s) billed to the plan would have cost ${usd(r.listPriceUsd)} at list prices${unpriced}, ` +
        `less than the plan's ${amortized} for the period; paying per token would have saved ` +
        `${usd(-r.savingsUsd)} → drop plan.`,
    );
  }
  const limited = r.windows.filter((w) => w.status === 'rejected' || (w.utilization ?? 0) >= 1);
  if (limited.length > 0) {
    lines.push(
      `Limits reached: ${limited.map((w) => w.window).join(', ')} (traffic beyond them went elsewhere or waited).`,
    );
  }
  const summary = keep || r.period.minutes <= 0 ? 'keep plan' : 'drop plan';
  return { action: summary, units: 0, summary, explanation: lines.join('\n') };
}

// ---------------------------------------------------------------------------------------------- queries

interface GroupRow {
  minute: number;
  requested_model: string | null;
  served_model: string | null;
  requests: number;
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  output_tokens: number;
  cost: number;
}

interface UnpricedRow {
  started_at: number;
  requested_model: string | null;
  served_model: string | null;
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_5m_tokens: number;
  cache_write_1h_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
}

interface Window {
  start: number;
  end: number;
  minutes: number;
  hours: number;
}

/**
 * Adds the matching rows to per-minute cells: priced rows grouped in SQL by minute and model, unpriced rows
 * one by one so the price book (if any) can price them now (e.g. with an override added since).
 */
function collect(
  db: Db,
  where: string,
  params: readonly string[],
  window: Window,
  capacity: CapacityModel,
  priceBook: PriceBook | undefined,
  keep: (row: GroupRow) => boolean,
  into: Map<number, Cell>,
): void {
  const grouped = db
    .prepare<unknown[], GroupRow>(
      `SELECT (started_at / ${MINUTE_MS}) * ${MINUTE_MS} AS minute, requested_model, served_model,
         COUNT(*) AS requests, SUM(input_tokens) AS input_tokens, SUM(cache_read_tokens) AS cache_read_tokens,
         SUM(cache_write_5m_tokens + cache_write_1h_tokens) AS cache_write_tokens,
         SUM(output_tokens) AS output_tokens, SUM(cost_usd) AS cost
       FROM requests
       WHERE ${where} AND started_at >= ? AND started_at < ? AND ${SERVED} AND cost_usd IS NOT NULL
       GROUP BY minute, requested_model, served_model`,
    )
    .all(...params, window.start, window.end);
  for (const row of grouped) {
    if (!keep(row)) continue;
    add(into, row.minute, row.requests, 0, groupTokens(row), row.cost, capacity);
  }
  const unpriced = db
    .prepare<unknown[], UnpricedRow>(
      `SELECT started_at, requested_model, served_model, input_tokens, cache_read_tokens, cache_write_5m_tokens,
         cache_write_1h_tokens, output_tokens, reasoning_tokens
       FROM requests
       WHERE ${where} AND started_at >= ? AND started_at < ? AND ${SERVED} AND cost_usd IS NULL`,
    )
    .all(...params, window.start, window.end);
  for (const row of unpriced) {
    const minute = Math.floor(row.started_at / MINUTE_MS) * MINUTE_MS;
    const group: GroupRow = {
      minute,
      requested_model: row.requested_model,
      served_model: row.served_model,
      requests: 1,
      input_tokens: row.input_tokens,
      cache_read_tokens: row.cache_read_tokens,
      cache_write_tokens: row.cache_write_5m_tokens + row.cache_write_1h_tokens,
      output_tokens: row.output_tokens,
      cost: 0,
    };
    if (!keep(group)) continue;
    const cost = repriced(row, priceBook);
    add(into, minute, 1, cost === null ? 1 : 0, groupTokens(group), cost, capacity);
  }
}

function repriced(row: UnpricedRow, priceBook: PriceBook | undefined): number | null {
  if (!priceBook) return null;
  const usage: TokenUsage = {
    inputTokens: row.input_tokens,
    cacheReadTokens: row.cache_read_tokens,
    cacheWrite5mTokens: row.cache_write_5m_tokens,
    cacheWrite1hTokens: row.cache_write_1h_tokens,
    outputTokens: row.output_tokens,
    reasoningTokens: row.reasoning_tokens,
  };
  for (const model of [row.served_model, row.requested_model]) {
    if (model === null) continue;
    const priced = priceBook.price(model, usage, { at: new Date(row.started_at) });
    if (priced.costUsd !== null) return priced.costUsd;
  }
  return null;
}

function add(
  into: Map<number, Cell>,
  minute: number,
  requests: number,
  unpriced: number,
  tokens: TokenCounts,
  cost: number | null,
  capacity: CapacityModel,
): void {
  let cell = into.get(minute);
  if (!cell) {
    cell = emptyCell();
    into.set(minute, cell);
  }
  const consumed = consumedTokens(tokens, capacity);
  cell.requests += requests;
  cell.unpriced += unpriced;
  cell.tokens.inputTokens += tokens.inputTokens;
  cell.tokens.cacheReadTokens += tokens.cacheReadTokens;
  cell.tokens.cacheWriteTokens += tokens.cacheWriteTokens;
  cell.tokens.outputTokens += tokens.outputTokens;
  cell.consumed += consumed;
  if (cost !== null) {
    addMoney(cell, cost);
    cell.pricedConsumed += consumed;
  }
}

function groupTokens(row: GroupRow): TokenCounts {
  return {
    inputTokens: row.input_tokens,
    cacheReadTokens: row.cache_read_tokens,
    cacheWriteTokens: row.cache_write_tokens,
    outputTokens: row.output_tokens,
  };
}

function emptyCell(): Cell {
  return {
    requests: 0,
    unpriced: 0,
    tokens: { inputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 0 },
    consumed: 0,
    pricedConsumed: 0,
    costSum: 0,
    costError: 0,
  };
}

function sumCells(cells: Iterable<Cell>): Cell {
  const sum = emptyCell();
  for (const c of cells) {
    sum.requests += c.requests;
    sum.unpriced += c.unpriced;
    sum.tokens.inputTokens += c.tokens.inputTokens;
    sum.tokens.cacheReadTokens += c.tokens.cacheReadTokens;
    sum.tokens.cacheWriteTokens += c.tokens.cacheWriteTokens;
    sum.tokens.outputTokens += c.tokens.outputTokens;
    sum.consumed += c.consumed;
    sum.pricedConsumed += c.pricedConsumed;
    addMoney(sum, c.costSum);
    addMoney(sum, c.costError);
  }
  return sum;
}

/** Neumaier's compensated summation: thousands of float prices add up without drifting off the micro-dollar. */
function addMoney(cell: Cell, value: number): void {
  const t = cell.costSum + value;
  cell.costError +=
    Math.abs(cell.costSum) >= Math.abs(value) ? cell.costSum - t + value : value - t + cell.costSum;
  cell.costSum = t;
}

function costOf(cell: Cell): number {
  return cell.costSum + cell.costError;
}

function totals(t: TokenCounts): TokenTotals {
  return {
    input: t.inputTokens,
    cacheRead: t.cacheReadTokens,
    cacheWrite: t.cacheWriteTokens,
    output: t.outputTokens,
    total: t.inputTokens + t.cacheReadTokens + t.cacheWriteTokens + t.outputTokens,
  };
}

/** The range clipped to the pool's term and to now. */
function clip(pool: PoolConfig, range: ReportRange, now: number): Window {
  const term = poolTerm(pool);
  const start = Math.max(range.from, term.start);
  const end = Math.max(start, Math.min(range.until, now, term.end));
  return { start, end, minutes: (end - start) / MINUTE_MS, hours: (end - start) / HOUR_MS };
}

function period(w: Window): ReportPeriod {
  return {
    from: new Date(w.start).toISOString(),
    until: new Date(w.end).toISOString(),
    minutes: ratio(w.minutes),
    hours: ratio(w.hours),
  };
}

const ZERO: TokenUsage = {
  inputTokens: 0,
  cacheReadTokens: 0,
  cacheWrite5mTokens: 0,
  cacheWrite1hTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
};

// ---------------------------------------------------------------------------------------------- text

/** Removes float noise from a ratio (12 decimals, like roundUsd). */
function ratio(value: number): number {
  return Number.isFinite(value) ? Number(value.toFixed(12)) : 0;
}

/** Cents when the amount is whole cents, else micro-dollars (cheap models cost fractions of a cent). */
export function usd(value: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const cents = Math.round(abs * 100) / 100;
  const text = Math.abs(abs - cents) < 5e-7 ? cents.toFixed(2) : abs.toFixed(6);
  return `${sign}$${text.replace(/\B(?=(\d{3})+(?!\d))(?=.*\.)/g, ',')}`;
}

export function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function tokens(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function unitsText(n: number): string {
  return `${n} unit${n === 1 ? '' : 's'}`;
}

function hoursText(hours: number): string {
  return Number.isInteger(hours) ? String(hours) : hours.toFixed(2);
}
