import { describe, expect, it } from 'vitest';
import { anthropicTranslator } from '../../../../../electron/core/translate/anthropic';
import type { ChatResponse } from '../../../../../electron/core/translate/chat-types';
import { UNSIGNED_THINKING_PREFIX } from '../../../../../electron/core/translate/thinking';
import { LONG_TOOL_NAME } from './fixtures';
import { makeContext } from './helpers';

const { requestToChat, requestFromChat, responseToChat, responseFromChat } = anthropicTranslator;

function chatResponse(
  message: ChatResponse['choices'][number]['message'],
  extra: Partial<ChatResponse> = {},
): ChatResponse {
  return {
    id: 'chatcmpl-9',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-5.4',
    choices: [{ index: 0, message, finish_reason: 'stop' }],
    ...extra,
  };
}

describe('anthropic responseToChat', () => {
  it('translates content, thinking, tool calls and usage, restoring long tool names', () => {
    const ctx = makeContext();
    // The request leg registers the shortened name; the response leg restores it.
    requestFromChat(
      {
        model: 'm',
        messages: [{ role: 'user', content: 'x' }],
        tools: [{ type: 'function', function: { name: LONG_TOOL_NAME } }],
      },
      ctx,
    );
    const short = ctx.toolNames.toUpstream(LONG_TOOL_NAME);
    const chat = responseToChat(
      {
        id: 'msg_01',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-6',
        content: [
          { type: 'thinking', thinking: 'Plan.', signature: 'sig-1' },
          { type: 'text', text: 'Reading both.' },
          { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: 'a' } },
          { type: 'tool_use', id: 'toolu_2', name: short, input: { q: 'x' } },
        ],
        stop_reason: 'tool_use',
        stop_sequence: null,
        usage: {
          input_tokens: 12,
          cache_creation_input_tokens: 300,
          cache_read_input_tokens: 5000,
          output_tokens: 80,
          output_tokens_details: { thinking_tokens: 30 },
        },
      },
      ctx,
    );
    expect(chat).toMatchObject({
      id: 'msg_01',
      object: 'chat.completion',
      model: 'claude-sonnet-4-6',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: 'Reading both.',
            reasoning_content: 'Plan.',
            reasoning_signature: 'sig-1',
            tool_calls: [
              { id: 'toolu_1', type: 'function', function: { name: 'Read', arguments: '{"file_path":"a"}' } },
              { id: 'toolu_2', type: 'function', function: { name: LONG_TOOL_NAME, arguments: '{"q":"x"}' } },
            ],
          },
        },
      ],
      usage: {
        prompt_tokens: 5312,
        completion_tokens: 80,
        total_tokens: 5392,
        prompt_tokens_details: { cached_tokens: 5000, cache_write_tokens: 300 },
        completion_tokens_details: { reasoning_tokens: 30 },
      },
    });
  });

  it('maps stop reasons', () => {
    const finish = (stop: unknown) =>
      responseToChat({ content: [{ type: 'text', text: 'x' }], stop_reason: stop }, makeContext()).choices[0]
        ?.finish_reason;
    expect(finish('end_turn')).toBe('stop');
    expect(finish('stop_sequence')).toBe('stop');
    expect(finish('max_tokens')).toBe('length');
    expect(finish('tool_use')).toBe('tool_calls');
    expect(finish('refusal')).toBe('content_filter');
  });

  it('survives an odd body', () => {
    const chat = responseToChat({ content: 'nope', usage: 3 }, makeContext());
    expect(chat.choices[0]?.message).toEqual({ role: 'assistant', content: '' });
    expect(chat.usage).toBeUndefined();
  });
});

describe('anthropic responseFromChat', () => {
  it('orders thinking, text, tool_use and converts usage', () => {
    const body = responseFromChat(
      chatResponse(
        {
          role: 'assistant',
          content: 'Let me check.',
          reasoning_content: 'User wants files.',
          tool_calls: [
            { id: 'call_a', type: 'function', function: { name: LONG_TOOL_NAME, arguments: '{"q":"docs"}' } },
            { id: 'call.b#1', type: 'function', function: { name: 'Bash', arguments: '{"command": "ls' } },
          ],
        },
        {
          usage: {
            prompt_tokens: 1000,
            completion_tokens: 50,
            total_tokens: 1050,
            prompt_tokens_details: { cached_tokens: 600, cache_write_tokens: 100 },
          },
        },
      ),
      makeContext(),
    );
    expect(body['id']).toMatch(/^msg_[0-9a-f]+$/);
    const content = body['content'] as Array<Record<string, unknown>>;
    expect(String(content[0]?.['signature'])).toMatch(new RegExp(`^${UNSIGNED_THINKING_PREFIX}`));
    expect(body).toEqual({
      id: body['id'],
      type: 'message',
      role: 'assistant',
      model: 'gpt-5.4',
      content: [
        { type: 'thinking', thinking: 'User wants files.', signature: content[0]?.['signature'] },
        { type: 'text', text: 'Let me check.' },
        { type: 'tool_use', id: 'call_a', name: LONG_TOOL_NAME, input: { q: 'docs' } },
        { type: 'tool_use', id: 'call_b_1', name: 'Bash', input: { _raw: '{"command": "ls' } },
      ],
      // finish_reason "stop" with tool calls: the client must still run them.
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 300,
        cache_read_input_tokens: 600,
        cache_creation_input_tokens: 100,
        output_tokens: 50,
      },
    });
  });

  it('keeps a real signature and maps finish reasons', () => {
    const signed = responseFromChat(
      chatResponse({
        role: 'assistant',
        content: 'x',
        reasoning_content: 'r',
        reasoning_signature: 'sig-real',
      }),
      makeContext(),
    );
    expect((signed['content'] as unknown[])[0]).toEqual({
      type: 'thinking',
      thinking: 'r',
      signature: 'sig-real',
    });

    const stop = (finish: ChatResponse['choices'][number]['finish_reason']) => {
      const response = chatResponse({ role: 'assistant', content: 'x' });
      (response.choices[0] as { finish_reason: unknown }).finish_reason = finish;
      return responseFromChat(response, makeContext())['stop_reason'];
    };
    expect(stop('stop')).toBe('end_turn');
    expect(stop('length')).toBe('max_tokens');
    expect(stop('tool_calls')).toBe('tool_use');
    expect(stop('content_filter')).toBe('refusal');
  });

  it('survives an odd body', () => {
    const body = responseFromChat({ choices: 'x', model: 7 } as unknown as ChatResponse, makeContext());
    expect(body).toMatchObject({
      model: 'claude-sonnet-4-6',
      content: [],
      stop_reason: 'end_turn',
      usage: {
        input_tokens: 0,
        cache_read_input_tokens: 0,
        cache_creation_input_tokens: 0,
        output_tokens: 0,
      },
    });
  });

  it('round-trips a long tool name: request shortens it, response restores it', () => {
    const ctx = makeContext();
    const chat = requestToChat(
      {
        messages: [{ role: 'user', content: 'search' }],
        tools: [{ name: LONG_TOOL_NAME, input_schema: { type: 'object' } }],
      },
      ctx,
    );
    const upstream = requestFromChat(chat, ctx);
    const upstreamName = (upstream['tools'] as Array<{ name: string }>)[0]?.name ?? '';
    expect(upstreamName).not.toBe(LONG_TOOL_NAME);
    expect(upstreamName.length).toBeLessThanOrEqual(64);
    const back = responseToChat(
      {
        content: [{ type: 'tool_use', id: 'toolu_9', name: upstreamName, input: { q: 1 } }],
        stop_reason: 'tool_use',
      },
      ctx,
    );
    const client = responseFromChat(back, ctx);
    expect(client['content']).toEqual([
      { type: 'tool_use', id: 'toolu_9', name: LONG_TOOL_NAME, input: { q: 1 } },
    ]);
  });
});
