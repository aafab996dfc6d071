/** Time ranges for the Spend and Substitution pages. Pure: `now` and the time zone come in. */

export type RangePreset = '24h' | '7d' | '30d' | 'custom';

export const RANGE_PRESETS: ReadonlyArray<{ id: RangePreset; label: string }> = [
  { id: '24h', label: '24 hours' },
  { id: '7d', label: '7 days' },
  { id: '30d', label: '30 days' },
  { id: 'custom', label: 'Custom' },
];

export interface RangeSelection {
  preset: RangePreset;
  /** Custom range: local dates YYYY-MM-DD, both days included. */
  fromDate?: string;
  toDate?: string;
}

export interface ResolvedRange {
  from: string;
  until: string;
  bucket: 'hour' | 'day';
  /** Presets end now and follow new requests; a custom range that ended does not. */
  followsNow: boolean;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

function startOfHour(ms: number): number {
  const date = new Date(ms);
  date.setMinutes(0, 0, 0);
  return date.getTime();
}

function startOfDay(ms: number): number {
  const date = new Date(ms);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

/** Local midnight of a YYYY-MM-DD date, or null when it is not one. */
export function parseLocalDate(value: string | undefined): number | null {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(year, month - 1, day);
  // new Date rolls 2025-13-45 over into 2026; a real date reads back the same.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return date.getTime();
}

export function toLocalDate(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Why a custom range cannot be used, or null. */
export function rangeProblem(selection: RangeSelection): string | null {
  if (selection.preset !== 'custom') return null;
  const from = parseLocalDate(selection.fromDate);
  const to = parseLocalDate(selection.toDate);
  if (from === null) return 'Choose a start date.';
  if (to === null) return 'Choose an end date.';
  if (to < from) return 'The end date is before the start date.';
  if (to - from > 366 * DAY_MS) return 'Choose at most a year.';
  return null;
}

/**
 * The query bounds: 24 h and 7 d by the hour (ending with the hour in progress), 30 d by local day, a custom
 * range by the hour up to three days and by day beyond. An invalid custom range falls back to 7 days.
 */
export function resolveRange(selection: RangeSelection, now: number = Date.now()): ResolvedRange {
  const until = new Date(now).toISOString();
  switch (selection.preset) {
    case '24h':
      return {
        from: new Date(startOfHour(now) - 23 * HOUR_MS).toISOString(),
        until,
        bucket: 'hour',
        followsNow: true,
      };
    case '30d': {
      const from = new Date(startOfDay(now));
      from.setDate(from.getDate() - 29);
      return { from: from.toISOString(), until, bucket: 'day', followsNow: true };
    }
    case 'custom': {
      if (rangeProblem(selection) === null) {
        const from = parseLocalDate(selection.fromDate)!;
        const end = new Date(parseLocalDate(selection.toDate)!);
        end.setDate(end.getDate() + 1);
        const endMs = Math.min(end.getTime(), Math.max(now, from + HOUR_MS));
        return {
          from: new Date(from).toISOString(),
          until: new Date(endMs).toISOString(),
          bucket: endMs - from <= 3 * DAY_MS ? 'hour' : 'day',
          followsNow: end.getTime() > now,
        };
      }
      return resolveRange({ preset: '7d' }, now);
    }
    case '7d':
    default:
      return {
        from: new Date(startOfHour(now) - (7 * 24 - 1) * HOUR_MS).toISOString(),
        until,
        bucket: 'hour',
        followsNow: true,
      };
  }
}

/** The local time zone (for day buckets). */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
