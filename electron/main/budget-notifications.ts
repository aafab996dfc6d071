import type { BudgetStatus } from '../../shared/budgets';
import type { BudgetAlert } from '../core/budgets/budget-ledger';
import type { Core } from '../core/core-types';
import type { DesktopNotice, Notify } from './notifier';
import { formatUsd } from './tray-label';

export type FormatTime = (epochMs: number) => string;

const localTime: FormatTime = (epochMs) =>
  new Date(epochMs).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** What the proxy does from now on because of this threshold, or what the next threshold will do. */
function whatHappensNext(alert: BudgetAlert, budgets: readonly BudgetStatus[], resets: string): string {
  if (alert.action === 'block')
    return `New requests under this budget are blocked until it resets ${resets}.`;
  if (alert.action === 'downgrade') {
    return `Requests under this budget now go to the cheaper model set for this threshold until it resets ${resets}.`;
  }
  const next = budgets
    .find((budget) => budget.id === alert.budgetId)
    ?.thresholds.filter((threshold) => threshold.percent > alert.percent && threshold.action !== 'notify')
    .sort((a, b) => a.percent - b.percent)[0];
  if (!next) return `Nothing is blocked or downgraded by this budget; it resets ${resets}.`;
  const consequence = next.action === 'block' ? 'new requests are blocked' : 'requests go to a cheaper model';
  return `Nothing changes yet; at ${next.percent}% ${consequence}. It resets ${resets}.`;
}

export function budgetAlertNotice(
  alert: BudgetAlert,
  budgets: readonly BudgetStatus[],
  formatTime: FormatTime = localTime,
): DesktopNotice {
  return {
    title: `Budget "${alert.name}" reached ${alert.percent}%`,
    body:
      `${formatUsd(alert.spentUsd)} of ${formatUsd(alert.amountUsd)} spent. ` +
      whatHappensNext(alert, budgets, formatTime(alert.resetsAt)),
    urgency: alert.action === 'block' ? 'critical' : 'normal',
  };
}

/**
 * One notification per threshold crossed (the core announces each threshold once per period). The alert fires
 * inside the core's budget accounting, so reading the budgets back waits until that has returned.
 */
export function notifyBudgetAlerts(
  core: Pick<Core, 'onBudgetAlert' | 'budgets'>,
  notify: Notify,
  onError: (error: unknown) => void,
  formatTime?: FormatTime,
): () => void {
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const unsubscribe = core.onBudgetAlert((alert) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      let budgets: BudgetStatus[] = [];
      try {
        budgets = core.budgets();
      } catch (error) {
        // The notice is still worth showing without the next threshold.
        onError(error);
      }
      notify(budgetAlertNotice(alert, budgets, formatTime));
    }, 0);
    timers.add(timer);
  });
  return () => {
    unsubscribe();
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };
}
