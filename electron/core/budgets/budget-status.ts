import { roundUsd } from '../../../shared/pricing';
import type { BudgetStatus } from '../../../shared/budgets';
import type { Db } from '../store/open-database';
import type { BudgetLedger } from './budget-ledger';
import { forecast } from './forecast';
import { localMidnight } from './periods';

/** Every budget's period, spend, thresholds, alerts and forecast, for `farebox budgets` and the UI. */
export function budgetStatuses(db: Db, ledger: BudgetLedger, now = Date.now()): BudgetStatus[] {
  return ledger.states(now).map((state) => {
    const { config, period } = state;
    const days = completeDailySpends(ledger, config.id, period.start, now, state.timeZone);
    const alerts = db
      .prepare<[string, number], { percent: number; action: string; fired_at: number; spent_usd: number }>(
        `SELECT percent, action, fired_at, spent_usd FROM budget_alerts
         WHERE budget_id = ? AND period_start = ? ORDER BY percent`,
      )
      .all(config.id, period.start);
    return {
      id: config.id,
      name: config.name ?? config.id,
      period: config.period,
      timeZone: state.timeZone,
      periodStart: new Date(period.start).toISOString(),
      resetsAt: new Date(period.end).toISOString(),
      amountUsd: config.amountUsd,
      spentUsd: state.spentUsd,
      reservedUsd: state.reservedUsd,
      percentUsed: roundUsd((state.spentUsd / config.amountUsd) * 100),
      thresholds: config.thresholds.map((t) => ({
        percent: t.percent,
        action: t.action,
        reached: state.spentUsd >= (config.amountUsd * t.percent) / 100,
      })),
      alerts: alerts.map((a) => ({
        percent: a.percent,
        action: a.action as BudgetStatus['thresholds'][number]['action'],
        firedAt: new Date(a.fired_at).toISOString(),
        spentUsd: a.spent_usd,
      })),
      forecast: (() => {
        const f = forecast(state.spentUsd, config.amountUsd, period, now, days);
        return { ...f, runsOutAt: f.runsOutAt === null ? null : new Date(f.runsOutAt).toISOString() };
      })(),
    };
  });
}

/** Settled spend of each complete local day of the period so far, from the ledger's scope. */
function completeDailySpends(
  ledger: BudgetLedger,
  id: string,
  periodStart: number,
  now: number,
  timeZone: string,
): number[] {
  const spends: number[] = [];
  let dayStart = periodStart;
  for (let i = 0; i < 31; i++) {
    const date = new Date(dayStart + 36 * 3_600_000); // safely inside the next local day
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    })
      .formatToParts(date)
      .reduce<Record<string, number>>(
        (acc, p) => (p.type === 'literal' ? acc : { ...acc, [p.type]: Number(p.value) }),
        {},
      );
    const next = localMidnight({ year: parts.year!, month: parts.month!, day: parts.day! }, timeZone);
    if (next > now) break;
    spends.push(ledger.spentBetween(id, dayStart, next));
    dayStart = next;
  }
  return spends;
}
