import type { BudgetStatus } from '../../shared/budgets';
import type { MonthStats } from '../../shared/records';

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export function formatUsd(amount: number): string {
  if (amount > 0 && amount < 0.01) return '<$0.01';
  return usd.format(amount);
}

/** Budget amounts are usually round; "$50" reads better than "$50.00" in a one-line summary. */
function formatAmount(amount: number): string {
  return Number.isInteger(amount) ? `$${amount.toLocaleString('en-US')}` : formatUsd(amount);
}

type Severity = 0 | 1 | 2;
const SYMBOL: Record<Severity, string> = { 0: '', 1: '⚠ ', 2: '⛔ ' };

function severity(budget: BudgetStatus): Severity {
  const reached = budget.thresholds.filter((threshold) => threshold.reached);
  if (reached.some((threshold) => threshold.action === 'block')) return 2;
  return reached.length > 0 || budget.percentUsed >= 100 ? 1 : 0;
}

/** The budget to show: the most severe state first (blocking, then any threshold reached), then the fullest. */
export function worstBudget(budgets: readonly BudgetStatus[]): BudgetStatus | null {
  let worst: BudgetStatus | null = null;
  for (const budget of budgets) {
    if (
      !worst ||
      severity(budget) > severity(worst) ||
      (severity(budget) === severity(worst) && budget.percentUsed > worst.percentUsed)
    ) {
      worst = budget;
    }
  }
  return worst;
}

// Rounded down so a budget never reads 100% before it is spent.
const percentOf = (budget: BudgetStatus): number => Math.floor(budget.percentUsed);

/** "⚠ 92% of Monthly $50". */
export function budgetLine(budget: BudgetStatus): string {
  return `${SYMBOL[severity(budget)]}${percentOf(budget)}% of ${budget.name} ${formatAmount(budget.amountUsd)}`;
}

export interface TrayText {
  /** Next to the icon in the macOS menu bar (and some Linux panels). */
  title: string;
  tooltip: string;
  /** Information lines at the top of the menu. */
  lines: string[];
}

export function trayText(input: {
  month: Pick<MonthStats, 'totalUsd' | 'unpricedRequests'>;
  budgets: readonly BudgetStatus[];
  paused: boolean;
}): TrayText {
  const spend = formatUsd(input.month.totalUsd);
  const unpriced = input.month.unpricedRequests;
  const spendLine =
    `${spend} this month` +
    (unpriced > 0 ? ` (+${unpriced} unpriced request${unpriced === 1 ? '' : 's'})` : '');
  const worst = worstBudget(input.budgets);
  const lines = [spendLine];
  let title = spend;
  if (worst) {
    lines.push(budgetLine(worst));
    if (severity(worst) > 0) title += ` ${SYMBOL[severity(worst)]}${percentOf(worst)}%`;
  }
  if (input.paused) {
    lines.push('Routing paused: requests go straight to their provider');
    title += ' ⏸';
  }
  return { title, tooltip: ['Farebox', ...lines].join('\n'), lines };
}

/** Shown when the core cannot answer (it is stopping, or its database is busy). */
export const UNAVAILABLE_TEXT: TrayText = {
  title: '',
  tooltip: 'Farebox',
  lines: ['Spend unavailable right now'],
};
