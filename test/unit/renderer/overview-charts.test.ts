import { describe, expect, it } from 'vitest';
import type { BudgetStatus } from '../../../shared/budgets';
import { chartColors } from '../../../renderer/src/components/chart-theme';
import {
  billingOption,
  burnDownOption,
  burnDownSeries,
} from '../../../renderer/src/pages/overview/overview-charts';

const DAY = 86_400_000;
const start = Date.parse('2025-11-01T00:00:00.000Z');
const end = Date.parse('2025-12-01T00:00:00.000Z');

const budget: BudgetStatus = {
  id: 'm',
  name: 'Monthly',
  period: 'month',
  timeZone: 'UTC',
  periodStart: new Date(start).toISOString(),
  resetsAt: new Date(end).toISOString(),
  amountUsd: 100,
  spentUsd: 40,
  reservedUsd: 0,
  percentUsed: 40,
  thresholds: [
    { percent: 80, action: 'notify', reached: false },
    { percent: 100, action: 'block', reached: false },
  ],
  alerts: [],
  forecast: {
    projectedUsd: 120,
    lowUsd: 90,
    highUsd: 150,
    dailyRateUsd: 4,
    runsOutAt: '2025-11-26T00:00:00.000Z',
  },
};

describe('burn-down', () => {
  const now = start + 10 * DAY;

  it('runs from the full amount at the start to what is left now, then to the forecast at the reset', () => {
    const s = burnDownSeries(budget, now);
    expect(s.actual).toEqual([
      [start, 100],
      [now, 60],
    ]);
    expect(s.ideal).toEqual([
      [start, 100],
      [end, 0],
    ]);
    expect(s.forecast).toEqual([
      [now, 60],
      [end, -20],
    ]);
    // The band spans 100 − high … 100 − low at the reset: a base plus a height stacked on it.
    expect(s.bandBase).toEqual([
      [now, 60],
      [end, -50],
    ]);
    expect(s.bandHeight).toEqual([
      [now, 0],
      [end, 60],
    ]);
  });

  it('follows the days when their spends are known', () => {
    const s = burnDownSeries(budget, now, [5, 5, 10, 0, 20, 0, 0, 0, 0, 0, 0]);
    expect(s.actual.slice(0, 4)).toEqual([
      [start, 100],
      [start + DAY, 95],
      [start + 2 * DAY, 90],
      [start + 3 * DAY, 80],
    ]);
    // Days ending at or after now are not drawn; the last point is now.
    expect(s.actual.at(-1)).toEqual([now, 60]);
    expect(s.actual).toHaveLength(11);
  });

  it('clamps now into the period', () => {
    expect(burnDownSeries(budget, end + DAY).actual.at(-1)).toEqual([end, 60]);
  });

  it('builds a time-axis option with the band stacked, thresholds and the zero line', () => {
    const option = burnDownOption(budget, chartColors('light'), now);
    const series = option.series as Array<Record<string, unknown>>;
    expect(series.map((s) => s['id'])).toEqual(['ideal', 'band-base', 'band', 'forecast', 'actual']);
    expect(series[1]?.['stack']).toBe('forecast-band');
    expect(series[1]?.['stackStrategy']).toBe('all');
    expect(series[2]?.['stack']).toBe('forecast-band');
    const markLine = series[4]?.['markLine'] as {
      data: Array<{ yAxis: number; label: { formatter: string } }>;
    };
    expect(markLine.data.map((d) => [d.yAxis, d.label.formatter])).toEqual([
      [0, 'used up · block'],
      [20, '80% notify'],
    ]);
    expect(option.xAxis).toMatchObject({ type: 'time', min: start, max: end });
    const tooltip = option.tooltip as { renderMode: string; valueFormatter: (v: unknown) => string };
    expect(tooltip.renderMode).toBe('richText');
    expect(tooltip.valueFormatter(12.5)).toBe('$12.50');
  });
});

describe('billing doughnut', () => {
  it('shows priced billing kinds by name', () => {
    const row = (key: string, costUsd: number) => ({
      key,
      requests: 2,
      costUsd,
      unpricedRequests: 0,
      inputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 0,
    });
    const option = billingOption(
      [row('on_demand', 3), row('pool', 7), row('subscription', 0)],
      chartColors('dark'),
    );
    const series = option.series as Array<{ data: Array<{ name: string; value: number }> }>;
    expect(series[0]?.data.map((d) => [d.name, d.value])).toEqual([
      ['On demand', 3],
      ['Reserved pools', 7],
    ]);
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter;
    expect(formatter({ name: 'Reserved pools', value: 7, percent: 70, data: { requests: 2 } })).toBe(
      'Reserved pools\n$7.00 (70%)\n2 requests',
    );
  });
});
