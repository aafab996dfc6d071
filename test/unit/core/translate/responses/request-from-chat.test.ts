import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../../../electron/core/translate/chat-types';
import { responsesTranslator } from '../../../../../electron/core/translate/responses';
import { makeCtx } from './helpers';

const { requestFromChat } = responsesTranslator;

/** What the Anthropic translator makes of a Claude Code turn: system, thinking, parallel calls, results. */
function claudeCodeTurn(toolName: string): ChatRequest {
  return {
    model: 'claude-sonnet-4-6',
    stream: true,
    stream_options: { include_usage: true },
    max_tokens: 32000,
    temperature: 1,
    stop: ['\n\nHuman:'],
    reasoning_effort: 'medium',
    user: '{"device_id":"0123456789abcdef0123456789abcdef","session_id":"5f1c2a3b-0000-4000-8000-000000000000"}',
    messages: [
      { role: 'system', content: [{ type: 'text', text: 'You are Claude Code.' }] },
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in the picture and the repo?' },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
        ],
      },
      {
        role: 'assistant',
        content: 'Checking.',
        reasoning_content: 'The user wants two things.',
        reasoning_signature: 'anthropic-sig',
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: toolName, arguments: '{"pattern":"*.ts"}' } },
          { id: 'toolu_2', type: 'function', function: { name: 'Read', arguments: '{"file_path":"a.ts"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'a.ts\nb.ts' },
      { role: 'tool', tool_call_id: 'toolu_2', content: [{ type: 'text', text: 'export {}' }] },
    ],
    tools: [
      {
        type: 'function',
        function: {
          name: toolName,
          description: 'Find files',
          parameters: { type: 'object', properties: {} },
        },
      },
      { type: 'function', function: { name: 'Read', parameters: { type: 'object' }, strict: true } },
    ],
    tool_choice: { type: 'function', function: { name: toolName } },
    parallel_tool_calls: false,
  };
}

describe('responses requestFromChat (chat → a Responses-only upstream)', () => {
  const longName = 'mcp__some_very_long_server_name_for_testing__search_repository_files_by_glob_pattern';

  it('builds a stateless Responses request with instructions, input items and flat tools', () => {
    const ctx = makeCtx({ upstreamModel: 'gpt-5.5' });
    const body = requestFromChat(claudeCodeTurn('Glob'), ctx);
    expect(body).toEqual({
      model: 'gpt-5.5',
      store: false,
      stream: true,
      instructions: 'You are Claude Code.\n\nBe brief.',
      input: [
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is in the picture and the repo?' },
            { type: 'input_image', image_url: 'https://example.com/a.png', detail: 'auto' },
          ],
        },
        // Anthropic-signed thinking cannot be replayed to OpenAI: no reasoning item.
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
        { type: 'function_call', call_id: 'toolu_1', name: 'Glob', arguments: '{"pattern":"*.ts"}' },
        { type: 'function_call', call_id: 'toolu_2', name: 'Read', arguments: '{"file_path":"a.ts"}' },
        { type: 'function_call_output', call_id: 'toolu_1', output: 'a.ts\nb.ts' },
        { type: 'function_call_output', call_id: 'toolu_2', output: 'export {}' },
      ],
      tools: [
        {
          type: 'function',
          name: 'Glob',
          description: 'Find files',
          parameters: { type: 'object', properties: {} },
          strict: false, // Responses would default to strict
        },
        { type: 'function', name: 'Read', parameters: { type: 'object' }, strict: true },
      ],
      tool_choice: { type: 'function', name: 'Glob' },
      parallel_tool_calls: false,
      max_output_tokens: 32000,
      temperature: 1,
      reasoning: { effort: 'medium' },
      // the 100-character user id would exceed OpenAI's 64-character safety_identifier: left out
    });
  });

  it('shortens tool names over 64 characters in tools, tool_choice and history', () => {
    const ctx = makeCtx();
    const body = requestFromChat(claudeCodeTurn(longName), ctx);
    const short = ctx.toolNames.toUpstream(longName);
    expect(short.length).toBeLessThanOrEqual(64);
    expect(short).not.toBe(longName);
    expect((body.tools as Array<{ name: string }>)[0]?.name).toBe(short);
    expect(body.tool_choice).toEqual({ type: 'function', name: short });
    expect((body.input as Array<{ name?: string }>).filter((item) => item.name === short)).toHaveLength(1);
    expect(ctx.toolNames.toClient(short)).toBe(longName);
  });

  it('raises tiny output limits to the upstream minimum and maps JSON output formats', () => {
    const body = requestFromChat(
      {
        model: 'x',
        messages: [{ role: 'user', content: 'quota?' }],
        max_tokens: 1,
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'r', schema: { type: 'object' }, strict: true },
        },
        user: 'short-user',
        prompt_cache_key: 'k1',
      },
      makeCtx(),
    );
    expect(body.max_output_tokens).toBe(16);
    expect(body.text).toEqual({
      format: { type: 'json_schema', name: 'r', schema: { type: 'object' }, strict: true },
    });
    expect(body.safety_identifier).toBe('short-user');
    expect(body.prompt_cache_key).toBe('k1');
    expect(body).not.toHaveProperty('tools');
    expect(body).not.toHaveProperty('instructions');
  });

  it('prefers max_completion_tokens and skips malformed messages and tools', () => {
    const body = requestFromChat(
      {
        model: 'x',
        messages: [null, { role: 'user', content: 'hi' }, { role: 'nobody', content: 'x' }] as never,
        tools: [{ type: 'function' }, null] as never,
        max_tokens: 100,
        max_completion_tokens: 200,
      },
      makeCtx(),
    );
    expect(body.input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
    ]);
    expect(body.max_output_tokens).toBe(200);
    expect(body).not.toHaveProperty('tools');
  });
});
