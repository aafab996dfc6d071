/**
 * Reserved-capacity arithmetic (protocols.md §8.4), as pure functions so reports, recommendations and the
 * what-if simulator agree to the micro-dollar. Capacity is in input-token equivalents per minute.
 */

export interface CapacityModel {
  /** Input-token equivalents per minute, for all units together. */
  tokensPerMinute: number;
  /** How many input tokens one output token counts as (Azure: 4 for gpt-4.1 and later). */
  outputWeight: number;
  /** Whether cached input counts against capacity (Azure: no). */
  cachedCounts: boolean;
}

export interface TokenCounts {
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
}

/** U = uncached input (+ cache writes) + w_out × output (+ cached reads if they count). */
export function consumedTokens(tokens: TokenCounts, model: CapacityModel): number {
  return (
    tokens.inputTokens +
    tokens.cacheWriteTokens +
    model.outputWeight * tokens.outputTokens +
    (model.cachedCounts ? tokens.cacheReadTokens : 0)
  );
}

/** Utilization over a period: Σ U / (C × minutes). */
export function utilization(consumed: number, tokensPerMinute: number, minutes: number): number {
  const capacity = tokensPerMinute * minutes;
  return capacity > 0 ? consumed / capacity : 0;
}

/** What the reservation costs for a period of `hours`: units × hours × $/unit-hour, or a pro-rated monthly fee. */
export function reservationCost(
  price: { perUnitHour?: number; units?: number; perMonth?: number },
  hours: number,
): number {
  if (price.perUnitHour !== undefined) return (price.units ?? 1) * hours * price.perUnitHour;
  if (price.perMonth !== undefined) return price.perMonth * (hours / HOURS_PER_MONTH);
  return 0;
}

/** 730 hours: the average month (8,760 h / 12) that cloud price sheets use for monthly figures. */
export const HOURS_PER_MONTH = 730;

/**
 * Break-even utilization: the reservation pays off once its traffic would have cost as much on demand.
 * = reservation cost ÷ (on-demand cost of the pool running at 100 % for the period).
 */
export function breakEvenUtilization(reservation: number, onDemandAtFullUse: number): number | null {
  return onDemandAtFullUse > 0 ? reservation / onDemandAtFullUse : null;
}
