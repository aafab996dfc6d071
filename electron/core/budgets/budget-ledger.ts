import type { BudgetThresholdCrossed } from '../../../shared/contract';
import { roundUsd } from '../../../shared/pricing';
import type { RouteTarget, RoutingConfig } from '../../../shared/routing';
import { globToRegex } from '../routing/regex';
import type { Db } from '../store/open-database';
import type { BudgetConfig } from './budget-schema';
import { periodBounds, systemTimeZone, type PeriodBounds } from './periods';

/** What a request is, as budgets see it (the target it will be sent to). */
export interface BudgetSubject {
  tool: string;
  tags: readonly string[];
  provider: string;
  model: string;
}

export interface BudgetAlert {
  budgetId: string;
  name: string;
  percent: number;
  action: 'notify' | 'downgrade' | 'block';
  spentUsd: number;
  amountUsd: number;
  periodStart: number;
  resetsAt: number;
}

/** The contract's form of an alert (times as ISO 8601): what IPC and the HTTP event stream push. */
export function thresholdCrossed(alert: BudgetAlert): BudgetThresholdCrossed {
  return {
    budgetId: alert.budgetId,
    name: alert.name,
    percent: alert.percent,
    action: alert.action,
    spentUsd: alert.spentUsd,
    amountUsd: alert.amountUsd,
    resetsAt: new Date(alert.resetsAt).toISOString(),
  };
}

/** A request's worst case held against every budget it falls under until it settles. */
export interface Reservation {
  items: Array<{ budget: LiveBudget; amountUsd: number; periodStart: number }>;
}

export type Admission =
  | { kind: 'ok'; reservation: Reservation }
  | { kind: 'block'; budget: BudgetConfig; message: string; spentUsd: number; resetsAt: number };

interface LiveBudget {
  config: BudgetConfig;
  timeZone: string;
  matches: (subject: BudgetSubject) => boolean;
  period: PeriodBounds;
  /** Settled on-demand spend in the period. */
  spentUsd: number;
  /** Worst cases of requests in flight. */
  reservedUsd: number;
}

/**
 * Budget state in memory, seeded from the request log: settled spend per budget and period, plus the worst
 * cases of requests in flight. Node runs one request's admission at a time, so "check, then reserve" cannot
 * interleave: with N requests in flight against a nearly spent budget, each sees the others' reservations.
 */
export class BudgetLedger {
  private readonly live: LiveBudget[];
  private readonly listeners = new Set<(alert: BudgetAlert) => void>();

  constructor(
    private readonly db: Db,
    budgets: readonly BudgetConfig[],
    private readonly aliases: RoutingConfig['aliases'],
    now = Date.now(),
  ) {
    this.live = budgets.map((config) => {
      const timeZone = config.timeZone ?? systemTimeZone();
      const budget: LiveBudget = {
        config,
        timeZone,
        matches: scopeMatcher(config),
        period: periodBounds(config.period, now, timeZone, config.weekStartsOn),
        spentUsd: 0,
        reservedUsd: 0,
      };
      budget.spentUsd = this.spentFromLog(budget);
      return budget;
    });
  }

  get isEmpty(): boolean {
    return this.live.length === 0;
  }

  onAlert(listener: (alert: BudgetAlert) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The targets of the first downgrade threshold reached by a budget the request falls under, if any. */
  downgradeFor(
    subject: BudgetSubject,
    now = Date.now(),
  ): { budget: BudgetConfig; targets: RouteTarget[] } | null {
    for (const budget of this.applicable(subject, now)) {
      const used = budget.spentUsd + budget.reservedUsd;
      const reached = budget.config.thresholds
        .filter((t) => t.action === 'downgrade' && used >= (budget.config.amountUsd * t.percent) / 100)
        .sort((a, b) => b.percent - a.percent)[0];
      if (!reached?.target) continue;
      const targets =
        typeof reached.target === 'string' ? this.aliasTargets(reached.target) : [reached.target];
      if (targets.length > 0) return { budget: budget.config, targets };
    }
    return null;
  }

  /**
   * Blocks the request if its worst case would take any budget it falls under past a block threshold;
   * otherwise reserves the worst case against each of them. An unpriced worst case reserves nothing (it
   * cannot be bounded) but is still blocked once a budget is already at its limit.
   */
  admit(subject: BudgetSubject, worstCaseUsd: number | null, now = Date.now()): Admission {
    const applicable = this.applicable(subject, now);
    const worst = worstCaseUsd ?? 0;
    for (const budget of applicable) {
      const limit = blockLimit(budget.config);
      if (limit === null) continue;
      const used = budget.spentUsd + budget.reservedUsd;
      if (used + worst > limit || used >= limit) {
        const resetsAt = budget.period.end;
        return {
          kind: 'block',
          budget: budget.config,
          spentUsd: roundUsd(budget.spentUsd),
          resetsAt,
          message:
            `budget "${budget.config.name ?? budget.config.id}" is spent: $${budget.spentUsd.toFixed(2)} of ` +
            `$${budget.config.amountUsd.toFixed(2)} this ${budget.config.period}` +
            (budget.reservedUsd > 0
              ? ` ($${budget.reservedUsd.toFixed(2)} more held by requests in flight)`
              : '') +
            `; it resets ${formatReset(resetsAt, budget.timeZone)}`,
        };
      }
    }
    const items = applicable.map((budget) => {
      budget.reservedUsd += worst;
      return { budget, amountUsd: worst, periodStart: budget.period.start };
    });
    return { kind: 'ok', reservation: { items } };
  }

  /** Releases the reservation and counts the actual on-demand cost; fires thresholds crossed. */
  settle(reservation: Reservation, actualUsd: number, now = Date.now()): void {
    for (const item of reservation.items) {
      const budget = item.budget;
      if (budget.period.start === item.periodStart)
        budget.reservedUsd = Math.max(0, budget.reservedUsd - item.amountUsd);
      this.roll(budget, now);
      // A request that started in the previous period is counted there; the new period starts from the log.
      if (budget.period.start !== item.periodStart) continue;
      const before = budget.spentUsd;
      budget.spentUsd += actualUsd;
      this.fireCrossed(budget, before, budget.spentUsd, now);
    }
  }

  /** Percent of each budget used (settled spend), for rule conditions; null for an unknown id. */
  percentUsed(id: string, now = Date.now()): number | null {
    const budget = this.live.find((b) => b.config.id === id);
    if (!budget) return null;
    this.roll(budget, now);
    return (budget.spentUsd / budget.config.amountUsd) * 100;
  }

  states(now = Date.now()): Array<{
    config: BudgetConfig;
    timeZone: string;
    period: PeriodBounds;
    spentUsd: number;
    reservedUsd: number;
  }> {
    return this.live.map((budget) => {
      this.roll(budget, now);
      return {
        config: budget.config,
        timeZone: budget.timeZone,
        period: budget.period,
        spentUsd: roundUsd(budget.spentUsd),
        reservedUsd: roundUsd(budget.reservedUsd),
      };
    });
  }

  /** Settled on-demand spend of a budget's scope between two instants, from the log. */
  spentBetween(id: string, from: number, until: number): number {
    const budget = this.live.find((b) => b.config.id === id);
    if (!budget) return 0;
    return this.sumFromLog(budget, from, until);
  }

  private applicable(subject: BudgetSubject, now: number): LiveBudget[] {
    const found: LiveBudget[] = [];
    for (const budget of this.live) {
      if (!budget.matches(subject)) continue;
      this.roll(budget, now);
      found.push(budget);
    }
    return found;
  }

  /** A new period starts from the log (requests already settled in it), never from the old total. */
  private roll(budget: LiveBudget, now: number): void {
    if (now < budget.period.end && now >= budget.period.start) return;
    budget.period = periodBounds(budget.config.period, now, budget.timeZone, budget.config.weekStartsOn);
    budget.spentUsd = this.spentFromLog(budget);
  }

  private aliasTargets(alias: string): RouteTarget[] {
    if (!Object.hasOwn(this.aliases, alias)) return [];
    const value = this.aliases[alias]!;
    return Array.isArray(value) ? value : [value];
  }

  private fireCrossed(budget: LiveBudget, before: number, after: number, now: number): void {
    const amount = budget.config.amountUsd;
    for (const threshold of budget.config.thresholds) {
      const line = (amount * threshold.percent) / 100;
      if (!(before < line && after >= line)) continue;
      const inserted = this.db
        .prepare(
          `INSERT OR IGNORE INTO budget_alerts (budget_id, period_start, percent, action, fired_at, spent_usd)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(
          budget.config.id,
          budget.period.start,
          threshold.percent,
          threshold.action,
          now,
          roundUsd(after),
        );
      if (inserted.changes === 0) continue; // already announced this period
      const alert: BudgetAlert = {
        budgetId: budget.config.id,
        name: budget.config.name ?? budget.config.id,
        percent: threshold.percent,
        action: threshold.action,
        spentUsd: roundUsd(after),
        amountUsd: amount,
        periodStart: budget.period.start,
        resetsAt: budget.period.end,
      };
      for (const listener of this.listeners) listener(alert);
    }
  }

  private spentFromLog(budget: LiveBudget): number {
    return this.sumFromLog(budget, budget.period.start, budget.period.end);
  }

  private sumFromLog(budget: LiveBudget, from: number, until: number): number {
    const { sql, params } = scopeSql(budget.config);
    const row = this.db
      .prepare<unknown[], { spent: number | null }>(
        `SELECT SUM(cost_usd) AS spent FROM requests
         WHERE started_at >= ? AND started_at < ? AND billing = 'on_demand' AND outcome != 'in_flight' ${sql}`,
      )
      .get(from, until, ...params);
    return row?.spent ?? 0;
  }
}

/** The lowest block threshold in USD, or null when the budget never blocks. */
function blockLimit(config: BudgetConfig): number | null {
  const blocks = config.thresholds.filter((t) => t.action === 'block').map((t) => t.percent);
  return blocks.length === 0 ? null : (config.amountUsd * Math.min(...blocks)) / 100;
}

function scopeMatcher(config: BudgetConfig): (subject: BudgetSubject) => boolean {
  const { providers, models, tools, tags } = config.scope;
  const modelGlobs = models?.map(globToRegex);
  const toolGlobs = tools?.map(globToRegex);
  return (subject) =>
    (!providers || providers.includes(subject.provider)) &&
    (!modelGlobs || modelGlobs.some((glob) => glob.test(subject.model))) &&
    (!toolGlobs || toolGlobs.some((glob) => glob.test(subject.tool))) &&
    (!tags || tags.some((tag) => subject.tags.includes(tag)));
}

/** The same scope as SQL over the request log (globs case-insensitive, like the matcher). */
function scopeSql(config: BudgetConfig): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const { providers, models, tools, tags } = config.scope;
  if (providers) {
    parts.push(`provider IN (${providers.map(() => '?').join(', ')})`);
    params.push(...providers);
  }
  const globs = (column: string, patterns: string[]) => {
    parts.push(`(${patterns.map(() => `lower(${column}) GLOB ?`).join(' OR ')})`);
    params.push(...patterns.map(sqliteGlob));
  };
  if (models) globs(`COALESCE(served_model, requested_model, '')`, models);
  if (tools) globs('tool', tools);
  if (tags) {
    parts.push(
      `EXISTS (SELECT 1 FROM json_each(COALESCE(tags, '[]')) WHERE value IN (${tags.map(() => '?').join(', ')}))`,
    );
    params.push(...tags);
  }
  return { sql: parts.map((p) => `AND ${p}`).join(' '), params };
}

/** Our globs know only * and ?; SQLite's also treat [ as special, so it is escaped. */
function sqliteGlob(pattern: string): string {
  return pattern.toLowerCase().replace(/\[/g, '[[]');
}

function formatReset(at: number, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  return `${text.replace(',', '')} (${timeZone})`;
}
