import { roundUsd } from '../../../shared/pricing';
import {
  breakEvenUtilization,
  consumedTokens,
  reservationCost,
  utilization,
  type CapacityModel,
} from '../capacity/pool-math';
import { globToRegex } from '../routing/regex';
import type { Db } from '../store/open-database';
import { MODEL_EXPRESSION, taskReport } from './task-report';
import type {
  BillingSlice,
  OutcomeScenario,
  PaidScenario,
  ReservedCapacityInput,
  ReservedScenario,
  SimulateInput,
  SimulationResult,
  SpillMinute,
} from './types';

/** Bad simulator input (an empty period, a negative price...): the caller's mistake. */
export class SimulationError extends Error {}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/**
 * What-if over the user's own history in [from, until): (a) what the traffic was paid, (b) the same traffic
 * on N units of reserved capacity, (c) outcome-based pricing at $X per resolved task. Every intermediate
 * figure is returned so the arithmetic can be shown.
 *
 * The traffic is every finished request in the period, whatever paid for it; the like-for-like baseline is
 * all of it at list price (paid.listPriceUsd). On-demand spend (what was paid per token) is shown with the
 * pool and plan traffic apart, at its list price, since what that traffic really cost is a fee this log
 * does not know.
 *
 * Reserved capacity (protocols.md §8.4, formulas from capacity/pool-math.ts):
 * - C = units × tokens per minute per unit; a request consumes U = uncached input + cache writes
 *   + output weight × output (+ cache reads when they count), all of it in the UTC minute it started
 *   (epoch-aligned minutes).
 * - The period is replayed minute by minute over the covered models' traffic. In a minute with U_m ≤ C the
 *   reservation serves everything. Above capacity, the tokens that did not fit (U_m − C) are paid at list
 *   price, pro-rated: spill cost = the minute's list price × (U_m − C) ÷ U_m. Pro-rating makes the figure
 *   independent of which requests in the minute came first (the real pool would spill the latest ones), and
 *   charges the spill at the minute's blended price. Unpriced requests add tokens but no price: a spilling
 *   minute with unpriced requests under-states its spill cost, and they are counted.
 * - Reservation cost = units × hours × $/unit-hour (hours = the period's length, fractional if it is).
 * - Traffic in models the reservation does not cover is paid at list price.
 * - Total = reservation + spill + outside. Utilization: served Σ min(U_m, C) ÷ (C × minutes) and demand
 *   Σ U_m ÷ (C × minutes), where minutes = the period's length; the peak is the busiest minute's U_m ÷ C.
 *
 * Outcome pricing: resolved tasks × $X; failed, abandoned and still open tasks cost nothing in the period;
 * requests in no task cannot be priced per task and stay at list price. A task counts in the period when it
 * has requests in it (task-report.ts).
 */
export function simulate(db: Db, input: SimulateInput): SimulationResult {
  const { from, until } = input;
  if (!Number.isFinite(from) || !Number.isFinite(until)) {
    throw new SimulationError('the period needs a finite start and end');
  }
  if (until <= from) throw new SimulationError('the period must end after it starts');
  if (input.perResolvedTask !== undefined) checkMoney(input.perResolvedTask, 'price per resolved task');
  if (input.reserved) checkReserved(input.reserved);

  const paid = paidScenario(db, from, until);
  return {
    from: new Date(from).toISOString(),
    until: new Date(until).toISOString(),
    paid: paid.rounded,
    reserved: input.reserved ? reservedScenario(db, from, until, input.reserved, paid.listPrice) : null,
    outcome:
      input.perResolvedTask === undefined
        ? null
        : outcomeScenario(db, from, until, input.perResolvedTask, paid.listPrice),
  };
}

const IN_PERIOD = `started_at >= ? AND started_at < ? AND outcome != 'in_flight'`;

function paidScenario(db: Db, from: number, until: number): { rounded: PaidScenario; listPrice: number } {
  const rows = db
    .prepare<
      [number, number],
      { billing: string; requests: number; listPriceUsd: number; unpricedRequests: number }
    >(
      `SELECT billing, COUNT(*) AS requests, COALESCE(SUM(cost_usd), 0) AS listPriceUsd,
         SUM(cost_usd IS NULL) AS unpricedRequests
       FROM requests WHERE ${IN_PERIOD} GROUP BY billing`,
    )
    .all(from, until);
  const slice = (billing: string): BillingSlice => {
    const row = rows.find((r) => r.billing === billing);
    return {
      requests: row?.requests ?? 0,
      listPriceUsd: row?.listPriceUsd ?? 0,
      unpricedRequests: row?.unpricedRequests ?? 0,
    };
  };
  const onDemand = slice('on_demand');
  const pool = slice('pool');
  const subscription = slice('subscription');
  const all = [onDemand, pool, subscription];
  const listPrice = onDemand.listPriceUsd + pool.listPriceUsd + subscription.listPriceUsd;
  const round = (s: BillingSlice): BillingSlice => ({ ...s, listPriceUsd: roundUsd(s.listPriceUsd) });
  return {
    listPrice,
    rounded: {
      requests: all.reduce((n, s) => n + s.requests, 0),
      onDemandUsd: roundUsd(onDemand.listPriceUsd),
      onDemand: round(onDemand),
      pool: round(pool),
      subscription: round(subscription),
      listPriceUsd: roundUsd(listPrice),
      unpricedRequests: all.reduce((n, s) => n + s.unpricedRequests, 0),
    },
  };
}

interface TrafficRow {
  startedAt: number;
  model: string;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

/** One minute's covered traffic while it is being summed. */
interface MinuteBucket {
  minute: number;
  requests: number;
  consumed: number;
  /** Σ U of the priced requests only (for the blended price). */
  pricedConsumed: number;
  cost: number;
  unpriced: number;
}

function reservedScenario(
  db: Db,
  from: number,
  until: number,
  reserved: ReservedCapacityInput,
  paidListPrice: number,
): ReservedScenario {
  const capacityModel: CapacityModel = {
    tokensPerMinute: reserved.units * reserved.tokensPerMinutePerUnit,
    outputWeight: reserved.outputWeight ?? 1,
    cachedCounts: reserved.cachedCounts ?? false,
  };
  const capacity = capacityModel.tokensPerMinute;
  const globs = reserved.models && reserved.models.length > 0 ? reserved.models : ['*'];
  const patterns = globs.map(globToRegex);
  const hours = (until - from) / HOUR_MS;
  const minutes = (until - from) / MINUTE_MS;
  const reservationUsd = reservationCost(
    { perUnitHour: reserved.pricePerUnitHour, units: reserved.units },
    hours,
  );

  const covered = { requests: 0, cost: 0, unpriced: 0, consumed: 0, pricedConsumed: 0 };
  const outside = { requests: 0, cost: 0, unpriced: 0 };
  const spill: SpillMinute[] = [];
  let served = 0;
  let spilledTokens = 0;
  let spillUsd = 0;
  let spillUnpriced = 0;
  let activeMinutes = 0;
  let peak: { minute: number; consumed: number } | null = null;
  let bucket: MinuteBucket | null = null;

  const flush = (b: MinuteBucket) => {
    activeMinutes += 1;
    served += Math.min(b.consumed, capacity);
    if (peak === null || b.consumed > peak.consumed) peak = { minute: b.minute, consumed: b.consumed };
    if (b.consumed <= capacity) return;
    const over = b.consumed - capacity;
    const cost = (b.cost * over) / b.consumed;
    spilledTokens += over;
    spillUsd += cost;
    spillUnpriced += b.unpriced;
    spill.push({
      minute: new Date(b.minute).toISOString(),
      requests: b.requests,
      consumedTokens: b.consumed,
      capacityTokens: capacity,
      spilledTokens: over,
      listPriceUsd: roundUsd(b.cost),
      spillUsd: roundUsd(cost),
      unpricedRequests: b.unpriced,
    });
  };

  const rows = db
    .prepare<[number, number], TrafficRow>(
      `SELECT started_at AS startedAt, ${MODEL_EXPRESSION} AS model, input_tokens AS inputTokens,
         cache_read_tokens AS cacheReadTokens, cache_write_5m_tokens + cache_write_1h_tokens AS cacheWriteTokens,
         output_tokens AS outputTokens, cost_usd AS costUsd
       FROM requests WHERE ${IN_PERIOD} ORDER BY started_at, id`,
    )
    .iterate(from, until);
  for (const row of rows) {
    if (!patterns.some((p) => p.test(row.model))) {
      outside.requests += 1;
      if (row.costUsd === null) outside.unpriced += 1;
      else outside.cost += row.costUsd;
      continue;
    }
    const minute = Math.floor(row.startedAt / MINUTE_MS) * MINUTE_MS;
    if (bucket === null || bucket.minute !== minute) {
      if (bucket !== null) flush(bucket);
      bucket = { minute, requests: 0, consumed: 0, pricedConsumed: 0, cost: 0, unpriced: 0 };
    }
    const u = consumedTokens(row, capacityModel);
    bucket.requests += 1;
    bucket.consumed += u;
    covered.requests += 1;
    covered.consumed += u;
    if (row.costUsd === null) {
      bucket.unpriced += 1;
      covered.unpriced += 1;
    } else {
      bucket.cost += row.costUsd;
      bucket.pricedConsumed += u;
      covered.cost += row.costUsd;
      covered.pricedConsumed += u;
    }
  }
  if (bucket !== null) flush(bucket);

  const total = reservationUsd + spillUsd + outside.cost;
  const blended = covered.pricedConsumed > 0 ? covered.cost / covered.pricedConsumed : null;
  const atFullUse = blended === null ? null : blended * capacity * minutes;
  const busiest = peak as { minute: number; consumed: number } | null;
  return {
    units: reserved.units,
    tokensPerMinutePerUnit: reserved.tokensPerMinutePerUnit,
    pricePerUnitHour: reserved.pricePerUnitHour,
    outputWeight: capacityModel.outputWeight,
    cachedCounts: capacityModel.cachedCounts,
    models: globs,
    capacityPerMinute: capacity,
    hours,
    minutes,
    reservationUsd: roundUsd(reservationUsd),
    coveredRequests: covered.requests,
    coveredListPriceUsd: roundUsd(covered.cost),
    coveredUnpricedRequests: covered.unpriced,
    consumedTokens: covered.consumed,
    servedTokens: served,
    activeMinutes,
    spilledTokens,
    spillMinutes: spill.length,
    spillUsd: roundUsd(spillUsd),
    spillUnpricedRequests: spillUnpriced,
    spill,
    outsideRequests: outside.requests,
    outsideListPriceUsd: roundUsd(outside.cost),
    outsideUnpricedRequests: outside.unpriced,
    totalUsd: roundUsd(total),
    savingsVsListPriceUsd: roundUsd(paidListPrice - total),
    averageUtilization: utilization(served, capacity, minutes),
    demandUtilization: utilization(covered.consumed, capacity, minutes),
    peakMinuteUtilization: busiest === null ? 0 : utilization(busiest.consumed, capacity, 1),
    peakMinute: busiest === null ? null : new Date(busiest.minute).toISOString(),
    blendedUsdPerToken: blended,
    listPriceAtFullUseUsd: atFullUse === null ? null : roundUsd(atFullUse),
    breakEvenUtilization: atFullUse === null ? null : breakEvenUtilization(reservationUsd, atFullUse),
  };
}

function outcomeScenario(
  db: Db,
  from: number,
  until: number,
  perResolvedTask: number,
  paidListPrice: number,
): OutcomeScenario {
  const report = taskReport(db, { since: from, until });
  const s = report.summary;
  const resolvedUsd = s.resolved * perResolvedTask;
  const total = resolvedUsd + report.untasked.costUsd;
  return {
    perResolvedTaskUsd: perResolvedTask,
    tasks: s.tasks,
    resolvedTasks: s.resolved,
    failedTasks: s.failed,
    abandonedTasks: s.abandoned,
    openTasks: s.open,
    resolvedUsd: roundUsd(resolvedUsd),
    failedOrAbandonedUsd: 0,
    tasksListPriceUsd: s.costUsd,
    untaskedRequests: report.untasked.requests,
    untaskedListPriceUsd: report.untasked.costUsd,
    untaskedUnpricedRequests: report.untasked.unpricedRequests,
    totalUsd: roundUsd(total),
    savingsVsListPriceUsd: roundUsd(paidListPrice - total),
  };
}

function checkReserved(r: ReservedCapacityInput): void {
  if (!Number.isFinite(r.units) || r.units <= 0) {
    throw new SimulationError(`units must be a positive number, not ${r.units}`);
  }
  if (!Number.isFinite(r.tokensPerMinutePerUnit) || r.tokensPerMinutePerUnit <= 0) {
    throw new SimulationError(`tokens per minute per unit must be positive, not ${r.tokensPerMinutePerUnit}`);
  }
  checkMoney(r.pricePerUnitHour, 'price per unit-hour');
  if (r.outputWeight !== undefined && (!Number.isFinite(r.outputWeight) || r.outputWeight < 0)) {
    throw new SimulationError(`output weight must be a number ≥ 0, not ${r.outputWeight}`);
  }
  if (r.models?.some((m) => typeof m !== 'string' || m.trim() === '')) {
    throw new SimulationError('model globs must be non-empty strings');
  }
}

function checkMoney(value: number, what: string): void {
  if (!Number.isFinite(value) || value < 0) throw new SimulationError(`${what} must be ≥ $0, not ${value}`);
}
