/**
 * Budget periods in the user's time zone: a day starts at local midnight, a week on Monday (or Sunday), a
 * month on the 1st. Bounds are computed from the zone's rules at each instant, so days around a
 * daylight-saving change are 23 or 25 hours long, as the user lives them.
 */

export type BudgetPeriod = 'day' | 'week' | 'month';

export interface PeriodBounds {
  /** ms since the epoch, inclusive. */
  start: number;
  /** ms since the epoch, exclusive: when the budget resets. */
  end: number;
}

interface LocalDate {
  year: number;
  month: number; // 1-12
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

function localParts(instant: number, timeZone: string) {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday!),
  };
}

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
function offsetAt(instant: number, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant local midnight begins on a date. Where a zone skips midnight (a DST change at 00:00), the day
 * begins at the first local time that exists.
 */
export function localMidnight(date: LocalDate, timeZone: string): number {
  const naive = Date.UTC(date.year, date.month - 1, date.day);
  let instant = naive - offsetAt(naive, timeZone);
  // The offset may differ at the candidate itself (a change between naive and candidate): settle on it.
  instant = naive - offsetAt(instant, timeZone);
  const local = localParts(instant, timeZone);
  if (local.day !== date.day) {
    // Midnight does not exist that day: step forward to the first local minute of the date.
    while (localParts(instant, timeZone).day !== date.day) instant += 15 * 60_000;
  }
  return instant;
}

function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

export function periodBounds(
  period: BudgetPeriod,
  now: number,
  timeZone: string,
  weekStartsOn: 'mon' | 'sun' = 'mon',
): PeriodBounds {
  const today = localParts(now, timeZone);
  const date: LocalDate = { year: today.year, month: today.month, day: today.day };
  let first: LocalDate;
  let next: LocalDate;
  switch (period) {
    case 'day':
      first = date;
      next = addDays(date, 1);
      break;
    case 'week': {
      const startIndex = weekStartsOn === 'mon' ? 1 : 0;
      const back = (today.weekday - startIndex + 7) % 7;
      first = addDays(date, -back);
      next = addDays(first, 7);
      break;
    }
    case 'month':
      first = { year: date.year, month: date.month, day: 1 };
      next =
        date.month === 12
          ? { year: date.year + 1, month: 1, day: 1 }
          : { year: date.year, month: date.month + 1, day: 1 };
      break;
  }
  return { start: localMidnight(first, timeZone), end: localMidnight(next, timeZone) };
}

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
