import { expect } from 'vitest';
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
