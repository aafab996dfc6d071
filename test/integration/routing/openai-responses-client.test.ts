import OpenAI from 'openai';
import type {
  FunctionTool,
  ResponseFunctionToolCall,
  ResponseInputItem,
  ResponseStreamEvent,
  Tool,
} from 'openai/resources/responses/responses';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPriceBook } from '../../../electron/core/economics/price-book';
import { packAnthropicReasoning } from '../../../electron/core/translate/responses/reasoning-carrier';
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

// Codex speaks the Responses API. A rule sends its gpt-* requests to an OpenAI-compatible chat server (a
// base URL other than api.openai.com serves chat only), to Claude, or to Gemini: one proxy per target,
// each with the one rule under test.

const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const INSTRUCTIONS =
  'You are Codex, a coding agent based on GPT-5. You and the user share the same workspace.';
const DEVELOPER =
  '<permissions instructions>Sandbox: workspace-write. Approvals: on-request.</permissions instructions>';
const ENVIRONMENT = '<environment_context><cwd>/home/dev/app</cwd><shell>bash</shell></environment_context>';
const TASK = 'The test suite fails; the screenshot shows the error. Find the cause.';
const PATCH =
  '*** Begin Patch\n*** Update File: src/index.ts\n@@\n-export const x = 0;\n+export const x = 1;\n*** End Patch\n';
const PATH_SCHEMA = {
  type: 'object',
  properties: { path: { type: 'string' } },
  required: ['path'],
  additionalProperties: false,
};
// The fake upstream calls the first two tools; strict ones get parsed_arguments from the SDK.
const FUNCTION_TOOLS: FunctionTool[] = [
  { type: 'function', name: 'read_file', description: 'Read a file', parameters: PATH_SCHEMA, strict: true },
  {
    type: 'function',
    name: 'list_dir',
    description: 'List a directory',
    parameters: PATH_SCHEMA,
    strict: true,
  },
];
const TOOLS: Tool[] = [
  ...FUNCTION_TOOLS,
  {
    type: 'custom',
    name: 'apply_patch',
    description: 'Use the `apply_patch` tool to edit files.',
    format: { type: 'grammar', syntax: 'lark', definition: 'start: begin_patch hunk+ end_patch' },
  },
  // A hosted tool runs inside OpenAI: never offered to another upstream.
  { type: 'web_search' },
];

const FIRST_INPUT: ResponseInputItem[] = [
  { type: 'message', role: 'developer', content: [{ type: 'input_text', text: DEVELOPER }] },
  { type: 'message', role: 'user', content: [{ type: 'input_text', text: ENVIRONMENT }] },
  {
    type: 'message',
    role: 'user',
    content: [
      { type: 'input_text', text: TASK },
      { type: 'input_image', image_url: `data:image/png;base64,${PNG_1X1}`, detail: 'auto' },
    ],
  },
];
const PREAMBLE = 'I will read the entry point and list the tests.';
const OUTPUTS = ['export const x = 0;', 'index.ts\nindex.test.ts', 'Done!'];

/**
 * The second turn as Codex sends it: the whole history (store: false), with the previous turn's reasoning,
 * its preamble, its calls (two functions and a freeform apply_patch) and their outputs.
 */
function secondInput(calls: ResponseFunctionToolCall[]): ResponseInputItem[] {
  return [
    ...FIRST_INPUT,
    {
      type: 'reasoning',
      id: 'rs_prev_turn',
      summary: [{ type: 'summary_text', text: 'Reading the entry point and the test folder.' }],
      encrypted_content: 'gAAAAABopaque-openai-reasoning',
    },
    {
      type: 'message',
      id: 'msg_prev_turn',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: PREAMBLE, annotations: [] }],
    },
    ...calls.map((call): ResponseInputItem => ({
      type: 'function_call',
      call_id: call.call_id,
      name: call.name,
      arguments: call.arguments,
    })),
    { type: 'custom_tool_call', call_id: 'call_patch_1', name: 'apply_patch', input: PATCH },
    { type: 'function_call_output', call_id: calls[0]!.call_id, output: OUTPUTS[0]! },
    { type: 'function_call_output', call_id: calls[1]!.call_id, output: OUTPUTS[1]! },
    { type: 'custom_tool_call_output', call_id: 'call_patch_1', output: OUTPUTS[2]! },
  ];
}

interface Target {
  label: string;
  provider: 'compat' | 'claude' | 'google';
  kind: 'chat' | 'anthropic' | 'gemini';
  model: string;
  key: string;
  /** The Responses usage the client reads, and the row's tokens, for the upstream's FAKE_USAGE. */
  usage: { input: number; cached: number; output: number; reasoning: number };
  rowTokens: Record<string, number>;
}

const chat = FAKE_USAGE.openaiChat;
const ant = FAKE_USAGE.anthropic;
const gem = FAKE_USAGE.gemini;
const TARGETS: Target[] = [
  {
    label: 'an OpenAI-compatible chat server',
    provider: 'compat',
    kind: 'chat',
    model: 'gpt-5-mini',
    key: 'sk-compat-provider-key',
    usage: {
      input: chat.prompt_tokens,
      cached: chat.prompt_tokens_details.cached_tokens,
      output: chat.completion_tokens,
      reasoning: chat.completion_tokens_details.reasoning_tokens,
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
      input: ant.input_tokens + ant.cache_read_input_tokens + ant.cache_creation_input_tokens,
      cached: ant.cache_read_input_tokens,
      output: ant.output_tokens,
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
    kind: 'gemini',
    model: 'gemini-2.5-flash',
    key: 'gm-provider-key',
    usage: {
      input: gem.promptTokenCount,
      cached: gem.cachedContentTokenCount,
      output: gem.candidatesTokenCount + gem.thoughtsTokenCount,
      reasoning: gem.thoughtsTokenCount,
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

type ParsedCall = ResponseFunctionToolCall & { parsed_arguments?: unknown };

describe.each(TARGETS)('OpenAI Responses client (Codex) served by $label', (target) => {
  let proxy: TestProxy;
  let client: OpenAI;
  let rowsSeen = 0;
  const ruleId = `codex-to-${target.provider}`;

  beforeAll(async () => {
    proxy = await startTestProxy(upstream.url, {
      providers: [
        { id: 'anthropic', dialect: 'anthropic', baseUrl: upstream.url },
        { id: 'openai', dialect: 'openai', baseUrl: upstream.url },
        { id: 'gemini', dialect: 'gemini', baseUrl: upstream.url },
        { id: 'compat', dialect: 'openai', baseUrl: `${upstream.url}/v1`, apiKey: 'sk-compat-provider-key' },
        { id: 'claude', dialect: 'anthropic', baseUrl: upstream.url, apiKey: 'sk-ant-provider-key' },
        { id: 'google', dialect: 'gemini', baseUrl: upstream.url, apiKey: 'gm-provider-key' },
      ],
      rules: [
        {
          id: ruleId,
          when: { tools: ['codex'], models: ['gpt-*'] },
          then: { route: { provider: target.provider, model: target.model } },
        },
      ],
    });
    client = new OpenAI({ baseURL: `${proxy.url}/t/codex/v1`, apiKey: 'sk-codex-client-key', maxRetries: 0 });
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

  const upstreamEndpoint = (stream: boolean): string =>
    target.kind === 'chat'
      ? 'openai-chat'
      : target.kind === 'anthropic'
        ? 'anthropic-messages'
        : stream
          ? 'gemini-stream-generate'
          : 'gemini-generate';

  function expectUpstreamCall(sent: RecordedRequest, stream: boolean): void {
    if (target.kind === 'chat') {
      expect(sent.url).toBe('/v1/chat/completions');
      expect(sent.headers.authorization).toBe(`Bearer ${target.key}`);
      const body = sent.json as { model: string; stream?: boolean; stream_options?: unknown };
      expect(body.model).toBe(target.model);
      expect(body.stream ?? false).toBe(stream);
      if (stream) expect(body.stream_options).toEqual({ include_usage: true });
    } else if (target.kind === 'anthropic') {
      expect(sent.url).toBe('/v1/messages');
      expect(sent.headers['x-api-key']).toBe(target.key);
      expect(sent.headers.authorization).toBeUndefined();
      expect((sent.json as { model: string }).model).toBe(target.model);
    } else {
      const action = stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
      expect(sent.url).toBe(`/v1beta/models/${target.model}:${action}`);
      expect(sent.headers['x-goog-api-key']).toBe(target.key);
      expect(sent.headers.authorization).toBeUndefined();
    }
    expect(sent.body).not.toContain('sk-codex-client-key');
  }

  /** Instructions and developer text become system text; the hosted tool is left out; apply_patch is a function. */
  function expectFirstTurnUpstream(sent: RecordedRequest): void {
    if (target.kind === 'chat') {
      const body = sent.json as {
        messages: Array<{ role: string; content: unknown }>;
        tools: Array<{ function: { name: string; parameters: Record<string, unknown> } }>;
      };
      expect(body.messages.map((m) => m.role)).toEqual(['system', 'system', 'user', 'user']);
      expect(body.messages[0]!.content).toBe(INSTRUCTIONS);
      expect(body.messages[1]!.content).toBe(DEVELOPER);
      expect(body.messages[3]!.content).toEqual([
        { type: 'text', text: TASK },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1X1}`, detail: 'auto' } },
      ]);
      expect(body.tools.map((tool) => tool.function.name)).toEqual(['read_file', 'list_dir', 'apply_patch']);
      expect(body.tools[2]!.function.parameters).toMatchObject({
        type: 'object',
        properties: { input: { type: 'string' } },
        required: ['input'],
      });
    } else if (target.kind === 'anthropic') {
      const body = sent.json as {
        system: Array<{ text: string }>;
        messages: Array<{ role: string; content: Array<Record<string, unknown>> }>;
        tools: Array<{ name: string; input_schema: Record<string, unknown> }>;
      };
      expect(body.system.map((block) => block.text)).toEqual([INSTRUCTIONS, DEVELOPER]);
      expect(body.messages.map((m) => m.role)).toEqual(['user']);
      expect(body.messages[0]!.content.map((block) => block.type)).toEqual(['text', 'text', 'image']);
      expect(body.messages[0]!.content[2]).toMatchObject({
        source: { type: 'base64', media_type: 'image/png', data: PNG_1X1 },
      });
      expect(body.tools.map((tool) => tool.name)).toEqual(['read_file', 'list_dir', 'apply_patch']);
      expect(body.tools[2]!.input_schema).toMatchObject({ properties: { input: { type: 'string' } } });
    } else {
      const body = sent.json as {
        systemInstruction: { parts: Array<{ text: string }> };
        contents: Array<{ role: string; parts: Array<Record<string, unknown>> }>;
        tools: Array<{ functionDeclarations: Array<{ name: string }> }>;
      };
      expect(body.systemInstruction.parts.map((part) => part.text)).toEqual([INSTRUCTIONS, DEVELOPER]);
      expect(body.contents.map((c) => c.role)).toEqual(['user']);
      expect(body.contents[0]!.parts).toEqual([
        { text: ENVIRONMENT },
        { text: TASK },
        { inlineData: { mimeType: 'image/png', data: PNG_1X1 } },
      ]);
      const names = body.tools.flatMap((tool) => tool.functionDeclarations.map((fn) => fn.name));
      expect(names).toEqual(['read_file', 'list_dir', 'apply_patch']);
    }
  }

  /** The replayed calls and their outputs reach the target as one assistant turn and its results, in order. */
  function expectSecondTurnUpstream(sent: RecordedRequest, calls: ResponseFunctionToolCall[]): void {
    const callIds = [...calls.map((call) => call.call_id), 'call_patch_1'];
    const args = [FAKE_TOOL_ARGS[0], FAKE_TOOL_ARGS[1], { input: PATCH }];
    expect(sent.body).not.toContain('gAAAAABopaque');
    if (target.kind === 'chat') {
      const body = sent.json as {
        messages: Array<{
          role: string;
          content: unknown;
          tool_call_id?: string;
          tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
        }>;
      };
      expect(body.messages.map((m) => m.role)).toEqual([
        'system',
        'system',
        'user',
        'user',
        'assistant',
        'tool',
        'tool',
        'tool',
      ]);
      const assistant = body.messages[4]!;
      expect(assistant.content).toBe(PREAMBLE);
      expect(assistant.tool_calls!.map((call) => call.id)).toEqual(callIds);
      expect(assistant.tool_calls!.map((call) => call.function.name)).toEqual([
        'read_file',
        'list_dir',
        'apply_patch',
      ]);
      expect(assistant.tool_calls!.map((call) => JSON.parse(call.function.arguments) as unknown)).toEqual(
        args,
      );
      expect(body.messages.slice(5).map((m) => [m.tool_call_id, m.content])).toEqual([
        [callIds[0], OUTPUTS[0]],
        [callIds[1], OUTPUTS[1]],
        [callIds[2], OUTPUTS[2]],
      ]);
    } else if (target.kind === 'anthropic') {
      const body = sent.json as {
        messages: Array<{ role: string; content: Array<Record<string, unknown>> }>;
      };
      expect(body.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
      expect(body.messages[1]!.content[0]).toEqual({ type: 'text', text: PREAMBLE });
      const uses = body.messages[1]!.content.slice(1);
      expect(uses.map((block) => block.type)).toEqual(['tool_use', 'tool_use', 'tool_use']);
      expect(uses.map((block) => block.id)).toEqual(callIds);
      expect(uses.map((block) => block.input)).toEqual(args);
      const results = body.messages[2]!.content;
      expect(results.map((block) => [block.type, block.tool_use_id])).toEqual(
        callIds.map((id) => ['tool_result', id]),
      );
      results.forEach((block, i) =>
        expect(JSON.stringify(block.content)).toContain(JSON.stringify(OUTPUTS[i]).slice(1, -1)),
      );
    } else {
      const body = sent.json as { contents: Array<{ role: string; parts: Array<Record<string, unknown>> }> };
      expect(body.contents.map((c) => c.role)).toEqual(['user', 'model', 'user']);
      expect(body.contents[1]!.parts[0]).toEqual({ text: PREAMBLE });
      const callParts = body.contents[1]!.parts.slice(1).map(
        (part) => part.functionCall as { name: string; args: unknown },
      );
      expect(callParts).toEqual([
        { name: 'read_file', args: args[0] },
        { name: 'list_dir', args: args[1] },
        { name: 'apply_patch', args: args[2] },
      ]);
      expect(body.contents[2]!.parts.map((part) => part.functionResponse)).toEqual([
        { name: 'read_file', response: { output: OUTPUTS[0] } },
        { name: 'list_dir', response: { output: OUTPUTS[1] } },
        { name: 'apply_patch', response: { output: OUTPUTS[2] } },
      ]);
    }
  }

  function expectResponsesUsage(usage: OpenAI.Responses.ResponseUsage | undefined): void {
    const { input, cached, output, reasoning } = target.usage;
    expect(usage).toMatchObject({
      input_tokens: input,
      input_tokens_details: expect.objectContaining({ cached_tokens: cached }),
      output_tokens: output,
      output_tokens_details: { reasoning_tokens: reasoning },
      total_tokens: input + output,
    });
  }

  function expectRow(row: RequestRow, stream: boolean): void {
    expect(row).toMatchObject({
      tool: 'codex',
      dialect: 'openai',
      endpoint: 'openai-responses',
      upstream_endpoint: upstreamEndpoint(stream),
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
    const dialect = target.kind === 'chat' ? 'openai' : target.kind;
    const actual = prices.price(target.model, usage, { providerDialect: dialect });
    const baseline = prices.price('gpt-5', usage, { providerDialect: 'openai' });
    expect(actual.costUsd).not.toBeNull();
    expect(baseline.costUsd).not.toBeNull();
    expect(row.cost_usd).toBeCloseTo(actual.costUsd!, 12);
    expect(row.baseline_cost_usd).toBeCloseTo(baseline.costUsd!, 12);
  }

  function expectCalls(output: unknown[]): ParsedCall[] {
    const calls = output.filter(
      (item): item is ParsedCall => (item as { type: string }).type === 'function_call',
    );
    expect(calls.map((call) => call.name)).toEqual(['read_file', 'list_dir']);
    expect(calls.map((call) => JSON.parse(call.arguments) as unknown)).toEqual([
      FAKE_TOOL_ARGS[0],
      FAKE_TOOL_ARGS[1],
    ]);
    expect(calls.every((call) => call.call_id !== '' && call.id !== '')).toBe(true);
    expect(new Set(calls.map((call) => call.call_id)).size).toBe(2);
    return calls;
  }

  const request = {
    model: 'gpt-5',
    instructions: INSTRUCTIONS,
    tools: TOOLS,
    tool_choice: 'auto' as const,
    parallel_tool_calls: true,
    reasoning: { effort: 'medium' as const, summary: 'auto' as const },
    store: false,
    include: ['reasoning.encrypted_content' as const],
    prompt_cache_key: 'codex-session-1',
  };

  it('streams a Codex turn: function calls the SDK assembles, then the answer to their outputs', async () => {
    const events: ResponseStreamEvent[] = [];
    const stream = client.responses.stream({ ...request, input: FIRST_INPUT });
    stream.on('event', (event) => events.push(event));
    const first = await stream.finalResponse();
    expect(first.status).toBe('completed');
    const calls = expectCalls(first.output);
    expect(calls.map((call) => call.parsed_arguments)).toEqual([FAKE_TOOL_ARGS[0], FAKE_TOOL_ARGS[1]]);
    expect(first.output.filter((item) => item.type === 'message')).toEqual([]);
    expectResponsesUsage(first.usage);
    // The stream is well formed: numbered from 0, one created and one completed event.
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events[0]!.type).toBe('response.created');
    expect(events.filter((event) => event.type === 'response.completed')).toHaveLength(1);
    expect(events.at(-1)!.type).toBe('response.completed');
    // Items are announced in output order, and the finished ones are the response's output.
    const added = events.flatMap((event) =>
      event.type === 'response.output_item.added' ? [event.output_index] : [],
    );
    expect(added).toEqual(added.map((_, i) => i));
    const doneItems = events.flatMap((event) =>
      event.type === 'response.output_item.done' ? [event.item] : [],
    );
    expect(doneItems.map((item) => item.id)).toEqual(first.output.map((item) => item.id));
    const argumentDeltas = events.filter((event) => event.type === 'response.function_call_arguments.delta');
    expect(argumentDeltas.length).toBeGreaterThanOrEqual(2);

    const sentFirst = takeUpstreamRequest();
    expectUpstreamCall(sentFirst, true);
    expectFirstTurnUpstream(sentFirst);
    expectRow(await nextRow(), true);

    const texts: string[] = [];
    const answer = client.responses.stream({ ...request, input: secondInput(calls) });
    answer.on('response.output_text.delta', (event) => texts.push(event.delta));
    const second = await answer.finalResponse();
    expect(second.status).toBe('completed');
    expect(second.output_text).toBe(FAKE_TEXT);
    expect(texts.join('')).toBe(FAKE_TEXT);
    expect(second.output.filter((item) => item.type === 'function_call')).toEqual([]);
    expectResponsesUsage(second.usage);

    const sentSecond = takeUpstreamRequest();
    expectUpstreamCall(sentSecond, true);
    expectSecondTurnUpstream(sentSecond, calls);
    expectRow(await nextRow(), true);
  });

  it('answers the same turns without streaming', async () => {
    const first = await client.responses.create({ ...request, input: FIRST_INPUT });
    expect(first.object).toBe('response');
    expect(first.status).toBe('completed');
    const calls = expectCalls(first.output);
    expectResponsesUsage(first.usage);
    const sentFirst = takeUpstreamRequest();
    expectUpstreamCall(sentFirst, false);
    expectFirstTurnUpstream(sentFirst);
    expectRow(await nextRow(), false);

    const second = await client.responses.create({ ...request, input: secondInput(calls) });
    expect(second.output_text).toBe(FAKE_TEXT);
    expect(second.output.map((item) => item.type)).toContain('message');
    expectResponsesUsage(second.usage);
    const sentSecond = takeUpstreamRequest();
    expectUpstreamCall(sentSecond, false);
    expectSecondTurnUpstream(sentSecond, calls);
    expectRow(await nextRow(), false);
  });

  it("replays Claude's signed thinking from encrypted_content to Claude only", async () => {
    const thinking = {
      thinking: 'The entry point is the likely culprit.',
      signature: 'EqQBCkgIBhABGAIiQL-real',
    };
    const response = await client.responses.create({
      ...request,
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: TASK }] },
        {
          type: 'reasoning',
          id: 'rs_claude',
          summary: [{ type: 'summary_text', text: thinking.thinking }],
          encrypted_content: packAnthropicReasoning(thinking),
        },
        {
          type: 'function_call',
          call_id: 'toolu_01prev',
          name: 'read_file',
          arguments: '{"path":"src/index.ts"}',
        },
        { type: 'function_call_output', call_id: 'toolu_01prev', output: OUTPUTS[0]! },
      ],
    });
    expect(response.output_text).toBe(FAKE_TEXT);
    const sent = takeUpstreamRequest();
    expectUpstreamCall(sent, false);
    if (target.kind === 'anthropic') {
      const body = sent.json as {
        thinking?: unknown;
        max_tokens: number;
        messages: Array<{ role: string; content: Array<Record<string, unknown>> }>;
      };
      expect(body.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
      expect(body.messages[1]!.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
      expect(body.messages[1]!.content[0]).toEqual({ type: 'thinking', ...thinking });
      // The loop's assistant turn starts with signed thinking, so thinking can stay on (effort medium).
      expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 8192 });
      expect(body.max_tokens).toBeGreaterThan(8192);
    } else {
      // Only Claude can read a Claude signature; elsewhere neither it nor Farebox's carrier is sent.
      expect(sent.body).not.toContain(thinking.signature);
      expect(sent.body).not.toContain('farebox-anthropic-thinking');
    }
    expectRow(await nextRow(), false);
  });

  it('refuses previous_response_id with an OpenAI-shaped 400 and records it', async () => {
    const error = await client.responses
      .create({ model: 'gpt-5', previous_response_id: 'resp_abc123', input: 'Continue.' })
      .then(
        () => null,
        (thrown: unknown) => thrown,
      );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const badRequest = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(badRequest.status).toBe(400);
    expect(badRequest.message).toContain('previous_response_id');
    expect(badRequest.error).toMatchObject({ type: 'invalid_request_error', message: expect.any(String) });
    expect(upstream.requests).toEqual([]);

    const row = await nextRow();
    expect(row).toMatchObject({
      endpoint: 'openai-responses',
      requested_model: 'gpt-5',
      provider: target.provider,
      rule_id: ruleId,
      status: 400,
      outcome: 'proxy_error',
      input_tokens: 0,
      output_tokens: 0,
    });
    expect(row.error_message).toContain('previous_response_id');
    expect(row.cost_usd).toBe(0);
  });
});
