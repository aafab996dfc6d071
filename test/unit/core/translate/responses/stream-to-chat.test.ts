import { describe, expect, it } from 'vitest';
import type { ChatChunk } from '../../../../../electron/core/translate/chat-types';
import { responsesTranslator } from '../../../../../electron/core/translate/responses';
import type { TranslateContext } from '../../../../../electron/core/translate/translator';
import { PATCH } from './codex-fixtures';
import { assembleChat, makeCtx, responsesSse, type SseEvent } from './helpers';

function run(events: SseEvent[], ctx: TranslateContext = makeCtx()): ChatChunk[] {
  const stream = responsesTranslator.streamToChat(ctx);
  return [...events.flatMap((e) => stream.event(e.event, e.data)), ...stream.end()];
}

const response = (status: string, extra: Record<string, unknown> = {}) => ({
  id: 'resp_up',
  object: 'response',
  created_at: 1700000002,
  model: 'gpt-5.5',
  status,
  output: [],
  ...extra,
});

const USAGE = {
  input_tokens: 900,
  input_tokens_details: { cached_tokens: 512 },
  output_tokens: 120,
  output_tokens_details: { reasoning_tokens: 64 },
  total_tokens: 1020,
};

describe('responses streamToChat (Responses upstream events → chat chunks)', () => {
  const longName = 'mcp__filesystem_server_with_a_long_name__read_multiple_text_files_at_once_v2';

  it('turns a full OpenAI stream into chat chunks a chat client assembles', () => {
    const ctx = makeCtx();
    const short = ctx.toolNames.toUpstream(longName);
    const chunks = run(
      responsesSse([
        { type: 'response.created', response: response('in_progress') },
        { type: 'response.in_progress', response: response('in_progress') },
        {
          type: 'response.output_item.added',
          output_index: 0,
          item: { type: 'reasoning', id: 'rs_1', summary: [] },
        },
        {
          type: 'response.reasoning_summary_part.added',
          item_id: 'rs_1',
          output_index: 0,
          summary_index: 0,
          part: { type: 'summary_text', text: '' },
        },
        {
          type: 'response.reasoning_summary_text.delta',
          item_id: 'rs_1',
          output_index: 0,
          summary_index: 0,
          delta: 'Plan: ',
        },
        {
          type: 'response.reasoning_summary_text.delta',
          item_id: 'rs_1',
          output_index: 0,
          summary_index: 0,
          delta: 'read.',
        },
        {
          type: 'response.reasoning_summary_part.added',
          item_id: 'rs_1',
          output_index: 0,
          summary_index: 1,
          part: { type: 'summary_text', text: '' },
        },
        {
          type: 'response.reasoning_summary_text.delta',
          item_id: 'rs_1',
          output_index: 0,
          summary_index: 1,
          delta: 'Then answer.',
        },
        {
          type: 'response.output_item.done',
          output_index: 0,
          item: { type: 'reasoning', id: 'rs_1', summary: [] },
        },
        {
          type: 'response.output_item.added',
          output_index: 1,
          item: { type: 'message', id: 'msg_1', role: 'assistant', content: [] },
        },
        {
          type: 'response.output_text.delta',
          item_id: 'msg_1',
          output_index: 1,
          content_index: 0,
          delta: 'Reading ',
        },
        {
          type: 'response.output_text.delta',
          item_id: 'msg_1',
          output_index: 1,
          content_index: 0,
          delta: 'files.',
        },
        {
          type: 'response.output_text.done',
          item_id: 'msg_1',
          output_index: 1,
          content_index: 0,
          text: 'Reading files.',
        },
        {
          type: 'response.output_item.added',
          output_index: 2,
          item: { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: short, arguments: '' },
        },
        {
          type: 'response.function_call_arguments.delta',
          item_id: 'fc_1',
          output_index: 2,
          delta: '{"paths":',
        },
        {
          type: 'response.output_item.added',
          output_index: 3,
          item: { type: 'function_call', id: 'fc_2', call_id: 'call_2', name: 'shell', arguments: '' },
        },
        {
          type: 'response.function_call_arguments.delta',
          item_id: 'fc_2',
          output_index: 3,
          delta: '{"command":["ls"]}',
        },
        {
          type: 'response.function_call_arguments.delta',
          item_id: 'fc_1',
          output_index: 2,
          delta: '["a","b"]}',
        },
        {
          type: 'response.function_call_arguments.done',
          item_id: 'fc_1',
          output_index: 2,
          arguments: '{"paths":["a","b"]}',
        },
        {
          type: 'response.output_item.done',
          output_index: 2,
          item: {
            type: 'function_call',
            id: 'fc_1',
            call_id: 'call_1',
            name: short,
            arguments: '{"paths":["a","b"]}',
          },
        },
        // A server that skips the deltas of the last call and only reports the complete arguments.
        {
          type: 'response.output_item.added',
          output_index: 4,
          item: { type: 'function_call', id: 'fc_3', call_id: 'call_3', name: 'shell', arguments: '' },
        },
        {
          type: 'response.function_call_arguments.done',
          item_id: 'fc_3',
          output_index: 4,
          arguments: '{"command":["pwd"]}',
        },
        {
          type: 'response.output_item.done',
          output_index: 3,
          item: {
            type: 'function_call',
            id: 'fc_2',
            call_id: 'call_2',
            name: 'shell',
            arguments: '{"command":["ls"]}',
          },
        },
        {
          type: 'response.output_item.done',
          output_index: 4,
          item: {
            type: 'function_call',
            id: 'fc_3',
            call_id: 'call_3',
            name: 'shell',
            arguments: '{"command":["pwd"]}',
          },
        },
        { type: 'response.completed', response: response('completed', { usage: USAGE }) },
      ]),
      ctx,
    );
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks.every((c) => c.id === 'resp_up' && c.model === 'gpt-5.5')).toBe(true);
    expect(assembleChat(chunks)).toEqual({
      role: 'assistant',
      content: 'Reading files.',
      reasoning: 'Plan: read.\n\nThen answer.',
      toolCalls: [
        { id: 'call_1', name: longName, arguments: '{"paths":["a","b"]}' },
        { id: 'call_2', name: 'shell', arguments: '{"command":["ls"]}' },
        { id: 'call_3', name: 'shell', arguments: '{"command":["pwd"]}' },
      ],
      finish: 'tool_calls',
      usage: {
        prompt_tokens: 900,
        completion_tokens: 120,
        total_tokens: 1020,
        prompt_tokens_details: { cached_tokens: 512 },
        completion_tokens_details: { reasoning_tokens: 64 },
      },
    });
    // The chat convention: finish chunk, then a usage chunk with no choices.
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)?.choices).toEqual([]);
    // Tool indexes count calls, not output items.
    const starts = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []).filter((t) => t.id);
    expect(starts.map((t) => t.index)).toEqual([0, 1, 2]);
  });

  it('sends a custom call as one {"input": …} arguments fragment when its item is done', () => {
    const chunks = run(
      responsesSse([
        { type: 'response.created', response: response('in_progress') },
        {
          type: 'response.output_item.added',
          output_index: 0,
          item: { type: 'custom_tool_call', id: 'ctc_1', call_id: 'call_p', name: 'apply_patch', input: '' },
        },
        {
          type: 'response.custom_tool_call_input.delta',
          item_id: 'ctc_1',
          output_index: 0,
          delta: PATCH.slice(0, 20),
        },
        {
          type: 'response.custom_tool_call_input.delta',
          item_id: 'ctc_1',
          output_index: 0,
          delta: PATCH.slice(20),
        },
        { type: 'response.custom_tool_call_input.done', item_id: 'ctc_1', output_index: 0, input: PATCH },
        {
          type: 'response.output_item.done',
          output_index: 0,
          item: {
            type: 'custom_tool_call',
            id: 'ctc_1',
            call_id: 'call_p',
            name: 'apply_patch',
            input: PATCH,
          },
        },
        { type: 'response.completed', response: response('completed') },
      ]),
    );
    const assembled = assembleChat(chunks);
    expect(assembled.toolCalls).toEqual([
      { id: 'call_p', name: 'apply_patch', arguments: JSON.stringify({ input: PATCH }) },
    ]);
    expect(assembled.finish).toBe('tool_calls');
    expect(assembled.usage).toBeUndefined();
  });

  it('separates two message items with a blank line', () => {
    const chunks = run(
      responsesSse([
        { type: 'response.created', response: response('in_progress') },
        {
          type: 'response.output_item.added',
          output_index: 0,
          item: { type: 'message', id: 'm1', content: [] },
        },
        {
          type: 'response.output_text.delta',
          item_id: 'm1',
          output_index: 0,
          content_index: 0,
          delta: 'Let me check.',
        },
        {
          type: 'response.output_item.added',
          output_index: 1,
          item: { type: 'message', id: 'm2', content: [] },
        },
        {
          type: 'response.output_text.delta',
          item_id: 'm2',
          output_index: 1,
          content_index: 0,
          delta: 'Done.',
        },
        { type: 'response.completed', response: response('completed') },
      ]),
    );
    expect(assembleChat(chunks)).toMatchObject({ content: 'Let me check.\n\nDone.', finish: 'stop' });
  });

  it('maps response.incomplete to length', () => {
    const chunks = run(
      responsesSse([
        { type: 'response.created', response: response('in_progress') },
        {
          type: 'response.output_text.delta',
          item_id: 'm',
          output_index: 0,
          content_index: 0,
          delta: 'Once upon',
        },
        {
          type: 'response.incomplete',
          response: response('incomplete', {
            incomplete_details: { reason: 'max_output_tokens' },
            usage: USAGE,
          }),
        },
      ]),
    );
    expect(assembleChat(chunks)).toMatchObject({
      content: 'Once upon',
      finish: 'length',
      usage: { prompt_tokens: 900 },
    });
  });

  it('turns response.failed and error events into an error chunk and stops there', () => {
    const failed = run(
      responsesSse([
        { type: 'response.created', response: response('in_progress') },
        { type: 'response.output_text.delta', item_id: 'm', output_index: 0, content_index: 0, delta: 'Hi' },
        {
          type: 'response.failed',
          response: response('failed', { error: { code: 'server_error', message: 'The model crashed.' } }),
        },
        {
          type: 'response.output_text.delta',
          item_id: 'm',
          output_index: 0,
          content_index: 0,
          delta: 'late',
        },
      ]),
    );
    expect(failed.at(-1)).toMatchObject({
      choices: [],
      error: { message: 'The model crashed.', type: 'server_error' },
    });
    expect(assembleChat(failed).content).toBe('Hi');

    const errored = run([
      {
        event: 'error',
        data: JSON.stringify({
          type: 'error',
          code: 'rate_limit_exceeded',
          message: 'Slow down.',
          param: null,
        }),
      },
    ]);
    expect(errored).toHaveLength(1);
    expect(errored[0]?.error).toEqual({ message: 'Slow down.', type: 'rate_limit_exceeded' });
  });

  it('ignores malformed and unknown events and adds nothing at end()', () => {
    const stream = responsesTranslator.streamToChat(makeCtx());
    expect(stream.event(undefined, 'not json')).toEqual([]);
    expect(
      stream.event('response.web_search_call.searching', '{"type":"response.web_search_call.searching"}'),
    ).toEqual([]);
    expect(
      stream.event(
        undefined,
        '{"type":"response.function_call_arguments.delta","output_index":7,"delta":"x"}',
      ),
    ).toEqual([]);
    // Without response.created the first chunk still carries the role.
    const [first] = stream.event(undefined, '{"type":"response.output_text.delta","delta":"Hi"}');
    expect(first?.choices[0]?.delta).toEqual({ role: 'assistant', content: 'Hi' });
    expect(stream.end()).toEqual([]);
  });
});
