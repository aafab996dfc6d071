import type { BudgetStatus } from '../../../../shared/budgets';
import type { SpendRow } from '../../../../shared/records';
import { formatCount, formatUsd, formatUsdCompact } from '../../lib/format';
import { TOOLTIP_BASE, type ChartColors, type ChartOption } from '../../components/chart-theme';

const DAY_MS = 86_400_000;

export type Point = [number, number];

export interface BurnDownSeries {
  /** Budget left over time: the start, the end of each complete day (when known), now. */
  actual: Point[];
  /** Even pace from the full amount to zero at the reset. */
  ideal: Point[];
  /** From now to the reset at the forecast pace (an estimate). */
  forecast: Point[];
  /** Lower edge of the forecast range (budget left at the busier pace) and the range's height above it. */
  bandBase: Point[];
  bandHeight: Point[];
}

/**
 * The numbers behind a budget's burn-down: what is left of it over the period. `dailySpends` are the settled
 * spends of the complete days so far, oldest first, when the core provides them; without them the actual line
 * runs straight from the start to now.
 */
export function burnDownSeries(
  budget: BudgetStatus,
  now: number,
  dailySpends: readonly number[] = [],
): BurnDownSeries {
  const start = Date.parse(budget.periodStart);
  const end = Date.parse(budget.resetsAt);
  const at = Math.min(Math.max(now, start), end);
  const amount = budget.amountUsd;
  const left = amount - budget.spentUsd;
  const actual: Point[] = [[start, amount]];
  let spent = 0;
  dailySpends.forEach((daySpend, index) => {
    const dayEnd = start + (index + 1) * DAY_MS;
    if (dayEnd >= at) return;
    spent += daySpend;
    actual.push([dayEnd, amount - spent]);
  });
  actual.push([at, left]);
  const { projectedUsd, lowUsd, highUsd } = budget.forecast;
  return {
    actual,
    ideal: [
      [start, amount],
      [end, 0],
    ],
    forecast: [
      [at, left],
      [end, amount - projectedUsd],
    ],
    bandBase: [
      [at, left],
      [end, amount - highUsd],
    ],
    bandHeight: [
      [at, 0],
      [end, Math.max(0, highUsd - lowUsd)],
    ],
  };
}

export function burnDownOption(
  budget: BudgetStatus,
  colors: ChartColors,
  now: number,
  dailySpends?: readonly number[],
): ChartOption {
  const s = burnDownSeries(budget, now, dailySpends);
  // The 100 % threshold sits on the zero line: name it there instead of drawing a second label over it.
  const atLimit = budget.thresholds.filter((t) => t.percent === 100).map((t) => t.action);
  const thresholds = budget.thresholds
    .filter((t) => t.percent !== 100)
    .map((t) => ({
      yAxis: budget.amountUsd - (budget.amountUsd * t.percent) / 100,
      name: `${t.percent}% · ${t.action}`,
      lineStyle: { color: t.action === 'block' ? colors.bad : colors.warn, type: 'dotted' as const },
      label: {
        formatter: `${t.percent}% ${t.action}`,
        color: colors.muted,
        position: 'insideEndTop' as const,
      },
    }));
  return {
    animationDuration: 300,
    grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
    legend: { top: 0, data: ['Left', 'Even pace', 'Forecast'] },
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: 'axis',
      valueFormatter: (value) => (typeof value === 'number' ? formatUsd(value) : String(value)),
    },
    xAxis: {
      type: 'time',
      min: Date.parse(budget.periodStart),
      max: Date.parse(budget.resetsAt),
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      axisLabel: { formatter: (value: number) => formatUsdCompact(value) },
    },
    series: [
      {
        id: 'ideal',
        name: 'Even pace',
        type: 'line',
        data: s.ideal,
        showSymbol: false,
        lineStyle: { type: 'dashed', width: 1, color: colors.muted },
        itemStyle: { color: colors.muted },
        tooltip: { show: false },
        silent: true,
      },
      {
        id: 'band-base',
        name: 'Forecast range low',
        type: 'line',
        data: s.bandBase,
        stack: 'forecast-band',
        stackStrategy: 'all',
        showSymbol: false,
        lineStyle: { opacity: 0 },
        tooltip: { show: false },
        silent: true,
      },
      {
        id: 'band',
        name: 'Forecast range (estimate)',
        type: 'line',
        data: s.bandHeight,
        stack: 'forecast-band',
        stackStrategy: 'all',
        showSymbol: false,
        lineStyle: { opacity: 0 },
        areaStyle: { color: colors.band },
        tooltip: { show: false },
        silent: true,
      },
      {
        id: 'forecast',
        name: 'Forecast',
        type: 'line',
        data: s.forecast,
        showSymbol: false,
        lineStyle: { type: 'dashed', color: colors.accent },
        itemStyle: { color: colors.accent },
      },
      {
        id: 'actual',
        name: 'Left',
        type: 'line',
        data: s.actual,
        showSymbol: s.actual.length <= 12,
        lineStyle: { width: 2, color: colors.accent },
        itemStyle: { color: colors.accent },
        markLine: {
          symbol: 'none',
          silent: true,
          data: [
            {
              yAxis: 0,
              name: 'Used up',
              lineStyle: { color: colors.bad },
              label: {
                formatter: atLimit.length > 0 ? `used up · ${atLimit.join(', ')}` : 'used up',
                color: colors.bad,
                position: 'insideEndTop',
              },
            },
            ...thresholds,
          ],
        },
      },
    ],
  };
}

export const BILLING_LABELS: Record<string, string> = {
  on_demand: 'On demand',
  pool: 'Reserved pools',
  subscription: 'Subscriptions',
};

/** Reserved (pools, plans: list-price equivalent) versus on-demand spend, as a doughnut. */
export function billingOption(rows: readonly SpendRow[], colors: ChartColors): ChartOption {
  const color: Record<string, string> = {
    on_demand: colors.series[1]!,
    pool: colors.series[0]!,
    subscription: colors.series[2]!,
  };
  const data = rows
    .filter((row) => row.costUsd > 0)
    .map((row) => ({
      name: BILLING_LABELS[row.key] ?? row.key,
      value: row.costUsd,
      requests: row.requests,
      itemStyle: { color: color[row.key] ?? colors.series[4]! },
    }));
  return {
    animationDuration: 300,
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: 'item',
      formatter: (params) => {
        const p = params as unknown as {
          name: string;
          value: number;
          percent: number;
          data: { requests: number };
        };
        return `${p.name}\n${formatUsd(p.value)} (${p.percent}%)\n${formatCount(p.data.requests)} requests`;
      },
    },
    legend: { bottom: 0 },
    series: [
      {
        id: 'billing',
        type: 'pie',
        radius: ['45%', '72%'],
        center: ['50%', '45%'],
        avoidLabelOverlap: true,
        label: { show: false },
        data,
      },
    ],
  };
}
