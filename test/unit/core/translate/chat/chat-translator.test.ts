import { describe, expect, it } from 'vitest';
import { chatTranslator } from '../../../../../electron/core/translate/chat';
import type { ChatChunk, ChatRequest } from '../../../../../electron/core/translate/chat-types';
import { ToolNameMap } from '../../../../../electron/core/translate/tool-names';
import type { TranslateContext } from '../../../../../electron/core/translate/translator';

const LONG_NAME = 'mcp__filesystem__read_text_file_with_a_very_long_descriptive_name_that_exceeds_limits';

function context(overrides: Partial<TranslateContext> = {}): TranslateContext {
  return {
    requestedModel: 'claude-sonnet-4-5',
    upstreamModel: 'qwen3-coder',
    toolNames: new ToolNameMap(),
    keepCacheControl: false,
    clientWantsStreamUsage: false,
    geminiSse: false,
    customToolNames: new Set(),
    ...overrides,
  };
}

function request(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'claude-sonnet-4-5',
    messages: [
      {
        role: 'system',
        content: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      },
      { role: 'user', content: 'Read it.' },
      {
        role: 'assistant',
        content: null,
        reasoning_content: 'thinking',
        reasoning_signature: 'sig',
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: LONG_NAME, arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'ok' },
    ],
    tools: [{ type: 'function', function: { name: LONG_NAME, parameters: { type: 'object' } } }],
    tool_choice: { type: 'function', function: { name: LONG_NAME } },
    stream: true,
    max_tokens: 32000,
    temperature: 0.5,
    user: '{"device_id":"' + 'a'.repeat(64) + '","session_id":"x"}',
    ...overrides,
  };
}

describe('chat request for a chat upstream', () => {
  it('drops Farebox’s own fields, shortens long tool names everywhere and asks for stream usage', () => {
    const ctx = context();
    const out = chatTranslator.requestFromChat(request(), ctx) as Record<string, unknown>;
    const messages = out.messages as Array<Record<string, unknown>>;
    expect(messages[2]).not.toHaveProperty('reasoning_content');
    expect(messages[2]).not.toHaveProperty('reasoning_signature');
    expect(JSON.stringify(out)).not.toContain('cache_control');
    const short = ctx.toolNames.toUpstream(LONG_NAME);
    expect(short.length).toBeLessThanOrEqual(64);
    expect((out.tools as Array<{ function: { name: string } }>)[0]!.function.name).toBe(short);
    expect(out.tool_choice).toEqual({ type: 'function', function: { name: short } });
    expect((messages[2]!.tool_calls as Array<{ function: { name: string } }>)[0]!.function.name).toBe(short);
    expect(out.stream_options).toEqual({ include_usage: true });
    expect(out.model).toBe('qwen3-coder');
    // Claude Code's JSON user id is longer than OpenAI accepts: left out rather than failing the request.
    expect(out).not.toHaveProperty('user');
    expect(out.max_tokens).toBe(32000);
  });

  it('keeps cache_control where the target honours it', () => {
    const out = chatTranslator.requestFromChat(request(), context({ keepCacheControl: true }));
    expect(JSON.stringify(out)).toContain('"cache_control":{"type":"ephemeral"}');
  });

  it('adapts requests for OpenAI reasoning models: max_completion_tokens, default sampling', () => {
    for (const model of ['gpt-5-mini', 'openai/gpt-5.1', 'o3', 'o4-mini']) {
      const out = chatTranslator.requestFromChat(request(), context({ upstreamModel: model }));
      expect(out, model).toMatchObject({ max_completion_tokens: 32000 });
      expect(out, model).not.toHaveProperty('max_tokens');
      expect(out, model).not.toHaveProperty('temperature');
    }
    const other = chatTranslator.requestFromChat(request(), context({ upstreamModel: 'gpt-4o-mini' }));
    expect(other).toMatchObject({ max_tokens: 32000, temperature: 0.5 });
  });

  it('sends no stream_options on a non-streaming request', () => {
    const out = chatTranslator.requestFromChat(
      request({ stream: false, stream_options: { include_usage: true } }),
      context(),
    );
    expect(out).not.toHaveProperty('stream_options');
  });
});

describe('chat stream from a chat upstream', () => {
  it('restores shortened tool names, maps OpenRouter’s reasoning field and turns error chunks into errors', () => {
    const ctx = context();
    const short = ctx.toolNames.toUpstream(LONG_NAME);
    const stream = chatTranslator.streamToChat(ctx);
    const [chunk] = stream.event(
      undefined,
      JSON.stringify({
        id: 'c1',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'qwen3-coder',
        choices: [
          {
            index: 0,
            delta: {
              reasoning: 'hmm',
              tool_calls: [{ index: 0, id: 'call_9', function: { name: short, arguments: '' } }],
            },
            finish_reason: null,
          },
        ],
      }),
    );
    expect(chunk!.choices[0]!.delta.tool_calls![0]!.function!.name).toBe(LONG_NAME);
    expect(chunk!.choices[0]!.delta.reasoning_content).toBe('hmm');
    expect(stream.event(undefined, '[DONE]')).toEqual([]);
    expect(stream.event(undefined, 'not json')).toEqual([]);
    const [error] = stream.event(undefined, JSON.stringify({ error: { message: 'overloaded' } }));
    expect(error!.error).toEqual({ message: 'overloaded' });
  });
});

describe('chat stream for a chat client', () => {
  const usageChunk: ChatChunk = {
    id: 'c1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [],
    usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 },
  };
  const textChunk: ChatChunk = {
    id: 'c1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta: { content: 'Hi', reasoning_signature: 'sig' }, finish_reason: null }],
    usage: null,
  };

  it('drops the usage chunk the client did not ask for, and Farebox’s own fields', () => {
    const stream = chatTranslator.streamFromChat(context());
    const text = stream.chunk(structuredClone(textChunk));
    expect(text).toBe(
      `data: ${JSON.stringify({ ...textChunk, choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }], usage: undefined })}\n\n`,
    );
    expect(stream.chunk(structuredClone(usageChunk))).toBe('');
    expect(stream.end()).toBe('data: [DONE]\n\n');
  });

  it('keeps the usage chunk when the client asked for include_usage', () => {
    const stream = chatTranslator.streamFromChat(context({ clientWantsStreamUsage: true }));
    expect(stream.chunk(structuredClone(usageChunk))).toContain('"prompt_tokens":10');
  });

  it('writes errors as OpenAI error objects', () => {
    const stream = chatTranslator.streamFromChat(context());
    expect(JSON.parse(stream.error('cut').slice(6))).toMatchObject({
      error: { message: 'cut', type: 'server_error' },
    });
  });
});
