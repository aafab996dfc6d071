import type { SpendGroup, SpendSeries } from '../../../../shared/dashboard';
import { TOOLTIP_BASE, plainText, type ChartColors, type ChartOption } from '../../components/chart-theme';
import { toCsv } from '../../components/csv';
import { formatUsd, formatUsdCompact } from '../../lib/format';
import { groupKeyLabel } from '../../stores/spend-store';

/** More groups than this are summed into "Other" in the chart (the table still lists every one). */
export const MAX_CHART_SERIES = 8;

export interface StackedSeries {
  key: string;
  label: string;
  values: number[];
}

/** The largest groups by total cost, the rest summed as "Other". Series arrive largest first, but sort anyway. */
export function topSeries(data: SpendSeries, groupBy: SpendGroup, max = MAX_CHART_SERIES): StackedSeries[] {
  const total = (values: number[]) => values.reduce((sum, v) => sum + v, 0);
  const sorted = [...data.series].sort((a, b) => total(b.costUsd) - total(a.costUsd));
  const keep = sorted.length > max ? sorted.slice(0, max - 1) : sorted;
  const rest = sorted.length > max ? sorted.slice(max - 1) : [];
  const out: StackedSeries[] = keep.map((s) => ({
    key: s.key,
    label: groupKeyLabel(s.key, groupBy),
    values: data.buckets.map((_, i) => s.costUsd[i] ?? 0),
  }));
  if (rest.length > 0) {
    out.push({
      key: '__other__',
      label: `Other (${rest.length})`,
      values: data.buckets.map((_, i) => rest.reduce((sum, s) => sum + (s.costUsd[i] ?? 0), 0)),
    });
  }
  return out;
}

/** A bucket's axis label: "14:00" (or "Mon 14:00" across days) for hours, "Nov 3" for days. */
export function bucketLabel(
  iso: string,
  bucket: 'hour' | 'day',
  multiDay: boolean,
  locale?: string,
  timeZone?: string,
): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (bucket === 'day') return date.toLocaleDateString(locale, { month: 'short', day: 'numeric', timeZone });
  const time = date.toLocaleTimeString(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  });
  return multiDay ? `${date.toLocaleDateString(locale, { weekday: 'short', timeZone })} ${time}` : time;
}

/** Spend over time, one stacked bar series per group. */
export function spendSeriesOption(
  data: SpendSeries,
  groupBy: SpendGroup,
  bucket: 'hour' | 'day',
  colors: ChartColors,
  format: { locale?: string; timeZone?: string } = {},
): ChartOption {
  const stacked = topSeries(data, groupBy);
  const multiDay = data.buckets.length > 24;
  const labels = data.buckets.map((b) => bucketLabel(b, bucket, multiDay, format.locale, format.timeZone));
  const zoom = data.buckets.length > 72;
  return {
    animationDuration: 300,
    color: colors.series,
    grid: { left: 8, right: 16, top: 36, bottom: zoom ? 48 : 8, containLabel: true },
    legend: { type: 'scroll', top: 0 },
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (value) => (typeof value === 'number' ? formatUsd(value) : String(value)),
    },
    xAxis: { type: 'category', data: labels, axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', axisLabel: { formatter: (value: number) => formatUsdCompact(value) } },
    dataZoom: zoom ? [{ type: 'inside' }, { type: 'slider', height: 20, bottom: 8 }] : [],
    series: stacked.map((s, index) => ({
      id: s.key,
      name: plainText(s.label),
      type: 'bar',
      stack: 'spend',
      barMaxWidth: 28,
      emphasis: { focus: 'series' },
      itemStyle: {
        color: s.key === '__other__' ? colors.muted : colors.series[index % colors.series.length],
      },
      data: s.values,
    })),
  };
}

export const CSV_HEADER = [
  'group',
  'key',
  'requests',
  'cost_usd',
  'unpriced_requests',
  'input_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'output_tokens',
] as const;

/** The table beneath the chart as CSV, at full precision (cost_usd is empty, not 0, when all are unpriced). */
export function spendCsv(data: SpendSeries, groupBy: SpendGroup): string {
  return toCsv(
    CSV_HEADER,
    data.rows.map((row) => [
      groupBy,
      row.key,
      row.requests,
      row.requests > 0 && row.unpricedRequests >= row.requests ? null : row.costUsd,
      row.unpricedRequests,
      row.inputTokens,
      row.cacheReadTokens,
      row.cacheWriteTokens,
      row.outputTokens,
    ]),
  );
}

export function csvFilename(groupBy: SpendGroup, from: string, until: string): string {
  return `farebox-spend-by-${groupBy}-${from.slice(0, 10)}-to-${until.slice(0, 10)}.csv`;
}

/** True when the range has no requests at all. */
export function isEmptySeries(data: SpendSeries | null): boolean {
  return !data || data.rows.every((row) => row.requests === 0);
}
