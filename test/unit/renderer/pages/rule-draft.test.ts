import { describe, expect, it } from 'vitest';
import type { RoutingRule } from '../../../../shared/routing';
import {
  aliasNames,
  blankDraft,
  describeRule,
  draftFromRule,
  draftToRule,
  emptyTarget,
  errorCount,
  fallbackTriggers,
  moveItem,
  problemsByRule,
  regexProblem,
  sameRules,
  splitList,
  validateDrafts,
  validateRuleDraft,
  type RuleContext,
} from '../../../../renderer/src/pages/rules/rule-draft';

const ctx: RuleContext = {
  providers: new Map([
    ['anthropic', 'anthropic'],
    ['openrouter', 'openai'],
  ]),
  aliases: new Set(['cheap']),
};

const full: RoutingRule = {
  id: 'small-claude',
  name: 'Small Claude requests',
  enabled: false,
  when: {
    tools: ['claude-code', 'cline'],
    dialects: ['anthropic'],
    models: ['claude-*'],
    inputTokens: { min: 10, max: 20000 },
    hasTools: true,
    hasImages: false,
    thinking: false,
    lastUserMessage: '/\\btest\\b/i',
    headers: { 'x-farebox-task': '^review-' },
    schedule: { days: ['mon', 'fri'], from: '09:00', until: '17:30', timeZone: 'Europe/Berlin' },
    budget: { id: 'monthly', above: 80 },
  },
  then: { chain: [{ provider: 'openrouter', model: 'gpt-4.1-mini', api: 'responses' }, 'cheap'] },
  tags: ['team-a'],
  fallbackOn: ['429', '5xx', 408],
  timeoutMs: 30000,
};

describe('rule drafts', () => {
  it('round-trips every field of a stored rule', () => {
    const draft = draftFromRule(full);
    expect(draft.dropped).toEqual([]);
    expect(draft.tools).toBe('claude-code, cline');
    expect(draft.hasTools).toBe('yes');
    expect(draft.hasImages).toBe('no');
    expect(draft.targets[1]).toMatchObject({ kind: 'alias', alias: 'cheap' });
    expect(draftToRule(draft)).toEqual(full);
  });

  it('writes the smallest rule: empty conditions and defaults are left out', () => {
    const draft = {
      ...blankDraft([], 'k'),
      id: 'r',
      targets: [{ ...emptyTarget(), provider: 'anthropic', model: 'claude-haiku-4-5' }],
    };
    expect(draftToRule(draft)).toEqual({
      id: 'r',
      then: { route: { provider: 'anthropic', model: 'claude-haiku-4-5' } },
    });
    expect(draftToRule({ ...draft, action: 'pass' })).toEqual({ id: 'r', then: { pass: true } });
    expect(draftToRule({ ...draft, action: 'reject', rejectMessage: ' No. ', rejectStatus: '429' })).toEqual({
      id: 'r',
      then: { reject: { message: 'No.', status: 429 } },
    });
  });

  it('names fields of a stored rule the editor cannot keep', () => {
    const draft = draftFromRule({ id: 'x', then: { pass: true }, extra: 1, when: { weather: 'sunny' } });
    expect(draft.dropped).toEqual(['extra', 'when.weather']);
    expect(draftFromRule('nonsense').dropped).toHaveLength(1);
    expect(draftFromRule({ id: 'y', then: {} }).dropped).toEqual([expect.stringMatching(/^then/)]);
  });

  it('tolerates malformed stored values', () => {
    const draft = draftFromRule({
      id: 3,
      when: { tools: 'claude-code', dialects: ['klingon', 'gemini'] },
      then: { chain: [] },
    });
    expect(draft.id).toBe('3');
    expect(draft.tools).toBe('claude-code');
    expect(draft.dialects).toEqual(['gemini']);
    expect(draft.targets).toHaveLength(1);
  });

  it('splits lists on commas and new lines', () => {
    expect(splitList(' a, b\nc,, a ')).toEqual(['a', 'b', 'c']);
    expect(fallbackTriggers('429, Timeout, 503')).toEqual(['429', 'timeout', 503]);
  });
});

describe('rule validation', () => {
  const valid = draftFromRule(full);

  it('passes a valid rule', () => {
    expect(validateRuleDraft(valid, ctx)).toEqual({});
  });

  it('names each bad field', () => {
    const errors = validateRuleDraft(
      {
        ...valid,
        id: '-bad id',
        minTokens: '50',
        maxTokens: '10',
        lastUserMessage: '(unclosed',
        headers: [
          { name: 'bad header', pattern: 'x' },
          { name: 'x-ok', pattern: '' },
        ],
        from: '9am',
        timeZone: 'Mars/Olympus',
        budgetId: '',
        budgetAbove: 'lots',
        fallbackOn: '429, sometimes',
        timeoutMs: '0',
        targets: [
          { ...emptyTarget(), provider: 'nowhere' },
          { ...emptyTarget(), kind: 'alias', alias: 'pricey' },
        ],
      },
      ctx,
    );
    expect(Object.keys(errors).sort()).toEqual(
      [
        'id',
        'maxTokens',
        'lastUserMessage',
        'headers.0.name',
        'headers.1.pattern',
        'from',
        'timeZone',
        'budgetId',
        'budgetAbove',
        'fallbackOn',
        'timeoutMs',
        'targets.0.provider',
        'targets.0.model',
        'targets.1.alias',
      ].sort(),
    );
    expect(errors.maxTokens).toMatch(/below the minimum/);
    expect(errors['targets.1.alias']).toBe('No alias named "pricey"');
  });

  it('checks the API only applies to OpenAI-dialect providers', () => {
    const draft = {
      ...valid,
      action: 'route' as const,
      targets: [{ ...emptyTarget(), provider: 'anthropic', model: 'm', api: 'chat' as const }],
    };
    expect(validateRuleDraft(draft, ctx)['targets.0.api']).toMatch(/speaks anthropic/);
    expect(validateRuleDraft(draft, { ...ctx, providers: null })).toEqual({});
  });

  it('needs a message to reject and a real status', () => {
    const draft = { ...valid, action: 'reject' as const, rejectMessage: ' ', rejectStatus: '200' };
    expect(Object.keys(validateRuleDraft(draft, ctx)).sort()).toEqual(['rejectMessage', 'rejectStatus']);
  });

  it('finds duplicate ids across the list', () => {
    const errors = validateDrafts([valid, { ...valid, key: 'other' }], ctx);
    expect(errors[0]).toEqual({});
    expect(errors[1]?.id).toMatch(/already has the id/);
    expect(errorCount(errors)).toBe(1);
  });

  it('compiles regular expressions the way the core does', () => {
    expect(regexProblem('/abc/gi')).toBeNull();
    expect(regexProblem('a(b')).toMatch(/Not a valid regular expression/);
  });
});

describe('rule list helpers', () => {
  it('sorts the core’s problems by rule', () => {
    const { byIndex, general } = problemsByRule(
      [
        'rules[1] "cheap": then.route: no provider with id "x"',
        'rules[0]: id: use letters',
        'aliases.fast: no provider with id "y"',
        'rules[9] "gone": then: bad',
      ],
      2,
    );
    expect(byIndex).toEqual([['id: use letters'], ['then.route: no provider with id "x"']]);
    expect(general).toEqual(['aliases.fast: no provider with id "y"', 'rules[9] "gone": then: bad']);
  });

  it('moves rules up and down', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });

  it('describes a rule in one line', () => {
    expect(describeRule(draftFromRule(full))).toBe(
      'tool claude-code or cline, model claude-*, anthropic, 10–20000 input tokens, with tools, without images, no thinking, message matches /\\btest\\b/i, headers match, mon/fri 09:00–17:30, budget monthly above 80% → try openrouter / gpt-4.1-mini, then cheap',
    );
    expect(describeRule(blankDraft())).toBe('every request → route to ? / ?');
  });

  it('gives new rules free ids', () => {
    expect(blankDraft(['rule-1', 'rule-2']).id).toBe('rule-3');
    expect(blankDraft(['rule-2']).id).toBe('rule-3');
  });

  it('compares rule lists by what they store', () => {
    const a = draftFromRule(full);
    expect(sameRules([a], [{ ...a, key: 'other', tools: 'claude-code,cline' }])).toBe(true);
    expect(sameRules([a], [{ ...a, enabled: true }])).toBe(false);
  });

  it('lists alias names from the stored and the in-force aliases', () => {
    expect(aliasNames({ b: 1, a: 2 }, { c: {} })).toEqual(['a', 'b', 'c']);
    expect(aliasNames(undefined, undefined)).toEqual([]);
  });
});

describe('drafts against the core’s own validation', () => {
  it('stores what the core accepts, and the core rejects what the form rejects', async () => {
    const { validateRouting } = await import('../../../../electron/core/routing/validate-rules');
    const providers = new Map([
      ['anthropic', 'anthropic'],
      ['openrouter', 'openai'],
    ]);
    const aliases = { cheap: { provider: 'openrouter', model: 'gpt-4.1-mini' } };
    const drafts = [
      draftFromRule(full),
      {
        ...blankDraft([], 'a'),
        id: 'plain',
        targets: [{ ...emptyTarget(), provider: 'anthropic', model: 'claude-haiku-4-5' }],
      },
      { ...blankDraft([], 'b'), id: 'no', action: 'reject' as const, rejectMessage: 'Not today' },
      { ...blankDraft([], 'c'), id: 'pass-through', action: 'pass' as const, days: ['sat' as const] },
    ];
    expect(errorCount(validateDrafts(drafts, ctx))).toBe(0);
    expect(validateRouting({ aliases, rules: drafts.map(draftToRule) }, providers).problems).toEqual([]);

    const bad = { ...blankDraft([], 'd'), id: 'bad', minTokens: '-1', from: '25:00' };
    expect(Object.keys(validateRuleDraft(bad, ctx))).toEqual(expect.arrayContaining(['minTokens', 'from']));
    expect(
      validateRouting({ aliases, rules: [draftToRule(bad)] }, providers).problems.length,
    ).toBeGreaterThan(0);
  });
});
