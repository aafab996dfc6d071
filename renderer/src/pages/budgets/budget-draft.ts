import type { RouteTarget } from '../../../../shared/routing';
import {
  emptyTarget,
  isTimeZone,
  joinList,
  splitList,
  targetDraftOf,
  targetRefOf,
  validateTarget,
  type RuleContext,
  type TargetDraft,
} from '../rules/rule-draft';

/**
 * The budget editor's form model, converted to and from what budgets:get / budgets:set carry (the config's
 * budget objects, checked by electron/core/budgets/budget-schema.ts). The form checks what it can before
 * anything is sent; the core's problems come back from the save and are shown next to the budget.
 */

export type BudgetPeriod = 'day' | 'week' | 'month';
export type ThresholdAction = 'notify' | 'downgrade' | 'block';
export const PERIODS: readonly BudgetPeriod[] = ['day', 'week', 'month'];
export const THRESHOLD_ACTIONS: readonly ThresholdAction[] = ['notify', 'downgrade', 'block'];

/** A budget as stored (the schema's input shape). */
export interface BudgetInput {
  id: string;
  name?: string;
  period: BudgetPeriod;
  timeZone?: string;
  weekStartsOn?: 'mon' | 'sun';
  scope?: { providers?: string[]; models?: string[]; tools?: string[]; tags?: string[] };
  amountUsd: number;
  thresholds: Array<{ percent: number; action: ThresholdAction; target?: RouteTarget | string }>;
}

export interface ThresholdDraft {
  percent: string;
  action: ThresholdAction;
  /** downgrade only. */
  target: TargetDraft;
}

export interface BudgetDraft {
  key: string;
  id: string;
  name: string;
  period: BudgetPeriod;
  timeZone: string;
  weekStartsOn: 'mon' | 'sun';
  providers: string;
  models: string;
  tools: string;
  tags: string;
  amount: string;
  thresholds: ThresholdDraft[];
  dropped: string[];
}

export type BudgetErrors = Record<string, string>;

let keySeq = 0;
function newKey(): string {
  keySeq += 1;
  return `budget-${keySeq}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function listText(value: unknown): string {
  return Array.isArray(value) ? joinList(value) : typeof value === 'string' ? value : '';
}

export function blankThreshold(percent = '', action: ThresholdAction = 'notify'): ThresholdDraft {
  return { percent, action, target: emptyTarget() };
}

export function blankBudget(takenIds: readonly string[] = [], key = newKey()): BudgetDraft {
  let id = 'monthly';
  for (let n = 2; takenIds.includes(id); n++) id = `budget-${n}`;
  return {
    key,
    id,
    name: '',
    period: 'month',
    timeZone: '',
    weekStartsOn: 'mon',
    providers: '',
    models: '',
    tools: '',
    tags: '',
    amount: '',
    thresholds: [blankThreshold('80', 'notify'), blankThreshold('100', 'block')],
    dropped: [],
  };
}

const BUDGET_KEYS = new Set([
  'id',
  'name',
  'period',
  'timeZone',
  'weekStartsOn',
  'scope',
  'amountUsd',
  'thresholds',
]);
const SCOPE_KEYS = new Set(['providers', 'models', 'tools', 'tags']);

/** A stored budget (possibly invalid) as a form draft. */
export function draftFromBudget(raw: unknown, key = newKey()): BudgetDraft {
  const draft = blankBudget([], key);
  draft.id = '';
  draft.thresholds = [];
  if (!isRecord(raw)) return { ...draft, dropped: ['the whole budget (not an object)'] };
  const dropped = Object.keys(raw).filter((k) => !BUDGET_KEYS.has(k));
  draft.id = text(raw.id);
  draft.name = text(raw.name);
  draft.period = raw.period === 'day' || raw.period === 'week' ? raw.period : 'month';
  draft.timeZone = text(raw.timeZone);
  draft.weekStartsOn = raw.weekStartsOn === 'sun' ? 'sun' : 'mon';
  const scope = isRecord(raw.scope) ? raw.scope : {};
  for (const k of Object.keys(scope)) if (!SCOPE_KEYS.has(k)) dropped.push(`scope.${k}`);
  draft.providers = listText(scope.providers);
  draft.models = listText(scope.models);
  draft.tools = listText(scope.tools);
  draft.tags = listText(scope.tags);
  draft.amount = text(raw.amountUsd);
  draft.thresholds = Array.isArray(raw.thresholds)
    ? raw.thresholds.map((t: unknown) => {
        const threshold = isRecord(t) ? t : {};
        const action: ThresholdAction =
          threshold.action === 'downgrade' || threshold.action === 'block' ? threshold.action : 'notify';
        return {
          percent: text(threshold.percent),
          action,
          target: threshold.target === undefined ? emptyTarget() : targetDraftOf(threshold.target),
        };
      })
    : [];
  draft.dropped = dropped;
  return draft;
}

function numberOrText(value: string): number {
  const trimmed = value.trim().replace(/^\$/, '');
  const n = Number(trimmed);
  return (trimmed !== '' && Number.isFinite(n) ? n : trimmed) as number;
}

/** The budget to store (in the schema's key order); empty optional fields are left out. */
export function draftToBudget(draft: BudgetDraft): BudgetInput {
  const scope: NonNullable<BudgetInput['scope']> = {};
  const providers = splitList(draft.providers);
  if (providers.length) scope.providers = providers;
  const models = splitList(draft.models);
  if (models.length) scope.models = models;
  const tools = splitList(draft.tools);
  if (tools.length) scope.tools = tools;
  const tags = splitList(draft.tags);
  if (tags.length) scope.tags = tags;
  return {
    id: draft.id.trim(),
    ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
    period: draft.period,
    ...(draft.timeZone.trim() ? { timeZone: draft.timeZone.trim() } : {}),
    ...(draft.period === 'week' ? { weekStartsOn: draft.weekStartsOn } : {}),
    ...(Object.keys(scope).length > 0 ? { scope } : {}),
    amountUsd: numberOrText(draft.amount),
    thresholds: draft.thresholds.map((t) => ({
      percent: numberOrText(t.percent),
      action: t.action,
      ...(t.action === 'downgrade' ? { target: targetRefOf(t.target) } : {}),
    })),
  };
}

const BUDGET_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function validateBudgetDraft(
  draft: BudgetDraft,
  ctx: RuleContext,
  otherIds: readonly string[] = [],
): BudgetErrors {
  const errors: BudgetErrors = {};
  const id = draft.id.trim();
  if (!id) errors.id = 'Give the budget an id';
  else if (!BUDGET_ID.test(id))
    errors.id = 'Use letters, digits, ".", "_" or "-" (starting with a letter or digit)';
  else if (otherIds.includes(id)) errors.id = `Another budget already has the id "${id}"`;

  const amount = draft.amount.trim().replace(/^\$/, '');
  if (!amount) errors.amount = 'Enter the budget for one period, in USD';
  else if (!/^\d+(\.\d+)?$|^\.\d+$/.test(amount)) errors.amount = 'Enter an amount in USD, e.g. 50 or 12.50';
  else if (Number(amount) <= 0) errors.amount = 'The amount must be above $0';

  if (draft.timeZone.trim() && !isTimeZone(draft.timeZone.trim())) {
    errors.timeZone = `Unknown time zone "${draft.timeZone.trim()}" (e.g. America/New_York)`;
  }
  if (ctx.providers) {
    const unknown = splitList(draft.providers).filter((p) => !ctx.providers!.has(p));
    if (unknown.length) errors.providers = `No provider with id ${unknown.map((p) => `"${p}"`).join(', ')}`;
  }

  const seen = new Set<string>();
  draft.thresholds.forEach((threshold, i) => {
    const percent = threshold.percent.trim();
    if (!percent) errors[`thresholds.${i}.percent`] = 'Enter a percent of the budget';
    else if (!Number.isFinite(Number(percent)) || Number(percent) <= 0 || Number(percent) > 1000) {
      errors[`thresholds.${i}.percent`] = 'A percent above 0 and at most 1000';
    } else {
      const key = `${Number(percent)}|${threshold.action}`;
      if (seen.has(key)) errors[`thresholds.${i}.percent`] = 'This threshold is listed twice';
      seen.add(key);
    }
    if (threshold.action === 'downgrade')
      validateTarget(threshold.target, `thresholds.${i}.target`, ctx, errors);
  });
  return errors;
}

export function validateBudgetDrafts(drafts: readonly BudgetDraft[], ctx: RuleContext): BudgetErrors[] {
  return drafts.map((draft, index) =>
    validateBudgetDraft(
      draft,
      ctx,
      drafts.filter((_, i) => i < index).map((d) => d.id.trim()),
    ),
  );
}

/** `budgets[1] "daily": amountUsd: ...` → by budget index, prefix removed; the rest is general. */
export function problemsByBudget(
  problems: readonly string[],
  count: number,
): { byIndex: string[][]; general: string[] } {
  const byIndex: string[][] = Array.from({ length: count }, () => []);
  const general: string[] = [];
  for (const problem of problems) {
    const match = /^budgets\[(\d+)\](?: "(?:[^"\\]|\\.)*")?: (.*)$/s.exec(problem);
    const index = match ? Number(match[1]) : -1;
    if (match && index < count) byIndex[index]!.push(match[2]!);
    else general.push(problem);
  }
  return { byIndex, general };
}

export function sameBudgets(a: readonly BudgetDraft[], b: readonly BudgetDraft[]): boolean {
  return JSON.stringify(a.map(draftToBudget)) === JSON.stringify(b.map(draftToBudget));
}

/** "notify at 80 %, downgrade at 90 %, block at 100 %". */
export function describeThresholds(thresholds: readonly ThresholdDraft[]): string {
  if (thresholds.length === 0) return 'no thresholds';
  return [...thresholds]
    .sort((a, b) => Number(a.percent) - Number(b.percent))
    .map((t) => `${t.action} at ${t.percent.trim() || '?'} %`)
    .join(', ');
}

/** "all requests" or "claude-code · providers anthropic". */
export function describeScope(draft: Pick<BudgetDraft, 'providers' | 'models' | 'tools' | 'tags'>): string {
  const parts = [
    ['tools', splitList(draft.tools)],
    ['providers', splitList(draft.providers)],
    ['models', splitList(draft.models)],
    ['tags', splitList(draft.tags)],
  ] as const;
  const given = parts.filter(([, values]) => values.length > 0);
  if (given.length === 0) return 'all requests';
  return given.map(([name, values]) => `${name} ${values.join(', ')}`).join(' · ');
}
