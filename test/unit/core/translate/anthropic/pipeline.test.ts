import { Stream } from '@anthropic-ai/sdk/core/streaming';
import { MessageStream } from '@anthropic-ai/sdk/lib/MessageStream';
import { describe, expect, it } from 'vitest';
import { anthropicTranslator } from '../../../../../electron/core/translate/anthropic';
import { LONG_TOOL_NAME } from './fixtures';
import { anthropicEvent, makeContext } from './helpers';

/**
 * Anthropic upstream → chat pivot → Anthropic client: everything an Anthropic client can use must survive,
 * including real thinking signatures and tool names the upstream only saw shortened.
 */
describe('anthropic through the chat pivot and back', () => {
  const usage = {
    input_tokens: 9,
    cache_creation_input_tokens: 40,
    cache_read_input_tokens: 15000,
    output_tokens: 58,
  };

  it('keeps a streamed message intact', async () => {
    const ctx = makeContext();
    const short = ctx.toolNames.toUpstream(LONG_TOOL_NAME);
    const upstream: Array<Record<string, unknown>> = [
      {
        type: 'message_start',
        message: {
          id: 'msg_up',
          model: 'claude-sonnet-4-6',
          content: [],
          usage: { ...usage, output_tokens: 1 },
        },
      },
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } },
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'thinking_delta', thinking: 'Plan the search.' },
      },
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'signature_delta', signature: 'EqRealSignature==' },
      },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Searching.' } },
      { type: 'content_block_stop', index: 1 },
      {
        type: 'content_block_start',
        index: 2,
        content_block: { type: 'tool_use', id: 'toolu_1', name: short, input: {} },
      },
      {
        type: 'content_block_delta',
        index: 2,
        delta: { type: 'input_json_delta', partial_json: '{"q": "do' },
      },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: 'cs"}' } },
      { type: 'content_block_stop', index: 2 },
      {
        type: 'content_block_start',
        index: 3,
        content_block: { type: 'tool_use', id: 'toolu_2', name: 'Read', input: {} },
      },
      {
        type: 'content_block_delta',
        index: 3,
        delta: { type: 'input_json_delta', partial_json: '{"file_path":"a"}' },
      },
      { type: 'content_block_stop', index: 3 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage },
      { type: 'message_stop' },
    ];
    const toChat = anthropicTranslator.streamToChat(ctx);
    const fromChat = anthropicTranslator.streamFromChat(ctx);
    let sse = '';
    for (const event of upstream) {
      for (const chunk of toChat.event(...anthropicEvent(event))) sse += fromChat.chunk(chunk);
    }
    for (const chunk of toChat.end()) sse += fromChat.chunk(chunk);
    sse += fromChat.end();

    const events = Stream.fromSSEResponse(new Response(sse), new AbortController());
    const message = await MessageStream.fromReadableStream(events.toReadableStream()).finalMessage();
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Plan the search.', signature: 'EqRealSignature==' },
      { type: 'text', text: 'Searching.' },
      { type: 'tool_use', id: 'toolu_1', name: LONG_TOOL_NAME, input: { q: 'docs' } },
      { type: 'tool_use', id: 'toolu_2', name: 'Read', input: { file_path: 'a' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.model).toBe('claude-sonnet-4-6');
    expect(message.usage).toMatchObject(usage);
  });

  it('keeps a non-streamed message intact', () => {
    const ctx = makeContext();
    const short = ctx.toolNames.toUpstream(LONG_TOOL_NAME);
    const content = [
      { type: 'thinking', thinking: 'Plan.', signature: 'EqSig' },
      { type: 'text', text: 'Searching.' },
      { type: 'tool_use', id: 'toolu_1', name: short, input: { q: 'docs', n: [1, 2] } },
    ];
    const chat = anthropicTranslator.responseToChat(
      {
        id: 'msg_up',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-6',
        content,
        stop_reason: 'tool_use',
        usage,
      },
      ctx,
    );
    const client = anthropicTranslator.responseFromChat(chat, ctx);
    expect(client).toMatchObject({
      type: 'message',
      model: 'claude-sonnet-4-6',
      content: [content[0], content[1], { ...content[2], name: LONG_TOOL_NAME }],
      stop_reason: 'tool_use',
      usage,
    });
  });
});
