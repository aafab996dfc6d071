import type { BudgetStatus } from '../../shared/budgets';
import { BudgetLedger } from '../core/budgets/budget-ledger';
import { budgetStatuses } from '../core/budgets/budget-status';
import { validateBudgets } from '../core/budgets/validate-budgets';
import { loadConfigFile } from '../core/config/load-config';
import { databasePath, defaultConfigPath, defaultDataDir } from '../core/paths';
import { RoutingStore } from '../core/routing/routing-store';
import { openDatabase } from '../core/store/open-database';
import { readJournal } from '../core/store/request-journal';
import { RequestLog } from '../core/store/request-log';
import { journalPath } from '../core/paths';
import type { Io } from './commands';

export interface BudgetsOptions {
  dataDir?: string;
  config?: string;
  json?: boolean;
}

/** `farebox budgets`: each budget's spend this period, thresholds, alerts and forecast. */
export function budgets(options: BudgetsOptions, io: Io): BudgetStatus[] {
  const dataDir = options.dataDir ?? defaultDataDir();
  const config = loadConfigFile(options.config ?? defaultConfigPath(dataDir));
  const db = openDatabase(databasePath(dataDir));
  try {
    new RequestLog(db).replayJournal(readJournal(journalPath(dataDir)));
    const aliases = new RoutingStore(db, config).routing().aliases;
    const checked = validateBudgets(
      config.budgets,
      new Map(config.providers.map((p) => [p.id, p.dialect])),
      aliases,
    );
    for (const problem of checked.problems) io.err(`farebox: budget skipped: ${problem}`);
    const statuses = budgetStatuses(db, new BudgetLedger(db, checked.budgets, aliases));
    io.out(options.json ? JSON.stringify(statuses, null, 2) : formatBudgets(statuses));
    return statuses;
  } finally {
    db.close();
  }
}

export function formatBudgets(statuses: readonly BudgetStatus[]): string {
  if (statuses.length === 0) return 'No budgets configured (config "budgets").';
  const lines: string[] = [];
  for (const b of statuses) {
    lines.push(
      `${b.name} (${b.id}): $${b.spentUsd.toFixed(6)} of $${b.amountUsd.toFixed(2)} this ${b.period} — ${b.percentUsed.toFixed(1)}%` +
        (b.reservedUsd > 0 ? `, $${b.reservedUsd.toFixed(6)} held by requests in flight` : ''),
    );
    lines.push(`  period ${b.periodStart} → resets ${b.resetsAt} (${b.timeZone})`);
    for (const t of b.thresholds) lines.push(`  ${t.reached ? '●' : '○'} ${t.percent}% ${t.action}`);
    const f = b.forecast;
    lines.push(
      `  forecast: $${f.projectedUsd.toFixed(2)} by reset (range $${f.lowUsd.toFixed(2)}–$${f.highUsd.toFixed(2)}), ` +
        `$${f.dailyRateUsd.toFixed(2)}/day` +
        (f.runsOutAt ? `; runs out ${f.runsOutAt}` : '; does not run out at this pace'),
    );
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}
