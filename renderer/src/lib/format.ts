import type { RequestRecord, SpendRow } from '../../../shared/records';

const currencyFormats = new Map<string, Intl.NumberFormat>();

function currencyFormat(locale: string | undefined, maxFraction: number): Intl.NumberFormat {
  const key = `${locale ?? ''}|${maxFraction}`;
  let format = currencyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: 'USD',
      minimumFractionDigits: 2,
      maximumFractionDigits: maxFraction,
    });
    currencyFormats.set(key, format);
  }
  return format;
}

/** The smallest amount shown: one micro-dollar. */
export const MICRO_USD = 0.000_001;

/**
 * Decimals for an amount: two from $1 up; below that three significant digits (single requests often cost
 * fractions of a cent, which two decimals would show as $0.00), never finer than a micro-dollar.
 */
export function usdDecimals(value: number): number {
  const abs = Math.abs(value);
  if (abs === 0 || abs >= 1) return 2;
  const magnitude = Math.floor(Math.log10(abs));
  return Math.min(6, Math.max(2, 2 - magnitude));
}

/** Money always carries its currency; an unknown price is "unpriced", never $0. */
export function formatUsd(value: number | null | undefined, locale?: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'unpriced';
  if (value !== 0 && Math.abs(value) < MICRO_USD / 2) {
    return `${value < 0 ? '> −' : '< '}${currencyFormat(locale, 6).format(MICRO_USD)}`;
  }
  return currencyFormat(locale, usdDecimals(value)).format(value);
}

const compactFormats = new Map<string, Intl.NumberFormat>();

/** Short money for chart axes: $0.004, $12, $1.2K. */
export function formatUsdCompact(value: number, locale?: string): string {
  if (!Number.isFinite(value)) return '';
  const abs = Math.abs(value);
  if (abs > 0 && abs < 1) return formatUsd(value, locale);
  const key = locale ?? '';
  let format = compactFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: 'USD',
      notation: 'compact',
      maximumFractionDigits: 1,
    });
    compactFormats.set(key, format);
  }
  return format.format(value);
}

export function formatPercent(ratio: number, locale?: string, digits = 0): string {
  if (!Number.isFinite(ratio)) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(ratio);
}

/** "2h 05m", "3d 4h", "45s"; negative durations read as "now". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return 'now';
  const seconds = Math.floor(ms / 1000);
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${seconds}s`;
}

export function formatTokens(value: number, locale?: string): string {
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** A spend row sums priced requests only, so its unpriced ones are named beside the amount. */
export function formatSpend(
  row: Pick<SpendRow, 'costUsd' | 'requests' | 'unpricedRequests'>,
  locale?: string,
): string {
  if (row.requests > 0 && row.unpricedRequests >= row.requests) return 'unpriced';
  const amount = formatUsd(row.costUsd, locale);
  return row.unpricedRequests > 0 ? `${amount} + ${row.unpricedRequests} unpriced` : amount;
}

export function formatCount(value: number, locale?: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

export function modelOf(record: Pick<RequestRecord, 'servedModel' | 'requestedModel'>): string {
  return record.servedModel ?? record.requestedModel ?? 'unknown model';
}

/** Everything the model read: uncached input plus cache reads and writes. */
export function inputTokensOf(
  record: Pick<RequestRecord, 'inputTokens' | 'cacheReadTokens' | 'cacheWriteTokens'>,
): number {
  return record.inputTokens + record.cacheReadTokens + record.cacheWriteTokens;
}

export function formatTime(iso: string, now: Date = new Date(), locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const sameDay = date.toDateString() === now.toDateString();
  return sameDay
    ? date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    : date.toLocaleString(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function formatMonth(month: string, locale?: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, 1);
  return date.toLocaleDateString(locale, { month: 'long', year: 'numeric' });
}
