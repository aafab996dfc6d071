import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../../../../electron/core/translate/chat-types';
import { responsesTranslator } from '../../../../../electron/core/translate/responses';
import { unpackAnthropicReasoning } from '../../../../../electron/core/translate/responses/reasoning-carrier';
import { PATCH } from './codex-fixtures';
import { makeCtx } from './helpers';

const { responseToChat, responseFromChat, requestToChat } = responsesTranslator;

function chatResponse(
  message: ChatResponse['choices'][number]['message'],
  finish: ChatResponse['choices'][number]['finish_reason'],
): ChatResponse {
  return {
    id: 'chatcmpl-9',
    object: 'chat.completion',
    created: 1700000000,
    model: 'claude-sonnet-4-6',
    choices: [{ index: 0, message, finish_reason: finish }],
    usage: {
      prompt_tokens: 1200,
      completion_tokens: 300,
      total_tokens: 1500,
      prompt_tokens_details: { cached_tokens: 1000, cache_write_tokens: 150 },
      completion_tokens_details: { reasoning_tokens: 120 },
    },
  };
}

describe('responses responseFromChat (chat → Codex)', () => {
  it('writes reasoning, text, function and custom calls, and usage', () => {
    const ctx = makeCtx({ customToolNames: new Set(['apply_patch']) });
    const body = responseFromChat(
      chatResponse(
        {
          role: 'assistant',
          content: 'Patching now.',
          reasoning_content: 'The constant is wrong.',
          reasoning_signature: 'sig-xyz',
          tool_calls: [
            { id: 'toolu_1', type: 'function', function: { name: 'shell', arguments: '{"command":["ls"]}' } },
            {
              id: 'toolu_2',
              type: 'function',
              function: { name: 'apply_patch', arguments: JSON.stringify({ input: PATCH }) },
            },
          ],
        },
        'tool_calls',
      ),
      ctx,
    );
    expect(body).toMatchObject({
      object: 'response',
      status: 'completed',
      model: 'gpt-5.5-codex', // echoes what the client asked for
      error: null,
      incomplete_details: null,
      usage: {
        input_tokens: 1200,
        input_tokens_details: { cached_tokens: 1000, cache_write_tokens: 150 },
        output_tokens: 300,
        output_tokens_details: { reasoning_tokens: 120 },
        total_tokens: 1500,
      },
    });
    expect(body.id).toMatch(/^resp_/);
    const output = body.output as Array<Record<string, unknown>>;
    expect(output.map((item) => item.type)).toEqual([
      'reasoning',
      'message',
      'function_call',
      'custom_tool_call',
    ]);
    expect(output[0]).toMatchObject({ summary: [{ type: 'summary_text', text: 'The constant is wrong.' }] });
    expect(output[0]?.id).toMatch(/^rs_/);
    expect(unpackAnthropicReasoning(output[0]?.encrypted_content)).toEqual({
      thinking: 'The constant is wrong.',
      signature: 'sig-xyz',
    });
    expect(output[1]).toMatchObject({
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: 'Patching now.' }],
    });
    expect(output[1]?.id).toMatch(/^msg_/);
    expect(output[2]).toMatchObject({
      call_id: 'toolu_1',
      name: 'shell',
      arguments: '{"command":["ls"]}',
      status: 'completed',
    });
    expect(output[2]?.id).toMatch(/^fc_/);
    expect(output[3]).toMatchObject({ call_id: 'toolu_2', name: 'apply_patch', input: PATCH });
  });

  it('marks a cut-off answer incomplete and keeps unwrapped custom input as raw text', () => {
    const ctx = makeCtx({ customToolNames: new Set(['apply_patch']) });
    const body = responseFromChat(
      chatResponse(
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'c', type: 'function', function: { name: 'apply_patch', arguments: '*** Begin Patch' } },
          ],
        },
        'length',
      ),
      ctx,
    );
    expect(body.status).toBe('incomplete');
    expect(body.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(body.output).toEqual([
      expect.objectContaining({ type: 'custom_tool_call', input: '*** Begin Patch' }),
    ]);
  });

  it('keeps signed thinking with empty text (omitted thinking display)', () => {
    const body = responseFromChat(
      chatResponse(
        { role: 'assistant', content: 'ok', reasoning_content: '', reasoning_signature: 'sig-only' },
        'stop',
      ),
      makeCtx(),
    );
    const reasoning = (body.output as Array<Record<string, unknown>>)[0];
    expect(reasoning).toMatchObject({ type: 'reasoning', summary: [] });
    expect(unpackAnthropicReasoning(reasoning?.encrypted_content)).toEqual({
      thinking: '',
      signature: 'sig-only',
    });
  });

  it('survives a malformed chat body', () => {
    const body = responseFromChat({ choices: 'x' } as unknown as ChatResponse, makeCtx());
    expect(body).toMatchObject({ status: 'completed', output: [], usage: null });
  });
});

describe('responses responseToChat (Responses upstream → chat)', () => {
  const longName = 'mcp__github_enterprise_server__list_pull_requests_with_review_comments_and_status';

  it('reads reasoning, text, calls and usage, restoring long tool names', () => {
    const ctx = makeCtx();
    const short = ctx.toolNames.toUpstream(longName);
    const chat = responseToChat(
      {
        id: 'resp_up',
        object: 'response',
        created_at: 1700000001,
        model: 'gpt-5.5-2026-03-05',
        status: 'completed',
        output: [
          {
            type: 'reasoning',
            id: 'rs_1',
            summary: [
              { type: 'summary_text', text: 'First.' },
              { type: 'summary_text', text: 'Second.' },
            ],
            encrypted_content: 'gAAAA-openai',
          },
          {
            type: 'message',
            id: 'msg_1',
            role: 'assistant',
            content: [{ type: 'output_text', text: 'Listing.' }],
          },
          {
            type: 'function_call',
            id: 'fc_1',
            call_id: 'call_1',
            name: short,
            arguments: '{"state":"open"}',
          },
          { type: 'custom_tool_call', id: 'ctc_1', call_id: 'call_2', name: 'apply_patch', input: PATCH },
          { type: 'web_search_call', id: 'ws_1', status: 'completed' },
        ],
        usage: {
          input_tokens: 900,
          input_tokens_details: { cached_tokens: 512 },
          output_tokens: 120,
          output_tokens_details: { reasoning_tokens: 64 },
          total_tokens: 1020,
        },
      },
      ctx,
    );
    expect(chat).toEqual({
      id: 'resp_up',
      object: 'chat.completion',
      created: 1700000001,
      model: 'gpt-5.5-2026-03-05',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: 'Listing.',
            reasoning_content: 'First.\n\nSecond.',
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: longName, arguments: '{"state":"open"}' } },
              {
                id: 'call_2',
                type: 'function',
                function: { name: 'apply_patch', arguments: JSON.stringify({ input: PATCH }) },
              },
            ],
          },
        },
      ],
      usage: {
        prompt_tokens: 900,
        completion_tokens: 120,
        total_tokens: 1020,
        prompt_tokens_details: { cached_tokens: 512 },
        completion_tokens_details: { reasoning_tokens: 64 },
      },
    });
  });

  it('maps incomplete responses to length or content_filter', () => {
    const base = { output: [{ type: 'message', content: [{ type: 'output_text', text: 'cut' }] }] };
    const length = responseToChat(
      { ...base, status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
      makeCtx(),
    );
    expect(length.choices[0]?.finish_reason).toBe('length');
    const filtered = responseToChat(
      { ...base, status: 'incomplete', incomplete_details: { reason: 'content_filter' } },
      makeCtx(),
    );
    expect(filtered.choices[0]?.finish_reason).toBe('content_filter');
    expect(filtered.model).toBe('upstream-model');
    expect(filtered.usage).toBeUndefined();
  });

  it('separates two message items with a blank line', () => {
    const chat = responseToChat(
      {
        status: 'completed',
        output: [
          { type: 'message', content: [{ type: 'output_text', text: 'Let me check.' }] },
          { type: 'message', content: [{ type: 'output_text', text: 'Done.' }] },
        ],
      },
      makeCtx(),
    );
    expect(chat.choices[0]?.message.content).toBe('Let me check.\n\nDone.');
    expect(chat.choices[0]?.finish_reason).toBe('stop');
  });
});

describe('a Codex turn loop through the pivot', () => {
  it('replays Claude thinking and custom calls byte-exact on the next turn', () => {
    const ctx1 = makeCtx();
    const tools = [
      { type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'x' } },
    ];
    requestToChat({ input: 'fix it', tools }, ctx1);
    const turn1 = responseFromChat(
      chatResponse(
        {
          role: 'assistant',
          content: null,
          reasoning_content: 'Need a patch.',
          reasoning_signature: 'EqQBCkYIBxgCKkD/real+signature==',
          tool_calls: [
            {
              id: 'toolu_9',
              type: 'function',
              function: { name: 'apply_patch', arguments: JSON.stringify({ input: PATCH }) },
            },
          ],
        },
        'tool_calls',
      ),
      ctx1,
    );
    // Codex appends the output items and the tool result to its history and sends everything again.
    const input = [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'fix it' }] },
      ...(turn1.output as unknown[]),
      { type: 'custom_tool_call_output', call_id: 'toolu_9', output: 'Done!' },
    ];
    const turn2 = requestToChat({ input, tools }, makeCtx());
    expect(turn2.messages).toEqual([
      { role: 'user', content: 'fix it' },
      {
        role: 'assistant',
        content: null,
        reasoning_content: 'Need a patch.',
        reasoning_signature: 'EqQBCkYIBxgCKkD/real+signature==',
        tool_calls: [
          {
            id: 'toolu_9',
            type: 'function',
            function: { name: 'apply_patch', arguments: JSON.stringify({ input: PATCH }) },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_9', content: 'Done!' },
    ]);
  });
});
