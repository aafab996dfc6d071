import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../../../electron/core/translate/chat-types';
import { responsesTranslator as responses } from '../../../../../electron/core/translate/responses';
import { CODEX_TOOLS, PATCH } from './codex-fixtures';
import { assembleChat, chunk, makeCtx, parseSse, usageChunk } from './helpers';

const LONG_NAME = 'mcp__atlassian_confluence_cloud_enterprise__search_pages_by_title_and_space_key';

describe('tool names over 64 characters survive the whole trip', () => {
  it('Codex request → chat → Responses upstream → chat → Codex response', () => {
    const ctx = makeCtx();
    const tools = [
      ...CODEX_TOOLS,
      { type: 'function', name: LONG_NAME, parameters: { type: 'object', properties: {} }, strict: false },
    ];
    const chat = responses.requestToChat(
      {
        input: [
          { type: 'message', role: 'user', content: 'find the page' },
          { type: 'function_call', call_id: 'call_1', name: LONG_NAME, arguments: '{"title":"A"}' },
          { type: 'function_call_output', call_id: 'call_1', output: 'none' },
        ],
        tools,
        tool_choice: { type: 'function', name: LONG_NAME },
      },
      ctx,
    );
    // The pivot carries the client's names.
    expect(chat.tools?.map((t) => t.function.name)).toEqual(['shell', 'apply_patch', LONG_NAME]);

    const upstream = responses.requestFromChat(chat, ctx);
    const names = JSON.stringify(upstream).match(/mcp__[A-Za-z0-9_.-]*/g) ?? [];
    expect(names.length).toBe(3); // tool, tool_choice, history call
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(64);
      expect(name).not.toBe(LONG_NAME);
    }
    const short = names[0] ?? '';

    const back = responses.responseToChat(
      {
        status: 'completed',
        output: [{ type: 'function_call', call_id: 'call_2', name: short, arguments: '{"title":"B"}' }],
      },
      ctx,
    );
    expect(back.choices[0]?.message.tool_calls?.[0]?.function.name).toBe(LONG_NAME);
    const client = responses.responseFromChat(back, ctx);
    expect(client.output).toEqual([
      expect.objectContaining({ type: 'function_call', name: LONG_NAME, call_id: 'call_2' }),
    ]);
  });
});

describe('streams survive chat → Responses SSE → chat', () => {
  it('keeps text, reasoning, interleaved calls, custom input and usage', () => {
    const ctx = makeCtx({ customToolNames: new Set(['apply_patch']) });
    const patchArgs = JSON.stringify({ input: PATCH });
    const usage = {
      prompt_tokens: 100,
      completion_tokens: 40,
      total_tokens: 140,
      prompt_tokens_details: { cached_tokens: 60, cache_write_tokens: 20 },
      completion_tokens_details: { reasoning_tokens: 10 },
    };
    const source = [
      chunk({ role: 'assistant', content: '' }),
      chunk({ reasoning_content: 'think' }),
      chunk({ content: 'say' }),
      chunk({
        tool_calls: [
          { index: 0, id: 'c0', type: 'function', function: { name: LONG_NAME, arguments: '{"q"' } },
        ],
      }),
      chunk({
        tool_calls: [
          {
            index: 1,
            id: 'c1',
            type: 'function',
            function: { name: 'apply_patch', arguments: patchArgs.slice(0, 9) },
          },
        ],
      }),
      chunk({
        tool_calls: [
          { index: 0, function: { arguments: ':1}' } },
          { index: 1, function: { arguments: patchArgs.slice(9) } },
        ],
      }),
      chunk({}, 'tool_calls'),
      usageChunk(usage),
    ];
    const out = responses.streamFromChat(ctx);
    const sse = source.map((c) => out.chunk(c)).join('') + out.end();

    const back = responses.streamToChat(makeCtx());
    const chunks = [...parseSse(sse).flatMap((e) => back.event(e.event, e.data)), ...back.end()];
    expect(assembleChat(chunks)).toEqual(assembleChat(source));
  });
});

describe('requestFromChat output is a request requestToChat reads back', () => {
  it('keeps the conversation and options through chat → Responses → chat', () => {
    const chat: ChatRequest = {
      model: 'm',
      messages: [
        { role: 'system', content: 'Sys.' },
        { role: 'user', content: 'Hi' },
        {
          role: 'assistant',
          content: 'Calling.',
          tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 't1', content: 'r' },
      ],
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      tool_choice: 'required',
      max_tokens: 100,
      reasoning_effort: 'low',
      stream: false,
    };
    const again = responses.requestToChat(
      responses.requestFromChat(chat, makeCtx()),
      makeCtx({ upstreamModel: 'm' }),
    );
    expect(again.messages).toEqual(chat.messages);
    expect(again).toMatchObject({
      tool_choice: 'required',
      max_tokens: 100,
      reasoning_effort: 'low',
      stream: false,
    });
    expect(again.tools).toEqual([
      { type: 'function', function: { name: 'f', parameters: { type: 'object' }, strict: false } },
    ]);
  });
});
