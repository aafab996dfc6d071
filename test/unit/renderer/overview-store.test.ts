import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BudgetStatus } from '../../../shared/budgets';
import type { BudgetThresholdCrossed, Channel, Channels, EventName, Events } from '../../../shared/contract';
import type { ApiClient } from '../../../renderer/src/lib/api';
import {
  activeAlerts,
  billingShare,
  createOverviewStore,
  crossingKey,
  RECENT_LIMIT,
  topModels,
  topTools,
} from '../../../renderer/src/stores/overview-store';
import { MONTH, record, STATUS } from '../main/fake-core';

function fakeClient(live: boolean) {
  const listeners = new Map<string, (payload: never) => void>();
  const results: Partial<{ [C in Channel]: Channels[C]['result'] }> = {
    'app:status': STATUS,
    'stats:month': MONTH,
    'requests:recent': [record({ id: 'old' })],
  };
  const call = vi.fn((channel: Channel) => Promise.resolve(results[channel]));
  const client: ApiClient = {
    live,
    call: call as ApiClient['call'],
    subscribe<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      listeners.set(event, listener as (payload: never) => void);
      return () => listeners.delete(event);
    },
  };
  const emit = (payload: Events['requests:recorded']) =>
    (listeners.get('requests:recorded') as ((p: typeof payload) => void) | undefined)?.(payload);
  return { client, call, listeners, emit };
}

describe('overview store', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('loads status, month stats and the recent requests', async () => {
    const { client, call } = fakeClient(true);
    const store = createOverviewStore(client);
    await store.getState().refresh();
    expect(store.getState()).toMatchObject({ status: STATUS, month: MONTH, loading: false, error: null });
    expect(call).toHaveBeenCalledWith('requests:recent', RECENT_LIMIT);
  });

  it('reuses a prefetched load when the page starts, instead of loading twice', async () => {
    const { client, call } = fakeClient(true);
    const store = createOverviewStore(client);
    store.getState().prefetch();
    const stop = store.getState().start();
    await vi.waitFor(() => expect(store.getState().month).not.toBeNull());
    expect(call.mock.calls.filter(([channel]) => channel === 'stats:month')).toHaveLength(1);
    stop();
  });

  it('prepends pushed requests and reloads the stats once per burst', async () => {
    vi.useFakeTimers();
    const { client, call, emit } = fakeClient(true);
    const store = createOverviewStore(client, { debounceMs: 100 });
    const stop = store.getState().start();
    await vi.advanceTimersByTimeAsync(0);
    call.mockClear();

    emit(record({ id: 'a' }));
    emit(record({ id: 'b' }));
    expect(store.getState().recent.map((r) => r.id)).toEqual(['b', 'a', 'old']);
    await vi.advanceTimersByTimeAsync(100);
    expect(call.mock.calls.filter(([channel]) => channel === 'stats:month')).toHaveLength(1);

    stop();
  });

  it('keeps at most RECENT_LIMIT rows', () => {
    const { client } = fakeClient(true);
    const store = createOverviewStore(client);
    for (let i = 0; i < RECENT_LIMIT + 5; i++) store.getState().recorded(record({ id: `r${i}` }));
    expect(store.getState().recent).toHaveLength(RECENT_LIMIT);
    expect(store.getState().recent[0]?.id).toBe(`r${RECENT_LIMIT + 4}`);
  });

  it('polls when the transport pushes no events', async () => {
    vi.useFakeTimers();
    const { client, call, listeners } = fakeClient(false);
    const store = createOverviewStore(client, { pollMs: 1_000 });
    const stop = store.getState().start();
    await vi.advanceTimersByTimeAsync(0);
    expect(listeners.size).toBe(0);
    call.mockClear();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(call).toHaveBeenCalledWith('stats:month');
    stop();
    call.mockClear();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(call).not.toHaveBeenCalled();
  });

  it('shows an error instead of stale nothing', async () => {
    const { client, call } = fakeClient(true);
    call.mockRejectedValue(new Error('forbidden'));
    const store = createOverviewStore(client);
    await store.getState().refresh();
    expect(store.getState()).toMatchObject({ loading: false, error: 'forbidden' });
  });

  it('ranks top models by spend', () => {
    const row = (key: string, costUsd: number, requests = 1) => ({
      key,
      requests,
      costUsd,
      unpricedRequests: 0,
      inputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 0,
    });
    const month = { ...MONTH, byModel: [row('a', 1), row('b', 3), row('c', 0, 9), row('d', 0, 1)] };
    expect(topModels(month, 3).map((r) => r.key)).toEqual(['b', 'a', 'c']);
    expect(topModels(null)).toEqual([]);
  });
});

describe('overview: budgets and alerts', () => {
  const budget = (overrides: Partial<BudgetStatus> = {}): BudgetStatus => ({
    id: 'monthly',
    name: 'Monthly',
    period: 'month',
    timeZone: 'UTC',
    periodStart: '2025-11-01T00:00:00.000Z',
    resetsAt: '2025-12-01T00:00:00.000Z',
    amountUsd: 100,
    spentUsd: 85,
    reservedUsd: 0,
    percentUsed: 85,
    thresholds: [
      { percent: 80, action: 'notify', reached: true },
      { percent: 100, action: 'block', reached: false },
    ],
    alerts: [{ percent: 80, action: 'notify', firedAt: '2025-11-20T10:00:00.000Z', spentUsd: 80 }],
    forecast: { projectedUsd: 120, lowUsd: 100, highUsd: 150, dailyRateUsd: 4, runsOutAt: null },
    ...overrides,
  });
  const crossing = (overrides: Partial<BudgetThresholdCrossed> = {}): BudgetThresholdCrossed => ({
    budgetId: 'monthly',
    name: 'Monthly',
    percent: 100,
    action: 'block',
    spentUsd: 100,
    amountUsd: 100,
    resetsAt: '2025-12-01T00:00:00.000Z',
    ...overrides,
  });

  it('loads budgets with the rest, and keeps the overview when only budgets fail', async () => {
    const ok = fakeClient(true);
    const withBudgets = createOverviewStore({
      ...ok.client,
      call: ((channel: string, ...args: unknown[]) =>
        channel === 'budgets:status'
          ? Promise.resolve([budget()])
          : (ok.client.call as (...a: unknown[]) => Promise<unknown>)(channel, ...args)) as ApiClient['call'],
    });
    await withBudgets.getState().refresh();
    expect(withBudgets.getState().budgets).toHaveLength(1);

    const failing = createOverviewStore({
      ...ok.client,
      call: ((channel: string, ...args: unknown[]) =>
        channel === 'budgets:status'
          ? Promise.reject(new Error('no budgets'))
          : (ok.client.call as (...a: unknown[]) => Promise<unknown>)(channel, ...args)) as ApiClient['call'],
    });
    await failing.getState().refresh();
    expect(failing.getState()).toMatchObject({ month: MONTH, error: null, budgetsError: 'no budgets' });
  });

  it('reloads once after a threshold crossing, and the shell collects crossings', async () => {
    vi.useFakeTimers();
    const { client, call, listeners } = fakeClient(true);
    const store = createOverviewStore(client, { debounceMs: 50 });
    const stop = store.getState().start();
    await vi.advanceTimersByTimeAsync(0);
    call.mockClear();
    (listeners.get('budget:threshold-crossed') as (e: BudgetThresholdCrossed) => void)(crossing());
    await vi.advanceTimersByTimeAsync(50);
    expect(call.mock.calls.filter(([c]) => c === 'budgets:status')).toHaveLength(1);
    stop();

    const stopAlerts = store.getState().listenForAlerts();
    (listeners.get('budget:threshold-crossed') as (e: BudgetThresholdCrossed) => void)(crossing());
    (listeners.get('budget:threshold-crossed') as (e: BudgetThresholdCrossed) => void)(crossing());
    expect(store.getState().crossings).toHaveLength(1);
    stopAlerts();
  });

  it('lists active alerts: reported and pushed, one per threshold, most severe first, minus dismissed', () => {
    const alerts = activeAlerts([budget()], [crossing(), crossing({ percent: 80, action: 'notify' })]);
    expect(alerts.map((a) => [a.percent, a.action, a.live])).toEqual([
      [100, 'block', true],
      [80, 'notify', false],
    ]);
    expect(activeAlerts([budget()], [crossing()], [crossingKey(crossing())])).toHaveLength(1);
    // A crossing from the previous period of a budget that has reset since is over.
    expect(activeAlerts([budget()], [crossing({ resetsAt: '2025-11-01T00:00:00.000Z' })])).toHaveLength(1);
    // Budgets not loaded yet (HTTP polling, first render): the pushed crossing still shows.
    expect(activeAlerts([], [crossing()])).toHaveLength(1);
  });

  it('splits spend into reserved (list-price equivalent) and on demand', () => {
    const row = (key: string, costUsd: number, requests: number) => ({
      key,
      requests,
      costUsd,
      unpricedRequests: 0,
      inputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 0,
    });
    const share = billingShare({
      ...MONTH,
      byBilling: [row('on_demand', 25, 10), row('pool', 60, 30), row('subscription', 15, 5)],
    });
    expect(share).toEqual({
      reservedUsd: 75,
      onDemandUsd: 25,
      reservedShare: 0.75,
      reservedRequests: 35,
      onDemandRequests: 10,
    });
    expect(billingShare(null).reservedShare).toBeNull();
  });

  it('ranks top tools like top models', () => {
    const row = (key: string, costUsd: number) => ({
      key,
      requests: 1,
      costUsd,
      unpricedRequests: 0,
      inputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 0,
    });
    expect(
      topTools({ ...MONTH, byTool: [row('codex', 1), row('claude-code', 2)] }).map((r) => r.key),
    ).toEqual(['claude-code', 'codex']);
  });
});
