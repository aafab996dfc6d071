import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SpendSeries } from '../../../shared/dashboard';
import { chartColors } from '../../../renderer/src/components/chart-theme';
import {
  bucketLabel,
  csvFilename,
  isEmptySeries,
  spendCsv,
  spendSeriesOption,
  topSeries,
} from '../../../renderer/src/pages/spend/spend-model';
import { createSpendStore, groupKeyLabel, spendTotals } from '../../../renderer/src/stores/spend-store';
import { record } from '../main/fake-core';
import { fakeClient } from './fake-client';

const row = (key: string, costUsd: number, requests = 1, unpricedRequests = 0) => ({
  key,
  requests,
  costUsd,
  unpricedRequests,
  inputTokens: 10,
  cacheReadTokens: 5,
  cacheWriteTokens: 0,
  outputTokens: 3,
});

const SERIES: SpendSeries = {
  buckets: ['2025-11-20T00:00:00.000Z', '2025-11-20T01:00:00.000Z'],
  series: [
    { key: 'claude-sonnet-4-5', costUsd: [1, 2], requests: [1, 2] },
    { key: 'gpt-5', costUsd: [0.5, 0], requests: [1, 0] },
  ],
  rows: [row('claude-sonnet-4-5', 3, 3), row('gpt-5', 0.5, 1), row('local', 0, 2, 2)],
};

afterEach(() => vi.useRealTimers());

describe('spend chart', () => {
  it('stacks one bar series per group, largest first, the tail as Other', () => {
    const many: SpendSeries = {
      buckets: ['a'],
      series: Array.from({ length: 10 }, (_, i) => ({ key: `m${i}`, costUsd: [i], requests: [1] })),
      rows: [],
    };
    const top = topSeries(many, 'model', 4);
    expect(top.map((s) => s.key)).toEqual(['m9', 'm8', 'm7', '__other__']);
    expect(top[3]).toMatchObject({ label: 'Other (7)', values: [0 + 1 + 2 + 3 + 4 + 5 + 6] });
  });

  it('builds a stacked bar option with labelled buckets', () => {
    const option = spendSeriesOption(SERIES, 'model', 'hour', chartColors('light'), {
      locale: 'en-US',
      timeZone: 'UTC',
    });
    const series = option.series as Array<{ name: string; stack: string; type: string; data: number[] }>;
    expect(series.map((s) => [s.name, s.type, s.stack, s.data])).toEqual([
      ['claude-sonnet-4-5', 'bar', 'spend', [1, 2]],
      ['gpt-5', 'bar', 'spend', [0.5, 0]],
    ]);
    expect((option.xAxis as { data: string[] }).data).toEqual(['00:00', '01:00']);
    expect(option.dataZoom).toEqual([]);
  });

  it('labels hours, hours across days, and days', () => {
    const iso = '2025-11-20T13:00:00.000Z';
    expect(bucketLabel(iso, 'hour', false, 'en-US', 'UTC')).toBe('13:00');
    expect(bucketLabel(iso, 'hour', true, 'en-US', 'UTC')).toBe('Thu 13:00');
    expect(bucketLabel(iso, 'day', false, 'en-US', 'UTC')).toBe('Nov 20');
    expect(bucketLabel('garbage', 'day', false)).toBe('garbage');
  });

  it('names empty keys', () => {
    expect(groupKeyLabel('', 'rule')).toMatch(/no rule/);
    expect(groupKeyLabel('', 'project')).toBe('(no project)');
    expect(groupKeyLabel('cheap-bg', 'rule')).toBe('cheap-bg');
  });
});

describe('spend CSV', () => {
  it('exports the table at full precision; an all-unpriced row has no cost, not 0', () => {
    const csv = spendCsv(SERIES, 'model').split('\r\n');
    expect(csv[0]).toBe(
      'group,key,requests,cost_usd,unpriced_requests,input_tokens,cache_read_tokens,cache_write_tokens,output_tokens',
    );
    expect(csv[1]).toBe('model,claude-sonnet-4-5,3,3,0,10,5,0,3');
    expect(csv[3]).toBe('model,local,2,,2,10,5,0,3');
    expect(csvFilename('tool', '2025-11-01T00:00:00.000Z', '2025-11-08T00:00:00.000Z')).toBe(
      'farebox-spend-by-tool-2025-11-01-to-2025-11-08.csv',
    );
  });

  it('sums the totals', () => {
    expect(spendTotals(SERIES)).toEqual({ costUsd: 3.5, requests: 6, unpricedRequests: 2, tokens: 54 });
    expect(isEmptySeries(null)).toBe(true);
    expect(isEmptySeries({ ...SERIES, rows: [row('x', 0, 0)] })).toBe(true);
    expect(isEmptySeries(SERIES)).toBe(false);
  });
});

describe('spend store', () => {
  const now = Date.parse('2025-11-20T14:30:00.000Z');

  it('asks for the selected range and grouping, and reloads when they change', async () => {
    const { client, calls } = fakeClient({ 'stats:series': SERIES });
    const store = createSpendStore(client, { now: () => now, timeZone: () => 'UTC' });
    await store.getState().refresh();
    expect(calls('stats:series')[0]?.[1]).toMatchObject({
      bucket: 'hour',
      groupBy: 'model',
      timeZone: 'UTC',
    });
    expect(store.getState()).toMatchObject({ data: SERIES, loading: false, error: null });

    store.getState().setGroupBy('tool');
    store.getState().setSelection({ preset: '30d' });
    await vi.waitFor(() => expect(store.getState().loading).toBe(false));
    const last = calls('stats:series').at(-1)?.[1] as { groupBy: string; bucket: string };
    expect(last).toMatchObject({ groupBy: 'tool', bucket: 'day' });
  });

  it('does not query an invalid custom range', async () => {
    const { client, calls } = fakeClient({ 'stats:series': SERIES });
    const store = createSpendStore(client, { now: () => now });
    store.getState().setSelection({ preset: 'custom', fromDate: '2025-11-10' });
    await vi.waitFor(() => expect(store.getState().loading).toBe(false));
    expect(calls('stats:series')).toHaveLength(0);
  });

  it('ignores an answer for a selection that has changed since', async () => {
    let release: (value: SpendSeries) => void = () => undefined;
    const slow = new Promise<SpendSeries>((r) => (release = r));
    const { client } = fakeClient({
      'stats:series': (query) => (query.groupBy === 'model' ? (slow as unknown as SpendSeries) : SERIES),
    });
    const store = createSpendStore(client, { now: () => now });
    void store.getState().refresh();
    store.getState().setGroupBy('provider');
    release({ ...SERIES, rows: [] });
    await vi.waitFor(() => expect(store.getState().loading).toBe(false));
    expect(store.getState().data).toBe(SERIES);
  });

  it('updates live on new requests, but not for a custom range that has ended', async () => {
    vi.useFakeTimers();
    const { client, calls, emit } = fakeClient({ 'stats:series': SERIES });
    const store = createSpendStore(client, { now: () => now, debounceMs: 100 });
    const stop = store.getState().start();
    await vi.advanceTimersByTimeAsync(0);
    emit('requests:recorded', record());
    await vi.advanceTimersByTimeAsync(100);
    expect(calls('stats:series')).toHaveLength(2);

    store.getState().setSelection({ preset: 'custom', fromDate: '2025-11-01', toDate: '2025-11-02' });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls('stats:series')).toHaveLength(3);
    emit('requests:recorded', record());
    await vi.advanceTimersByTimeAsync(100);
    expect(calls('stats:series')).toHaveLength(3);
    stop();
  });

  it('shows errors', async () => {
    const { client } = fakeClient({});
    const store = createSpendStore(client);
    await store.getState().refresh();
    expect(store.getState().error).toMatch(/stats:series/);
  });
});
