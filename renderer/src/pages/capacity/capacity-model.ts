import type { PoolReportEntry, StoredWindow } from '../../../../shared/capacity';
import type { SpendSeries } from '../../../../shared/dashboard';
import { TOOLTIP_BASE, type ChartColors, type ChartOption } from '../../components/chart-theme';
import { formatCount, formatPercent } from '../../lib/format';
import type { HourlyTraffic } from '../../stores/capacity-store';

/** Case-insensitive `*` / `?` globs, as pools name their models. */
export function globMatcher(globs: readonly string[]): (name: string) => boolean {
  const patterns = globs.map(
    (glob) =>
      new RegExp(
        `^${glob
          .split('')
          .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
          .join('')}$`,
        'i',
      ),
  );
  return (name) => patterns.some((p) => p.test(name));
}

export interface HourlyValues {
  buckets: string[];
  values: number[];
  /** What a value is. */
  unit: 'utilization' | 'requests';
  /** One line on where the figures come from. */
  source: string;
}

/** Hourly utilization, if the core adds it to a pool's report entry (`hourly: [{ hour, utilization }]`). */
function reportedHourly(pool: PoolReportEntry): HourlyValues | null {
  const hourly = (pool as PoolReportEntry & { hourly?: unknown }).hourly;
  if (!Array.isArray(hourly) || hourly.length === 0) return null;
  const rows = hourly.filter(
    (h): h is { hour: string; utilization: number } =>
      typeof h === 'object' && h !== null && typeof h.hour === 'string' && typeof h.utilization === 'number',
  );
  if (rows.length === 0) return null;
  return {
    buckets: rows.map((r) => r.hour),
    values: rows.map((r) => r.utilization),
    unit: 'utilization',
    source: 'Share of the pool’s capacity used, by hour.',
  };
}

/**
 * The hourly figures behind a pool's heatmap: the pool's own utilization when the report carries it,
 * otherwise the requests per hour for what the pool covers (its models, or its provider for a plan).
 */
export function poolHourly(pool: PoolReportEntry, traffic: HourlyTraffic | null): HourlyValues | null {
  const reported = reportedHourly(pool);
  if (reported) return reported;
  const sum = (
    series: SpendSeries | null,
    keep: (key: string) => boolean,
    source: string,
  ): HourlyValues | null => {
    if (!series) return null;
    const values = series.buckets.map(() => 0);
    for (const s of series.series) {
      if (!keep(s.key)) continue;
      s.requests.forEach((n, i) => {
        values[i] = (values[i] ?? 0) + n;
      });
    }
    return { buckets: series.buckets, values, unit: 'requests', source };
  };
  if (pool.kind === 'provisioned') {
    return sum(
      traffic?.byModel ?? null,
      globMatcher(pool.models),
      `Requests per hour for the models the pool covers (${pool.models.join(', ')}), served by the pool or spilled over.`,
    );
  }
  return sum(
    traffic?.byProvider ?? null,
    (key) => key === pool.provider,
    `Requests per hour to ${pool.provider}, the plan’s provider.`,
  );
}

export interface HourGrid {
  /** Row labels, oldest first: local dates YYYY-MM-DD. */
  days: string[];
  /** [hour 0–23, day index, value]. */
  cells: Array<[number, number, number]>;
  max: number;
}

/** Lays hourly buckets out as day × hour-of-day in a time zone. */
export function hourGrid(buckets: readonly string[], values: readonly number[], timeZone?: string): HourGrid {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  });
  const days: string[] = [];
  const dayIndex = new Map<string, number>();
  const sums = new Map<string, number>();
  buckets.forEach((bucket, i) => {
    const date = new Date(bucket);
    if (Number.isNaN(date.getTime())) return;
    const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
    const day = `${parts['year']}-${parts['month']}-${parts['day']}`;
    const hour = Number(parts['hour']) % 24;
    if (!dayIndex.has(day)) {
      dayIndex.set(day, days.length);
      days.push(day);
    }
    const key = `${dayIndex.get(day)}|${hour}`;
    // Two buckets can land in one local hour when clocks go back; add them.
    sums.set(key, (sums.get(key) ?? 0) + (values[i] ?? 0));
  });
  let max = 0;
  const cells: Array<[number, number, number]> = [];
  for (const [key, value] of sums) {
    const [day, hour] = key.split('|').map(Number) as [number, number];
    cells.push([hour, day, value]);
    max = Math.max(max, value);
  }
  cells.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  return { days, cells, max };
}

const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));

function dayLabel(day: string, locale?: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).toLocaleDateString(locale, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
  });
}

export function heatmapOption(
  grid: HourGrid,
  unit: HourlyValues['unit'],
  colors: ChartColors,
  locale?: string,
): ChartOption {
  const labels = grid.days.map((d) => dayLabel(d, locale));
  const max = unit === 'utilization' ? Math.max(1, grid.max) : Math.max(1, grid.max);
  const show = (value: number) =>
    unit === 'utilization' ? formatPercent(value) : `${formatCount(value)} requests`;
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 8, bottom: 56, containLabel: true },
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: 'item',
      formatter: (params) => {
        const p = params as unknown as { value: [number, number, number] };
        const [hour, day, value] = p.value;
        return `${labels[day] ?? ''} ${HOURS[hour]}:00–${HOURS[(hour + 1) % 24]}:00\n${show(value)}`;
      },
    },
    xAxis: {
      type: 'category',
      data: HOURS,
      name: 'hour',
      nameLocation: 'middle',
      nameGap: 24,
      splitArea: { show: false },
    },
    yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { fontSize: 10 } },
    visualMap: {
      type: 'continuous',
      min: 0,
      max,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      inRange: { color: colors.ramp },
      text: [unit === 'utilization' ? formatPercent(max) : formatCount(max), '0'],
      textGap: 6,
      formatter: (value) =>
        unit === 'utilization' ? formatPercent(Number(value)) : formatCount(Math.round(Number(value))),
    },
    series: [
      {
        id: 'hours',
        type: 'heatmap',
        data: grid.cells,
        emphasis: { itemStyle: { borderColor: colors.text, borderWidth: 1 } },
        itemStyle: { borderColor: colors.tooltipBackground, borderWidth: 1 },
      },
    ],
  };
}

const WINDOW_NAMES: Record<string, string> = {
  five_hour: '5-hour window',
  seven_day: 'Weekly window',
  seven_day_sonnet: 'Weekly window (Sonnet)',
  seven_day_opus: 'Weekly window (Opus)',
  overage: 'Overage',
  unified: 'Plan limit',
  primary: 'Primary window',
  secondary: 'Secondary window',
};

export function windowLabel(window: Pick<StoredWindow, 'window' | 'windowMinutes'>): string {
  const known = WINDOW_NAMES[window.window];
  if (known) return known;
  if (window.windowMinutes) {
    const hours = window.windowMinutes / 60;
    return hours >= 24 ? `${Math.round(hours / 24)}-day window` : `${Math.round(hours)}-hour window`;
  }
  return window.window.replace(/_/g, ' ');
}

/** The current month and the five before it, YYYY-MM, newest first. */
export function recentMonths(now: number, count = 6): string[] {
  const date = new Date(now);
  const months: string[] = [];
  for (let i = 0; i < count; i++) {
    const d = new Date(date.getFullYear(), date.getMonth() - i, 1);
    months.push(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`);
  }
  return months;
}

export type Tone = 'good' | 'warn' | 'bad' | 'neutral';

/** Is the average utilization above the point where the reservation pays for itself? */
export function breakEvenTone(average: number, breakEven: number | null): Tone {
  if (breakEven === null) return 'neutral';
  if (average >= breakEven) return 'good';
  return average >= breakEven * 0.8 ? 'warn' : 'bad';
}

export function recommendationTone(action: PoolReportEntry['recommendation']['action']): Tone {
  switch (action) {
    case 'keep':
    case 'keep plan':
      return 'good';
    case 'add':
      return 'warn';
    default:
      return 'bad';
  }
}
