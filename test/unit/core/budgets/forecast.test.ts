import { describe, expect, it } from 'vitest';
import { forecast } from '../../../../electron/core/budgets/forecast';

const DAY = 86_400_000;
const period = { start: Date.UTC(2026, 10, 1), end: Date.UTC(2026, 11, 1) }; // 30 days

describe('period-end forecast', () => {
  it('projects the pace so far to the end of the period', () => {
    // 10 days in, $20 spent: $2/day, 20 days left → $60; a $50 budget runs out 15 days in.
    const now = period.start + 10 * DAY;
    const f = forecast(20, 50, period, now, [1, 1.5, 2, 2, 2, 2, 2.5, 2, 2.5, 2.5]);
    expect(f.dailyRateUsd).toBe(2);
    expect(f.projectedUsd).toBe(60);
    expect(f.runsOutAt).toBe(period.start + 25 * DAY);
    // p10 and p90 of the daily spends: 1.45 and 2.5 → $49 … $70.
    expect(f.lowUsd).toBe(49);
    expect(f.highUsd).toBe(70);
  });

  it('with under three complete days, the range is ±50 % of the pace', () => {
    const now = period.start + 2 * DAY;
    const f = forecast(4, 500, period, now, [2, 2]);
    expect(f.projectedUsd).toBe(60);
    expect(f.lowUsd).toBe(4 + 1 * 28);
    expect(f.highUsd).toBe(4 + 3 * 28);
    expect(f.runsOutAt).toBeNull();
  });

  it('an exhausted budget has run out now', () => {
    const now = period.start + 5 * DAY;
    expect(forecast(51, 50, period, now, []).runsOutAt).toBe(now);
  });
});
