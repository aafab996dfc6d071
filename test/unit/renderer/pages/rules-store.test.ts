import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RoutingDraft, RulesState } from '../../../../shared/contract';
import type { ProviderSummary } from '../../../../shared/dashboard';
import type { RouteDryRun, RoutingRule } from '../../../../shared/routing';
import { emptyTarget } from '../../../../renderer/src/pages/rules/rule-draft';
import {
  createRulesStore,
  selectDirty,
  selectRuleContext,
} from '../../../../renderer/src/stores/rules-store';
import { fakeClient, record } from './fixtures';

const providers: ProviderSummary[] = [
  {
    id: 'anthropic',
    dialect: 'anthropic',
    baseUrl: 'https://api.anthropic.com',
    keyCount: 0,
    isDefaultFor: ['anthropic'],
  },
  {
    id: 'openrouter',
    dialect: 'openai',
    baseUrl: 'https://openrouter.ai/api/v1',
    keyCount: 1,
    isDefaultFor: [],
  },
];

const stored: RoutingRule[] = [
  { id: 'first', then: { route: { provider: 'openrouter', model: 'gpt-4.1-mini' } } },
  { id: 'second', when: { tools: ['codex'] }, then: { pass: true } },
];

function rulesState(rules: unknown[] = stored, problems: string[] = []): RulesState {
  return {
    aliases: { cheap: { provider: 'openrouter', model: 'gpt-4.1-mini' } },
    rules,
    inForce: { aliases: { cheap: { provider: 'openrouter', model: 'gpt-4.1-mini' } }, rules: stored },
    problems,
  };
}

function setup(overrides: Parameters<typeof fakeClient>[0] = {}) {
  return fakeClient({
    'rules:get': rulesState(),
    'providers:list': providers,
    'budgets:status': [],
    'rules:validate': [],
    'rules:set': { saved: true, problems: [] },
    ...overrides,
  });
}

describe('rules store', () => {
  afterEach(() => vi.useRealTimers());

  it('loads the stored rules as drafts with providers and aliases', async () => {
    const { client } = setup();
    const store = createRulesStore(client);
    await store.getState().load();
    const state = store.getState();
    expect(state.drafts.map((d) => d.id)).toEqual(['first', 'second']);
    expect(state.aliases).toEqual(['cheap']);
    expect(selectDirty(state)).toBe(false);
    expect(selectRuleContext(state).providers?.get('openrouter')).toBe('openai');
  });

  it('shows the stored problems next to their rules', async () => {
    const { client } = setup({
      'rules:get': rulesState([...stored, { id: 'broken' }], ['rules[2] "broken": then: Required']),
    });
    const store = createRulesStore(client);
    await store.getState().load();
    expect(store.getState().serverProblems.byIndex).toEqual([[], [], ['then: Required']]);
  });

  it('checks edits with the core after a pause, once per burst', async () => {
    vi.useFakeTimers();
    const { client, calls } = setup({
      'rules:validate': ['rules[0] "first": then.route: no provider with id "x"'],
    });
    const store = createRulesStore(client, { validateDebounceMs: 100 });
    await store.getState().load();
    const key = store.getState().drafts[0]!.key;
    store.getState().update(key, { name: 'a' });
    store.getState().update(key, { name: 'ab' });
    expect(selectDirty(store.getState())).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls('rules:validate')).toHaveLength(1);
    const sent = calls('rules:validate')[0]![0] as RoutingDraft;
    expect((sent.rules as RoutingRule[])[0]).toMatchObject({ id: 'first', name: 'ab' });
    expect(sent.aliases).toEqual(rulesState().aliases);
    expect(store.getState().serverProblems.byIndex[0]).toEqual(['then.route: no provider with id "x"']);
  });

  it('reorders, toggles and removes rules, and discards the changes', async () => {
    const { client } = setup();
    const store = createRulesStore(client, { validateDebounceMs: 10_000 });
    await store.getState().load();
    const [first, second] = store.getState().drafts;
    store.getState().move(second!.key, -1);
    expect(store.getState().drafts.map((d) => d.id)).toEqual(['second', 'first']);
    store.getState().update(first!.key, { enabled: false });
    store.getState().remove(second!.key);
    expect(store.getState().drafts.map((d) => [d.id, d.enabled])).toEqual([['first', false]]);
    store.getState().revert();
    expect(store.getState().drafts.map((d) => d.id)).toEqual(['first', 'second']);
    expect(selectDirty(store.getState())).toBe(false);
  });

  it('does not send a rule set with problems the form can name', async () => {
    const { client, calls } = setup();
    const store = createRulesStore(client, { validateDebounceMs: 10_000 });
    await store.getState().load();
    store.getState().add();
    expect(await store.getState().save()).toBe(false);
    expect(calls('rules:set')).toHaveLength(0);
    expect(store.getState().saveMessage).toEqual({
      kind: 'error',
      text: expect.stringMatching(/fix the 2 problems/),
    });
  });

  it('saves a valid set and keeps editing from it', async () => {
    const { client, calls } = setup();
    const store = createRulesStore(client, { validateDebounceMs: 10_000 });
    await store.getState().load();
    const key = store.getState().add();
    store.getState().update(key, {
      id: 'new',
      targets: [{ ...emptyTarget(), provider: 'anthropic', model: 'claude-haiku-4-5' }],
    });
    expect(await store.getState().save()).toBe(true);
    const sent = calls('rules:set')[0]![0] as RoutingDraft;
    expect((sent.rules as RoutingRule[]).map((r) => r.id)).toEqual(['first', 'second', 'new']);
    expect(store.getState().saveMessage?.kind).toBe('ok');
    expect(selectDirty(store.getState())).toBe(false);
    expect(store.getState().drafts.at(-1)?.key).toBe(key);
  });

  it('shows the core’s reasons when it refuses a save', async () => {
    const { client } = setup({
      'rules:set': { saved: false, problems: ['rules[1] "second": when.tools: bad', 'aliases: bad'] },
    });
    const store = createRulesStore(client, { validateDebounceMs: 10_000 });
    await store.getState().load();
    store.getState().update(store.getState().drafts[0]!.key, { name: 'changed' });
    expect(await store.getState().save()).toBe(false);
    expect(store.getState().serverProblems).toEqual({
      byIndex: [[], ['when.tools: bad']],
      general: ['aliases: bad'],
    });
    expect(selectDirty(store.getState())).toBe(true);
  });

  it('runs a dry run only with a valid form, and prefills from a recent request', async () => {
    const result = { rule: null, action: 'pass' } as unknown as RouteDryRun;
    const recent = record({ id: 'rec', tool: 'codex', endpoint: 'openai-chat', requestedModel: 'gpt-5' });
    const { client, calls } = setup({
      'rules:dry-run': result,
      'requests:query': { rows: [recent], total: 1, next: null },
    });
    const store = createRulesStore(client);
    await store.getState().runDryRun();
    expect(store.getState().dryErrors.body).toBeDefined();
    expect(calls('rules:dry-run')).toHaveLength(0);
    await store.getState().loadRecent();
    store.getState().prefill('rec');
    expect(store.getState().dryForm).toMatchObject({ tool: 'codex', dialect: 'openai-chat' });
    await store.getState().runDryRun();
    expect(calls('rules:dry-run')[0]![0]).toMatchObject({
      tool: 'codex',
      dialect: 'openai-chat',
      body: { model: 'gpt-5' },
    });
    expect(store.getState().dryResult).toBe(result);
  });

  it('clears a dry-run error once the field is fixed', async () => {
    const { client } = setup();
    const store = createRulesStore(client);
    await store.getState().runDryRun();
    expect(store.getState().dryErrors.body).toBeDefined();
    store.getState().setDryForm({ body: '{"model":"x"}' });
    expect(store.getState().dryErrors.body).toBeUndefined();
  });
});
