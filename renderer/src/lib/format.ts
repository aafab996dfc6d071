import type { RequestRecord, SpendRow } from '../../../shared/records';

const currencyFormats = new Map<string, Intl.NumberFormat>();

function currencyFormat(locale: string | undefined, small: boolean): Intl.NumberFormat {
  const key = `${locale ?? ''}|${small}`;
  let format = currencyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: 'USD',
      // Single requests often cost fractions of a cent; two decimals would show them as $0.00.
      ...(small ? { maximumSignificantDigits: 2 } : { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    });
    currencyFormats.set(key, format);
  }
  return format;
}

/** Money always carries its currency; an unknown price is "unpriced", never $0. */
export function formatUsd(value: number | null, locale?: string): string {
  if (value === null || !Number.isFinite(value)) return 'unpriced';
  const small = value !== 0 && Math.abs(value) < 0.01;
  return currencyFormat(locale, small).format(value);
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
