import { describe, expect, it } from 'vitest';
import { anthropicTranslator } from '../../../../../electron/core/translate/anthropic';
import { TranslationError } from '../../../../../electron/core/translate/translator';
import { UNSIGNED_THINKING_PREFIX } from '../../../../../electron/core/translate/thinking';
import { claudeCodeRequest, LONG_TOOL_NAME, PNG_BASE64 } from './fixtures';
import { makeContext } from './helpers';

const { requestToChat } = anthropicTranslator;

describe('anthropic requestToChat', () => {
  it('translates a Claude Code conversation into chat messages', () => {
    const chat = requestToChat(claudeCodeRequest(), makeContext());
    expect(chat.messages).toEqual([
      {
        role: 'system',
        content: 'x-anthropic-billing-header: cc_version=2.1\n\nYou are Claude Code.\n\nMain instructions.',
      },
      {
        role: 'user',
        content: [
          { type: 'text', text: '<system-reminder>Context</system-reminder>' },
          { type: 'text', text: 'Fix the bug shown in this screenshot.' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } },
        ],
      },
      {
        role: 'assistant',
        content: 'I will look at the code.',
        reasoning_content: 'Let me read the file and search.',
        reasoning_signature: 'EqQBCkYIBxgCKkDrealsignature',
        tool_calls: [
          {
            id: 'toolu_01A',
            type: 'function',
            function: { name: 'Read', arguments: '{"file_path":"/repo/a.py"}' },
          },
          {
            id: 'toolu_01B',
            type: 'function',
            function: { name: 'Grep', arguments: '{"pattern":"def main"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_01A', content: 'print("hi")' },
      { role: 'tool', tool_call_id: 'toolu_01B', content: 'a.py:1: def main' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Image output of tool call toolu_01B:' },
          { type: 'image_url', image_url: { url: 'https://example.com/plot.png' } },
          { type: 'text', text: '<system-reminder>Todo list empty</system-reminder>' },
        ],
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'toolu_01C',
            type: 'function',
            function: { name: LONG_TOOL_NAME, arguments: '{"q":"docs"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_01C', content: 'Error: Server unavailable' },
    ]);
  });

  it('maps the request options', () => {
    const chat = requestToChat(claudeCodeRequest(), makeContext());
    expect(chat).toMatchObject({
      model: 'upstream-model',
      max_tokens: 32000,
      temperature: 1,
      stream: true,
      stream_options: { include_usage: true },
      stop: ['</done>'],
      user: 'user_abc_session_123',
      tool_choice: 'auto',
      parallel_tool_calls: false,
      reasoning_effort: 'high',
    });
    // The server tool (web_search_20250305) is Anthropic's own and is dropped; names stay the client's.
    expect(chat.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'Read',
          description: 'Read a file',
          parameters: {
            type: 'object',
            properties: { file_path: { type: 'string' } },
            required: ['file_path'],
          },
        },
      },
      {
        type: 'function',
        function: {
          name: 'Grep',
          description: 'Search',
          parameters: { type: 'object', properties: { pattern: { type: 'string' } } },
        },
      },
      {
        type: 'function',
        function: {
          name: LONG_TOOL_NAME,
          description: 'An MCP tool',
          parameters: { type: 'object', properties: { q: { type: 'string' } } },
        },
      },
    ]);
  });

  it('keeps cache_control markers only when the target honours them', () => {
    const chat = requestToChat(claudeCodeRequest(), makeContext({ keepCacheControl: true }));
    expect(chat.messages[0]).toEqual({
      role: 'system',
      content: [
        { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1' },
        { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
        { type: 'text', text: 'Main instructions.', cache_control: { type: 'ephemeral', ttl: '1h' } },
      ],
    });
    expect(chat.messages[5]?.content).toContainEqual({
      type: 'text',
      text: '<system-reminder>Todo list empty</system-reminder>',
      cache_control: { type: 'ephemeral' },
    });
    expect(chat.tools?.[2]?.cache_control).toEqual({ type: 'ephemeral' });
    expect(JSON.stringify(requestToChat(claudeCodeRequest(), makeContext()))).not.toContain('cache_control');
  });

  it('maps thinking budgets and tool_choice variants', () => {
    const effort = (thinking: unknown, extra: Record<string, unknown> = {}) =>
      requestToChat({ messages: [], thinking, ...extra }, makeContext()).reasoning_effort;
    expect(effort({ type: 'enabled', budget_tokens: 1024 })).toBe('low');
    expect(effort({ type: 'enabled', budget_tokens: 1025 })).toBe('medium');
    expect(effort({ type: 'enabled', budget_tokens: 8192 })).toBe('medium');
    expect(effort({ type: 'enabled', budget_tokens: 8193 })).toBe('high');
    expect(effort({ type: 'adaptive' })).toBe('medium');
    expect(effort({ type: 'adaptive' }, { output_config: { effort: 'low' } })).toBe('low');
    expect(effort({ type: 'disabled' })).toBeUndefined();
    expect(effort(undefined)).toBeUndefined();

    const tools = [{ name: 'Bash', input_schema: { type: 'object' } }];
    const choice = (toolChoice: unknown) =>
      requestToChat({ messages: [], tools, tool_choice: toolChoice }, makeContext()).tool_choice;
    expect(choice({ type: 'auto' })).toBe('auto');
    expect(choice({ type: 'any' })).toBe('required');
    expect(choice({ type: 'none' })).toBe('none');
    expect(choice({ type: 'tool', name: 'Bash' })).toEqual({ type: 'function', function: { name: 'Bash' } });
    // Without tools there is nothing to choose from (OpenAI rejects tool_choice without tools).
    expect(
      requestToChat({ messages: [], tool_choice: { type: 'any' } }, makeContext()).tool_choice,
    ).toBeUndefined();
  });

  it('adds placeholder results for unanswered calls and keeps stray results as user text', () => {
    const chat = requestToChat(
      {
        messages: [
          { role: 'user', content: 'go' },
          {
            role: 'assistant',
            content: [
              { type: 'tool_use', id: 'a', name: 'Bash', input: { command: 'ls' } },
              { type: 'tool_use', id: 'b', name: 'Bash', input: { command: 'pwd' } },
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 'b', content: '/repo' },
              { type: 'tool_result', tool_use_id: 'zzz', content: 'stale output' },
              { type: 'text', text: 'stop, do something else' },
            ],
          },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'c', name: 'Bash', input: {} }] },
          { role: 'user', content: 'I interrupted you' },
        ],
      },
      makeContext(),
    );
    expect(
      chat.messages.map((message) => [message.role, message.tool_call_id ?? '', message.content]),
    ).toEqual([
      ['user', '', 'go'],
      ['assistant', '', null],
      ['tool', 'b', '/repo'],
      ['tool', 'a', 'No result was provided for this tool call.'],
      ['user', '', 'Result of tool call zzz:\nstale output'],
      ['user', '', [{ type: 'text', text: 'stop, do something else' }]],
      ['assistant', '', null],
      ['tool', 'c', 'No result was provided for this tool call.'],
      ['user', '', 'I interrupted you'],
    ]);
  });

  it('turns documents into text or a note, and drops Farebox-marked signatures', () => {
    const chat = requestToChat(
      {
        messages: [
          {
            role: 'user',
            content: [
              {
                type: 'document',
                title: 'notes.txt',
                source: { type: 'text', media_type: 'text/plain', data: 'hello' },
              },
              {
                type: 'document',
                source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' },
              },
            ],
          },
          {
            role: 'assistant',
            content: [
              {
                type: 'thinking',
                thinking: 'from another model',
                signature: `${UNSIGNED_THINKING_PREFIX}abc`,
              },
              { type: 'text', text: 'done' },
            ],
          },
        ],
      },
      makeContext(),
    );
    expect(chat.messages[0]?.content).toEqual([
      { type: 'text', text: 'notes.txt\n\nhello' },
      { type: 'text', text: '[A application/pdf document was attached but cannot be passed to this model.]' },
    ]);
    expect(chat.messages[1]).toEqual({
      role: 'assistant',
      content: 'done',
      reasoning_content: 'from another model',
    });
  });

  it('survives odd input and rejects a request without messages', () => {
    expect(() => requestToChat({}, makeContext())).toThrow(TranslationError);
    const chat = requestToChat(
      {
        system: 42,
        messages: [
          null,
          'x',
          { role: 'user', content: [null, { type: 'image', source: {} }, { type: 'text' }] },
          { role: 'bot' },
        ],
        tools: 'nope',
        metadata: [],
        stop_sequences: 'stop',
      },
      makeContext(),
    );
    expect(chat.messages).toEqual([]);
    expect(chat.tools).toBeUndefined();
  });
});
