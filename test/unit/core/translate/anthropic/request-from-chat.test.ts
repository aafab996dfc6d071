import { describe, expect, it } from 'vitest';
import { anthropicTranslator } from '../../../../../electron/core/translate/anthropic';
import type { ChatMessage, ChatRequest } from '../../../../../electron/core/translate/chat-types';
import { TranslationError } from '../../../../../electron/core/translate/translator';
import { UNSIGNED_THINKING_PREFIX } from '../../../../../electron/core/translate/thinking';
import { claudeCodeRequest, LONG_TOOL_NAME, PNG_BASE64 } from './fixtures';
import { makeContext } from './helpers';

const { requestToChat, requestFromChat } = anthropicTranslator;

function chatRequest(messages: ChatMessage[], extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'claude-sonnet-4-6', messages, ...extra };
}

describe('anthropic requestFromChat', () => {
  it('turns a Claude Code request back into Anthropic through chat', () => {
    const ctx = makeContext({ keepCacheControl: true, upstreamModel: 'claude-opus-4-6' });
    const body = requestFromChat(requestToChat(claudeCodeRequest(), ctx), ctx);
    const shortName = ctx.toolNames.toUpstream(LONG_TOOL_NAME);
    expect(shortName.length).toBeLessThanOrEqual(64);
    expect(body['system']).toEqual(claudeCodeRequest()['system']);
    expect(body['messages']).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: '<system-reminder>Context</system-reminder>' },
          { type: 'text', text: 'Fix the bug shown in this screenshot.' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } },
        ],
      },
      {
        role: 'assistant',
        content: [
          {
            type: 'thinking',
            thinking: 'Let me read the file and search.',
            signature: 'EqQBCkYIBxgCKkDrealsignature',
          },
          { type: 'text', text: 'I will look at the code.' },
          { type: 'tool_use', id: 'toolu_01A', name: 'Read', input: { file_path: '/repo/a.py' } },
          { type: 'tool_use', id: 'toolu_01B', name: 'Grep', input: { pattern: 'def main' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01A', content: [{ type: 'text', text: 'print("hi")' }] },
          {
            type: 'tool_result',
            tool_use_id: 'toolu_01B',
            content: [{ type: 'text', text: 'a.py:1: def main' }],
          },
          { type: 'text', text: 'Image output of tool call toolu_01B:' },
          { type: 'image', source: { type: 'url', url: 'https://example.com/plot.png' } },
          {
            type: 'text',
            text: '<system-reminder>Todo list empty</system-reminder>',
            cache_control: { type: 'ephemeral' },
          },
        ],
      },
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'toolu_01C', name: shortName, input: { q: 'docs' } }],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'toolu_01C',
            content: [{ type: 'text', text: 'Error: Server unavailable' }],
          },
        ],
      },
    ]);
    expect(body['tools']).toEqual([
      {
        name: 'Read',
        description: 'Read a file',
        input_schema: {
          type: 'object',
          properties: { file_path: { type: 'string' } },
          required: ['file_path'],
        },
      },
      {
        name: 'Grep',
        description: 'Search',
        input_schema: { type: 'object', properties: { pattern: { type: 'string' } } },
      },
      {
        name: shortName,
        description: 'An MCP tool',
        input_schema: { type: 'object', properties: { q: { type: 'string' } } },
        cache_control: { type: 'ephemeral' },
      },
    ]);
    expect(body).toMatchObject({
      model: 'claude-opus-4-6',
      max_tokens: 32000,
      temperature: 1,
      stream: true,
      stop_sequences: ['</done>'],
      metadata: { user_id: 'user_abc_session_123' },
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
    });
    // The tool loop in progress has a tool_use turn without signed thinking (it was redacted): no thinking.
    expect(body['thinking']).toBeUndefined();
  });

  it('translates a chat client conversation', () => {
    const ctx = makeContext();
    const body = requestFromChat(
      chatRequest(
        [
          { role: 'system', content: 'You are a coding agent.' },
          { role: 'developer', content: [{ type: 'text', text: 'Be brief.' }] },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in these?' },
              { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/AAA=' } },
              { type: 'image_url', image_url: { url: 'https://example.com/x.png' } },
            ],
          },
          {
            role: 'assistant',
            content: '',
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'shell', arguments: '{"cmd":["ls"]}' } },
              { id: 'call:2/x', type: 'function', function: { name: 'shell', arguments: 'ls -la' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'a.txt' },
          { role: 'tool', tool_call_id: 'call:2/x', content: 'total 0' },
          { role: 'user', content: 'Thanks. Now summarise.' },
        ],
        {
          temperature: 1.7,
          top_p: 0.9,
          stop: 'END',
          user: 'u-1',
          parallel_tool_calls: false,
          tools: [
            {
              type: 'function',
              function: { name: 'shell', description: 'Run', parameters: { properties: {} } },
            },
          ],
        },
      ),
      ctx,
    );
    expect(body['system']).toEqual([
      { type: 'text', text: 'You are a coding agent.' },
      { type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } },
    ]);
    expect(body['messages']).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in these?' },
          { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/AAA=' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/x.png' } },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'call_1', name: 'shell', input: { cmd: ['ls'] } },
          // Invalid JSON arguments are kept, not replaced by {}; the id is made acceptable to Anthropic.
          { type: 'tool_use', id: 'call_2_x', name: 'shell', input: { _raw: 'ls -la' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: [{ type: 'text', text: 'a.txt' }] },
          { type: 'tool_result', tool_use_id: 'call_2_x', content: [{ type: 'text', text: 'total 0' }] },
          { type: 'text', text: 'Thanks. Now summarise.', cache_control: { type: 'ephemeral' } },
        ],
      },
    ]);
    expect(body).toMatchObject({
      max_tokens: 8192,
      temperature: 1,
      stop_sequences: ['END'],
      metadata: { user_id: 'u-1' },
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      tools: [{ name: 'shell', description: 'Run', input_schema: { type: 'object', properties: {} } }],
    });
    expect(body['top_p']).toBeUndefined();
    expect(body['stream_options']).toBeUndefined();
  });

  it('maps tool_choice and shortens tool names everywhere', () => {
    const ctx = makeContext();
    const tools = [{ type: 'function' as const, function: { name: LONG_TOOL_NAME } }];
    const choice = (toolChoice: ChatRequest['tool_choice']) =>
      requestFromChat(
        chatRequest([{ role: 'user', content: 'hi' }], { tools, tool_choice: toolChoice }),
        ctx,
      )['tool_choice'];
    const short = ctx.toolNames.toUpstream(LONG_TOOL_NAME);
    expect(choice('auto')).toEqual({ type: 'auto' });
    expect(choice('required')).toEqual({ type: 'any' });
    expect(choice('none')).toEqual({ type: 'none' });
    expect(choice({ type: 'function', function: { name: LONG_TOOL_NAME } })).toEqual({
      type: 'tool',
      name: short,
    });
  });

  it('enables thinking from reasoning_effort only when Anthropic will accept it', () => {
    const ctx = makeContext();
    const signedLoop: ChatMessage[] = [
      { role: 'user', content: 'fix it' },
      {
        role: 'assistant',
        content: null,
        reasoning_content: 'thinking...',
        reasoning_signature: 'real-signature',
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'Bash', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'ok' },
    ];
    const signed = requestFromChat(
      chatRequest(signedLoop, { reasoning_effort: 'medium', max_tokens: 4000, temperature: 0.2 }),
      ctx,
    );
    expect(signed['thinking']).toEqual({ type: 'enabled', budget_tokens: 8192 });
    expect(signed['max_tokens']).toBe(8192 + 4096);
    expect(signed['temperature']).toBeUndefined();
    expect((signed['messages'] as Array<{ content: unknown[] }>)[1]?.content[0]).toEqual({
      type: 'thinking',
      thinking: 'thinking...',
      signature: 'real-signature',
    });

    // Farebox's marker is not a signature: the thinking is dropped and thinking stays off for this loop.
    const unsignedLoop = structuredClone(signedLoop);
    (unsignedLoop[1] as ChatMessage).reasoning_signature = `${UNSIGNED_THINKING_PREFIX}x`;
    const unsigned = requestFromChat(chatRequest(unsignedLoop, { reasoning_effort: 'high' }), ctx);
    expect(unsigned['thinking']).toBeUndefined();
    expect(JSON.stringify(unsigned['messages'])).not.toContain('thinking');

    // A new user question starts a new turn: the earlier unsigned tool loop no longer matters.
    const newTurn = [
      ...unsignedLoop,
      { role: 'assistant' as const, content: 'done' },
      { role: 'user' as const, content: 'next' },
    ];
    expect(requestFromChat(chatRequest(newTurn, { reasoning_effort: 'low' }), ctx)['thinking']).toEqual({
      type: 'enabled',
      budget_tokens: 1024,
    });

    // Forced tool use and thinking do not mix.
    const forced = requestFromChat(
      chatRequest([{ role: 'user', content: 'x' }], {
        reasoning_effort: 'high',
        tools: [{ type: 'function', function: { name: 'Bash' } }],
        tool_choice: 'required',
      }),
      ctx,
    );
    expect(forced['thinking']).toBeUndefined();
    expect(
      requestFromChat(chatRequest([{ role: 'user', content: 'x' }], { reasoning_effort: 'high' }), ctx),
    ).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: 24576 },
      max_tokens: 24576 + 4096,
    });
  });

  it('keeps explicit cache markers instead of adding its own', () => {
    const body = requestFromChat(
      chatRequest([
        { role: 'system', content: 'sys' },
        {
          role: 'user',
          content: [{ type: 'text', text: 'a', cache_control: { type: 'ephemeral', ttl: '1h' } }],
        },
        { role: 'assistant', content: 'b' },
        { role: 'user', content: 'c' },
      ]),
      makeContext(),
    );
    expect(body['system']).toEqual([{ type: 'text', text: 'sys' }]);
    expect(JSON.stringify(body['messages']).match(/cache_control/g)).toHaveLength(1);
  });

  it('keeps a cache breakpoint on a tool result through the pivot', () => {
    const ctx = makeContext({ keepCacheControl: true });
    const anthropic = {
      messages: [
        { role: 'user', content: 'run it' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'ls' } }],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 't1',
              content: 'a.txt',
              cache_control: { type: 'ephemeral' },
            },
          ],
        },
      ],
    };
    const chat = requestToChat(anthropic, ctx);
    expect(chat.messages[2]).toEqual({
      role: 'tool',
      tool_call_id: 't1',
      content: [{ type: 'text', text: 'a.txt', cache_control: { type: 'ephemeral' } }],
    });
    expect((requestFromChat(chat, ctx)['messages'] as unknown[])[2]).toEqual({
      role: 'user',
      content: [
        {
          type: 'tool_result',
          tool_use_id: 't1',
          content: [{ type: 'text', text: 'a.txt' }],
          cache_control: { type: 'ephemeral' },
        },
      ],
    });
  });

  it('merges same-role turns, drops empty ones and repairs tool pairing', () => {
    const body = requestFromChat(
      chatRequest([
        { role: 'user', content: 'one' },
        { role: 'user', content: 'two' },
        { role: 'assistant', content: '' },
        {
          role: 'assistant',
          content: 'three',
          tool_calls: [{ id: 'x', type: 'function', function: { name: 'f', arguments: '' } }],
        },
        { role: 'tool', tool_call_id: 'nope', content: 'orphan' },
      ]),
      makeContext(),
    );
    expect(body['messages']).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'one' },
          { type: 'text', text: 'two' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'three' },
          { type: 'tool_use', id: 'x', name: 'f', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'x',
            content: [{ type: 'text', text: 'No result was provided for this tool call.' }],
          },
          { type: 'text', text: 'Result of tool call nope:\norphan', cache_control: { type: 'ephemeral' } },
        ],
      },
    ]);
  });

  it('rejects a request with no conversation and survives odd input', () => {
    expect(() =>
      requestFromChat(chatRequest([{ role: 'system', content: 'only system' }]), makeContext()),
    ).toThrow(TranslationError);
    const odd = {
      model: 'm',
      messages: [
        null,
        { role: 'user', content: 5 },
        { role: 'user', content: [{ type: 'image_url' }, 'x'] },
        { role: 'user', content: 'ok' },
      ],
      tools: [null, { type: 'function' }],
      stop: [1, 'S'],
    } as unknown as ChatRequest;
    const body = requestFromChat(odd, makeContext());
    expect(body['messages']).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'ok', cache_control: { type: 'ephemeral' } }] },
    ]);
    expect(body['tools']).toBeUndefined();
    expect(body['stop_sequences']).toEqual(['S']);
  });
});
