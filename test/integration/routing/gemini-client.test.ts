import {
  GoogleGenAI,
  Type,
  type Content,
  type FunctionCall,
  type GenerateContentConfig,
  type GenerateContentResponse,
} from '@google/genai';
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

// Gemini CLI (the @google/genai SDK) whose gemini-* requests a rule sends to an OpenAI-compatible chat
// server or to Claude: one proxy per target, each with the one rule under test.

const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const SYSTEM = 'You are Gemini CLI, an interactive agent for software engineering tasks.';
const TASK = 'Why does the build fail? Here is a screenshot of the error.';
const RESULTS = [{ output: 'export const main = () => 1;' }, { entries: ['index.ts', 'main.ts'], count: 2 }];
const CONFIG: GenerateContentConfig = {
  systemInstruction: SYSTEM,
  temperature: 0.2,
  tools: [
    {
      functionDeclarations: [
        {
          name: 'read_file',
          description: 'Read a file',
          parametersJsonSchema: {
            type: 'object',
            properties: { path: { type: 'string' } },
            required: ['path'],
          },
        },
        {
          // The OpenAPI-style schema (upper-case types) older Gemini clients send.
          name: 'list_directory',
          description: 'List a directory',
          parameters: { type: Type.OBJECT, properties: { path: { type: Type.STRING } }, required: ['path'] },
        },
      ],
    },
  ],
};
const FIRST_TURN: Content[] = [
  {
    role: 'user',
    parts: [{ text: TASK }, { inlineData: { mimeType: 'image/png', data: PNG_1X1 } }],
  },
];

/** The second turn: the model's calls as it answered them, then a user turn of function responses. */
function secondTurn(model: Content, calls: FunctionCall[]): Content[] {
  return [
    ...FIRST_TURN,
    model,
    {
      role: 'user',
      parts: calls.map((call, i) => ({
        functionResponse: { id: call.id, name: call.name, response: RESULTS[i] },
      })),
    },
  ];
}

interface Target {
  label: string;
  provider: 'compat' | 'claude';
  kind: 'chat' | 'anthropic';
  model: string;
  key: string;
  /** usageMetadata the client reads, and the row's tokens, for the upstream's FAKE_USAGE. */
  usage: { prompt: number; cached: number; candidates: number; thoughts: number };
  rowTokens: Record<string, number>;
}

const chat = FAKE_USAGE.openaiChat;
const ant = FAKE_USAGE.anthropic;
const TARGETS: Target[] = [
  {
    label: 'an OpenAI-compatible chat server',
    provider: 'compat',
    kind: 'chat',
    model: 'gpt-4.1-mini',
    key: 'sk-compat-provider-key',
    usage: {
      prompt: chat.prompt_tokens,
      cached: chat.prompt_tokens_details.cached_tokens,
      candidates: chat.completion_tokens - chat.completion_tokens_details.reasoning_tokens,
      thoughts: chat.completion_tokens_details.reasoning_tokens,
    },
    rowTokens: {
      input_tokens: chat.prompt_tokens - chat.prompt_tokens_details.cached_tokens,
      cache_read_tokens: chat.prompt_tokens_details.cached_tokens,
      cache_write_5m_tokens: 0,
      output_tokens: chat.completion_tokens,
      reasoning_tokens: chat.completion_tokens_details.reasoning_tokens,
    },
  },
  {
    label: 'Anthropic',
    provider: 'claude',
    kind: 'anthropic',
    model: 'claude-sonnet-4-5',
    key: 'sk-ant-provider-key',
    usage: {
      prompt: ant.input_tokens + ant.cache_read_input_tokens + ant.cache_creation_input_tokens,
      cached: ant.cache_read_input_tokens,
      candidates: ant.output_tokens - ant.output_tokens_details.thinking_tokens,
      thoughts: ant.output_tokens_details.thinking_tokens,
    },
    rowTokens: {
      input_tokens: ant.input_tokens,
      cache_read_tokens: ant.cache_read_input_tokens,
      cache_write_5m_tokens: ant.cache_creation.ephemeral_5m_input_tokens,
      cache_write_1h_tokens: ant.cache_creation.ephemeral_1h_input_tokens,
      output_tokens: ant.output_tokens,
      reasoning_tokens: ant.output_tokens_details.thinking_tokens,
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

describe.each(TARGETS)('Gemini client served by $label', (target) => {
  let proxy: TestProxy;
  let client: GoogleGenAI;
  let rowsSeen = 0;
  const ruleId = `gemini-cli-to-${target.provider}`;

  beforeAll(async () => {
    proxy = await startTestProxy(upstream.url, {
      providers: [
        { id: 'anthropic', dialect: 'anthropic', baseUrl: upstream.url },
        { id: 'openai', dialect: 'openai', baseUrl: upstream.url },
        { id: 'gemini', dialect: 'gemini', baseUrl: upstream.url },
        { id: 'compat', dialect: 'openai', baseUrl: `${upstream.url}/v1`, apiKey: 'sk-compat-provider-key' },
        { id: 'claude', dialect: 'anthropic', baseUrl: upstream.url, apiKey: 'sk-ant-provider-key' },
      ],
      rules: [
        {
          id: ruleId,
          when: { tools: ['gemini-cli'], models: ['gemini-*'] },
          then: { route: { provider: target.provider, model: target.model } },
        },
      ],
    });
    client = new GoogleGenAI({
      apiKey: 'gemini-client-key',
      httpOptions: { baseUrl: `${proxy.url}/t/gemini-cli` },
    });
  });
  afterAll(async () => {
    await proxy.stop();
  });
  beforeEach(() => {
    upstream.requests.length = 0;
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

  function expectUpstreamCall(sent: RecordedRequest, stream: boolean): void {
    if (target.kind === 'chat') {
      expect(sent.url).toBe('/v1/chat/completions');
      expect(sent.headers.authorization).toBe(`Bearer ${target.key}`);
      const body = sent.json as { model: string; stream?: boolean; temperature?: number };
      expect(body.model).toBe(target.model);
      expect(body.stream ?? false).toBe(stream);
      expect(body.temperature).toBe(0.2);
    } else {
      expect(sent.url).toBe('/v1/messages');
      expect(sent.headers['x-api-key']).toBe(target.key);
      const body = sent.json as { model: string; stream?: boolean; temperature?: number };
      expect(body.model).toBe(target.model);
      expect(body.stream ?? false).toBe(stream);
      expect(body.temperature).toBe(0.2);
    }
    expect(sent.headers['x-goog-api-key']).toBeUndefined();
    expect(sent.url).not.toContain('key=');
    expect(sent.body).not.toContain('gemini-client-key');
  }

  function expectFirstTurnUpstream(sent: RecordedRequest): void {
    if (target.kind === 'chat') {
      const body = sent.json as {
        messages: Array<{ role: string; content: unknown }>;
        tools: Array<{ function: { name: string; parameters: unknown } }>;
      };
      expect(body.messages).toEqual([
        { role: 'system', content: SYSTEM },
        {
          role: 'user',
          content: [
            { type: 'text', text: TASK },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1X1}` } },
          ],
        },
      ]);
      expect(body.tools.map((tool) => tool.function.name)).toEqual(['read_file', 'list_directory']);
      // Gemini's upper-case OpenAPI types become JSON Schema for the chat model.
      expect(body.tools[1]!.function.parameters).toEqual({
        type: 'object',
        properties: { path: { type: 'string' } },
        required: ['path'],
      });
      return;
    }
    const body = sent.json as {
      system: Array<{ text: string }>;
      messages: Array<{ role: string; content: Array<Record<string, unknown>> }>;
      tools: Array<{ name: string; input_schema: unknown }>;
    };
    expect(body.system.map((block) => block.text)).toEqual([SYSTEM]);
    expect(body.messages.map((m) => m.role)).toEqual(['user']);
    expect(body.messages[0]!.content).toEqual([
      expect.objectContaining({ type: 'text', text: TASK }),
      expect.objectContaining({
        type: 'image',
        source: { type: 'base64', media_type: 'image/png', data: PNG_1X1 },
      }),
    ]);
    expect(body.tools.map((tool) => tool.name)).toEqual(['read_file', 'list_directory']);
    expect(body.tools[1]!.input_schema).toEqual({
      type: 'object',
      properties: { path: { type: 'string' } },
      required: ['path'],
    });
  }

  function expectSecondTurnUpstream(sent: RecordedRequest, calls: FunctionCall[]): void {
    const ids = calls.map((call) => call.id);
    if (target.kind === 'chat') {
      const body = sent.json as {
        messages: Array<{
          role: string;
          content: unknown;
          tool_call_id?: string;
          tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
        }>;
      };
      expect(body.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'tool']);
      const assistant = body.messages[2]!;
      expect(assistant.tool_calls!.map((call) => call.id)).toEqual(ids);
      expect(assistant.tool_calls!.map((call) => call.function.name)).toEqual([
        'read_file',
        'list_directory',
      ]);
      expect(assistant.tool_calls!.map((call) => JSON.parse(call.function.arguments) as unknown)).toEqual([
        FAKE_TOOL_ARGS[0],
        FAKE_TOOL_ARGS[1],
      ]);
      expect(body.messages.slice(3).map((m) => m.tool_call_id)).toEqual(ids);
      expect(body.messages[3]!.content).toBe(RESULTS[0]!.output);
      expect(JSON.parse(body.messages[4]!.content as string)).toEqual(RESULTS[1]);
      return;
    }
    const body = sent.json as { messages: Array<{ role: string; content: Array<Record<string, unknown>> }> };
    expect(body.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    const uses = body.messages[1]!.content;
    expect(uses.map((block) => [block.type, block.id, block.name])).toEqual([
      ['tool_use', ids[0], 'read_file'],
      ['tool_use', ids[1], 'list_directory'],
    ]);
    expect(uses.map((block) => block.input)).toEqual([FAKE_TOOL_ARGS[0], FAKE_TOOL_ARGS[1]]);
    const results = body.messages[2]!.content;
    expect(results.map((block) => [block.type, block.tool_use_id])).toEqual([
      ['tool_result', ids[0]],
      ['tool_result', ids[1]],
    ]);
    expect(JSON.stringify(results[0]!.content)).toContain('export const main');
    expect(JSON.stringify(results[1]!.content)).toContain('main.ts');
  }

  function expectUsageMetadata(response: GenerateContentResponse): void {
    const { prompt, cached, candidates, thoughts } = target.usage;
    expect(response.usageMetadata).toMatchObject({
      promptTokenCount: prompt,
      cachedContentTokenCount: cached,
      candidatesTokenCount: candidates,
      thoughtsTokenCount: thoughts,
      totalTokenCount: prompt + candidates + thoughts,
    });
  }

  function expectRow(row: RequestRow, stream: boolean): void {
    const upstreamEndpoint = target.kind === 'chat' ? 'openai-chat' : 'anthropic-messages';
    expect(row).toMatchObject({
      tool: 'gemini-cli',
      dialect: 'gemini',
      endpoint: stream ? 'gemini-stream-generate' : 'gemini-generate',
      upstream_endpoint: upstreamEndpoint,
      provider: target.provider,
      requested_model: 'gemini-2.5-pro',
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
    const dialect = target.kind === 'chat' ? 'openai' : 'anthropic';
    const actual = prices.price(target.model, usage, { providerDialect: dialect });
    const baseline = prices.price('gemini-2.5-pro', usage, { providerDialect: 'gemini' });
    expect(actual.costUsd).not.toBeNull();
    expect(baseline.costUsd).not.toBeNull();
    expect(row.cost_usd).toBeCloseTo(actual.costUsd!, 12);
    expect(row.baseline_cost_usd).toBeCloseTo(baseline.costUsd!, 12);
  }

  function expectCalls(calls: FunctionCall[] | undefined): FunctionCall[] {
    expect(calls?.map((call) => call.name)).toEqual(['read_file', 'list_directory']);
    expect(calls?.map((call) => call.args)).toEqual([FAKE_TOOL_ARGS[0], FAKE_TOOL_ARGS[1]]);
    expect(calls?.every((call) => typeof call.id === 'string' && call.id !== '')).toBe(true);
    return calls!;
  }

  it('generateContent: function calls, then the answer to their function responses', async () => {
    const first = await client.models.generateContent({
      model: 'gemini-2.5-pro',
      contents: FIRST_TURN,
      config: CONFIG,
    });
    const calls = expectCalls(first.functionCalls);
    expect(first.candidates?.[0]?.finishReason).toBe('STOP');
    expect(first.modelVersion).toBe(target.model);
    expectUsageMetadata(first);
    const sentFirst = takeUpstreamRequest();
    expectUpstreamCall(sentFirst, false);
    expectFirstTurnUpstream(sentFirst);
    expectRow(await nextRow(), false);

    const second = await client.models.generateContent({
      model: 'gemini-2.5-pro',
      contents: secondTurn(first.candidates![0]!.content!, calls),
      config: CONFIG,
    });
    expect(second.text).toBe(FAKE_TEXT);
    expect(second.functionCalls).toBeUndefined();
    expectUsageMetadata(second);
    const sentSecond = takeUpstreamRequest();
    expectUpstreamCall(sentSecond, false);
    expectSecondTurnUpstream(sentSecond, calls);
    expectRow(await nextRow(), false);
  });

  it('generateContentStream (alt=sse): whole function calls, then streamed text with the usage last', async () => {
    const chunks: GenerateContentResponse[] = [];
    for await (const chunk of await client.models.generateContentStream({
      model: 'gemini-2.5-pro',
      contents: FIRST_TURN,
      config: CONFIG,
    })) {
      chunks.push(chunk);
    }
    const calls = expectCalls(chunks.flatMap((chunk) => chunk.functionCalls ?? []));
    const last = chunks.at(-1)!;
    expect(last.candidates?.[0]?.finishReason).toBe('STOP');
    expectUsageMetadata(last);
    const sentFirst = takeUpstreamRequest();
    expectUpstreamCall(sentFirst, true);
    expectFirstTurnUpstream(sentFirst);
    expectRow(await nextRow(), true);

    // The model turn a client keeps: every part it streamed, joined.
    const modelTurn: Content = {
      role: 'model',
      parts: chunks
        .flatMap((chunk) => chunk.candidates?.[0]?.content?.parts ?? [])
        .filter((part) => part.functionCall),
    };
    const texts: string[] = [];
    const answer: GenerateContentResponse[] = [];
    for await (const chunk of await client.models.generateContentStream({
      model: 'gemini-2.5-pro',
      contents: secondTurn(modelTurn, calls),
      config: CONFIG,
    })) {
      answer.push(chunk);
      texts.push(chunk.text ?? '');
    }
    expect(texts.join('')).toBe(FAKE_TEXT);
    expect(texts.filter((text) => text !== '').length).toBeGreaterThan(1);
    expectUsageMetadata(answer.at(-1)!);
    expect(answer.slice(0, -1).every((chunk) => chunk.usageMetadata === undefined)).toBe(true);
    const sentSecond = takeUpstreamRequest();
    expectUpstreamCall(sentSecond, true);
    expectSecondTurnUpstream(sentSecond, calls);
    expectRow(await nextRow(), true);
  });

  it('streamGenerateContent without alt=sse answers one JSON array', async () => {
    const response = await fetch(
      `${proxy.url}/t/gemini-cli/v1beta/models/gemini-2.5-pro:streamGenerateContent`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-goog-api-key': 'gemini-client-key' },
        body: JSON.stringify({
          systemInstruction: { parts: [{ text: SYSTEM }] },
          contents: [{ role: 'user', parts: [{ text: 'Say hello.' }] }],
          generationConfig: { temperature: 0.2 },
        }),
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = (await response.json()) as Array<{
      candidates?: Array<{ content: { parts: Array<{ text?: string }> }; finishReason?: string }>;
      usageMetadata?: Record<string, number>;
    }>;
    expect(Array.isArray(body)).toBe(true);
    expect(body.length).toBeGreaterThan(1);
    const text = body
      .flatMap((element) => element.candidates?.[0]?.content.parts ?? [])
      .map((part) => part.text ?? '');
    expect(text.join('')).toBe(FAKE_TEXT);
    expect(body.at(-1)!.candidates?.[0]?.finishReason).toBe('STOP');
    expect(body.at(-1)!.usageMetadata).toMatchObject({
      promptTokenCount: target.usage.prompt,
      cachedContentTokenCount: target.usage.cached,
    });
    const sent = takeUpstreamRequest();
    expectUpstreamCall(sent, true);
    expectRow(await nextRow(), true);
  });

  it('a JSON-array stream cut by the upstream still ends as a JSON array, its last element the error', async () => {
    // Cut once some text is out: after "Hello" and " from the".
    upstream.setModelBehavior(target.model, target.kind === 'chat' ? 'cut:3' : 'cut:5');
    try {
      const response = await fetch(
        `${proxy.url}/t/gemini-cli/v1beta/models/gemini-2.5-pro:streamGenerateContent`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-goog-api-key': 'gemini-client-key' },
          body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Say hello.' }] }] }),
        },
      );
      expect(response.status).toBe(200);
      const text = await response.text();
      const body = JSON.parse(text) as Array<{
        candidates?: Array<{ content: { parts: Array<{ text?: string }> } }>;
        error?: { code: number; status: string; message: string };
      }>;
      expect(Array.isArray(body)).toBe(true);
      const texts = body
        .flatMap((element) => element.candidates?.[0]?.content.parts ?? [])
        .map((p) => p.text);
      expect(texts.join('')).toBe('Hello from the');
      expect(body.at(-1)!.error).toMatchObject({
        code: 502,
        status: expect.any(String),
        message: expect.any(String),
      });
    } finally {
      upstream.setModelBehavior(target.model, null);
    }
    upstream.requests.length = 0;
    const row = await nextRow();
    expect(row).toMatchObject({
      provider: target.provider,
      rule_id: ruleId,
      stream: 1,
      outcome: 'upstream_error',
    });
  });
});
