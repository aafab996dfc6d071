import { simulate as runSimulation, SimulationError } from '../core/outcomes/simulator';
import type { BillingSlice, SimulationResult } from '../core/outcomes/types';
import { openDatabase } from '../core/store/open-database';
import { monthBounds } from '../core/store/request-queries';
import { UsageError, type Io } from './commands';
import { openExistingDatabase, parseInstant } from './commands';
import { count, usd } from './tasks-command';

export interface SimulateOptions {
  dataDir?: string;
  /** ISO 8601; default: the start of the current month (local time). */
  from?: string;
  /** ISO 8601, exclusive; default: now. */
  until?: string;
  /** Reserved units; with tokensPerMinute and unitHourPrice. */
  units?: string;
  /** Input-token equivalents per minute per unit. */
  tokensPerMinute?: string;
  /** $ per unit-hour. */
  unitHourPrice?: string;
  /** Input tokens per output token (default 1; Azure gpt-4.1 and later: 4). */
  outputWeight?: string;
  /** Whether cache reads count against capacity (default no). */
  cachedCounts?: boolean | string;
  /** Comma-separated model globs the reservation covers (default all). */
  models?: string;
  /** $ per resolved task for outcome-based pricing. */
  perResolvedTask?: string;
  json?: boolean;
}

/** How many spilling minutes the text output itemizes (the largest ones); --json has them all. */
const SPILL_LINES = 10;

/**
 * `farebox simulate`: what the period's traffic cost, what it would have cost on N units of reserved capacity,
 * and under outcome-based pricing, with the arithmetic shown.
 */
export function simulate(options: SimulateOptions, io: Io): SimulationResult {
  const now = Date.now();
  const until = parseInstant(options.until, '--until') ?? now;
  const from = parseInstant(options.from, '--from') ?? monthBounds(undefined, new Date(now)).from.getTime();
  if (until <= from) {
    throw new UsageError(
      options.from === undefined
        ? '--until is before the start of this month: give --from too'
        : '--until must be after --from',
    );
  }
  const reserved = reservedInput(options);
  const perResolvedTask = number(options.perResolvedTask, '--per-resolved-task', 0);
  const db = openExistingDatabase(options.dataDir) ?? openDatabase(':memory:');
  let result: SimulationResult;
  try {
    result = runSimulation(db, { from, until, reserved, perResolvedTask });
  } catch (error) {
    if (error instanceof SimulationError) throw new UsageError(error.message);
    throw error;
  } finally {
    db.close();
  }
  io.out(options.json ? JSON.stringify(result, null, 2) : formatSimulation(result));
  return result;
}

function reservedInput(options: SimulateOptions) {
  const given = [options.units, options.tokensPerMinute, options.unitHourPrice];
  if (given.every((v) => v === undefined)) {
    if (
      options.outputWeight !== undefined ||
      options.cachedCounts !== undefined ||
      options.models !== undefined
    ) {
      throw new UsageError(
        '--output-weight, --cached-counts and --models describe a reservation: give --units, --tokens-per-minute and --unit-hour-price too',
      );
    }
    return undefined;
  }
  if (given.some((v) => v === undefined)) {
    throw new UsageError('a reservation needs all of --units, --tokens-per-minute and --unit-hour-price');
  }
  const models = options.models
    ?.split(',')
    .map((m) => m.trim())
    .filter((m) => m !== '');
  if (options.models !== undefined && models!.length === 0) {
    throw new UsageError('--models needs at least one model glob');
  }
  return {
    units: number(options.units, '--units', Number.MIN_VALUE)!,
    tokensPerMinutePerUnit: number(options.tokensPerMinute, '--tokens-per-minute', Number.MIN_VALUE)!,
    pricePerUnitHour: number(options.unitHourPrice, '--unit-hour-price', 0)!,
    outputWeight: number(options.outputWeight, '--output-weight', 0),
    cachedCounts: flag(options.cachedCounts, '--cached-counts'),
    models,
  };
}

function number(text: string | undefined, name: string, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.trim().replace(/^\$/, '').replace(/_/g, ''));
  if (text.trim() === '' || !Number.isFinite(value) || value < min) {
    throw new UsageError(`${name} must be a number${min > 0 ? ' above 0' : ' ≥ 0'}, not "${text}"`);
  }
  return value;
}

function flag(value: boolean | string | undefined, name: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  const text = value.trim().toLowerCase();
  if (['true', 'yes', '1', 'on'].includes(text)) return true;
  if (['false', 'no', '0', 'off'].includes(text)) return false;
  throw new UsageError(`${name} must be true or false, not "${value}"`);
}

export function formatSimulation(r: SimulationResult): string {
  const p = r.paid;
  const hours = (Date.parse(r.until) - Date.parse(r.from)) / 3_600_000;
  const lines = [`What-if for ${r.from} – ${r.until} (${count(hours)} h), ${p.requests} request(s)`, ''];

  lines.push('(a) What you paid');
  lines.push(`  On-demand spend (billed per token):  ${usd(p.onDemandUsd)}${slice(p.onDemand)}`);
  lines.push(
    `  Pool traffic at list price:          ${usd(p.pool.listPriceUsd)}${slice(p.pool)} — paid by its reservation, not on-demand spend`,
  );
  lines.push(
    `  Subscription traffic at list price:  ${usd(p.subscription.listPriceUsd)}${slice(p.subscription)} — paid by the plan, not on-demand spend`,
  );
  lines.push(
    `  All traffic at list price: ${usd(p.onDemandUsd)} + ${usd(p.pool.listPriceUsd)} + ${usd(p.subscription.listPriceUsd)} = ${usd(p.listPriceUsd)}`,
  );
  if (p.unpricedRequests > 0) {
    lines.push(`  ${p.unpricedRequests} request(s) are unpriced (no price for their model) and in no figure`);
  }

  const b = r.reserved;
  if (b) {
    lines.push('', `(b) The same traffic on ${count(b.units)} unit(s) of reserved capacity`);
    lines.push(
      `  Capacity C: ${count(b.units)} × ${count(b.tokensPerMinutePerUnit)} tokens/min = ${count(b.capacityPerMinute)} input-token equivalents per minute`,
      `  A request uses U = uncached input + cache writes + ${count(b.outputWeight)} × output${b.cachedCounts ? ' + cache reads' : ' (cache reads do not count)'}; models covered: ${b.models.join(', ')}`,
      `  Reservation: ${count(b.units)} unit(s) × ${count(b.hours)} h × ${usd(b.pricePerUnitHour)}/unit-hour = ${usd(b.reservationUsd)}`,
      `  Covered traffic: ${b.coveredRequests} request(s), U = ${count(b.consumedTokens)} tokens in ${b.activeMinutes} active minute(s), ${usd(b.coveredListPriceUsd)} at list price`,
      `  Spillover: ${count(b.spilledTokens)} token(s) in ${b.spillMinutes} minute(s) above capacity, each minute's list price × (U − C) ÷ U = ${usd(b.spillUsd)}`,
    );
    const largest = [...b.spill]
      .sort((x, y) => y.spilledTokens - x.spilledTokens || x.minute.localeCompare(y.minute))
      .slice(0, SPILL_LINES);
    for (const m of largest) {
      lines.push(
        `    ${m.minute}: U ${count(m.consumedTokens)} − C ${count(m.capacityTokens)} = ${count(m.spilledTokens)} spilled; ${usd(m.listPriceUsd)} × ${count(m.spilledTokens)} ÷ ${count(m.consumedTokens)} = ${usd(m.spillUsd)}${m.unpricedRequests > 0 ? ` (+${m.unpricedRequests} unpriced)` : ''}`,
      );
    }
    if (b.spill.length > largest.length) {
      lines.push(`    … ${b.spill.length - largest.length} more minute(s) (--json lists them all)`);
    }
    if (b.spillUnpricedRequests > 0) {
      lines.push(
        `    ${b.spillUnpricedRequests} unpriced request(s) in spilling minutes: their spill cost is unknown`,
      );
    }
    lines.push(
      `  Outside the covered models, at list price: ${usd(b.outsideListPriceUsd)} over ${b.outsideRequests} request(s)${b.outsideUnpricedRequests > 0 ? ` (+${b.outsideUnpricedRequests} unpriced)` : ''}`,
      `  Total: ${usd(b.reservationUsd)} + ${usd(b.spillUsd)} + ${usd(b.outsideListPriceUsd)} = ${usd(b.totalUsd)}`,
      `  ${versus(b.savingsVsListPriceUsd, p.listPriceUsd)}`,
      `  Utilization: average ${percent(b.averageUtilization)} (served ${count(b.servedTokens)} ÷ (C ${count(b.capacityPerMinute)} × ${count(b.minutes)} min)); demand ${percent(b.demandUtilization)}; peak minute ${percent(b.peakMinuteUtilization)}${b.peakMinute ? ` at ${b.peakMinute}` : ''}`,
    );
    if (
      b.breakEvenUtilization !== null &&
      b.blendedUsdPerToken !== null &&
      b.listPriceAtFullUseUsd !== null
    ) {
      lines.push(
        `  Break-even utilization: ${usd(b.reservationUsd)} ÷ ${usd(b.listPriceAtFullUseUsd)} (the period at full use: C ${count(b.capacityPerMinute)} × ${count(b.minutes)} min × ${usd(b.blendedUsdPerToken * 1e6)} per million, the covered traffic's blended list price) = ${percent(b.breakEvenUtilization)}`,
      );
    }
  }

  const c = r.outcome;
  if (c) {
    lines.push('', `(c) Outcome-based pricing at ${usd(c.perResolvedTaskUsd)} per resolved task`);
    lines.push(
      `  Resolved: ${c.resolvedTasks} × ${usd(c.perResolvedTaskUsd)} = ${usd(c.resolvedUsd)}`,
      `  Failed (${c.failedTasks}) and abandoned (${c.abandonedTasks}): ${usd(c.failedOrAbandonedUsd)}; open, not resolved in the period (${c.openTasks}): ${usd(0)}`,
      `  Requests in no task, at list price: ${usd(c.untaskedListPriceUsd)} over ${c.untaskedRequests} request(s)${c.untaskedUnpricedRequests > 0 ? ` (+${c.untaskedUnpricedRequests} unpriced)` : ''}`,
      `  Total: ${usd(c.resolvedUsd)} + ${usd(c.untaskedListPriceUsd)} = ${usd(c.totalUsd)}`,
      `  The ${c.tasks} task(s)' own traffic at list price: ${usd(c.tasksListPriceUsd)}`,
      `  ${versus(c.savingsVsListPriceUsd, p.listPriceUsd)}`,
    );
  }
  if (!b && !c) {
    lines.push(
      '',
      'Add --units, --tokens-per-minute and --unit-hour-price to compare reserved capacity, or --per-resolved-task to compare outcome-based pricing.',
    );
  }
  return lines.join('\n');
}

function slice(s: BillingSlice): string {
  return ` over ${s.requests} request(s)${s.unpricedRequests > 0 ? ` (+${s.unpricedRequests} unpriced)` : ''}`;
}

function versus(savings: number, listPrice: number): string {
  const base = `versus all traffic at list price (${usd(listPrice)})`;
  if (savings > 0) return `Saves ${usd(savings)} ${base}`;
  if (savings < 0) return `Costs ${usd(-savings)} more ${base}`;
  return `Costs the same as all traffic at list price (${usd(listPrice)})`;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
