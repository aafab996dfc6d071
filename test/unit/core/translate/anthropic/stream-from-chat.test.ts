import { Stream } from '@anthropic-ai/sdk/core/streaming';
import { MessageStream } from '@anthropic-ai/sdk/lib/MessageStream';
import { describe, expect, it } from 'vitest';
import { anthropicTranslator } from '../../../../../electron/core/translate/anthropic';
import type { ChatChunk, ChatToolCallDelta } from '../../../../../electron/core/translate/chat-types';
import { UNSIGNED_THINKING_PREFIX } from '../../../../../electron/core/translate/thinking';
import { chunk, makeContext, parseSse, usageChunk, type SseEvent } from './helpers';

function translate(chunks: ChatChunk[], finish = true): string {
  const stream = anthropicTranslator.streamFromChat(makeContext());
  return chunks.map((c) => stream.chunk(c)).join('') + (finish ? stream.end() : '');
}

/** Runs the SSE text through the official SDK's stream parser and message accumulator. */
async function sdkFinalMessage(sse: string) {
  const response = new Response(sse, { headers: { 'content-type': 'text/event-stream' } });
  const events = Stream.fromSSEResponse(response, new AbortController());
  return MessageStream.fromReadableStream(events.toReadableStream()).finalMessage();
}

interface Block {
  type: string;
  start: Record<string, unknown>;
  text: string;
  json: string;
  signature: string;
  stopped: boolean;
}

/** Rebuilds content blocks from events, checking the block protocol on the way. */
function blocksOf(events: SseEvent[]): Block[] {
  const blocks: Block[] = [];
  let open: number | undefined;
  for (const { event, data } of events) {
    expect(data['type']).toBe(event);
    const index = data['index'] as number;
    if (event === 'content_block_start') {
      expect(open).toBeUndefined();
      expect(index).toBe(blocks.length);
      const start = data['content_block'] as Record<string, unknown>;
      blocks.push({ type: String(start['type']), start, text: '', json: '', signature: '', stopped: false });
      open = index;
    }
    if (event === 'content_block_delta') {
      expect(index).toBe(open);
      const delta = data['delta'] as Record<string, string>;
      const block = blocks[index] as Block;
      block.text += delta['text'] ?? delta['thinking'] ?? '';
      block.json += delta['partial_json'] ?? '';
      block.signature += delta['signature'] ?? '';
    }
    if (event === 'content_block_stop') {
      expect(index).toBe(open);
      (blocks[index] as Block).stopped = true;
      open = undefined;
    }
  }
  expect(open).toBeUndefined();
  return blocks;
}

function call(index: number, fields: { id?: string; name?: string; args?: string }): ChatToolCallDelta {
  const delta: ChatToolCallDelta = { index };
  if (fields.id) Object.assign(delta, { id: fields.id, type: 'function' });
  if (fields.name !== undefined || fields.args !== undefined) {
    delta.function = {};
    if (fields.name !== undefined) delta.function.name = fields.name;
    if (fields.args !== undefined) delta.function.arguments = fields.args;
  }
  return delta;
}

const USAGE = {
  prompt_tokens: 5200,
  completion_tokens: 310,
  total_tokens: 5510,
  prompt_tokens_details: { cached_tokens: 4096, cache_write_tokens: 100 },
};

describe('anthropic streamFromChat', () => {
  it('streams text and sequential tool calls the SDK accepts', async () => {
    const sse = translate([
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Hi' }),
      chunk({ content: ' there' }),
      chunk({ tool_calls: [call(0, { id: 'call_1', name: 'Read', args: '' })] }),
      chunk({ tool_calls: [call(0, { args: '{"file_' })] }),
      chunk({ tool_calls: [call(0, { args: 'path":"a.py"}' })] }),
      chunk({ tool_calls: [call(1, { id: 'call_2', name: 'Bash', args: '{"command":' })] }),
      chunk({ tool_calls: [call(1, { args: '"ls"}' })] }),
      chunk({}, 'tool_calls'),
      usageChunk(USAGE),
    ]);
    const events = parseSse(sse);
    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    // Fragments of the open call are forwarded as they arrive, not re-cut.
    expect(blocksOf(events)[1]?.json).toBe('{"file_path":"a.py"}');
    expect(events[6]?.data['delta']).toEqual({ type: 'input_json_delta', partial_json: '{"file_' });

    const message = await sdkFinalMessage(sse);
    expect(message.model).toBe('gpt-test');
    expect(message.content).toEqual([
      { type: 'text', text: 'Hi there' },
      { type: 'tool_use', id: 'call_1', name: 'Read', input: { file_path: 'a.py' } },
      { type: 'tool_use', id: 'call_2', name: 'Bash', input: { command: 'ls' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({
      input_tokens: 1004,
      cache_read_input_tokens: 4096,
      cache_creation_input_tokens: 100,
      output_tokens: 310,
    });
  });

  it('keeps interleaved tool calls with split arguments apart', async () => {
    const sse = translate([
      chunk({ role: 'assistant' }),
      chunk({
        tool_calls: [
          call(0, { id: 'call_a', name: 'Read', args: '' }),
          call(1, { id: 'call_b', name: 'Grep', args: '' }),
        ],
      }),
      chunk({ tool_calls: [call(0, { args: '{"path": "src/' })] }),
      chunk({ tool_calls: [call(1, { args: '{"pattern": "fo' })] }),
      chunk({ tool_calls: [call(2, { id: 'call_c', name: 'Bash', args: '{"command": "pwd"}' })] }),
      chunk({ tool_calls: [call(0, { args: 'main.ts", "limit": {"n": 1}' })] }),
      chunk({ tool_calls: [call(1, { args: 'o}"}' }), call(0, { args: '}' })] }),
      chunk({}, 'tool_calls'),
      usageChunk(USAGE),
    ]);
    const blocks = blocksOf(parseSse(sse));
    expect(blocks.map((block) => [block.start['id'], block.start['name'], JSON.parse(block.json)])).toEqual([
      ['call_a', 'Read', { path: 'src/main.ts', limit: { n: 1 } }],
      ['call_b', 'Grep', { pattern: 'foo}' }],
      ['call_c', 'Bash', { command: 'pwd' }],
    ]);
    const message = await sdkFinalMessage(sse);
    expect(message.content.map((block) => (block.type === 'tool_use' ? block.input : null))).toEqual([
      { path: 'src/main.ts', limit: { n: 1 } },
      { pattern: 'foo}' },
      { command: 'pwd' },
    ]);
  });

  it('writes reasoning, text, several tool calls and the finish from a single chunk in block order', async () => {
    const sse = translate([
      chunk(
        {
          role: 'assistant',
          reasoning_content: 'Think first.',
          content: 'Two calls.',
          tool_calls: [
            call(0, { id: 'c0', name: 'Read', args: '{"file_path":"a"}' }),
            call(1, { id: 'c1', name: 'Read', args: '{"file_path":"b"}' }),
          ],
        },
        'tool_calls',
      ),
      usageChunk(USAGE),
    ]);
    const blocks = blocksOf(parseSse(sse));
    expect(blocks.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use', 'tool_use']);
    expect(blocks[0]?.text).toBe('Think first.');
    expect(blocks[0]?.signature.startsWith(UNSIGNED_THINKING_PREFIX)).toBe(true);
    const message = await sdkFinalMessage(sse);
    expect(message.content).toMatchObject([
      { type: 'thinking', thinking: 'Think first.' },
      { type: 'text', text: 'Two calls.' },
      { type: 'tool_use', id: 'c0', input: { file_path: 'a' } },
      { type: 'tool_use', id: 'c1', input: { file_path: 'b' } },
    ]);
  });

  it('closes thinking with the real signature when one arrived', async () => {
    const sse = translate([
      chunk({ role: 'assistant', reasoning_content: 'Hmm' }),
      chunk({ reasoning_content: ', ok.' }),
      chunk({ reasoning_signature: 'EqRealSig' }),
      chunk({ content: 'Answer.' }, 'stop'),
      usageChunk(USAGE),
    ]);
    const message = await sdkFinalMessage(sse);
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Hmm, ok.', signature: 'EqRealSig' },
      { type: 'text', text: 'Answer.' },
    ]);
    expect(message.stop_reason).toBe('end_turn');
  });

  it('opens a call whose id and name arrive late only once they are known', async () => {
    const sse = translate([
      chunk({ role: 'assistant' }),
      chunk({ tool_calls: [call(0, { args: '{"command":' })] }),
      chunk({ tool_calls: [call(0, { id: 'late_id', name: 'Bash', args: ' "echo' })] }),
      chunk({ tool_calls: [call(0, { args: ' hi"}' })] }),
      chunk({}, 'tool_calls'),
    ]);
    const message = await sdkFinalMessage(sse);
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'late_id', name: 'Bash', input: { command: 'echo hi' } },
    ]);
  });

  it('holds text that follows tool calls until the calls are written', async () => {
    const sse = translate([
      chunk({ tool_calls: [call(0, { id: 'c0', name: 'Read', args: '{"file_path":' })] }),
      chunk({ content: 'By the way.' }),
      chunk({ tool_calls: [call(0, { args: '"x"}' })] }, 'tool_calls'),
    ]);
    const message = await sdkFinalMessage(sse);
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'c0', name: 'Read', input: { file_path: 'x' } },
      { type: 'text', text: 'By the way.' },
    ]);
  });

  it('holds the stop reason until the usage chunk arrives', () => {
    const stream = anthropicTranslator.streamFromChat(makeContext());
    stream.chunk(chunk({ role: 'assistant', content: 'Hi' }));
    const atFinish = parseSse(stream.chunk(chunk({}, 'length')));
    expect(atFinish.map((e) => e.event)).toEqual(['content_block_stop']);
    const atUsage = parseSse(stream.chunk(usageChunk(USAGE)));
    expect(atUsage).toEqual([
      {
        event: 'message_delta',
        data: {
          type: 'message_delta',
          delta: { stop_reason: 'max_tokens', stop_sequence: null },
          usage: {
            input_tokens: 1004,
            cache_creation_input_tokens: 100,
            cache_read_input_tokens: 4096,
            output_tokens: 310,
          },
        },
      },
      { event: 'message_stop', data: { type: 'message_stop' } },
    ]);
    expect(stream.end()).toBe('');
    expect(stream.chunk(chunk({ content: 'late' }))).toBe('');
  });

  it('treats usage on the finish chunk as final, and usage before it as provisional', async () => {
    const stream = anthropicTranslator.streamFromChat(makeContext());
    let sse = stream.chunk({
      ...chunk({ content: 'a' }),
      usage: { prompt_tokens: 10, completion_tokens: 1, total_tokens: 11 },
    });
    expect(sse).not.toContain('message_delta');
    sse += stream.chunk({
      ...chunk({}, 'stop'),
      usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 },
    });
    expect(sse).toContain('message_stop');
    expect((await sdkFinalMessage(sse)).usage).toMatchObject({ input_tokens: 10, output_tokens: 2 });
  });

  it('ends validly when the upstream sent no usage, or nothing at all', async () => {
    const noUsage = translate([chunk({ content: 'x' }), chunk({}, 'stop')]);
    expect((await sdkFinalMessage(noUsage)).usage).toMatchObject({ input_tokens: 0, output_tokens: 0 });

    const empty = translate([]);
    const message = await sdkFinalMessage(empty);
    expect(message).toMatchObject({
      role: 'assistant',
      model: 'claude-sonnet-4-6',
      content: [],
      stop_reason: 'end_turn',
    });

    // Cut after a tool call began, without finish_reason: the open call is closed and it is a tool_use stop.
    const cut = translate([
      chunk({ tool_calls: [call(0, { id: 'c', name: 'Bash', args: '{"command":"ls"}' })] }),
    ]);
    expect((await sdkFinalMessage(cut)).stop_reason).toBe('tool_use');
  });

  it('writes error events the SDK raises, with types by status', async () => {
    const errorOf = (sse: string) => parseSse(sse).find((e) => e.event === 'error')?.data;
    const stream = anthropicTranslator.streamFromChat(makeContext());
    const started = stream.chunk(chunk({ content: 'partial' }));
    const failed = stream.error('upstream connection reset', 502);
    expect(errorOf(failed)).toEqual({
      type: 'error',
      error: { type: 'api_error', message: 'upstream connection reset' },
    });
    expect(stream.end()).toBe('');
    await expect(sdkFinalMessage(started + failed)).rejects.toThrow('upstream connection reset');

    const typeFor = (status?: number) => {
      const s = anthropicTranslator.streamFromChat(makeContext());
      return (errorOf(s.error('x', status))?.['error'] as Record<string, unknown>)['type'];
    };
    expect(typeFor(429)).toBe('rate_limit_error');
    expect(typeFor(529)).toBe('overloaded_error');
    expect(typeFor(500)).toBe('api_error');
    expect(typeFor(400)).toBe('invalid_request_error');
    expect(typeFor(undefined)).toBe('api_error');

    const fromChunk = (error: ChatChunk['error']) => {
      const s = anthropicTranslator.streamFromChat(makeContext());
      return errorOf(s.chunk({ ...usageChunk(USAGE), error }));
    };
    expect(fromChunk({ message: 'Overloaded', type: 'overloaded_error' })).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
    expect(fromChunk({ message: 'slow down', type: 'tokens', code: 429 })?.['error']).toEqual({
      type: 'rate_limit_error',
      message: 'slow down',
    });
  });

  it('ignores junk chunks', async () => {
    const sse = translate([
      null as unknown as ChatChunk,
      { choices: 'x' } as unknown as ChatChunk,
      chunk({
        tool_calls: [null, { index: 'a' }] as unknown as ChatToolCallDelta[],
        content: 5 as unknown as string,
      }),
      chunk({ content: 'ok' }, 'stop'),
    ]);
    expect((await sdkFinalMessage(sse)).content).toEqual([{ type: 'text', text: 'ok' }]);
  });
});
