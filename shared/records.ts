import type { Endpoint, Outcome, ProviderDialect } from './dialects';
import type { AttemptRecord } from './routing';

/** One proxied request as the log, the export and the UI see it. */
export interface RequestRecord {
  id: string;
  /** ISO 8601, UTC. */
  startedAt: string;
  finishedAt: string | null;
  tool: string;
  sessionId: string | null;
  dialect: ProviderDialect;
  endpoint: Endpoint;
  provider: string;
  requestedModel: string | null;
  servedModel: string | null;
  stream: boolean;
  status: number | null;
  outcome: Outcome | 'in_flight';
  errorMessage: string | null;
  /** Uncached input only. */
  inputTokens: number;
  cacheReadTokens: number;
  /** cacheWrite5mTokens + cacheWrite1hTokens. */
  cacheWriteTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /** null when the model has no price ("unpriced"), never 0 for that case. */
  costUsd: number | null;
  /** Price data version (e.g. "genai-prices@0.1.8"), "override" or "unpriced". */
  priceSource: string;
  /** The price entry used, e.g. "anthropic/claude-sonnet-4-5" or "override:claude-*". */
  priceRef: string | null;
  ttfbMs: number | null;
  durationMs: number | null;
  requestBytes: number;
  responseBytes: number;
  /** The API spoken upstream; differs from `endpoint` when the request was translated. */
  upstreamEndpoint: Endpoint;
  /** The routing rule that fired, or null. */
  ruleId: string | null;
  /** What the requested model would have cost for the served token counts; null when it has no price. */
  baselineCostUsd: number | null;
  baselinePriceRef: string | null;
  /** baselineCostUsd − costUsd; null when either is unknown. */
  savingsUsd: number | null;
  /** Every upstream try, in order; empty when the request went straight through without a rule. */
  attempts: AttemptRecord[];
  tags: string[];
  /** The provider's own request id (Anthropic request-id, OpenAI x-request-id). */
  upstreamRequestId: string | null;
  /** The task it belongs to: x-farebox-task, else the tool's session id. */
  taskId: string | null;
  /** The reserved-capacity pool that served it; null for on-demand and subscription traffic. */
  poolId: string | null;
  /** How it is paid; costUsd is always the pay-per-token figure, on-demand spend counts on_demand only. */
  billing: 'on_demand' | 'pool' | 'subscription';
  /** 'proxy', or 'import:claude-code' / 'import:codex'. */
  source: string;
}

export interface SpendRow {
  key: string;
  requests: number;
  /** Sum over priced requests only. */
  costUsd: number;
  unpricedRequests: number;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
}

export interface MonthStats {
  /** YYYY-MM in `timeZone`. */
  month: string;
  timeZone: string;
  /** ISO bounds of the month in that time zone. */
  from: string;
  until: string;
  /** On-demand spend: requests paid per token (pool and subscription traffic is paid by its reservation). */
  totalUsd: number;
  requests: number;
  unpricedRequests: number;
  byProvider: SpendRow[];
  byModel: SpendRow[];
  byTool: SpendRow[];
  /** on_demand, pool, subscription: pool and plan traffic at its list-price equivalent. */
  byBilling: SpendRow[];
  savings: SavingsSummary;
}

/** What routing saved: baseline (the requested model's prices) minus actual, over requests where both are known. */
export interface SavingsRow {
  key: string;
  /** Requests with both costs known. */
  requests: number;
  baselineUsd: number;
  actualUsd: number;
  savingsUsd: number;
}

export interface SavingsSummary {
  baselineUsd: number;
  actualUsd: number;
  savingsUsd: number;
  /** Requests a rule or alias sent to another model. */
  routedRequests: number;
  /** Requests whose baseline is unknown (the requested model has no price, e.g. an alias name). */
  unpricedBaselineRequests: number;
  byRule: SavingsRow[];
  byTool: SavingsRow[];
  /** requested → served model pairs (the substitution flows). */
  byRoute: Array<SavingsRow & { requestedModel: string; servedModel: string }>;
}
