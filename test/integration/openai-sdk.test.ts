import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_TEXT, startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream';
import { startTestProxy, type TestProxy } from '../helpers/start-proxy';

// gpt-4o-mini in the bundled data: $0.15 input, $0.075 cached input, $0.60 output per million tokens.
// Chat (FAKE_USAGE.openaiChat): 1830 prompt of which 1536 cached, 95 completion (64 reasoning):
//   294×0.15 + 1536×0.075 + 95×0.60 = 44.1 + 115.2 + 57 = 216.3 µ$.
const CHAT_COST = 0.0002163;
// Responses (FAKE_USAGE.openaiResponses): 2140 input of which 1792 cached, 130 output (88 reasoning):
//   348×0.15 + 1792×0.075 + 130×0.60 = 52.2 + 134.4 + 78 = 264.6 µ$.
const RESPONSES_COST = 0.0002646;
// gpt-3.5-turbo-instruct: $1.50 / $2.00; 9 prompt + 12 completion = 13.5 + 24 = 37.5 µ$.
const COMPLETIONS_COST = 0.0000375;
// text-embedding-3-small: $0.02 input; 8 tokens = 0.16 µ$.
const EMBEDDINGS_COST = 0.00000016;

let upstream: FakeUpstream;
let proxy: TestProxy;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  proxy = await startTestProxy(upstream.url);
  client = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'sk-client-key', maxRetries: 0 });
});
afterAll(async () => {
  await proxy.stop();
  await upstream.close();
});

const lastRow = async () => {
  const rows = await proxy.waitForRows(1);
  return rows.at(-1)!;
};

const CHAT_TOKENS = {
  input_tokens: 294,
  cache_read_tokens: 1536,
  cache_write_5m_tokens: 0,
  output_tokens: 95,
  reasoning_tokens: 64,
};

describe('OpenAI SDK through the proxy', () => {
  it('chat completion, JSON', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(completion.choices[0]!.message.content).toBe(FAKE_TEXT);
    const row = await lastRow();
    expect(row).toMatchObject({ endpoint: 'openai-chat', stream: 0, outcome: 'ok', ...CHAT_TOKENS });
    expect(row.tool).toBe('openai-sdk-js');
    expect(row.cost_usd).toBeCloseTo(CHAT_COST, 12);
  });

  it('chat stream without include_usage: usage is requested upstream and hidden from the client', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: 'hello' }],
    });
    let text = '';
    const chunks = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(text).toBe(FAKE_TEXT);
    expect(chunks.every((c) => c.choices.length > 0)).toBe(true);
    expect(chunks.some((c) => c.usage)).toBe(false);
    const sent = upstream.requests.at(-1)!.json as { stream_options?: { include_usage?: boolean } };
    expect(sent.stream_options?.include_usage).toBe(true);
    const row = await lastRow();
    expect(row).toMatchObject({ stream: 1, outcome: 'ok', ...CHAT_TOKENS });
    expect(row.cost_usd).toBeCloseTo(CHAT_COST, 12);
  });

  it('chat stream with include_usage: the client gets its usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'hello' }],
    });
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) usage = chunk.usage ?? usage;
    expect(usage?.prompt_tokens).toBe(1830);
    expect((await lastRow()).cost_usd).toBeCloseTo(CHAT_COST, 12);
  });

  it('chat stream helper assembles tool calls split across chunks', async () => {
    const runner = client.chat.completions.stream(
      {
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'read two files' }],
        tools: [{ type: 'function', function: { name: 'read_file', parameters: { type: 'object' } } }],
      },
      { headers: { 'x-fake-content': 'tools' } },
    );
    const final = await runner.finalChatCompletion();
    const calls = final.choices[0]!.message.tool_calls ?? [];
    expect(calls).toHaveLength(2);
    expect(calls.map((c) => (c.type === 'function' ? JSON.parse(c.function.arguments).path : null))).toEqual([
      'src/index.ts',
      'package.json',
    ]);
  });

  it('responses, JSON and streamed', async () => {
    const response = await client.responses.create({ model: 'gpt-4o-mini', input: 'hello' });
    expect(response.output_text).toBe(FAKE_TEXT);
    let row = await lastRow();
    expect(row).toMatchObject({
      endpoint: 'openai-responses',
      stream: 0,
      input_tokens: 348,
      cache_read_tokens: 1792,
      output_tokens: 130,
      reasoning_tokens: 88,
    });
    expect(row.cost_usd).toBeCloseTo(RESPONSES_COST, 12);

    const stream = client.responses.stream({ model: 'gpt-4o-mini', input: 'hello' });
    const final = await stream.finalResponse();
    expect(final.output_text).toBe(FAKE_TEXT);
    row = await lastRow();
    expect(row).toMatchObject({ endpoint: 'openai-responses', stream: 1, outcome: 'ok', input_tokens: 348 });
    expect(row.cost_usd).toBeCloseTo(RESPONSES_COST, 12);
  });

  it('responses stream helper assembles function calls', async () => {
    const stream = client.responses.stream(
      {
        model: 'gpt-4o-mini',
        input: 'read two files',
        tools: [{ type: 'function', name: 'read_file', parameters: { type: 'object' }, strict: false }],
      },
      { headers: { 'x-fake-content': 'tools' } },
    );
    const final = await stream.finalResponse();
    const calls = final.output.filter((item) => item.type === 'function_call');
    expect(calls.map((c) => JSON.parse(c.arguments).path)).toEqual(['src/index.ts', 'package.json']);
  });

  it('legacy completions, JSON and streamed', async () => {
    const completion = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'hi' });
    expect(completion.choices[0]!.text).toBeTruthy();
    let row = await lastRow();
    expect(row).toMatchObject({ endpoint: 'openai-completions', input_tokens: 9, output_tokens: 12 });
    expect(row.cost_usd).toBeCloseTo(COMPLETIONS_COST, 12);

    const stream = await client.completions.create({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'hi',
      stream: true,
    });
    for await (const chunk of stream) expect(chunk.usage ?? null).toBeNull();
    row = await lastRow();
    expect(row).toMatchObject({
      endpoint: 'openai-completions',
      stream: 1,
      input_tokens: 9,
      output_tokens: 12,
    });
  });

  it('embeddings and models', async () => {
    const embedding = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hello' });
    expect(embedding.data[0]!.embedding.length).toBeGreaterThan(0);
    const row = await lastRow();
    expect(row).toMatchObject({ endpoint: 'openai-embeddings', input_tokens: 8, output_tokens: 0 });
    expect(row.cost_usd).toBeCloseTo(EMBEDDINGS_COST, 12);

    const models = await client.models.list();
    expect(models.data.length).toBeGreaterThan(0);
    expect((await lastRow()).endpoint).toBe('openai-models');
  });

  it('passes a 429 through with its retry-after and records it', async () => {
    const error = await client.chat.completions
      .create(
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] },
        { headers: { 'x-fake-behavior': 'status:429' } },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toBe('1');
    expect(await lastRow()).toMatchObject({ outcome: 'upstream_error', status: 429 });
  });
});
