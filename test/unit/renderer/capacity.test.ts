import { describe, expect, it, vi } from 'vitest';
import type { PoolsReport, ProvisionedPoolReport, SubscriptionPoolReport } from '../../../shared/capacity';
import type { SpendSeries } from '../../../shared/dashboard';
import { chartColors } from '../../../renderer/src/components/chart-theme';
import {
  breakEvenTone,
  globMatcher,
  heatmapOption,
  hourGrid,
  poolHourly,
  recentMonths,
  recommendationTone,
  windowLabel,
} from '../../../renderer/src/pages/capacity/capacity-model';
import { createCapacityStore } from '../../../renderer/src/stores/capacity-store';
import { record } from '../main/fake-core';
import { fakeClient } from './fake-client';

const period = {
  from: '2025-11-01T00:00:00.000Z',
  until: '2025-11-20T00:00:00.000Z',
  minutes: 27_360,
  hours: 456,
};
const tokens = { input: 0, cacheRead: 0, cacheWrite: 0, output: 0, total: 0 };

const PROVISIONED: ProvisionedPoolReport = {
  kind: 'provisioned',
  id: 'ptu',
  name: 'Azure PTU',
  provider: 'azure',
  deployment: 'gpt-4.1',
  models: ['gpt-4.1*'],
  period,
  units: 2,
  capacityTokensPerMinute: 100_000,
  unitTokensPerMinute: 50_000,
  outputWeight: 4,
  cachedCounts: false,
  requests: 10,
  unpricedRequests: 0,
  tokens,
  consumedTokens: 0,
  utilization: {
    average: 0.4,
    peakMinute: 1,
    peakMinuteAt: null,
    peakDemand: 1.2,
    activeMinutes: 10,
    minutesAtCapacity: 1,
    minutesWithSpillover: 1,
  },
  reservationUsd: 100,
  unitUsd: 50,
  unitMonthUsd: 80,
  onDemandEquivalentUsd: 120,
  savingsUsd: 20,
  effectiveUsdPerMTok: null,
  onDemandUsdPerMTok: null,
  spillover: { requests: 2, unpricedRequests: 0, tokens, consumedTokens: 0, costUsd: 3 },
  allOnDemandUsd: 123,
  paidUsd: 103,
  usdPerMTokEquivalent: 2,
  breakEvenUtilization: 0.33,
  recommendation: { action: 'keep', units: 0, summary: 'keep', explanation: '' },
};

const PLAN: SubscriptionPoolReport = {
  kind: 'subscription',
  id: 'max',
  name: 'Claude Max',
  provider: 'anthropic',
  models: ['claude-*'],
  period,
  perMonthUsd: 200,
  planUsd: 125,
  requests: 3,
  unpricedRequests: 0,
  tokens,
  listPriceUsd: 300,
  valueRatio: 2.4,
  savingsUsd: 175,
  windows: [],
  recommendation: { action: 'keep plan', units: 0, summary: 'keep plan', explanation: '' },
};

const byModel: SpendSeries = {
  buckets: ['2025-11-01T00:00:00.000Z', '2025-11-01T01:00:00.000Z', '2025-11-02T00:00:00.000Z'],
  series: [
    { key: 'gpt-4.1', costUsd: [0, 0, 0], requests: [2, 0, 1] },
    { key: 'GPT-4.1-mini', costUsd: [0, 0, 0], requests: [1, 1, 0] },
    { key: 'claude-sonnet-4-5', costUsd: [0, 0, 0], requests: [9, 9, 9] },
  ],
  rows: [],
};
const byProvider: SpendSeries = {
  buckets: byModel.buckets,
  series: [
    { key: 'anthropic', costUsd: [0, 0, 0], requests: [5, 0, 0] },
    { key: 'azure', costUsd: [0, 0, 0], requests: [3, 1, 1] },
  ],
  rows: [],
};

describe('capacity heatmap figures', () => {
  it('matches pool model globs case-insensitively', () => {
    const covers = globMatcher(['gpt-4.1*', 'o?']);
    expect(covers('GPT-4.1-mini')).toBe(true);
    expect(covers('gpt-4')).toBe(false);
    expect(covers('o3')).toBe(true);
    expect(covers('gpt-4.1x(')).toBe(true);
  });

  it('sums covered models for a pool and the provider for a plan', () => {
    const traffic = { byModel, byProvider, error: null };
    expect(poolHourly(PROVISIONED, traffic)).toMatchObject({ unit: 'requests', values: [3, 1, 1] });
    expect(poolHourly(PLAN, traffic)).toMatchObject({ unit: 'requests', values: [5, 0, 0] });
    expect(poolHourly(PLAN, null)).toBeNull();
  });

  it('prefers hourly utilization when the report carries it', () => {
    const withHourly = { ...PROVISIONED, hourly: [{ hour: '2025-11-01T00:00:00.000Z', utilization: 0.5 }] };
    expect(poolHourly(withHourly, null)).toMatchObject({ unit: 'utilization', values: [0.5] });
  });

  it('lays hours out as day × hour of day in the time zone', () => {
    const grid = hourGrid(byModel.buckets, [3, 1, 7], 'UTC');
    expect(grid.days).toEqual(['2025-11-01', '2025-11-02']);
    expect(grid.cells).toEqual([
      [0, 0, 3],
      [1, 0, 1],
      [0, 1, 7],
    ]);
    expect(grid.max).toBe(7);
    // In New York the same instants fall on the evening before.
    expect(hourGrid(byModel.buckets, [3, 1, 7], 'America/New_York').cells[0]).toEqual([20, 0, 3]);
  });

  it('builds a heatmap with a 24-hour axis and a visual map to the maximum', () => {
    const grid = hourGrid(byModel.buckets, [3, 1, 7], 'UTC');
    const option = heatmapOption(grid, 'requests', chartColors('light'), 'en-US');
    expect((option.xAxis as { data: string[] }).data).toHaveLength(24);
    expect((option.yAxis as { data: string[] }).data).toHaveLength(2);
    expect(option.visualMap).toMatchObject({ min: 0, max: 7 });
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter;
    expect(formatter({ value: [23, 0, 3] })).toMatch(/23:00–00:00\n3 requests$/);
    const utilization = heatmapOption(
      hourGrid(['2025-11-01T00:00:00.000Z'], [0.25], 'UTC'),
      'utilization',
      chartColors('dark'),
    );
    expect(utilization.visualMap).toMatchObject({ max: 1 });
  });
});

describe('capacity wording', () => {
  it('names plan windows', () => {
    expect(windowLabel({ window: 'five_hour', windowMinutes: 300 })).toBe('5-hour window');
    expect(windowLabel({ window: 'x', windowMinutes: 10_080 })).toBe('7-day window');
    expect(windowLabel({ window: 'odd_one', windowMinutes: null })).toBe('odd one');
  });

  it('colours utilization against break-even and recommendations by action', () => {
    expect(breakEvenTone(0.4, 0.33)).toBe('good');
    expect(breakEvenTone(0.3, 0.33)).toBe('warn');
    expect(breakEvenTone(0.1, 0.33)).toBe('bad');
    expect(breakEvenTone(0.1, null)).toBe('neutral');
    expect(recommendationTone('keep plan')).toBe('good');
    expect(recommendationTone('add')).toBe('warn');
    expect(recommendationTone('drop plan')).toBe('bad');
  });

  it('offers the recent months', () => {
    expect(recentMonths(new Date(2025, 0, 15).getTime(), 3)).toEqual(['2025-01', '2024-12', '2024-11']);
  });
});

describe('capacity store', () => {
  const REPORT: PoolsReport = {
    from: '2025-11-01T00:00:00.000Z',
    until: '2025-12-01T00:00:00.000Z',
    generatedAt: '2025-11-20T00:00:00.000Z',
    pools: [PROVISIONED, PLAN],
  };
  const now = Date.parse('2025-11-20T00:00:00.000Z');

  it('loads the report and the hourly traffic up to now', async () => {
    const { client, calls } = fakeClient({
      'pools:report': REPORT,
      'stats:series': (q) => (q.groupBy === 'model' ? byModel : byProvider),
    });
    const store = createCapacityStore(client, { now: () => now, timeZone: () => 'UTC' });
    await store.getState().refresh();
    expect(store.getState().traffic).toEqual({ byModel, byProvider, error: null });
    expect(calls('stats:series').map((c) => c[1])).toEqual([
      {
        from: REPORT.from,
        until: '2025-11-20T00:00:00.000Z',
        bucket: 'hour',
        groupBy: 'model',
        timeZone: 'UTC',
      },
      {
        from: REPORT.from,
        until: '2025-11-20T00:00:00.000Z',
        bucket: 'hour',
        groupBy: 'provider',
        timeZone: 'UTC',
      },
    ]);
  });

  it('still shows the report when the hourly traffic fails, and asks nothing more without pools', async () => {
    const { client } = fakeClient({ 'pools:report': REPORT });
    const store = createCapacityStore(client, { now: () => now });
    await store.getState().refresh();
    expect(store.getState().report).toBe(REPORT);
    expect(store.getState().traffic?.error).toMatch(/stats:series/);

    const empty = fakeClient({ 'pools:report': { ...REPORT, pools: [] } });
    const emptyStore = createCapacityStore(empty.client, { now: () => now });
    await emptyStore.getState().refresh();
    expect(empty.calls('stats:series')).toHaveLength(0);
    expect(emptyStore.getState().traffic).toBeNull();
  });

  it('asks for a chosen month, and a past month does not follow new requests', async () => {
    vi.useFakeTimers();
    const { client, calls, emit } = fakeClient({ 'pools:report': { ...REPORT, pools: [] } });
    const store = createCapacityStore(client, { now: () => now, debounceMs: 10 });
    const stop = store.getState().start();
    await vi.advanceTimersByTimeAsync(0);
    emit('requests:recorded', record());
    await vi.advanceTimersByTimeAsync(10);
    expect(calls('pools:report')).toHaveLength(2);
    store.getState().setMonth('2025-10');
    await vi.advanceTimersByTimeAsync(0);
    expect(calls('pools:report').at(-1)?.[1]).toBe('2025-10');
    emit('requests:recorded', record());
    await vi.advanceTimersByTimeAsync(10);
    expect(calls('pools:report')).toHaveLength(3);
    stop();
    vi.useRealTimers();
  });
});
