import { isTimeZone } from '../config/time-zone';
import type { z } from 'zod';
import type { RoutingConfig } from '../../../shared/routing';
import { budgetSchema, type BudgetConfig } from './budget-schema';

/**
 * Checks budgets one by one: a broken budget is reported (naming it and the field) and left out, the others
 * apply. `providers` maps provider ids to dialects; `aliases` are the routing aliases a downgrade may name.
 */
export function validateBudgets(
  raw: unknown,
  providers: ReadonlyMap<string, string>,
  aliases: RoutingConfig['aliases'],
): { budgets: BudgetConfig[]; problems: string[] } {
  const problems: string[] = [];
  const budgets: BudgetConfig[] = [];
  if (raw === undefined) return { budgets, problems };
  if (!Array.isArray(raw)) return { budgets, problems: ['budgets: expected an array of budgets'] };
  const ids = new Set<string>();
  raw.forEach((candidate: unknown, index) => {
    const id = (candidate as { id?: unknown } | null)?.id;
    const label = typeof id === 'string' ? `budgets[${index}] "${id}"` : `budgets[${index}]`;
    const parsed = budgetSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${label}: ${describe(issue)}`);
      return;
    }
    const budget = parsed.data;
    const own: string[] = [];
    if (ids.has(budget.id)) own.push(`id: duplicate budget id "${budget.id}"`);
    if (budget.timeZone !== undefined && !isTimeZone(budget.timeZone))
      own.push(`timeZone: unknown time zone "${budget.timeZone}"`);
    for (const provider of budget.scope.providers ?? []) {
      if (!providers.has(provider)) own.push(`scope.providers: no provider with id "${provider}"`);
    }
    budget.thresholds.forEach((threshold, i) => {
      if (threshold.action === 'downgrade') {
        const target = threshold.target;
        if (target === undefined) own.push(`thresholds[${i}].target: a downgrade needs a target or alias`);
        else if (typeof target === 'string' && !Object.hasOwn(aliases, target))
          own.push(`thresholds[${i}].target: no alias named "${target}"`);
        else if (typeof target === 'object' && !providers.has(target.provider))
          own.push(`thresholds[${i}].target: no provider with id "${target.provider}"`);
      } else if (threshold.target !== undefined) {
        own.push(`thresholds[${i}].target: only a downgrade has a target`);
      }
    });
    if (own.length > 0) {
      for (const problem of own) problems.push(`${label}: ${problem}`);
      return;
    }
    ids.add(budget.id);
    budgets.push(budget);
  });
  return { budgets, problems };
}

function describe(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  return `${path || '(budget)'}: ${issue.message}`;
}
