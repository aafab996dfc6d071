/**
 * Result types of the pool report (protocols.md §8.4; electron/core/capacity/pool-report.ts computes them). Plain
 * data (ISO strings, numbers, nulls) so they cross IPC unchanged; the renderer imports them from here. Money is
 * USD rounded to pico-dollars (roundUsd).
 */

export interface ReportPeriod {
  /** The range clipped to the pool's term and to now (ISO 8601). */
  from: string;
  until: string;
  minutes: number;
  hours: number;
}

export interface TokenTotals {
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
  /** input + cacheRead + cacheWrite + output. */
  total: number;
}

export interface UnitOption {
  units: number;
  /** units × the per-unit reservation cost for the period. */
  reservationUsd: number;
  /** Demand above units × per-unit capacity, summed minute by minute (token equivalents). */
  spilloverTokens: number;
  /** spilloverTokens at the traffic's list-price blend. */
  spilloverUsd: number;
  totalUsd: number;
}

export interface PoolRecommendation {
  action: 'add' | 'remove' | 'keep' | 'keep plan' | 'drop plan';
  /** How many units to add or remove (0 for keep and for plans). */
  units: number;
  /** "add 1 unit", "remove 2 units", "keep", "keep plan", "drop plan". */
  summary: string;
  /** The arithmetic behind it, in words and numbers. */
  explanation: string;
  /** Provisioned pools: the unit counts compared. */
  options?: UnitOption[];
}

export interface ProvisionedPoolReport {
  kind: 'provisioned';
  id: string;
  name: string | null;
  provider: string;
  deployment: string | null;
  models: string[];
  period: ReportPeriod;
  units: number;
  capacityTokensPerMinute: number;
  unitTokensPerMinute: number;
  outputWeight: number;
  cachedCounts: boolean;
  /** Requests the pool served (pool_id = id). */
  requests: number;
  /** Of those, how many have no price (their list-price equivalent is unknown). */
  unpricedRequests: number;
  tokens: TokenTotals;
  /** Σ input-token equivalents (see pool-math consumedTokens). */
  consumedTokens: number;
  utilization: {
    /** Σ consumed ÷ (capacity × minutes). */
    average: number;
    /** The busiest minute's pool consumption ÷ capacity. */
    peakMinute: number;
    peakMinuteAt: string | null;
    /** The busiest minute's demand (pool + spillover) ÷ capacity. */
    peakDemand: number;
    /** Minutes with pool traffic. */
    activeMinutes: number;
    /** Minutes the pool ran at or above capacity. */
    minutesAtCapacity: number;
    /** Minutes in which covered traffic spilled over to on-demand. */
    minutesWithSpillover: number;
  };
  /** What the reservation cost for the period. */
  reservationUsd: number;
  /** One unit for the period, and per 730-hour month. */
  unitUsd: number;
  unitMonthUsd: number;
  /** The pool's traffic at list prices (Σ cost_usd of its rows). */
  onDemandEquivalentUsd: number;
  /** onDemandEquivalentUsd − reservationUsd (negative: the reservation cost more than its traffic was worth). */
  savingsUsd: number;
  /** reservationUsd ÷ pool tokens × 1e6. */
  effectiveUsdPerMTok: number | null;
  /** onDemandEquivalentUsd ÷ pool tokens × 1e6 (the same tokens at list prices). */
  onDemandUsdPerMTok: number | null;
  /** On-demand requests for models the pool covers (requested or served model matches a glob). */
  spillover: {
    requests: number;
    unpricedRequests: number;
    tokens: TokenTotals;
    consumedTokens: number;
    costUsd: number;
  };
  /** Pool + spillover traffic entirely at list prices. */
  allOnDemandUsd: number;
  /** What was paid for the covered traffic: reservation + spillover. */
  paidUsd: number;
  /** List price per million token equivalents of the covered traffic (priced rows); null when none. */
  usdPerMTokEquivalent: number | null;
  /** reservation ÷ (on-demand cost of the pool running at 100 % for the period); null when unpriced. */
  breakEvenUtilization: number | null;
  recommendation: PoolRecommendation;
}

/** A flat-rate plan window as last reported by the provider (see subscription-headers.ts StoredWindow). */
export interface StoredWindow {
  provider: string;
  /** five_hour, seven_day, seven_day_sonnet, seven_day_opus, overage, unified (Anthropic); primary, secondary (Codex). */
  window: string;
  /** How much of the window is used, 0..1. */
  utilization: number | null;
  /** When the window resets, ms since the epoch. */
  resetsAt: number | null;
  /** The window's length: 300 for five hours, 10080 for a week; null when unknown. */
  windowMinutes: number | null;
  /** The provider's word for the window's state (allowed, allowed_warning, rejected, ...). */
  status: string | null;
  /** When the headers were seen, ms since the epoch. */
  observedAt: number;
}

export interface WindowState extends StoredWindow {
  /** resetsAt − now (negative: the window has reset since it was observed). */
  resetsInMs: number | null;
}

export interface SubscriptionPoolReport {
  kind: 'subscription';
  id: string;
  name: string | null;
  provider: string;
  models: string[];
  period: ReportPeriod;
  perMonthUsd: number;
  /** The plan fee amortized over the period (perMonth × hours ÷ 730). */
  planUsd: number;
  /** Requests billed to a subscription on the pool's provider. */
  requests: number;
  unpricedRequests: number;
  tokens: TokenTotals;
  /** Their list-price (pay-per-token) equivalent. */
  listPriceUsd: number;
  /** listPriceUsd ÷ planUsd; null when the plan cost nothing for the period. */
  valueRatio: number | null;
  /** listPriceUsd − planUsd: what the plan saved (negative: paying per token would have been cheaper). */
  savingsUsd: number;
  /** The latest plan windows the provider reported (anthropic-ratelimit-unified-*, x-codex-*). */
  windows: WindowState[];
  recommendation: PoolRecommendation;
}

export type PoolReportEntry = ProvisionedPoolReport | SubscriptionPoolReport;

export interface PoolsReport {
  from: string;
  until: string;
  generatedAt: string;
  pools: PoolReportEntry[];
}
