import { roundUsd } from '../../../shared/pricing';

const DAY_MS = 86_400_000;

export interface Forecast {
  /** Spend expected by the end of the period at the pace so far. */
  projectedUsd: number;
  /** A plausible range: the pace of the slower and busier days seen (p10–p90), or ±50 % with under 3 days. */
  lowUsd: number;
  highUsd: number;
  /** USD per day so far. */
  dailyRateUsd: number;
  /** When the budget runs out at the current pace, if before the period ends; null otherwise. */
  runsOutAt: number | null;
}

/**
 * Month-end (period-end) forecast from the period so far. `dailySpends` are the settled totals of the
 * complete local days of the period, oldest first; the day in progress is inside `spentUsd` only.
 */
export function forecast(
  spentUsd: number,
  amountUsd: number,
  period: { start: number; end: number },
  now: number,
  dailySpends: readonly number[],
): Forecast {
  const elapsedDays = Math.max((Math.min(now, period.end) - period.start) / DAY_MS, 1 / 24);
  const remainingDays = Math.max((period.end - now) / DAY_MS, 0);
  const rate = spentUsd / elapsedDays;
  const projected = spentUsd + rate * remainingDays;
  let lowRate = rate * 0.5;
  let highRate = rate * 1.5;
  if (dailySpends.length >= 3) {
    const sorted = [...dailySpends].sort((a, b) => a - b);
    lowRate = percentile(sorted, 0.1);
    highRate = percentile(sorted, 0.9);
  }
  const runsOutAt =
    spentUsd >= amountUsd
      ? now
      : rate > 0 && now + ((amountUsd - spentUsd) / rate) * DAY_MS < period.end
        ? Math.round(now + ((amountUsd - spentUsd) / rate) * DAY_MS)
        : null;
  return {
    projectedUsd: roundUsd(projected),
    lowUsd: roundUsd(spentUsd + Math.min(lowRate, rate) * remainingDays),
    highUsd: roundUsd(spentUsd + Math.max(highRate, rate) * remainingDays),
    dailyRateUsd: roundUsd(rate),
    runsOutAt,
  };
}

/** Linear interpolation between the closest ranks. */
function percentile(sorted: readonly number[], p: number): number {
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}
