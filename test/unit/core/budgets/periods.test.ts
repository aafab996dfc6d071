import { describe, expect, it } from 'vitest';
import { localMidnight, periodBounds } from '../../../../electron/core/budgets/periods';

const iso = (ms: number) => new Date(ms).toISOString();
const hours = (b: { start: number; end: number }) => (b.end - b.start) / 3_600_000;

describe('budget periods in the user’s time zone', () => {
  it('a month starts at local midnight on the 1st and resets at the next 1st', () => {
    const b = periodBounds('month', Date.UTC(2026, 10, 27, 12), 'Europe/Berlin');
    expect(iso(b.start)).toBe('2026-10-31T23:00:00.000Z');
    expect(iso(b.end)).toBe('2026-11-30T23:00:00.000Z');
  });

  it('the last minutes of a month belong to it, the first of the next to the next', () => {
    const zone = 'America/Los_Angeles';
    const lastMinute = Date.UTC(2026, 11, 1, 7, 59); // 2026-11-30 23:59 local (UTC−8)
    const firstMinute = Date.UTC(2026, 11, 1, 8, 0); // 2026-12-01 00:00 local
    expect(iso(periodBounds('month', lastMinute, zone).start)).toBe('2026-11-01T07:00:00.000Z'); // PDT then
    expect(iso(periodBounds('month', firstMinute, zone).start)).toBe('2026-12-01T08:00:00.000Z');
  });

  it('December rolls over into January of the next year; February is 28 days in 2027', () => {
    const december = periodBounds('month', Date.UTC(2026, 11, 31, 23, 30), 'Pacific/Auckland');
    expect(iso(december.start)).toBe('2026-12-31T11:00:00.000Z'); // already 1 Jan 2027 in Auckland
    expect(iso(december.end)).toBe('2027-01-31T11:00:00.000Z');
    expect(hours(periodBounds('month', Date.UTC(2027, 1, 10), 'UTC'))).toBe(28 * 24);
  });

  it('days around daylight-saving changes last 23 and 25 hours', () => {
    expect(hours(periodBounds('day', Date.UTC(2026, 2, 8, 12), 'America/New_York'))).toBe(23);
    expect(hours(periodBounds('day', Date.UTC(2026, 10, 1, 12), 'America/New_York'))).toBe(25);
    expect(hours(periodBounds('day', Date.UTC(2026, 2, 29, 12), 'Europe/London'))).toBe(23);
    // The month holding a change is an hour short (or long).
    expect(hours(periodBounds('month', Date.UTC(2026, 2, 15), 'Europe/Berlin'))).toBe(31 * 24 - 1);
    expect(hours(periodBounds('month', Date.UTC(2026, 9, 15), 'Europe/Berlin'))).toBe(31 * 24 + 1);
  });

  it('a day whose midnight does not exist starts at the first local time that does', () => {
    // Chile moves its clocks from 00:00 to 01:00 on 6 September 2026.
    const b = periodBounds('day', Date.UTC(2026, 8, 6, 15), 'America/Santiago');
    expect(iso(b.start)).toBe('2026-09-06T04:00:00.000Z'); // 01:00 local, UTC−3
    expect(hours(b)).toBe(23);
    expect(iso(localMidnight({ year: 2026, month: 9, day: 7 }, 'America/Santiago'))).toBe(
      '2026-09-07T03:00:00.000Z',
    );
  });

  it('weeks start on Monday by default, on Sunday when asked, in the zone’s own calendar', () => {
    // Friday 27 November 2026, 12:00 UTC; already Saturday in Kiribati (UTC+14).
    const now = Date.UTC(2026, 10, 27, 12);
    expect(iso(periodBounds('week', now, 'Asia/Tokyo').start)).toBe('2026-11-22T15:00:00.000Z');
    expect(iso(periodBounds('week', now, 'UTC', 'sun').start)).toBe('2026-11-22T00:00:00.000Z');
    expect(iso(periodBounds('week', now, 'Pacific/Kiritimati').start)).toBe('2026-11-22T10:00:00.000Z');
    expect(hours(periodBounds('week', now, 'UTC'))).toBe(168);
  });

  it('a day is the local calendar day, not the UTC one', () => {
    // 23:30 UTC on the 27th is already the 28th in Tokyo and still the 27th in New York.
    const now = Date.UTC(2026, 10, 27, 23, 30);
    expect(iso(periodBounds('day', now, 'Asia/Tokyo').start)).toBe('2026-11-27T15:00:00.000Z');
    expect(iso(periodBounds('day', now, 'America/New_York').start)).toBe('2026-11-27T05:00:00.000Z');
  });
});
