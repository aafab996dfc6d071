import type { Endpoint, Outcome, ProviderDialect } from './dialects';

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
  totalUsd: number;
  requests: number;
  unpricedRequests: number;
  byProvider: SpendRow[];
  byModel: SpendRow[];
  byTool: SpendRow[];
}
