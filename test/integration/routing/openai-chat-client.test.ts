import OpenAI from 'openai';
import type {
  ChatCompletionChunk,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPriceBook } from '../../../electron/core/economics/price-book';
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
import type { RequestRow } from '../../../electron/core/store/request-entry';

// An agent speaking OpenAI chat completions (a Codex-style tool loop) whose gpt-* requests a rule sends to
// Claude or to Gemini. One proxy per target, each with the one rule under test.

const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const SYSTEM = 'You are a coding agent running in the user terminal. Use the tools to inspect the workspace.';
const PATH_SCHEMA = {
  type: 'object',
  properties: { path: { type: 'string', description: 'Workspace-relative path' } },
  required: ['path'],
  additionalProperties: false,
};
// Strict tools: the SDK parses their arguments into parsed_arguments. The second name has a "." (an MCP
// server's tool), which Anthropic and Gemini refuse: the proxy must rename it upstream and restore it.
const TOOLS: ChatCompletionTool[] = [
  {
    type: 'function',
    function: { name: 'read_file', description: 'Read a file', parameters: PATH_SCHEMA, strict: true },
  },
  {
    type: 'function',
    function: {
      name: 'filesystem.list_directory',
      description: 'List a directory',
      parameters: PATH_SCHEMA,
      strict: true,
    },
  },
];
const TOOL_NAMES = TOOLS.map((tool) => (tool.type === 'function' ? tool.function.name : ''));
const UPSTREAM_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
const FIRST_TURN: ChatCompletionMessageParam[] = [
  { role: 'system', content: SYSTEM },
  {
    role: 'user',
    content: [
      { type: 'text', text: 'The build fails with the error in this screenshot. Look at the entry point.' },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1X1}` } },
    ],
  },
];
const RESULTS = ['export const main = () => 1;', 'src/\npackage.json\nREADME.md'];

interface Target {
  label: string;
  provider: 'claude' | 'google';
  dialect: 'anthropic' | 'gemini';
  model: string;
  key: string;
  /** What the client reads as usage, and what the row records, for the upstream's FAKE_USAGE. */
  chatUsage: { prompt: number; completion: number; cached: number; reasoning: number };
  rowTokens: Record<string, number>;
}

const ant = FAKE_USAGE.anthropic;
const gem = FAKE_USAGE.gemini;
const TARGETS: Target[] = [
  {
    label: 'Anthropic',
    provider: 'claude',
    dialect: 'anthropic',
    model: 'claude-sonnet-4-5',
    key: 'sk-ant-provider-key',
    chatUsage: {
      prompt: ant.input_tokens + ant.cache_read_input_tokens + ant.cache_creation_input_tokens,
      completion: ant.output_tokens,
      cached: ant.cache_read_input_tokens,
      reasoning: ant.output_tokens_details.thinking_tokens,
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
  {
    label: 'Gemini',
    provider: 'google',
    dialect: 'gemini',
    model: 'gemini-2.5-flash',
    key: 'gm-provider-key',
    chatUsage: {
      prompt: gem.promptTokenCount,
      completion: gem.candidatesTokenCount + gem.thoughtsTokenCount,
      cached: gem.cachedContentTokenCount,
      reasoning: gem.thoughtsTokenCount,
    },
    rowTokens: {
      input_tokens: gem.promptTokenCount - gem.cachedContentTokenCount,
      cache_read_tokens: gem.cachedContentTokenCount,
      cache_write_5m_tokens: 0,
      cache_write_1h_tokens: 0,
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

function functionCalls(calls: unknown[] | undefined): ChatCompletionMessageFunctionToolCall[] {
  return (calls ?? []) as ChatCompletionMessageFunctionToolCall[];
}

/** The second turn: the assistant's calls, then one role:"tool" message per call. */
function secondTurn(calls: ChatCompletionMessageFunctionToolCall[]): ChatCompletionMessageParam[] {
  return [
    ...FIRST_TURN,
    {
      role: 'assistant',
      content: null,
      tool_calls: calls.map((call) => ({
        id: call.id,
        type: 'function' as const,
        function: { name: call.function.name, arguments: call.function.arguments },
      })),
    },
    { role: 'tool', tool_call_id: calls[0]!.id, content: RESULTS[0]! },
    { role: 'tool', tool_call_id: calls[1]!.id, content: [{ type: 'text', text: RESULTS[1]! }] },
  ];
}

describe.each(TARGETS)('OpenAI chat client served by $label', (target) => {
  let proxy: TestProxy;
  let client: OpenAI;
  let rowsSeen = 0;
  const ruleId = `chat-to-${target.provider}`;

  beforeAll(async () => {
    proxy = await startTestProxy(upstream.url, {
      providers: [
        { id: 'anthropic', dialect: 'anthropic', baseUrl: upstream.url },
        { id: 'openai', dialect: 'openai', baseUrl: upstream.url },
        { id: 'gemini', dialect: 'gemini', baseUrl: upstream.url },
        { id: 'claude', dialect: 'anthropic', baseUrl: upstream.url, apiKey: 'sk-ant-provider-key' },
        { id: 'google', dialect: 'gemini', baseUrl: upstream.url, apiKey: 'gm-provider-key' },
      ],
      rules: [
        {
          id: ruleId,
          when: { tools: ['agent'], models: ['gpt-*'] },
          then: { route: { provider: target.provider, model: target.model } },
        },
      ],
    });
    client = new OpenAI({ baseURL: `${proxy.url}/t/agent/v1`, apiKey: 'sk-client-key', maxRetries: 0 });
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

  function onlyUpstreamRequest(): RecordedRequest {
    expect(upstream.requests).toHaveLength(1);
    return upstream.requests[0]!;
  }

  function expectUpstreamCall(sent: RecordedRequest, stream: boolean): void {
    if (target.dialect === 'anthropic') {
      expect(sent.url).toBe('/v1/messages');
      expect(sent.headers['x-api-key']).toBe(target.key);
      expect((sent.json as { model: string }).model).toBe(target.model);
      expect((sent.json as { stream?: boolean }).stream ?? false).toBe(stream);
    } else {
      const action = stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
      expect(sent.url).toBe(`/v1beta/models/${target.model}:${action}`);
      expect(sent.headers['x-goog-api-key']).toBe(target.key);
    }
    // The client's own key is for OpenAI and never leaves the proxy.
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).not.toContain('sk-client-key');
  }

  /** The first turn's request as the target sees it: system apart, the image inline, tools renamed. */
  function expectFirstTurnUpstream(sent: RecordedRequest): string[] {
    if (target.dialect === 'anthropic') {
      const body = sent.json as {
        system: Array<{ type: string; text: string }>;
        messages: Array<{ role: string; content: Array<Record<string, unknown>> }>;
        tools: Array<{ name: string; input_schema: unknown }>;
      };
      expect(body.system.map((block) => block.text)).toEqual([SYSTEM]);
      expect(body.messages.map((m) => m.role)).toEqual(['user']);
      expect(body.messages[0]!.content).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            type: 'image',
            source: { type: 'base64', media_type: 'image/png', data: PNG_1X1 },
          }),
        ]),
      );
      expect(body.tools[0]!.input_schema).toMatchObject({ type: 'object', required: ['path'] });
      return body.tools.map((tool) => tool.name);
    }
    const body = sent.json as {
      systemInstruction: { parts: Array<{ text: string }> };
      contents: Array<{ role: string; parts: Array<Record<string, unknown>> }>;
      tools: Array<{ functionDeclarations: Array<{ name: string }> }>;
    };
    expect(body.systemInstruction.parts.map((part) => part.text)).toEqual([SYSTEM]);
    expect(body.contents.map((c) => c.role)).toEqual(['user']);
    expect(body.contents[0]!.parts).toContainEqual({ inlineData: { mimeType: 'image/png', data: PNG_1X1 } });
    return body.tools.flatMap((tool) => tool.functionDeclarations.map((fn) => fn.name));
  }

  function expectToolNamesMapped(upstreamNames: string[]): void {
    expect(upstreamNames).toHaveLength(2);
    expect(upstreamNames[0]).toBe('read_file');
    expect(upstreamNames[1]).not.toBe(TOOL_NAMES[1]);
    for (const name of upstreamNames) expect(name).toMatch(UPSTREAM_NAME);
  }

  /**
   * The second turn as the target sees it: the assistant's calls, then their results, each answered in
   * order right after the turn that made them.
   */
  function expectSecondTurnUpstream(sent: RecordedRequest, calls: ChatCompletionMessageFunctionToolCall[]) {
    if (target.dialect === 'anthropic') {
      const body = sent.json as {
        messages: Array<{ role: string; content: Array<Record<string, unknown>> }>;
      };
      expect(body.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
      const uses = body.messages[1]!.content;
      expect(uses.map((block) => block.type)).toEqual(['tool_use', 'tool_use']);
      expect(uses.map((block) => block.id)).toEqual(calls.map((call) => call.id));
      expect(uses.map((block) => block.input)).toEqual([FAKE_TOOL_ARGS[0], FAKE_TOOL_ARGS[1]]);
      expect(uses[0]!.name).toBe('read_file');
      expect(uses[1]!.name).toMatch(UPSTREAM_NAME);
      const results = body.messages[2]!.content;
      expect(results.map((block) => block.type)).toEqual(['tool_result', 'tool_result']);
      expect(results.map((block) => block.tool_use_id)).toEqual(calls.map((call) => call.id));
      expect(JSON.stringify(results[0]!.content)).toContain('export const main');
      expect(JSON.stringify(results[1]!.content)).toContain('package.json');
      return;
    }
    const body = sent.json as { contents: Array<{ role: string; parts: Array<Record<string, unknown>> }> };
    expect(body.contents.map((c) => c.role)).toEqual(['user', 'model', 'user']);
    const callParts = body.contents[1]!.parts.map(
      (part) => part.functionCall as { name: string; args: unknown },
    );
    expect(callParts.map((call) => call.args)).toEqual([FAKE_TOOL_ARGS[0], FAKE_TOOL_ARGS[1]]);
    expect(callParts[0]!.name).toBe('read_file');
    expect(callParts[1]!.name).toMatch(UPSTREAM_NAME);
    const responses = body.contents[2]!.parts.map(
      (part) => part.functionResponse as { name: string; response: Record<string, unknown> },
    );
    expect(responses.map((response) => response.name)).toEqual(callParts.map((call) => call.name));
    expect(responses.map((response) => response.response)).toEqual([
      { output: RESULTS[0] },
      { output: RESULTS[1] },
    ]);
  }

  function expectRow(row: RequestRow, stream: boolean): void {
    const upstreamEndpoint =
      target.dialect === 'anthropic'
        ? 'anthropic-messages'
        : stream
          ? 'gemini-stream-generate'
          : 'gemini-generate';
    expect(row).toMatchObject({
      tool: 'agent',
      dialect: 'openai',
      endpoint: 'openai-chat',
      upstream_endpoint: upstreamEndpoint,
      provider: target.provider,
      requested_model: 'gpt-5',
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
    const actual = prices.price(target.model, usage, { providerDialect: target.dialect });
    const baseline = prices.price('gpt-5', usage, { providerDialect: 'openai' });
    expect(actual.costUsd).not.toBeNull();
    expect(baseline.costUsd).not.toBeNull();
    expect(row.cost_usd).toBeCloseTo(actual.costUsd!, 12);
    expect(row.baseline_cost_usd).toBeCloseTo(baseline.costUsd!, 12);
    expect(JSON.parse(row.attempts!)).toEqual([
      expect.objectContaining({
        provider: target.provider,
        model: target.model,
        endpoint: upstreamEndpoint,
        status: 200,
        result: 'ok',
      }),
    ]);
  }

  function expectChatUsage(usage: OpenAI.CompletionUsage | undefined | null): void {
    const { prompt, completion, cached, reasoning } = target.chatUsage;
    expect(usage).toMatchObject({
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
      prompt_tokens_details: expect.objectContaining({ cached_tokens: cached }),
      completion_tokens_details: expect.objectContaining({ reasoning_tokens: reasoning }),
    });
  }

  it('runs the tool loop without streaming: calls with restored names, then results in order', async () => {
    const first = await client.chat.completions.create({
      model: 'gpt-5',
      messages: FIRST_TURN,
      tools: TOOLS,
      tool_choice: 'auto',
    });
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    const calls = functionCalls(choice.message.tool_calls);
    expect(calls.map((call) => call.type)).toEqual(['function', 'function']);
    expect(calls.map((call) => call.function.name)).toEqual(TOOL_NAMES);
    expect(calls.map((call) => JSON.parse(call.function.arguments) as unknown)).toEqual([
      FAKE_TOOL_ARGS[0],
      FAKE_TOOL_ARGS[1],
    ]);
    expect(new Set(calls.map((call) => call.id)).size).toBe(2);
    expect(first.model).toBe(target.model);
    expectChatUsage(first.usage);

    const sentFirst = onlyUpstreamRequest();
    expectUpstreamCall(sentFirst, false);
    expectToolNamesMapped(expectFirstTurnUpstream(sentFirst));
    expectRow(await nextRow(), false);

    upstream.requests.length = 0;
    const second = await client.chat.completions.create({
      model: 'gpt-5',
      messages: secondTurn(calls),
      tools: TOOLS,
    });
    expect(second.choices[0]!.finish_reason).toBe('stop');
    expect(second.choices[0]!.message.content).toBe(FAKE_TEXT);
    expect(second.choices[0]!.message.tool_calls ?? []).toEqual([]);

    const sentSecond = onlyUpstreamRequest();
    expectUpstreamCall(sentSecond, false);
    expectSecondTurnUpstream(sentSecond, calls);
    expectRow(await nextRow(), false);
  });

  it('streams the tool loop: the SDK assembles parsed calls, and usage arrives only when asked for', async () => {
    const chunks: ChatCompletionChunk[] = [];
    const stream = client.chat.completions.stream({
      model: 'gpt-5',
      messages: FIRST_TURN,
      tools: TOOLS,
      stream: true,
      stream_options: { include_usage: true },
    });
    stream.on('chunk', (chunk) => chunks.push(chunk));
    const first = await stream.finalChatCompletion();
    const message = first.choices[0]!.message;
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    const calls = (message.tool_calls ?? []) as Array<
      ChatCompletionMessageFunctionToolCall & { function: { parsed_arguments?: unknown } }
    >;
    expect(calls.map((call) => call.function.name)).toEqual(TOOL_NAMES);
    expect(calls.map((call) => call.function.parsed_arguments)).toEqual([
      FAKE_TOOL_ARGS[0],
      FAKE_TOOL_ARGS[1],
    ]);
    expect(calls.every((call) => call.id !== '' && call.type === 'function')).toBe(true);
    // The usage chunk in chat's convention: no choices, prompt_tokens including the cached part.
    const usageChunks = chunks.filter((chunk) => chunk.usage);
    expect(usageChunks).toHaveLength(1);
    expect(usageChunks[0]!.choices).toEqual([]);
    expect(chunks.at(-1)).toBe(usageChunks[0]);
    expectChatUsage(usageChunks[0]!.usage);
    expectChatUsage(first.usage);

    const sentFirst = onlyUpstreamRequest();
    expectUpstreamCall(sentFirst, true);
    expectToolNamesMapped(expectFirstTurnUpstream(sentFirst));
    expectRow(await nextRow(), true);

    // Second turn without include_usage: the proxy still reads the upstream's usage, the client sees none.
    upstream.requests.length = 0;
    const textChunks: ChatCompletionChunk[] = [];
    const answer = client.chat.completions.stream({
      model: 'gpt-5',
      messages: secondTurn(calls),
      tools: TOOLS,
      stream: true,
    });
    for await (const chunk of answer) textChunks.push(chunk);
    const second = await answer.finalChatCompletion();
    expect(second.choices[0]!.message.content).toBe(FAKE_TEXT);
    expect(second.choices[0]!.finish_reason).toBe('stop');
    expect(textChunks.length).toBeGreaterThan(2);
    expect(textChunks.filter((chunk) => chunk.usage != null)).toEqual([]);
    expect(textChunks.filter((chunk) => chunk.choices.length === 0)).toEqual([]);
    expect(second.usage).toBeUndefined();

    const sentSecond = onlyUpstreamRequest();
    expectUpstreamCall(sentSecond, true);
    expectSecondTurnUpstream(sentSecond, functionCalls(calls));
    expectRow(await nextRow(), true);
  });
});
