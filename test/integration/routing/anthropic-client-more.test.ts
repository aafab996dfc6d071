import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPriceBook } from '../../../electron/core/economics/price-book';
import type { RequestRow } from '../../../electron/core/store/request-entry';
import type { TokenUsage } from '../../../shared/usage';
import {
  FAKE_TEXT,
  FAKE_TOOL_ARGS,
  FAKE_USAGE,
  startFakeUpstream,
  type FakeUpstream,
  type RecordedRequest,
} from '../../helpers/fake-upstream';
import { startTestProxy, type TestProxy } from '../../helpers/start-proxy';

// Claude Code (the Anthropic SDK) whose claude-* requests a rule sends to OpenAI's Responses API or to
// Gemini: one proxy per target, each with the one rule under test.

const SYSTEM = 'You are Claude Code, an interactive CLI tool for software engineering tasks.';
const TOOLS: Anthropic.Tool[] = [
  {
    name: 'Read',
    description: 'Read a file',
    input_schema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] },
  },
  {
    name: 'Glob',
    description: 'Find files by pattern',
    input_schema: { type: 'object', properties: { pattern: { type: 'string' } }, required: ['pattern'] },
  },
];

interface Target {
  label: string;
  provider: 'openai-direct' | 'google';
  kind: 'responses' | 'gemini';
  model: string;
  key: string;
  /** Anthropic usage the client reads, and the row's tokens, for the upstream's FAKE_USAGE. */
  usage: { input: number; cacheRead: number; output: number };
  rowTokens: Record<string, number>;
}

const resp = FAKE_USAGE.openaiResponses;
const gem = FAKE_USAGE.gemini;
const TARGETS: Target[] = [
  {
    label: 'OpenAI Responses',
    provider: 'openai-direct',
    kind: 'responses',
    model: 'gpt-5',
    key: 'sk-openai-provider-key',
    usage: {
      input: resp.input_tokens - resp.input_tokens_details.cached_tokens,
      cacheRead: resp.input_tokens_details.cached_tokens,
      output: resp.output_tokens,
    },
    rowTokens: {
      input_tokens: resp.input_tokens - resp.input_tokens_details.cached_tokens,
      cache_read_tokens: resp.input_tokens_details.cached_tokens,
      cache_write_5m_tokens: 0,
      output_tokens: resp.output_tokens,
      reasoning_tokens: resp.output_tokens_details.reasoning_tokens,
    },
  },
  {
    label: 'Gemini',
    provider: 'google',
    kind: 'gemini',
    model: 'gemini-2.5-flash',
    key: 'gm-provider-key',
    usage: {
      input: gem.promptTokenCount - gem.cachedContentTokenCount,
      cacheRead: gem.cachedContentTokenCount,
      output: gem.candidatesTokenCount + gem.thoughtsTokenCount,
    },
    rowTokens: {
      input_tokens: gem.promptTokenCount - gem.cachedContentTokenCount,
      cache_read_tokens: gem.cachedContentTokenCount,
      cache_write_5m_tokens: 0,
      output_tokens: gem.candidatesTokenCount + gem.thoughtsTokenCount,
      reasoning_tokens: gem.thoughtsTokenCount,
    },
  },
];

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
  upstream.setDefaultContent('auto');
});
afterAll(async () => {
  await upstream.close();
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (error: unknown) => error,
  );
}

describe.each(TARGETS)('Anthropic client served by $label', (target) => {
  let proxy: TestProxy;
  let client: Anthropic;
  let rowsSeen = 0;
  const ruleId = `claude-to-${target.provider}`;

  beforeAll(async () => {
    proxy = await startTestProxy(upstream.url, {
      providers: [
        { id: 'anthropic', dialect: 'anthropic', baseUrl: upstream.url },
        { id: 'openai', dialect: 'openai', baseUrl: upstream.url },
        { id: 'gemini', dialect: 'gemini', baseUrl: upstream.url },
        { id: 'openai-direct', dialect: 'openai', baseUrl: upstream.url, apiKey: 'sk-openai-provider-key' },
        { id: 'google', dialect: 'gemini', baseUrl: upstream.url, apiKey: 'gm-provider-key' },
      ],
      rules: [
        {
          id: ruleId,
          when: { tools: ['claude-code'], models: ['claude-*'] },
          then: {
            route:
              target.kind === 'responses'
                ? { provider: target.provider, model: target.model, api: 'responses' }
                : { provider: target.provider, model: target.model },
          },
        },
      ],
    });
    client = new Anthropic({
      baseURL: `${proxy.url}/t/claude-code`,
      apiKey: 'sk-ant-client-key',
      maxRetries: 0,
    });
  });
  afterAll(async () => {
    await proxy.stop();
  });
  beforeEach(() => {
    upstream.requests.length = 0;
    upstream.setModelBehavior(target.model, null);
  });

  async function nextRow(): Promise<RequestRow> {
    rowsSeen += 1;
    const rows = await proxy.waitForRows(rowsSeen);
    expect(rows).toHaveLength(rowsSeen);
    return rows.at(-1)!;
  }

  function takeUpstreamRequest(): RecordedRequest {
    expect(upstream.requests).toHaveLength(1);
    return upstream.requests.pop()!;
  }

  const upstreamEndpoint = (stream: boolean): string =>
    target.kind === 'responses' ? 'openai-responses' : stream ? 'gemini-stream-generate' : 'gemini-generate';

  function expectUpstreamCall(sent: RecordedRequest, stream: boolean): void {
    if (target.kind === 'responses') {
      expect(sent.url).toBe('/v1/responses');
      expect(sent.headers.authorization).toBe(`Bearer ${target.key}`);
      const body = sent.json as { model: string; stream?: boolean; store?: boolean };
      expect(body.model).toBe(target.model);
      expect(body.stream ?? false).toBe(stream);
      // The whole conversation goes every time; nothing is kept at OpenAI.
      expect(body.store).toBe(false);
    } else {
      const action = stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
      expect(sent.url).toBe(`/v1beta/models/${target.model}:${action}`);
      expect(sent.headers['x-goog-api-key']).toBe(target.key);
      expect(sent.headers.authorization).toBeUndefined();
    }
    expect(sent.headers['x-api-key']).toBeUndefined();
    expect(sent.headers['anthropic-version']).toBeUndefined();
    expect(sent.body).not.toContain('sk-ant-client-key');
  }

  function expectRow(row: RequestRow, stream: boolean): void {
    expect(row).toMatchObject({
      tool: 'claude-code',
      dialect: 'anthropic',
      endpoint: 'anthropic-messages',
      upstream_endpoint: upstreamEndpoint(stream),
      provider: target.provider,
      requested_model: 'claude-sonnet-4-5',
      served_model: target.model,
      rule_id: ruleId,
      stream: stream ? 1 : 0,
      status: 200,
      outcome: 'ok',
      ...target.rowTokens,
    });
    const usage: TokenUsage = {
      inputTokens: row.input_tokens,
      cacheReadTokens: row.cache_read_tokens,
      cacheWrite5mTokens: row.cache_write_5m_tokens,
      cacheWrite1hTokens: row.cache_write_1h_tokens,
      outputTokens: row.output_tokens,
      reasoningTokens: row.reasoning_tokens,
    };
    const prices = createPriceBook({ overrides: {} });
    const dialect = target.kind === 'responses' ? 'openai' : 'gemini';
    const actual = prices.price(target.model, usage, { providerDialect: dialect });
    const baseline = prices.price('claude-sonnet-4-5', usage, { providerDialect: 'anthropic' });
    expect(row.cost_usd).toBeCloseTo(actual.costUsd!, 12);
    expect(row.baseline_cost_usd).toBeCloseTo(baseline.costUsd!, 12);
    expect(row.baseline_cost_usd!).toBeGreaterThan(row.cost_usd!);
  }

  it('streams tool_use blocks whose inputs parse, with usage in Anthropic convention', async () => {
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      system: [{ type: 'text', text: SYSTEM, cache_control: { type: 'ephemeral' } }],
      tools: TOOLS,
      messages: [{ role: 'user', content: 'Read the entry point and find the tests.' }],
    });
    const jsonDeltas: string[] = [];
    stream.on('inputJson', (partial) => jsonDeltas.push(partial));
    const message = await stream.finalMessage();
    const toolUses = message.content.filter(
      (block): block is Anthropic.ToolUseBlock => block.type === 'tool_use',
    );
    expect(toolUses.map((block) => block.name)).toEqual(['Read', 'Glob']);
    expect(toolUses.map((block) => block.input)).toEqual([FAKE_TOOL_ARGS[0], FAKE_TOOL_ARGS[1]]);
    expect(toolUses.every((block) => /^[A-Za-z0-9_-]+$/.test(block.id))).toBe(true);
    expect(new Set(toolUses.map((block) => block.id)).size).toBe(2);
    expect(jsonDeltas.length).toBeGreaterThanOrEqual(2);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({
      input_tokens: target.usage.input,
      cache_read_input_tokens: target.usage.cacheRead,
      output_tokens: target.usage.output,
    });

    const sent = takeUpstreamRequest();
    expectUpstreamCall(sent, true);
    if (target.kind === 'responses') {
      const body = sent.json as {
        instructions: string;
        input: Array<Record<string, unknown>>;
        tools: Array<{ type: string; name: string; parameters: unknown; strict: boolean }>;
      };
      expect(body.instructions).toBe(SYSTEM);
      expect(body.input).toEqual([
        {
          type: 'message',
          role: 'user',
          content: [{ type: 'input_text', text: 'Read the entry point and find the tests.' }],
        },
      ]);
      expect(body.tools.map((tool) => [tool.type, tool.name, tool.strict])).toEqual([
        ['function', 'Read', false],
        ['function', 'Glob', false],
      ]);
    } else {
      const body = sent.json as {
        systemInstruction: { parts: Array<{ text: string }> };
        tools: Array<{ functionDeclarations: Array<{ name: string }> }>;
      };
      expect(body.systemInstruction.parts.map((part) => part.text)).toEqual([SYSTEM]);
      expect(body.tools[0]!.functionDeclarations.map((fn) => fn.name)).toEqual(['Read', 'Glob']);
    }
    expectRow(await nextRow(), true);

    // The tool loop's next turn: the results go back and the model answers in text.
    const answer = await client.messages
      .stream({
        model: 'claude-sonnet-4-5',
        max_tokens: 4096,
        system: SYSTEM,
        tools: TOOLS,
        messages: [
          { role: 'user', content: 'Read the entry point and find the tests.' },
          { role: 'assistant', content: message.content },
          {
            role: 'user',
            content: toolUses.map((block, i) => ({
              type: 'tool_result' as const,
              tool_use_id: block.id,
              content: i === 0 ? 'export const x = 1;' : 'src/index.test.ts',
            })),
          },
        ],
      })
      .finalMessage();
    expect(answer.content).toEqual([expect.objectContaining({ type: 'text', text: FAKE_TEXT })]);
    expect(answer.stop_reason).toBe('end_turn');
    const second = takeUpstreamRequest();
    if (target.kind === 'responses') {
      const input = (second.json as { input: Array<Record<string, unknown>> }).input;
      expect(input.map((item) => item.type)).toEqual([
        'message',
        'function_call',
        'function_call',
        'function_call_output',
        'function_call_output',
      ]);
      expect(input.slice(1, 3).map((item) => item.call_id)).toEqual(toolUses.map((block) => block.id));
      expect(input.slice(3).map((item) => [item.call_id, item.output])).toEqual([
        [toolUses[0]!.id, 'export const x = 1;'],
        [toolUses[1]!.id, 'src/index.test.ts'],
      ]);
    } else {
      const contents = (
        second.json as { contents: Array<{ role: string; parts: Array<Record<string, unknown>> }> }
      ).contents;
      expect(contents.map((content) => content.role)).toEqual(['user', 'model', 'user']);
      expect(contents[1]!.parts.map((part) => (part.functionCall as { args: unknown }).args)).toEqual([
        FAKE_TOOL_ARGS[0],
        FAKE_TOOL_ARGS[1],
      ]);
      expect(contents[2]!.parts.map((part) => (part.functionResponse as { name: string }).name)).toEqual([
        'Read',
        'Glob',
      ]);
    }
    await nextRow();
  });

  it('accepts thinking and asks the target to reason', async () => {
    const message = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 8192,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [{ role: 'user', content: 'Think, then say hello.' }],
    });
    expect(message.type).toBe('message');
    const texts = message.content.filter((block): block is Anthropic.TextBlock => block.type === 'text');
    expect(texts.map((block) => block.text)).toEqual([FAKE_TEXT]);
    // Any thinking shown to the client is marked as not Anthropic's, so it is never replayed to Claude.
    for (const block of message.content) {
      if (block.type === 'thinking') expect(block.signature).toMatch(/^farebox-unsigned:/);
    }
    expect(message.stop_reason).toBe('end_turn');

    const sent = takeUpstreamRequest();
    expectUpstreamCall(sent, false);
    if (target.kind === 'responses') {
      expect((sent.json as { reasoning?: unknown }).reasoning).toEqual({ effort: 'medium' });
    } else {
      const config = (sent.json as { generationConfig?: { thinkingConfig?: Record<string, unknown> } })
        .generationConfig;
      expect(config?.thinkingConfig).toMatchObject({
        includeThoughts: true,
        thinkingBudget: expect.any(Number),
      });
    }
    expectRow(await nextRow(), false);

    // Streamed, with the earlier turn replayed as Claude Code does: thinking that another model produced
    // comes back carrying Farebox's unsigned marker.
    const replayed: Anthropic.ContentBlockParam[] = [
      { type: 'thinking', thinking: 'The user wants a greeting.', signature: 'farebox-unsigned:0a1b2c3d' },
      ...message.content.filter((block): block is Anthropic.TextBlock => block.type === 'text'),
    ];
    const streamed = await client.messages
      .stream({
        model: 'claude-sonnet-4-5',
        max_tokens: 8192,
        thinking: { type: 'enabled', budget_tokens: 2048 },
        messages: [
          { role: 'user', content: 'Think, then say hello.' },
          { role: 'assistant', content: replayed },
          { role: 'user', content: 'Again, please.' },
        ],
      })
      .finalMessage();
    expect(streamed.content.filter((block) => block.type === 'text').map((block) => block.text)).toEqual([
      FAKE_TEXT,
    ]);
    expect(streamed.stop_reason).toBe('end_turn');
    const again = takeUpstreamRequest();
    expectUpstreamCall(again, true);
    expect(again.body).not.toContain('farebox-unsigned');
    expect(again.body).toContain(FAKE_TEXT);
    expectRow(await nextRow(), true);
  });

  it('passes an upstream error status to the client as an Anthropic error', async () => {
    upstream.setModelBehavior(target.model, 'status:400');
    const error = await rejection(
      client.messages.create({
        model: 'claude-sonnet-4-5',
        max_tokens: 1024,
        messages: [{ role: 'user', content: 'Hello' }],
      }),
    );
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    const badRequest = error as InstanceType<typeof Anthropic.BadRequestError>;
    expect(badRequest.status).toBe(400);
    expect(badRequest.error).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringContaining(target.provider) },
    });
    expect(takeUpstreamRequest().json).not.toBeNull();
    const row = await nextRow();
    expect(row).toMatchObject({
      provider: target.provider,
      rule_id: ruleId,
      upstream_endpoint: upstreamEndpoint(false),
      status: 400,
      outcome: 'upstream_error',
      cost_usd: 0,
    });
    expect(row.error_message).toContain('400');
    expect(JSON.parse(row.attempts!)).toEqual([
      expect.objectContaining({ provider: target.provider, status: 400, result: 'status' }),
    ]);

    // A streamed request fails the same way: the status arrives before any event.
    upstream.setModelBehavior(target.model, 'status:503');
    const streamError = await rejection(
      client.messages
        .stream({
          model: 'claude-sonnet-4-5',
          max_tokens: 1024,
          messages: [{ role: 'user', content: 'Hello' }],
        })
        .finalMessage(),
    );
    expect(streamError).toBeInstanceOf(Anthropic.APIError);
    expect((streamError as InstanceType<typeof Anthropic.APIError>).status).toBe(503);
    expect((streamError as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: 'error',
      error: { type: 'api_error' },
    });
    expect(await nextRow()).toMatchObject({ status: 503, outcome: 'upstream_error', stream: 1 });
  });

  it('ends the stream with an error event when the upstream connection dies mid-answer', async () => {
    upstream.setModelBehavior(target.model, 'cut:3');
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    const events: string[] = [];
    stream.on('streamEvent', (event) => events.push(event.type));
    const error = await rejection(stream.finalMessage());
    expect(error).toBeInstanceOf(Anthropic.APIError);
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    // Raised from the stream's `error` event, not from an HTTP status.
    expect(apiError.status).toBeUndefined();
    expect(apiError.error).toMatchObject({
      type: 'error',
      error: { type: 'api_error', message: expect.any(String) },
    });
    expect(events[0]).toBe('message_start');
    expect(events).not.toContain('message_stop');

    const row = await nextRow();
    expect(row).toMatchObject({
      provider: target.provider,
      rule_id: ruleId,
      upstream_endpoint: upstreamEndpoint(true),
      stream: 1,
      outcome: 'upstream_error',
    });
    expect(row.error_message).toMatch(/mid-response|terminated|closed|socket/i);
  });

  it("relays the upstream's own in-stream error event as an Anthropic error event", async () => {
    upstream.setModelBehavior(target.model, 'stream-error:4');
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    const error = await rejection(stream.finalMessage());
    expect(error).toBeInstanceOf(Anthropic.APIError);
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBeUndefined();
    expect(apiError.error).toMatchObject({
      type: 'error',
      error: { type: 'api_error', message: expect.any(String) },
    });

    const row = await nextRow();
    expect(row).toMatchObject({ provider: target.provider, stream: 1, outcome: 'upstream_error' });
    expect(row.error_message).toBeTruthy();
  });
});
