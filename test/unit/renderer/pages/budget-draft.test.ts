import { describe, expect, it } from 'vitest';
import {
  blankBudget,
  blankThreshold,
  describeScope,
  describeThresholds,
  draftFromBudget,
  draftToBudget,
  problemsByBudget,
  sameBudgets,
  validateBudgetDraft,
  validateBudgetDrafts,
  type BudgetInput,
} from '../../../../renderer/src/pages/budgets/budget-draft';
import type { RuleContext } from '../../../../renderer/src/pages/rules/rule-draft';

const ctx: RuleContext = {
  providers: new Map([
    ['anthropic', 'anthropic'],
    ['openrouter', 'openai'],
  ]),
  aliases: new Set(['cheap']),
};

const full: BudgetInput = {
  id: 'team',
  name: 'Team budget',
  period: 'week',
  timeZone: 'Europe/Berlin',
  weekStartsOn: 'sun',
  scope: { providers: ['anthropic'], models: ['claude-*'], tools: ['claude-code'], tags: ['team-a'] },
  amountUsd: 125.5,
  thresholds: [
    { percent: 80, action: 'notify' },
    { percent: 90, action: 'downgrade', target: { provider: 'openrouter', model: 'gpt-4.1-mini' } },
    { percent: 95, action: 'downgrade', target: 'cheap' },
    { percent: 100, action: 'block' },
  ],
};

describe('budget drafts', () => {
  it('round-trips a stored budget', () => {
    const draft = draftFromBudget(full);
    expect(draft.dropped).toEqual([]);
    expect(draftToBudget(draft)).toEqual(full);
  });

  it('leaves empty optional fields out and drops the week start outside weekly budgets', () => {
    const draft = { ...blankBudget([], 'k'), amount: '$40' };
    expect(draftToBudget(draft)).toEqual({
      id: 'monthly',
      period: 'month',
      amountUsd: 40,
      thresholds: [
        { percent: 80, action: 'notify' },
        { percent: 100, action: 'block' },
      ],
    });
  });

  it('names unknown stored fields and starts new budgets with free ids', () => {
    expect(
      draftFromBudget({ id: 'x', amountUsd: 1, currency: 'EUR', scope: { teams: ['a'] } }).dropped,
    ).toEqual(['currency', 'scope.teams']);
    expect(blankBudget(['monthly']).id).toBe('budget-2');
  });

  it('validates amount, id, time zone, providers and thresholds', () => {
    expect(validateBudgetDraft(draftFromBudget(full), ctx)).toEqual({});
    const errors = validateBudgetDraft(
      {
        ...draftFromBudget(full),
        id: '',
        amount: '-3',
        timeZone: 'Nowhere/Land',
        providers: 'anthropic, ghost',
        thresholds: [
          blankThreshold('', 'notify'),
          blankThreshold('2000', 'block'),
          blankThreshold('50', 'downgrade'),
          blankThreshold('60', 'notify'),
          blankThreshold('60', 'notify'),
        ],
      },
      ctx,
    );
    expect(Object.keys(errors).sort()).toEqual(
      [
        'id',
        'amount',
        'timeZone',
        'providers',
        'thresholds.0.percent',
        'thresholds.1.percent',
        'thresholds.2.target.provider',
        'thresholds.2.target.model',
        'thresholds.4.percent',
      ].sort(),
    );
    expect(validateBudgetDraft({ ...blankBudget([], 'z'), amount: '0' }, ctx).amount).toMatch(/above \$0/);
    expect(validateBudgetDrafts([draftFromBudget(full), draftFromBudget(full)], ctx)[1]?.id).toMatch(
      /already/,
    );
  });

  it('sorts the core’s problems by budget', () => {
    expect(
      problemsByBudget(['budgets[0] "team": amountUsd: Too small', 'budgets: expected an array'], 1),
    ).toEqual({
      byIndex: [['amountUsd: Too small']],
      general: ['budgets: expected an array'],
    });
  });

  it('describes thresholds and scope, and compares drafts by what they store', () => {
    const draft = draftFromBudget(full);
    expect(describeThresholds(draft.thresholds)).toBe(
      'notify at 80 %, downgrade at 90 %, downgrade at 95 %, block at 100 %',
    );
    expect(describeScope(draft)).toBe(
      'tools claude-code · providers anthropic · models claude-* · tags team-a',
    );
    expect(describeScope(blankBudget())).toBe('all requests');
    expect(sameBudgets([draft], [{ ...draft, key: 'x', amount: '125.50' }])).toBe(true);
  });

  it('stores what the core accepts', async () => {
    const { validateBudgets } = await import('../../../../electron/core/budgets/validate-budgets');
    const aliases = { cheap: { provider: 'openrouter', model: 'gpt-4.1-mini' } };
    const providers = new Map([
      ['anthropic', 'anthropic'],
      ['openrouter', 'openai'],
    ]);
    const drafts = [draftFromBudget(full), { ...blankBudget([], 'b'), amount: '20' }];
    expect(validateBudgets(drafts.map(draftToBudget), providers, aliases).problems).toEqual([]);
  });
});
