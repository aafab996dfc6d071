import type { Db } from '../../../../electron/core/store/open-database';

/** The columns the outcomes code reads; everything else gets a plain default. */
export interface RequestRowInput {
  id?: string;
  /** ms since the epoch. */
  startedAt: number;
  tool?: string;
  taskId?: string | null;
  requestedModel?: string | null;
  servedModel?: string | null;
  inputTokens?: number;
  cacheReadTokens?: number;
  cacheWrite5mTokens?: number;
  cacheWrite1hTokens?: number;
  outputTokens?: number;
  /** null: unpriced. */
  costUsd: number | null;
  billing?: 'on_demand' | 'pool' | 'subscription';
  outcome?: string;
}

let counter = 0;

/** Inserts one request row with a plain INSERT (the served model defaults to the requested one). */
export function insertRequest(db: Db, row: RequestRowInput): string {
  counter += 1;
  const id = row.id ?? `req-${String(counter).padStart(6, '0')}`;
  const model = row.requestedModel === undefined ? 'gpt-4.1' : row.requestedModel;
  db.prepare(
    `INSERT INTO requests (id, started_at, finished_at, tool, dialect, endpoint, provider, requested_model,
       served_model, stream, status, outcome, input_tokens, cache_read_tokens, cache_write_5m_tokens,
       cache_write_1h_tokens, output_tokens, cost_usd, price_source, task_id, billing)
     VALUES (@id, @startedAt, @startedAt, @tool, 'openai', 'openai-chat', 'openai', @requestedModel,
       @servedModel, 0, 200, @outcome, @input, @cacheRead, @cacheWrite5m, @cacheWrite1h, @output, @cost,
       @priceSource, @taskId, @billing)`,
  ).run({
    id,
    startedAt: row.startedAt,
    tool: row.tool ?? 'claude-code',
    requestedModel: model,
    servedModel: row.servedModel === undefined ? model : row.servedModel,
    outcome: row.outcome ?? 'ok',
    input: row.inputTokens ?? 0,
    cacheRead: row.cacheReadTokens ?? 0,
    cacheWrite5m: row.cacheWrite5mTokens ?? 0,
    cacheWrite1h: row.cacheWrite1hTokens ?? 0,
    output: row.outputTokens ?? 0,
    cost: row.costUsd,
    priceSource: row.costUsd === null ? 'unpriced' : 'override',
    taskId: row.taskId ?? null,
    billing: row.billing ?? 'on_demand',
  });
  return id;
}
