import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPriceBook } from '../../../electron/core/economics/price-book';
import {
  FAKE_TEXT,
  FAKE_TOOL_ARGS,
  FAKE_USAGE,
  startFakeUpstream,
  type FakeUpstream,
} from '../../helpers/fake-upstream';
import { startTestProxy, type TestProxy } from '../../helpers/start-proxy';

// One rule: Claude Code's claude-* traffic is answered by a cheaper OpenAI-dialect model.
let upstream: FakeUpstream;
let proxy: TestProxy;
let client: Anthropic;

const TOOLS: Anthropic.Tool[] = [
  {
    name: 'Read',
    description: 'Read a file',
    input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
  },
  {
    name: 'mcp__filesystem__read_text_file_with_a_very_long_descriptive_name_that_exceeds_limits',
    description: 'An MCP tool whose name is longer than OpenAI accepts',
    input_schema: { type: 'object', properties: { path: { type: 'string' } } },
  },
];
const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

beforeAll(async () => {
  upstream = await startFakeUpstream();
  upstream.setDefaultContent('auto');
  proxy = await startTestProxy(upstream.url, {
    providers: [
      { id: 'anthropic', dialect: 'anthropic', baseUrl: upstream.url },
      { id: 'openai', dialect: 'openai', baseUrl: upstream.url },
      { id: 'gemini', dialect: 'gemini', baseUrl: upstream.url },
      { id: 'cheap', dialect: 'openai', baseUrl: `${upstream.url}/v1`, apiKey: 'sk-cheap-provider-key' },
    ],
    rules: [
      {
        id: 'claude-to-cheap',
        name: 'Claude Code on a cheaper model',
        when: { tools: ['claude-code'], models: ['claude-*'] },
        then: { route: { provider: 'cheap', model: 'gpt-5-mini' } },
        tags: ['substitution'],
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
  await upstream.close();
});
beforeEach(() => {
  upstream.requests.length = 0;
});

function lastUpstreamJson(): Record<string, unknown> {
  return upstream.requests.at(-1)!.json as Record<string, unknown>;
}

describe('Anthropic client served by an OpenAI chat model', () => {
  it('streams two tool calls the SDK assembles with parsed inputs, and records the substitution', async () => {
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 2048,
      system: [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } }],
      tools: TOOLS,
      messages: [{ role: 'user', content: 'Read the entry point and the package file.' }],
    });
    const message = await stream.finalMessage();
    const toolUses = message.content.filter((block) => block.type === 'tool_use');
    expect(toolUses.map((block) => block.name)).toEqual([TOOLS[0]!.name, TOOLS[1]!.name]);
    expect(toolUses.map((block) => block.input)).toEqual([FAKE_TOOL_ARGS[0], FAKE_TOOL_ARGS[1]]);
    expect(message.stop_reason).toBe('tool_use');
    // Usage in Anthropic's convention: uncached input excludes the cached part.
    const chat = FAKE_USAGE.openaiChat;
    expect(message.usage).toMatchObject({
      input_tokens: chat.prompt_tokens - chat.prompt_tokens_details.cached_tokens,
      cache_read_input_tokens: chat.prompt_tokens_details.cached_tokens,
      output_tokens: chat.completion_tokens,
    });

    const sent = upstream.requests.at(-1)!;
    expect(sent.url).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-cheap-provider-key');
    expect(sent.headers['x-api-key']).toBeUndefined();
    const body = sent.json as {
      model: string;
      messages: Array<{ role: string }>;
      tools: Array<{ function: { name: string } }>;
    };
    expect(body.model).toBe('gpt-5-mini');
    expect(body.messages[0]!.role).toBe('system');
    // The long MCP name is shortened for OpenAI and restored for the client.
    expect(body.tools[1]!.function.name.length).toBeLessThanOrEqual(64);

    const row = (await proxy.waitForRows(1)).at(-1)!;
    expect(row).toMatchObject({
      tool: 'claude-code',
      dialect: 'anthropic',
      endpoint: 'anthropic-messages',
      upstream_endpoint: 'openai-chat',
      provider: 'cheap',
      requested_model: 'claude-sonnet-4-5',
      served_model: 'gpt-5-mini',
      rule_id: 'claude-to-cheap',
      outcome: 'ok',
      input_tokens: chat.prompt_tokens - chat.prompt_tokens_details.cached_tokens,
      cache_read_tokens: chat.prompt_tokens_details.cached_tokens,
      output_tokens: chat.completion_tokens,
      reasoning_tokens: chat.completion_tokens_details.reasoning_tokens,
    });
    const prices = createPriceBook({ overrides: {} });
    const usage = {
      inputTokens: row.input_tokens,
      cacheReadTokens: row.cache_read_tokens,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
      outputTokens: row.output_tokens,
      reasoningTokens: row.reasoning_tokens,
    };
    const actual = prices.price('gpt-5-mini', usage, { providerDialect: 'openai' });
    const baseline = prices.price('claude-sonnet-4-5', usage, { providerDialect: 'anthropic' });
    expect(row.cost_usd).toBeCloseTo(actual.costUsd!, 12);
    expect(row.baseline_cost_usd).toBeCloseTo(baseline.costUsd!, 12);
    expect(row.baseline_cost_usd!).toBeGreaterThan(row.cost_usd!);
    expect(JSON.parse(row.attempts!)).toEqual([
      expect.objectContaining({
        provider: 'cheap',
        model: 'gpt-5-mini',
        endpoint: 'openai-chat',
        status: 200,
        result: 'ok',
      }),
    ]);
    expect(JSON.parse(row.tags!)).toEqual(['substitution']);
  });

  it('carries a multi-turn tool loop: tool results, an image and thinking reach the chat model in order', async () => {
    const first = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 2048,
      tools: TOOLS,
      messages: [{ role: 'user', content: 'Read both files.' }],
    });
    const calls = first.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
    expect(calls).toHaveLength(2);
    expect(calls[1]!.name).toBe(TOOLS[1]!.name);

    const second = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 2048,
      tools: TOOLS,
      messages: [
        { role: 'user', content: 'Read both files.' },
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: calls[0]!.id, content: 'export const x = 1;' },
            {
              type: 'tool_result',
              tool_use_id: calls[1]!.id,
              content: [{ type: 'text', text: '{"name":"demo"}' }],
            },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1X1 } },
            { type: 'text', text: 'And here is a screenshot.' },
          ],
        },
      ],
    });
    expect(second.content).toEqual([expect.objectContaining({ type: 'text', text: FAKE_TEXT })]);
    expect(second.stop_reason).toBe('end_turn');

    const messages = lastUpstreamJson().messages as Array<Record<string, unknown>>;
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'tool', 'user']);
    const assistant = messages[1] as { tool_calls: Array<{ id: string; function: { arguments: string } }> };
    expect(assistant.tool_calls.map((c) => c.id)).toEqual(calls.map((c) => c.id));
    expect(JSON.parse(assistant.tool_calls[0]!.function.arguments)).toEqual(FAKE_TOOL_ARGS[0]);
    expect(messages[2]).toMatchObject({ tool_call_id: calls[0]!.id, content: 'export const x = 1;' });
    expect(JSON.stringify(messages[4])).toContain('data:image/png;base64,');
  });

  it('never replays a made-up thinking signature to Anthropic', async () => {
    // A turn answered by another model carries Farebox's unsigned marker; sent to Claude (no rule for
    // this tool), the marked block is removed while real signed thinking stays.
    const direct = new Anthropic({
      baseURL: `${proxy.url}/t/other-tool`,
      apiKey: 'sk-ant-client-key',
      maxRetries: 0,
    });
    await direct.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 2048,
      messages: [
        { role: 'user', content: 'Hi' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'from another model', signature: 'farebox-unsigned:x' },
            { type: 'thinking', thinking: 'from Claude', signature: 'EqQBCkYIBhgCIkB-real' },
            { type: 'text', text: 'Hello' },
          ],
        },
        { role: 'user', content: 'Go on' },
      ],
    });
    const sent = lastUpstreamJson().messages as Array<{ content: unknown }>;
    const blocks = sent[1]!.content as Array<{ type: string; signature?: string }>;
    expect(blocks.map((b) => b.signature ?? b.type)).toEqual(['EqQBCkYIBhgCIkB-real', 'text']);
  });

  it('sends requests where they are addressed while routing is paused', async () => {
    proxy.core.setRoutingPaused(true);
    try {
      await client.messages.create({
        model: 'claude-sonnet-4-5',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'Hi' }],
      });
      expect(upstream.requests.at(-1)!.url).toBe('/v1/messages');
      const row = (await proxy.waitForRows(1)).at(-1)!;
      expect(row).toMatchObject({ provider: 'anthropic', served_model: 'claude-sonnet-4-5', rule_id: null });
    } finally {
      proxy.core.setRoutingPaused(false);
    }
    await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(upstream.requests.at(-1)!.url).toBe('/v1/chat/completions');
  });

  it('answers count_tokens itself when the messages go to another vendor', async () => {
    const counted = await client.messages.countTokens({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'x'.repeat(400) }],
    });
    expect(counted.input_tokens).toBe(100);
    expect(upstream.requests).toHaveLength(0);
  });

  it('streams plain text and ends with the usage the client expects', async () => {
    const stream = client.messages.stream({
      model: 'claude-haiku-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const message = await stream.finalMessage();
    expect(texts.join('')).toBe(FAKE_TEXT);
    expect(texts.length).toBeGreaterThan(1);
    expect(message.stop_reason).toBe('end_turn');
  });
});
