/**
 * Result types of the outcomes feature (task outcomes, the task report and the what-if simulator). Plain data
 * (ISO strings, numbers, nulls) so they cross IPC and print as JSON unchanged; the renderer imports them from
 * here. Money is USD rounded to pico-dollars (roundUsd); "list price" is the pay-per-token figure in cost_usd.
 */

export const TASK_OUTCOMES = ['resolved', 'failed', 'abandoned'] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];
/** A task nobody has marked yet is 'open'. */
export type TaskStatus = TaskOutcome | 'open';

export interface TaskOutcomeRecord {
  taskId: string;
  outcome: TaskOutcome;
  /** ISO 8601, UTC. */
  markedAt: string;
  note: string | null;
}

/** A time range over requests' start times, ms since the epoch: since inclusive, until exclusive. */
export interface TaskRange {
  since?: number;
  until?: number;
}

export interface TokenTotals {
  /** Uncached input. */
  input: number;
  cacheRead: number;
  /** 5-minute and 1-hour cache writes together. */
  cacheWrite: number;
  output: number;
  /** input + cacheRead + cacheWrite + output (reasoning tokens are part of output). */
  total: number;
}

export interface TaskRow {
  taskId: string;
  /** Tools that sent the task's requests, alphabetical (usually one). */
  tools: string[];
  /** Served models (the requested one when none was recorded), alphabetical. */
  models: string[];
  /** ISO 8601, UTC: the first and last request start in the range. */
  firstRequestAt: string;
  lastRequestAt: string;
  requests: number;
  tokens: TokenTotals;
  /** List-price cost of the priced requests (whatever paid for them: on demand, a pool or a plan). */
  costUsd: number;
  /** The part of costUsd billed on demand (what was actually paid per token). */
  onDemandCostUsd: number;
  /** Requests with no price (not in costUsd). */
  unpricedRequests: number;
  outcome: TaskStatus;
  markedAt: string | null;
  note: string | null;
}

/** One tool's or one model's share of the tasks. */
export interface TaskGroupRow {
  key: string;
  /** Tasks with at least one request here (a task using two models counts under each). */
  tasks: number;
  resolvedTasks: number;
  requests: number;
  tokens: TokenTotals;
  /** The cost of this group's requests only: a task's cost is split by request, so groups add up to the total. */
  costUsd: number;
  unpricedRequests: number;
  /** The part of costUsd that belongs to resolved tasks. */
  resolvedCostUsd: number;
  /** costUsd ÷ tasks; null without tasks. */
  costPerTaskUsd: number | null;
  /** All-in: costUsd (every task's, failures and open ones too) ÷ resolvedTasks; null without resolved tasks. */
  costPerResolvedTaskUsd: number | null;
  /** resolvedCostUsd ÷ resolvedTasks: what a resolved task itself cost here; null without resolved tasks. */
  meanResolvedTaskCostUsd: number | null;
}

export interface TaskSummary {
  tasks: number;
  resolved: number;
  failed: number;
  abandoned: number;
  open: number;
  requests: number;
  tokens: TokenTotals;
  /** Σ task cost (list price, priced requests). */
  costUsd: number;
  onDemandCostUsd: number;
  unpricedRequests: number;
  /** Σ cost of the resolved tasks. */
  resolvedCostUsd: number;
  /** costUsd ÷ tasks; null without tasks. */
  costPerTaskUsd: number | null;
  /**
   * All-in cost per resolved task: costUsd of ALL tasks (failed, abandoned and open ones included) ÷ resolved
   * tasks — what each success cost once the failures are paid for. null without resolved tasks.
   */
  costPerResolvedTaskUsd: number | null;
  /** The resolved tasks' own mean cost: resolvedCostUsd ÷ resolved. null without resolved tasks. */
  meanResolvedTaskCostUsd: number | null;
}

export interface TaskReport {
  /** ISO bounds of the range (null: unbounded). */
  since: string | null;
  until: string | null;
  /** Most recent first (by last request). */
  tasks: TaskRow[];
  summary: TaskSummary;
  byTool: TaskGroupRow[];
  /** By served model. */
  byModel: TaskGroupRow[];
  /** Requests in the range that belong to no task (no x-farebox-task header and no session id). */
  untasked: { requests: number; costUsd: number; onDemandCostUsd: number; unpricedRequests: number };
}

/** A reservation to replay the period against (protocols.md §8.4). */
export interface ReservedCapacityInput {
  units: number;
  /** Input-token equivalents per minute that one unit serves. */
  tokensPerMinutePerUnit: number;
  /** $ per unit-hour. */
  pricePerUnitHour: number;
  /** How many input tokens an output token counts as; default 1 (Azure gpt-4.1 and later: 4). */
  outputWeight?: number;
  /** Whether cached input (cache reads) counts against capacity; default false (Azure: it does not). */
  cachedCounts?: boolean;
  /** Model globs (`*`, `?`, case-insensitive) the reservation serves, matched on the served model; default all. */
  models?: string[];
}

export interface SimulateInput {
  /** ms since the epoch, inclusive. */
  from: number;
  /** ms since the epoch, exclusive. */
  until: number;
  reserved?: ReservedCapacityInput;
  /** $ per resolved task for outcome-based pricing. */
  perResolvedTask?: number;
}

export interface BillingSlice {
  requests: number;
  /** List price of the priced requests. */
  listPriceUsd: number;
  unpricedRequests: number;
}

/** (a) What the period's traffic was paid. */
export interface PaidScenario {
  requests: number;
  /** Spend per token: cost_usd of billing 'on_demand' requests. */
  onDemandUsd: number;
  onDemand: BillingSlice;
  /** Traffic paid by a reservation or a flat-rate plan, at its list-price equivalent (its real cost is the fee). */
  pool: BillingSlice;
  subscription: BillingSlice;
  /** All traffic at list price: onDemandUsd + pool + subscription list price. The like-for-like baseline. */
  listPriceUsd: number;
  unpricedRequests: number;
}

/** One minute in which covered traffic exceeded capacity. */
export interface SpillMinute {
  /** ISO 8601 start of the minute, UTC. */
  minute: string;
  requests: number;
  /** Σ U of the minute's covered requests. */
  consumedTokens: number;
  capacityTokens: number;
  /** consumed − capacity. */
  spilledTokens: number;
  /** Covered requests' list price in the minute (priced ones). */
  listPriceUsd: number;
  /** listPriceUsd × spilledTokens ÷ consumedTokens. */
  spillUsd: number;
  /** Unpriced covered requests in the minute: their share of the spill is unknown and not in spillUsd. */
  unpricedRequests: number;
}

/** (b) The same traffic on N units of reserved capacity. */
export interface ReservedScenario {
  units: number;
  tokensPerMinutePerUnit: number;
  pricePerUnitHour: number;
  outputWeight: number;
  cachedCounts: boolean;
  /** The globs used; ['*'] when all models are covered. */
  models: string[];
  /** C = units × tokensPerMinutePerUnit. */
  capacityPerMinute: number;
  /** Length of the period: (until − from) in hours and minutes (may be fractional). */
  hours: number;
  minutes: number;
  /** units × hours × pricePerUnitHour. */
  reservationUsd: number;

  /** Traffic in the covered models. */
  coveredRequests: number;
  coveredListPriceUsd: number;
  coveredUnpricedRequests: number;
  /** Σ U over covered requests. */
  consumedTokens: number;
  /** Σ min(U_minute, C): what the reservation actually served. */
  servedTokens: number;
  /** Minutes with covered traffic. */
  activeMinutes: number;

  /** Σ (U_minute − C) over the minutes above capacity. */
  spilledTokens: number;
  spillMinutes: number;
  /** Σ spill minute cost (list price, pro-rated). */
  spillUsd: number;
  /** Unpriced covered requests in spill minutes (their spill cost is unknown, not included). */
  spillUnpricedRequests: number;
  /** Every minute above capacity, oldest first. */
  spill: SpillMinute[];

  /** Traffic in models the reservation does not serve, paid at list price. */
  outsideRequests: number;
  outsideListPriceUsd: number;
  outsideUnpricedRequests: number;

  /** reservationUsd + spillUsd + outsideListPriceUsd. */
  totalUsd: number;
  /** paid.listPriceUsd − totalUsd (positive: the reservation would have been cheaper). */
  savingsVsListPriceUsd: number;

  /** Served utilization: servedTokens ÷ (C × minutes), at most 1. */
  averageUtilization: number;
  /** Demand utilization: consumedTokens ÷ (C × minutes); above averageUtilization when traffic spilled. */
  demandUtilization: number;
  /** The busiest minute's U ÷ C (above 1: that minute spilled). */
  peakMinuteUtilization: number;
  /** ISO start of the busiest minute; null without covered traffic. */
  peakMinute: string | null;
  /** Covered list price ÷ Σ U of priced covered requests: $ per input-token equivalent; null without any. */
  blendedUsdPerToken: number | null;
  /** blendedUsdPerToken × C × minutes: the period at 100 % use, priced per token. */
  listPriceAtFullUseUsd: number | null;
  /** reservationUsd ÷ listPriceAtFullUseUsd (pool-math breakEvenUtilization); null when unknown. */
  breakEvenUtilization: number | null;
}

/** (c) Outcome-based pricing: $X per resolved task, nothing for failed or abandoned ones. */
export interface OutcomeScenario {
  perResolvedTaskUsd: number;
  tasks: number;
  resolvedTasks: number;
  failedTasks: number;
  abandonedTasks: number;
  /** Not marked yet: not billed in the period (they may resolve later). */
  openTasks: number;
  /** resolvedTasks × perResolvedTaskUsd. */
  resolvedUsd: number;
  /** Failed and abandoned tasks cost nothing under outcome pricing. */
  failedOrAbandonedUsd: 0;
  /** The tasks' traffic at list price, for comparison. */
  tasksListPriceUsd: number;
  /** Requests in no task: per-task pricing cannot cover them, so they stay at list price. */
  untaskedRequests: number;
  untaskedListPriceUsd: number;
  untaskedUnpricedRequests: number;
  /** resolvedUsd + untaskedListPriceUsd. */
  totalUsd: number;
  /** paid.listPriceUsd − totalUsd. */
  savingsVsListPriceUsd: number;
}

export interface SimulationResult {
  /** ISO bounds of the period. */
  from: string;
  until: string;
  paid: PaidScenario;
  reserved: ReservedScenario | null;
  outcome: OutcomeScenario | null;
}
