import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BudgetStatus } from '../../../../shared/budgets';
import {
  createBudgetsStore,
  selectBudgetsDirty,
  statusFor,
} from '../../../../renderer/src/stores/budgets-store';
import { fakeClient } from './fixtures';

const status: BudgetStatus = {
  id: 'monthly',
  name: 'monthly',
  period: 'month',
  timeZone: 'UTC',
  periodStart: '2025-11-01T00:00:00.000Z',
  resetsAt: '2025-12-01T00:00:00.000Z',
  amountUsd: 50,
  spentUsd: 10,
  reservedUsd: 0,
  percentUsed: 20,
  thresholds: [{ percent: 80, action: 'notify', reached: false }],
  alerts: [],
  forecast: { projectedUsd: 30, lowUsd: 20, highUsd: 40, dailyRateUsd: 1, runsOutAt: null },
};

function setup(overrides: Parameters<typeof fakeClient>[0] = {}, live = true) {
  return fakeClient(
    {
      'budgets:get': {
        budgets: [{ id: 'monthly', amountUsd: 50, thresholds: [{ percent: 80, action: 'notify' }] }],
        problems: [],
      },
      'budgets:status': [status],
      'providers:list': [],
      'rules:get': {
        aliases: {},
        rules: [],
        inForce: { aliases: { cheap: { provider: 'p', model: 'm' } }, rules: [] },
        problems: [],
      },
      'budgets:set': { saved: true, problems: [] },
      ...overrides,
    },
    live,
  );
}

describe('budgets store', () => {
  afterEach(() => vi.useRealTimers());

  it('loads the stored budgets, their status and the aliases for downgrades', async () => {
    const { client } = setup();
    const store = createBudgetsStore(client);
    await store.getState().load();
    const state = store.getState();
    expect(state.drafts.map((d) => [d.id, d.amount])).toEqual([['monthly', '50']]);
    expect(statusFor(state.status, ' monthly ')?.spentUsd).toBe(10);
    expect(state.aliases).toEqual(['cheap']);
    expect(selectBudgetsDirty(state)).toBe(false);
  });

  it('validates before sending and shows the core’s problems next to the budget', async () => {
    const { client, calls } = setup({
      'budgets:set': { saved: false, problems: ['budgets[0] "monthly": timeZone: unknown time zone'] },
    });
    const store = createBudgetsStore(client);
    await store.getState().load();
    const key = store.getState().drafts[0]!.key;
    store.getState().update(key, { amount: 'lots' });
    expect(await store.getState().save()).toBe(false);
    expect(calls('budgets:set')).toHaveLength(0);
    store.getState().update(key, { amount: '75' });
    expect(await store.getState().save()).toBe(false);
    expect(calls('budgets:set')[0]![0]).toEqual([
      { id: 'monthly', period: 'month', amountUsd: 75, thresholds: [{ percent: 80, action: 'notify' }] },
    ]);
    expect(store.getState().problems.byIndex).toEqual([['timeZone: unknown time zone']]);
    expect(store.getState().saveMessage?.kind).toBe('error');
  });

  it('saves, then refreshes the status', async () => {
    const { client, calls } = setup();
    const store = createBudgetsStore(client);
    await store.getState().load();
    const key = store.getState().add();
    store.getState().update(key, { amount: '5', period: 'day' });
    expect(await store.getState().save()).toBe(true);
    expect(selectBudgetsDirty(store.getState())).toBe(false);
    expect(calls('budgets:status')).toHaveLength(2);
  });

  it('refreshes the status when requests are recorded and remembers a threshold crossing', async () => {
    vi.useFakeTimers();
    const { client, calls, emit } = setup();
    const store = createBudgetsStore(client, { debounceMs: 50 });
    const stop = store.getState().start();
    await vi.advanceTimersByTimeAsync(0);
    const before = calls('budgets:status').length;
    emit('budget:threshold-crossed', {
      budgetId: 'monthly',
      name: 'monthly',
      percent: 80,
      action: 'notify',
      spentUsd: 40,
      amountUsd: 50,
      resetsAt: status.resetsAt,
    });
    await vi.advanceTimersByTimeAsync(50);
    expect(calls('budgets:status').length).toBe(before + 1);
    expect(store.getState().lastCrossing?.percent).toBe(80);
    stop();
  });

  it('keeps unsaved edits when the page is opened again', async () => {
    const { client, calls } = setup();
    const store = createBudgetsStore(client);
    await store.getState().load();
    store.getState().update(store.getState().drafts[0]!.key, { amount: '99' });
    const stop = store.getState().start();
    expect(calls('budgets:get')).toHaveLength(1);
    expect(store.getState().drafts[0]?.amount).toBe('99');
    stop();
  });
});
