import { promptTokens, type TokenUsage } from './usage';

/** Prices of one long-context tier, USD per million tokens; omitted cache rates fall back as in PriceOverride. */
export interface PriceOverrideTier {
  /** The tier applies to the WHOLE request when its total prompt tokens are strictly above this. */
  aboveInputTokens: number;
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  cacheWrite1h?: number;
}

/**
 * A user-configured price, USD per million tokens. Omitted cache rates fall back like genai-prices does:
 * cacheRead and cacheWrite to input, cacheWrite1h to cacheWrite.
 */
export interface PriceOverride {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  cacheWrite1h?: number;
  tiers?: PriceOverrideTier[];
}

/** USD per token bucket (see TokenUsage). */
export interface CostBreakdown {
  input: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  output: number;
  /**
   * Charges that belong to no token bucket but are part of the price entry (e.g. a per-request fee,
   * genai-prices `requests_kcount`). Present only when non-zero.
   */
  other?: number;
  total: number;
}

export interface PricedCost {
  /** null means unpriced (unknown model); 0 is a real zero cost. */
  costUsd: number | null;
  /** "genai-prices@<version>", "override" or "unpriced". */
  priceSource: string;
  /** The entry that produced the price: "<provider>/<model>" or "override:<pattern>". */
  priceRef: string | null;
  breakdown: CostBreakdown | null;
}

export const UNPRICED: Readonly<PricedCost> = Object.freeze({
  costUsd: null,
  priceSource: 'unpriced',
  priceRef: null,
  breakdown: null,
});

/** Rounds to 12 decimals (pico-dollars): removes float noise without ever rounding money to cents. */
export function roundUsd(usd: number): number {
  return Number(usd.toFixed(12));
}

/** Cost of `tokens` at `pricePerMTok` USD per million tokens, unrounded. */
export function tokenCost(tokens: number, pricePerMTok: number): number {
  return (tokens * pricePerMTok) / 1e6;
}

/** One number per token bucket: USD-per-million rates, or USD amounts. */
export interface PerBucket {
  input: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  output: number;
}

/** Rounds each bucket and the total; `other` is an unrounded extra charge outside the token buckets. */
export function breakdownFromCosts(costs: PerBucket, other = 0): CostBreakdown {
  const total =
    costs.input + costs.cacheRead + costs.cacheWrite5m + costs.cacheWrite1h + costs.output + other;
  const breakdown: CostBreakdown = {
    input: roundUsd(costs.input),
    cacheRead: roundUsd(costs.cacheRead),
    cacheWrite5m: roundUsd(costs.cacheWrite5m),
    cacheWrite1h: roundUsd(costs.cacheWrite1h),
    output: roundUsd(costs.output),
    total: roundUsd(total),
  };
  if (other !== 0) breakdown.other = roundUsd(other);
  return breakdown;
}

/** True when every bucket is a finite, non-negative number (anything else cannot be priced honestly). */
export function isValidUsage(usage: TokenUsage): boolean {
  return [
    usage.inputTokens,
    usage.cacheReadTokens,
    usage.cacheWrite5mTokens,
    usage.cacheWrite1hTokens,
    usage.outputTokens,
    usage.reasoningTokens,
  ].every((n) => Number.isFinite(n) && n >= 0);
}

/** The rates of the tier a request with `prompt` prompt tokens falls into (highest threshold it exceeds). */
export function overrideRates(override: PriceOverride, prompt: number): PerBucket {
  let active: Omit<PriceOverride, 'tiers'> = override;
  let threshold = -Infinity;
  for (const tier of override.tiers ?? []) {
    if (prompt > tier.aboveInputTokens && tier.aboveInputTokens > threshold) {
      active = tier;
      threshold = tier.aboveInputTokens;
    }
  }
  const cacheWrite = active.cacheWrite ?? active.input;
  return {
    input: active.input,
    cacheRead: active.cacheRead ?? active.input,
    cacheWrite5m: cacheWrite,
    cacheWrite1h: active.cacheWrite1h ?? cacheWrite,
    output: active.output,
  };
}

/** Prices `usage` with a user override; the tier is chosen on the request's total prompt tokens. */
export function costFromOverride(usage: TokenUsage, override: PriceOverride): CostBreakdown {
  const rates = overrideRates(override, promptTokens(usage));
  return breakdownFromCosts({
    input: tokenCost(usage.inputTokens, rates.input),
    cacheRead: tokenCost(usage.cacheReadTokens, rates.cacheRead),
    cacheWrite5m: tokenCost(usage.cacheWrite5mTokens, rates.cacheWrite5m),
    cacheWrite1h: tokenCost(usage.cacheWrite1hTokens, rates.cacheWrite1h),
    output: tokenCost(usage.outputTokens, rates.output),
  });
}
