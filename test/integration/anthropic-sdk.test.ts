import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FAKE_COUNT_TOKENS,
  FAKE_TEXT,
  FAKE_USAGE,
  startFakeUpstream,
  type FakeUpstream,
} from '../helpers/fake-upstream';
import { startTestProxy, type TestProxy } from '../helpers/start-proxy';

// claude-sonnet-4-5 in the bundled price data: $3 input, $0.30 cache read, $3.75 5m write, $6 1h write,
// $15 output per million tokens. FAKE_USAGE.anthropic: 12 uncached, 1500 read, 200 5m + 100 1h writes, 57 out.
// 12×3 + 1500×0.30 + 200×3.75 + 100×6 + 57×15 = 36 + 450 + 750 + 600 + 855 = 2691 µ$.
const EXPECTED_COST = 0.002691;

let upstream: FakeUpstream;
let proxy: TestProxy;
let client: Anthropic;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  proxy = await startTestProxy(upstream.url);
  client = new Anthropic({ baseURL: proxy.url, apiKey: 'sk-ant-client-key', maxRetries: 0 });
});
afterAll(async () => {
  await proxy.stop();
  await upstream.close();
});

function expectExactUsage(row: ReturnType<TestProxy['rows']>[number]) {
  expect(row).toMatchObject({
    dialect: 'anthropic',
    endpoint: 'anthropic-messages',
    provider: 'anthropic',
    requested_model: 'claude-sonnet-4-5',
    served_model: 'claude-sonnet-4-5',
    outcome: 'ok',
    status: 200,
    input_tokens: 12,
    cache_read_tokens: 1500,
    cache_write_5m_tokens: 200,
    cache_write_1h_tokens: 100,
    output_tokens: 57,
    reasoning_tokens: 21,
    price_source: 'genai-prices@0.1.8',
    price_ref: 'anthropic/claude-sonnet-4-5',
  });
  expect(row.cost_usd).toBeCloseTo(EXPECTED_COST, 12);
}

describe('Anthropic SDK through the proxy', () => {
  it('creates a message and logs exact tokens and cost', async () => {
    const before = proxy.rows().length;
    const message = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    expect(message.content[0]).toMatchObject({ type: 'text', text: FAKE_TEXT });
    expect(message.usage.cache_read_input_tokens).toBe(FAKE_USAGE.anthropic.cache_read_input_tokens);
    const rows = await proxy.waitForRows(before + 1);
    const row = rows.at(-1)!;
    expectExactUsage(row);
    expect(row.stream).toBe(0);
    expect(row.tool).toBe('anthropic-sdk-js');
  });

  it('streams with the SDK helper and logs the final usage once', async () => {
    const before = proxy.rows().length;
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    const final = await stream.finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'text', text: FAKE_TEXT });
    expect(final.usage.output_tokens).toBe(57);
    const row = (await proxy.waitForRows(before + 1)).at(-1)!;
    expectExactUsage(row);
    expect(row.stream).toBe(1);
    expect(row.ttfb_ms).toBeGreaterThan(0);
  });

  it('streams tool calls whose inputs parse', async () => {
    const final = await client.messages
      .stream(
        {
          model: 'claude-sonnet-4-5',
          max_tokens: 256,
          tools: [
            { name: 'read_file', input_schema: { type: 'object', properties: { path: { type: 'string' } } } },
          ],
          messages: [{ role: 'user', content: 'Read two files' }],
        },
        { headers: { 'x-fake-content': 'tools' } },
      )
      .finalMessage();
    const toolUses = final.content.filter((block) => block.type === 'tool_use');
    expect(toolUses).toHaveLength(2);
    expect(toolUses.map((t) => (t.input as { path: string }).path)).toEqual(['src/index.ts', 'package.json']);
  });

  it('forwards count_tokens and models, at no cost, and keeps the beta query and headers', async () => {
    const count = await client.messages.countTokens(
      { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }] },
      {
        headers: {
          'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14',
          'anthropic-version': '2023-06-01',
        },
      },
    );
    expect(count.input_tokens).toBe(FAKE_COUNT_TOKENS.anthropic);
    const models = await client.models.list();
    expect(models.data.length).toBeGreaterThan(0);

    const forwarded = upstream.requests.find((r) => r.url.startsWith('/v1/messages/count_tokens'))!;
    expect(forwarded.headers['anthropic-beta']).toBe('claude-code-20250219,interleaved-thinking-2025-05-14');
    expect(forwarded.headers['anthropic-version']).toBe('2023-06-01');
    expect(forwarded.headers['x-api-key'] ?? forwarded.headers.authorization).toMatch(/sk-ant-client-key/);

    const rows = proxy.rows();
    const countRow = rows.find((r) => r.endpoint === 'anthropic-count-tokens')!;
    const modelsRow = rows.find((r) => r.endpoint === 'anthropic-models')!;
    expect(countRow).toMatchObject({ cost_usd: 0, price_source: 'free', outcome: 'ok' });
    expect(modelsRow).toMatchObject({ cost_usd: 0, price_source: 'free', outcome: 'ok' });
  });

  it('matches /v1/messages?beta=true on its path and forwards the query unchanged', async () => {
    const response = await fetch(`${proxy.url}/t/claude-code/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'k' },
      body: JSON.stringify({
        model: 'claude-sonnet-4-5',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'x' }],
      }),
    });
    expect(response.status).toBe(200);
    await response.json();
    expect(upstream.requests.at(-1)!.url).toBe('/v1/messages?beta=true');
    expect(proxy.rows().at(-1)!.tool).toBe('claude-code');
  });

  it('passes an upstream error through in Anthropic shape and records it', async () => {
    const error = await client.messages
      .create(
        { model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] },
        { headers: { 'x-fake-behavior': 'status:529' } },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    const row = proxy.rows().at(-1)!;
    expect(row).toMatchObject({
      outcome: 'upstream_error',
      status: 529,
      cost_usd: 0,
      price_source: 'not-billed',
    });
    expect(row.error_message).toBeTruthy();
  });
});
