import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Channel, Channels, EventName, Events } from '../../../shared/contract';
import type { ApiClient } from '../../../renderer/src/lib/api';
import { createOverviewStore, RECENT_LIMIT, topModels } from '../../../renderer/src/stores/overview-store';
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
