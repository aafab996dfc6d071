import { describe, expect, it } from 'vitest';
import { anthropicTranslator } from '../../../../../electron/core/translate/anthropic';
import type { ChatChunk } from '../../../../../electron/core/translate/chat-types';
import { LONG_TOOL_NAME } from './fixtures';
import { anthropicEvent, makeContext } from './helpers';

function feed(events: Array<Record<string, unknown>>, ctx = makeContext()): ChatChunk[] {
  const stream = anthropicTranslator.streamToChat(ctx);
  return [...events.flatMap((event) => stream.event(...anthropicEvent(event))), ...stream.end()];
}

/** What a chat client would assemble from the chunks. */
function assemble(chunks: ChatChunk[]) {
  let content = '';
  let reasoning = '';
  let signature = '';
  const calls: Array<{ id: string; name: string; arguments: string }> = [];
  for (const chunk of chunks) {
    for (const choice of chunk.choices) {
      content += choice.delta.content ?? '';
      reasoning += choice.delta.reasoning_content ?? '';
      signature += choice.delta.reasoning_signature ?? '';
      for (const call of choice.delta.tool_calls ?? []) {
        const entry = (calls[call.index] ??= { id: '', name: '', arguments: '' });
        entry.id += call.id ?? '';
        entry.name += call.function?.name ?? '';
        entry.arguments += call.function?.arguments ?? '';
      }
    }
  }
  return { content, reasoning, signature, calls };
}

describe('anthropic streamToChat', () => {
  it('turns a thinking + text + tool_use stream into chat chunks', () => {
    const ctx = makeContext();
    const short = ctx.toolNames.toUpstream(LONG_TOOL_NAME);
    const chunks = feed(
      [
        {
          type: 'message_start',
          message: {
            id: 'msg_01X',
            type: 'message',
            role: 'assistant',
            model: 'claude-sonnet-4-6',
            content: [],
            usage: {
              input_tokens: 9,
              cache_creation_input_tokens: 40,
              cache_read_input_tokens: 15000,
              output_tokens: 1,
            },
          },
        },
        { type: 'ping' },
        { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Need to ' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'list files.' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'EqSig==' } },
        { type: 'content_block_stop', index: 0 },
        { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
        { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Listing.' } },
        { type: 'content_block_stop', index: 1 },
        {
          type: 'content_block_start',
          index: 2,
          content_block: { type: 'tool_use', id: 'toolu_A', name: 'Bash', input: {} },
        },
        {
          type: 'content_block_delta',
          index: 2,
          delta: { type: 'input_json_delta', partial_json: '{"command": "l' },
        },
        {
          type: 'content_block_delta',
          index: 2,
          delta: { type: 'input_json_delta', partial_json: 's -la"}' },
        },
        { type: 'content_block_stop', index: 2 },
        {
          type: 'content_block_start',
          index: 3,
          content_block: { type: 'tool_use', id: 'toolu_B', name: short, input: {} },
        },
        { type: 'content_block_delta', index: 3, delta: { type: 'input_json_delta', partial_json: '' } },
        { type: 'content_block_stop', index: 3 },
        {
          type: 'message_delta',
          delta: { stop_reason: 'tool_use', stop_sequence: null },
          usage: {
            input_tokens: 9,
            cache_read_input_tokens: 15000,
            cache_creation_input_tokens: 40,
            output_tokens: 58,
          },
        },
        { type: 'message_stop' },
      ],
      ctx,
    );
    expect(chunks[0]).toMatchObject({
      id: 'msg_01X',
      model: 'claude-sonnet-4-6',
      choices: [{ delta: { role: 'assistant' } }],
    });
    expect(assemble(chunks)).toEqual({
      content: 'Listing.',
      reasoning: 'Need to list files.',
      signature: 'EqSig==',
      calls: [
        { id: 'toolu_A', name: 'Bash', arguments: '{"command": "ls -la"}' },
        // No input_json_delta at all: the call still gets JSON arguments.
        { id: 'toolu_B', name: LONG_TOOL_NAME, arguments: '{}' },
      ],
    });
    const [finish, usage] = chunks.slice(-2);
    expect(finish?.choices).toEqual([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]);
    expect(usage?.choices).toEqual([]);
    expect(usage?.usage).toEqual({
      prompt_tokens: 15049,
      completion_tokens: 58,
      total_tokens: 15107,
      prompt_tokens_details: { cached_tokens: 15000, cache_write_tokens: 40 },
    });
  });

  it('takes input counts from message_start unless message_delta repeats them', () => {
    const chunks = feed([
      {
        type: 'message_start',
        message: { id: 'm', usage: { input_tokens: 5, cache_read_input_tokens: 100, output_tokens: 1 } },
      },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'hi' } },
      {
        type: 'message_delta',
        delta: { stop_reason: 'max_tokens' },
        usage: { output_tokens: 7, input_tokens: 8 },
      },
    ]);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('length');
    expect(chunks.at(-1)?.usage).toEqual({
      prompt_tokens: 108,
      completion_tokens: 7,
      total_tokens: 115,
      prompt_tokens_details: { cached_tokens: 100, cache_write_tokens: 0 },
    });
  });

  it('maps stop reasons', () => {
    const finish = (stop: string) =>
      feed([
        { type: 'message_start', message: {} },
        { type: 'message_delta', delta: { stop_reason: stop }, usage: {} },
      ]).at(-2)?.choices[0]?.finish_reason;
    expect(finish('end_turn')).toBe('stop');
    expect(finish('stop_sequence')).toBe('stop');
    expect(finish('refusal')).toBe('content_filter');
  });

  it('turns an error event into an error chunk and ignores junk', () => {
    const stream = anthropicTranslator.streamToChat(makeContext());
    expect(stream.event(undefined, 'not json')).toEqual([]);
    expect(
      stream.event(
        'content_block_delta',
        '{"type":"content_block_delta","index":5,"delta":{"type":"input_json_delta","partial_json":"x"}}',
      ),
    ).toEqual([]);
    const [chunk] = stream.event(
      'error',
      '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
    );
    expect(chunk?.error).toEqual({ message: 'Overloaded', type: 'overloaded_error' });
    expect(chunk?.choices).toEqual([]);
    expect(stream.end()).toEqual([]);
  });
});
