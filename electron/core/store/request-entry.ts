import { roundUsd } from '../../../shared/pricing';
import type { Endpoint, Outcome, ProviderDialect } from '../../../shared/dialects';
import type { RequestRecord } from '../../../shared/records';
import type { AttemptRecord } from '../../../shared/routing';
import type { TokenUsage } from '../../../shared/usage';

/** The mutable record the proxy fills in while a request runs; stored as one row of `requests`. */
export interface RequestEntry {
  id: string;
  startedAt: number;
  finishedAt: number | null;
  ttfbMs: number | null;
  durationMs: number | null;
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
  usage: TokenUsage;
  costUsd: number | null;
  priceSource: string;
  priceRef: string | null;
  requestBytes: number;
  responseBytes: number;
  /** The API spoken upstream; differs from `endpoint` when the request was translated. */
  upstreamEndpoint: Endpoint;
  ruleId: string | null;
  /** The served tokens at the requested model's prices (what the request would have cost unrouted). */
  baselineCostUsd: number | null;
  baselinePriceRef: string | null;
  /** Every upstream try; empty for a request that never left Farebox. */
  attempts: AttemptRecord[];
  tags: string[];
  /** The provider's own id for the request (Anthropic request-id, OpenAI x-request-id). */
  upstreamRequestId: string | null;
  /** x-farebox-task, else the tool's session id. */
  taskId: string | null;
  poolId: string | null;
  billing: Billing;
  /** 'proxy', or 'import:<tool>'. */
  source: string;
}

export type Billing = 'on_demand' | 'pool' | 'subscription';

/** The columns of `requests`, in table order (also the order of a journal line). */
export const COLUMNS = [
  'id',
  'started_at',
  'finished_at',
  'ttfb_ms',
  'duration_ms',
  'tool',
  'session_id',
  'dialect',
  'endpoint',
  'provider',
  'requested_model',
  'served_model',
  'stream',
  'status',
  'outcome',
  'error_message',
  'input_tokens',
  'cache_read_tokens',
  'cache_write_5m_tokens',
  'cache_write_1h_tokens',
  'output_tokens',
  'reasoning_tokens',
  'cost_usd',
  'price_source',
  'price_ref',
  'request_bytes',
  'response_bytes',
  'upstream_endpoint',
  'rule_id',
  'baseline_cost_usd',
  'baseline_price_ref',
  'attempts',
  'tags',
  'upstream_request_id',
  'task_id',
  'pool_id',
  'billing',
  'source',
] as const;

/** How many columns the first schema had; journal lines from then are still replayed. */
export const FIRST_COLUMN_COUNT = 27;

/** Row shape of `requests`, as better-sqlite3 returns it. */
export interface RequestRow {
  id: string;
  started_at: number;
  finished_at: number | null;
  ttfb_ms: number | null;
  duration_ms: number | null;
  tool: string;
  session_id: string | null;
  dialect: string;
  endpoint: string;
  provider: string;
  requested_model: string | null;
  served_model: string | null;
  stream: number;
  status: number | null;
  outcome: string;
  error_message: string | null;
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_5m_tokens: number;
  cache_write_1h_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  cost_usd: number | null;
  price_source: string;
  price_ref: string | null;
  request_bytes: number;
  response_bytes: number;
  upstream_endpoint: string | null;
  rule_id: string | null;
  baseline_cost_usd: number | null;
  baseline_price_ref: string | null;
  /** JSON; NULL when there was a single attempt (the common, unrouted case). */
  attempts: string | null;
  tags: string | null;
  upstream_request_id: string | null;
  task_id: string | null;
  pool_id: string | null;
  billing: string;
  source: string;
}

export function entryToRow(e: RequestEntry): RequestRow {
  return {
    id: e.id,
    started_at: e.startedAt,
    finished_at: e.finishedAt,
    ttfb_ms: e.ttfbMs,
    duration_ms: e.durationMs,
    tool: e.tool,
    session_id: e.sessionId,
    dialect: e.dialect,
    endpoint: e.endpoint,
    provider: e.provider,
    requested_model: e.requestedModel,
    served_model: e.servedModel,
    stream: e.stream ? 1 : 0,
    status: e.status,
    outcome: e.outcome,
    error_message: e.errorMessage,
    input_tokens: e.usage.inputTokens,
    cache_read_tokens: e.usage.cacheReadTokens,
    cache_write_5m_tokens: e.usage.cacheWrite5mTokens,
    cache_write_1h_tokens: e.usage.cacheWrite1hTokens,
    output_tokens: e.usage.outputTokens,
    reasoning_tokens: e.usage.reasoningTokens,
    cost_usd: e.costUsd,
    price_source: e.priceSource,
    price_ref: e.priceRef,
    request_bytes: e.requestBytes,
    response_bytes: e.responseBytes,
    upstream_endpoint: e.upstreamEndpoint,
    rule_id: e.ruleId,
    baseline_cost_usd: e.baselineCostUsd,
    baseline_price_ref: e.baselinePriceRef,
    attempts: e.attempts.length > 0 ? JSON.stringify(e.attempts) : null,
    tags: e.tags.length > 0 ? JSON.stringify(e.tags) : null,
    upstream_request_id: e.upstreamRequestId,
    task_id: e.taskId,
    pool_id: e.poolId,
    billing: e.billing,
    source: e.source,
  };
}

export function rowToRecord(r: RequestRow): RequestRecord {
  return {
    id: r.id,
    startedAt: new Date(r.started_at).toISOString(),
    finishedAt: r.finished_at === null ? null : new Date(r.finished_at).toISOString(),
    tool: r.tool,
    sessionId: r.session_id,
    dialect: r.dialect as RequestRecord['dialect'],
    endpoint: r.endpoint as RequestRecord['endpoint'],
    provider: r.provider,
    requestedModel: r.requested_model,
    servedModel: r.served_model,
    stream: r.stream === 1,
    status: r.status,
    outcome: r.outcome as RequestRecord['outcome'],
    errorMessage: r.error_message,
    inputTokens: r.input_tokens,
    cacheReadTokens: r.cache_read_tokens,
    cacheWriteTokens: r.cache_write_5m_tokens + r.cache_write_1h_tokens,
    cacheWrite5mTokens: r.cache_write_5m_tokens,
    cacheWrite1hTokens: r.cache_write_1h_tokens,
    outputTokens: r.output_tokens,
    reasoningTokens: r.reasoning_tokens,
    costUsd: r.cost_usd,
    priceSource: r.price_source,
    priceRef: r.price_ref,
    ttfbMs: r.ttfb_ms,
    durationMs: r.duration_ms,
    requestBytes: r.request_bytes,
    responseBytes: r.response_bytes,
    upstreamEndpoint: (r.upstream_endpoint ?? r.endpoint) as RequestRecord['upstreamEndpoint'],
    ruleId: r.rule_id,
    baselineCostUsd: r.baseline_cost_usd,
    baselinePriceRef: r.baseline_price_ref,
    savingsUsd:
      r.baseline_cost_usd === null || r.cost_usd === null ? null : roundUsd(r.baseline_cost_usd - r.cost_usd),
    attempts: parseJsonArray<AttemptRecord>(r.attempts),
    tags: parseJsonArray<string>(r.tags),
    upstreamRequestId: r.upstream_request_id ?? null,
    taskId: r.task_id ?? null,
    poolId: r.pool_id ?? null,
    billing: (r.billing ?? 'on_demand') as RequestRecord['billing'],
    source: r.source ?? 'proxy',
  };
}

function parseJsonArray<T>(text: string | null): T[] {
  if (text === null) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}
