import { expect } from 'vitest';
import type { ProviderDialect } from '../../shared/dialects';
import type { TokenUsage } from '../../shared/usage';
import { createPriceBook } from '../../electron/core/economics/price-book';
import type { RequestRow } from '../../electron/core/store/request-entry';
import { headerDifferences, headerMap, pairForwarded, type ForwardedPair } from './forwarding';
import type { ToolStack } from './harness';
import { isLoopback, type CliRun } from './run-cli';
import type { ScriptedRequest } from './scripted-upstream';

/** Every connect() the CLI made went to loopback (only checked where strace can trace it). */
export function expectLoopbackOnly(run: CliRun): void {
  if (run.connections === null) {
    console.warn('[tools] strace unavailable: network audit skipped (other CLIs may have called out)');
    return;
  }
  // Sanity: the trace must at least show the connection to the tap, or the audit proves nothing.
  expect(run.connections.length).toBeGreaterThan(0);
  expect(run.connections.filter((address) => !isLoopback(address))).toEqual([]);
}

/** The model calls the upstream answered, in order, without side calls. */
export function modelCalls(stack: ToolStack): ScriptedRequest[] {
  return stack.upstream.requests.filter((request) => request.reply !== 'side-text');
}

/**
 * The CLI ran the tool: the upstream saw a tool call answered, then a request whose tool result holds the
 * marker file's random content (only the real tool could have read it), then ended the loop.
 */
export function expectTwoTurnToolLoop(stack: ToolStack): void {
  expect(stack.upstream.requests.map((request) => request.reply)).not.toContain('not-found');
  const calls = modelCalls(stack);
  expect(calls.map((request) => request.reply)).toEqual(['tool-call', 'final-text']);
  expect(calls[1]!.toolResult).toContain(stack.sandbox.marker);
}

/**
 * Each request the upstream received is byte-identical to one the CLI sent (method, path and query, body),
 * with every header value unchanged except the per-hop ones and accept-encoding, which the proxy pins to
 * identity on purpose so it can read usage. The way back too: the CLI got the upstream's status, content type
 * and body bytes (the SSE stream) unchanged. Returns the pairs for dialect-specific checks.
 */
export function expectForwardedUnchanged(stack: ToolStack): ForwardedPair[] {
  const { pairs, unmatched } = pairForwarded(stack.tap.requests, stack.upstream.requests);
  expect(unmatched.map((request) => `${request.method} ${request.url}`)).toEqual([]);
  expect(pairs).toHaveLength(stack.upstream.requests.length);
  for (const pair of pairs) {
    expect(headerDifferences(pair), `${pair.sent.method} ${pair.sent.url}`).toEqual([]);
    expect(headerMap(pair.received.rawHeaders).get('accept-encoding')).toBe('identity');
    const response = pair.sent.response;
    expect(response?.status).toBe(200);
    expect(response && headerMap(response.rawHeaders).get('content-type')).toMatch(/^text\/event-stream/);
    expect(response?.body.equals(pair.received.responseBody), 'response body relayed byte for byte').toBe(
      true,
    );
  }
  return pairs;
}

export function sentHeader(pair: ForwardedPair, name: string): string | undefined {
  return headerMap(pair.sent.rawHeaders).get(name);
}

export interface ExpectedTurn {
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_5m_tokens: number;
  cache_write_1h_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  /** Worked out by hand from the bundled list prices; see each test. */
  cost_usd: number;
}

export interface ExpectedLog {
  tool: string;
  sessionId: string | null;
  dialect: string;
  endpoint: string;
  provider: string;
  model: string;
  turns: readonly [ExpectedTurn, ExpectedTurn];
}

/** One finished row per model call, in order, with the tool, session, exact tokens and cost. */
export async function expectLoggedRows(stack: ToolStack, expected: ExpectedLog): Promise<RequestRow[]> {
  const calls = modelCalls(stack);
  const rows = await stack.proxy.waitForRows(stack.upstream.requests.length);
  expect(rows).toHaveLength(stack.upstream.requests.length);
  const modelRows = rows.filter((_row, index) => stack.upstream.requests[index]?.reply !== 'side-text');
  expect(modelRows).toHaveLength(2);
  modelRows.forEach((row, index) => {
    const turn = expected.turns[index]!;
    const { cost_usd: cost, ...tokens } = turn;
    expect(row).toMatchObject({
      tool: expected.tool,
      session_id: expected.sessionId,
      dialect: expected.dialect,
      endpoint: expected.endpoint,
      provider: expected.provider,
      requested_model: expected.model,
      served_model: expected.model,
      stream: 1,
      status: 200,
      outcome: 'ok',
      error_message: null,
      request_bytes: calls[index]!.body.length,
      ...tokens,
    });
    expect(row.price_source).toMatch(/^genai-prices@/);
    expect(row.cost_usd).not.toBeNull();
    expect(row.cost_usd).toBeCloseTo(cost, 12);
  });
  return modelRows;
}

export interface ExpectedRoutedTurn extends ExpectedTurn {
  /** The requested model's prices for the same tokens; worked out by hand like cost_usd. */
  baseline_cost_usd: number;
}

export interface ExpectedRoutedLog {
  tool: string;
  sessionId: string | null;
  /** The CLI's side: its dialect and endpoint, and the model it asked for. */
  dialect: ProviderDialect;
  endpoint: string;
  requestedModel: string;
  /** The rule's target: provider (and its dialect, for prices), the API spoken to it and its model. */
  provider: string;
  providerDialect: ProviderDialect;
  upstreamEndpoint: string;
  servedModel: string;
  ruleId: string;
  turns: readonly [ExpectedRoutedTurn, ExpectedRoutedTurn];
}

const prices = createPriceBook({ overrides: {} });

/**
 * A routed run: one finished row per upstream call, in order, recording the substitution (requested and
 * served model, the target provider and API, the rule), the exact tokens the upstream reported, the served
 * model's cost and the requested model's baseline for the same tokens, both as worked out by hand and as the
 * bundled price book gives them, and the single successful attempt. Requests the proxy answered itself
 * (Claude Code's count_tokens when its messages go to another vendor) are logged as provider "farebox" and
 * cost nothing. Returns the two tool-loop rows.
 */
export async function expectRoutedRows(stack: ToolStack, expected: ExpectedRoutedLog): Promise<RequestRow[]> {
  const upstreamCalls = stack.upstream.requests;
  // Everything the CLI sent except Claude Code's HEAD / probe, which the proxy answers without logging.
  const logged = stack.tap.requests.filter((request) => request.method !== 'HEAD');
  const rows = await stack.proxy.waitForRows(logged.length);
  expect(rows).toHaveLength(logged.length);
  const answeredByProxy = rows.filter((row) => row.provider === 'farebox');
  for (const row of answeredByProxy) {
    expect(row).toMatchObject({
      endpoint: 'anthropic-count-tokens',
      status: 200,
      outcome: 'ok',
      cost_usd: 0,
    });
  }
  const forwarded = rows.filter((row) => row.provider !== 'farebox');
  expect(forwarded).toHaveLength(upstreamCalls.length);
  for (const row of forwarded) {
    expect(row, `row ${row.id}`).toMatchObject({
      tool: expected.tool,
      session_id: expected.sessionId,
      dialect: expected.dialect,
      endpoint: expected.endpoint,
      provider: expected.provider,
      upstream_endpoint: expected.upstreamEndpoint,
      requested_model: expected.requestedModel,
      served_model: expected.servedModel,
      rule_id: expected.ruleId,
      stream: 1,
      status: 200,
      outcome: 'ok',
      error_message: null,
    });
    expect(JSON.parse(row.attempts ?? 'null')).toEqual([
      {
        provider: expected.provider,
        model: expected.servedModel,
        endpoint: expected.upstreamEndpoint,
        status: 200,
        result: 'ok',
        error: null,
        startedMs: expect.any(Number),
        durationMs: expect.any(Number),
      },
    ]);
    // The bytes the CLI sent, not the translated body.
    expect(logged.map((request) => request.body.length)).toContain(row.request_bytes);
  }
  const modelRows = forwarded.filter((_row, index) => upstreamCalls[index]?.reply !== 'side-text');
  expect(modelRows).toHaveLength(2);
  modelRows.forEach((row, index) => {
    const { cost_usd: cost, baseline_cost_usd: baselineCost, ...tokens } = expected.turns[index]!;
    expect(row).toMatchObject(tokens);
    expect(row.price_source).toMatch(/^genai-prices@/);
    expect(row.price_ref).toBe(`${expected.providerDialect}/${expected.servedModel}`);
    const usage: TokenUsage = {
      inputTokens: row.input_tokens,
      cacheReadTokens: row.cache_read_tokens,
      cacheWrite5mTokens: row.cache_write_5m_tokens,
      cacheWrite1hTokens: row.cache_write_1h_tokens,
      outputTokens: row.output_tokens,
      reasoningTokens: row.reasoning_tokens,
    };
    const served = prices.price(expected.servedModel, usage, { providerDialect: expected.providerDialect });
    const baseline = prices.price(expected.requestedModel, usage, { providerDialect: expected.dialect });
    expect(row.cost_usd).not.toBeNull();
    expect(row.cost_usd).toBeCloseTo(served.costUsd!, 12);
    expect(row.cost_usd).toBeCloseTo(cost, 12);
    expect(row.baseline_cost_usd).not.toBeNull();
    expect(row.baseline_cost_usd).toBeCloseTo(baseline.costUsd!, 12);
    expect(row.baseline_cost_usd).toBeCloseTo(baselineCost, 12);
    expect(row.baseline_price_ref).toBe(baseline.priceRef);
  });
  return modelRows;
}

/** Header names a translated request may carry: the proxy builds it afresh instead of copying the CLI's. */
const TRANSLATED_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'content-type',
  'accept',
  'accept-encoding',
  'user-agent',
  'anthropic-version',
]);

/**
 * Every call the upstream received is the rule target's API with the target's model and the provider's own
 * key; the CLI's key never leaves the proxy, nor do the CLI's other headers (betas, session ids, ...).
 */
export function expectRoutedUpstream(
  stack: ToolStack,
  expected: { url: string; model: string; authHeader: string; authValue: string; clientKey: string },
): void {
  expect(stack.upstream.requests.length).toBeGreaterThan(0);
  for (const request of stack.upstream.requests) {
    const where = `${request.method} ${request.url}`;
    expect(request.url, where).toBe(expected.url);
    expect((request.json as { model?: unknown } | null)?.model, where).toBe(expected.model);
    const headers = headerMap(request.rawHeaders);
    expect(headers.get(expected.authHeader), where).toBe(expected.authValue);
    const extra = [...headers.keys()].filter(
      (name) => name !== expected.authHeader && !TRANSLATED_HEADERS.has(name),
    );
    expect(extra, where).toEqual([]);
    expect(request.rawHeaders.join('\n'), where).not.toContain(expected.clientKey);
    expect(request.body.toString('utf8'), where).not.toContain(expected.clientKey);
    if (request.dialect === 'openai-chat') expectWithinChatLimits(request);
  }
}

interface ChatBody {
  model?: string;
  max_tokens?: unknown;
  top_p?: unknown;
  user?: unknown;
  tools?: Array<{ function?: { name?: string } }>;
  messages?: Array<{ tool_call_id?: string; tool_calls?: Array<{ id: string; function: { name: string } }> }>;
}

/**
 * Limits OpenAI enforces on a chat request that a translated body could break without any CLI noticing
 * against a lenient fake: `user` at most 64 characters, tool-call ids at most 40, function names at most 64
 * of [A-Za-z0-9_-], and no max_tokens / top_p for reasoning models.
 */
function expectWithinChatLimits(request: ScriptedRequest): void {
  const body = request.json as ChatBody;
  const where = `${request.method} ${request.url}`;
  if (body.user !== undefined) expect(String(body.user).length, `${where} user`).toBeLessThanOrEqual(64);
  if (/^(gpt-5|o[1-9])/.test(body.model ?? '')) {
    // OpenAI's reasoning models refuse max_tokens and non-default sampling.
    expect(body.max_tokens, `${where} max_tokens`).toBeUndefined();
    expect(body.top_p, `${where} top_p`).toBeUndefined();
  }
  const names = [
    ...(body.tools ?? []).map((tool) => tool.function?.name ?? ''),
    ...(body.messages ?? []).flatMap((message) =>
      (message.tool_calls ?? []).map((call) => call.function.name),
    ),
  ];
  for (const name of names) expect(name, `${where} function name`).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  const ids = (body.messages ?? []).flatMap((message) => [
    ...(message.tool_calls ?? []).map((call) => call.id),
    ...(message.tool_call_id === undefined ? [] : [message.tool_call_id]),
  ]);
  for (const id of ids) expect(id.length, `${where} tool call id ${id}`).toBeLessThanOrEqual(40);
}
