import { describe, expect, it } from 'vitest';
import type { ChatChunk } from '../../../../../electron/core/translate/chat-types';
import { responsesTranslator } from '../../../../../electron/core/translate/responses';
import { unpackAnthropicReasoning } from '../../../../../electron/core/translate/responses/reasoning-carrier';
import type { TranslateContext } from '../../../../../electron/core/translate/translator';
import { PATCH } from './codex-fixtures';
import { chunk, makeCtx, parseSse, usageChunk } from './helpers';
import { readWithSdk } from './sdk-stream';

function translate(chunks: ChatChunk[], ctx: TranslateContext, finish: 'end' | 'none' = 'end'): string {
  const stream = responsesTranslator.streamFromChat(ctx);
  return chunks.map((c) => stream.chunk(c)).join('') + (finish === 'end' ? stream.end() : '');
}

/** Protocol rules Codex relies on: increasing sequence numbers, one open item at a time, in output order. */
function expectWellFormed(sse: string): void {
  const events = parseSse(sse).map((e) => ({
    name: e.event,
    data: JSON.parse(e.data) as Record<string, unknown>,
  }));
  events.forEach((e, i) => {
    expect(e.data.type).toBe(e.name);
    expect(e.data.sequence_number).toBe(i);
  });
  let open: number | null = null;
  let next = 0;
  for (const { name, data } of events) {
    if (name === 'response.output_item.added') {
      expect(open).toBeNull();
      expect(data.output_index).toBe(next);
      open = next++;
    } else if (name === 'response.output_item.done') {
      expect(data.output_index).toBe(open);
      open = null;
    } else if (typeof data.output_index === 'number') {
      expect(data.output_index).toBe(open);
    }
  }
  const terminal = events.filter((e) => /^response\.(completed|incomplete|failed)$/.test(e.name ?? ''));
  expect(terminal).toHaveLength(1);
  expect(events.at(-1)).toBe(terminal[0]);
}

const USAGE = {
  prompt_tokens: 5200,
  completion_tokens: 310,
  total_tokens: 5510,
  prompt_tokens_details: { cached_tokens: 4096 },
  completion_tokens_details: { reasoning_tokens: 192 },
};

describe('responses streamFromChat, read by the official OpenAI SDK', () => {
  const longName = 'mcp__postgres_production_replica_readonly__run_query_and_return_rows_as_json';

  it('assembles reasoning, text, interleaved split function calls and a custom apply_patch call', async () => {
    const ctx = makeCtx({ customToolNames: new Set(['apply_patch']) });
    const patchArgs = JSON.stringify({ input: PATCH });
    const sse = translate(
      [
        chunk({ role: 'assistant', content: '' }),
        chunk({ reasoning_content: 'The user wants ' }),
        chunk({ reasoning_content: 'a fix — ünïcödé 🎉.' }),
        chunk({ reasoning_signature: 'EqQBCkYIBxgC/sig==' }),
        chunk({ content: 'I will query, ' }),
        chunk({ content: 'list and patch.' }),
        // Three calls start, then their argument fragments interleave by index.
        chunk({
          tool_calls: [
            { index: 0, id: 'toolu_q', type: 'function', function: { name: longName, arguments: '' } },
          ],
        }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"sql":' } }] }),
        chunk({
          tool_calls: [
            { index: 1, id: 'toolu_ls', type: 'function', function: { name: 'shell', arguments: '{"comm' } },
          ],
        }),
        chunk({
          tool_calls: [
            {
              index: 2,
              id: 'toolu_p',
              type: 'function',
              function: { name: 'apply_patch', arguments: patchArgs.slice(0, 25) },
            },
          ],
        }),
        chunk({
          tool_calls: [
            { index: 0, function: { arguments: '"select 1"}' } },
            { index: 1, function: { arguments: 'and":["ls",' } },
          ],
        }),
        chunk({ tool_calls: [{ index: 2, function: { arguments: patchArgs.slice(25) } }] }),
        chunk({ tool_calls: [{ index: 1, function: { arguments: '"-la"]}' } }] }),
        chunk({}, 'tool_calls'),
        usageChunk(USAGE),
      ],
      ctx,
    );
    expectWellFormed(sse);

    const { final, accumulated, terminal } = await readWithSdk(sse);
    expect(final.status).toBe('completed');
    expect(final.model).toBe('gpt-5.5-codex');
    expect(final.output.map((item) => item.type)).toEqual([
      'reasoning',
      'message',
      'function_call',
      'function_call',
      'custom_tool_call',
    ]);
    const [reasoning, message, query, list, patch] = final.output;
    if (reasoning?.type !== 'reasoning') throw new Error('expected reasoning');
    expect(reasoning.summary).toEqual([{ type: 'summary_text', text: 'The user wants a fix — ünïcödé 🎉.' }]);
    expect(unpackAnthropicReasoning(reasoning.encrypted_content)).toEqual({
      thinking: 'The user wants a fix — ünïcödé 🎉.',
      signature: 'EqQBCkYIBxgC/sig==',
    });
    expect(message).toMatchObject({
      role: 'assistant',
      content: [{ type: 'output_text', text: 'I will query, list and patch.' }],
    });
    expect(final.output_text).toBe('I will query, list and patch.');
    if (query?.type !== 'function_call' || list?.type !== 'function_call')
      throw new Error('expected function calls');
    expect(query).toMatchObject({ call_id: 'toolu_q', name: longName, status: 'completed' });
    expect(JSON.parse(query.arguments)).toEqual({ sql: 'select 1' });
    expect(list).toMatchObject({ call_id: 'toolu_ls', name: 'shell' });
    expect(JSON.parse(list.arguments)).toEqual({ command: ['ls', '-la'] });
    expect(patch).toMatchObject({
      type: 'custom_tool_call',
      call_id: 'toolu_p',
      name: 'apply_patch',
      input: PATCH,
    });
    expect(final.usage).toEqual({
      input_tokens: 5200,
      input_tokens_details: { cached_tokens: 4096 },
      output_tokens: 310,
      output_tokens_details: { reasoning_tokens: 192 },
      total_tokens: 5510,
    });
    // The deltas alone, folded by the SDK, give the same items the completed event reports.
    expect(accumulated?.output).toEqual(terminal?.output);
    expect(new Set(final.output.map((item) => item.id)).size).toBe(5);
  });

  it('streams the first call live and holds the second until the finish', () => {
    const sse = translate(
      [
        chunk({
          tool_calls: [{ index: 0, id: 'a', type: 'function', function: { name: 'f', arguments: '{"x":' } }],
        }),
        chunk({
          tool_calls: [{ index: 1, id: 'b', type: 'function', function: { name: 'g', arguments: '{"y":' } }],
        }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }),
        chunk({ tool_calls: [{ index: 1, function: { arguments: '2}' } }] }),
      ],
      makeCtx(),
      'none',
    );
    const deltas = parseSse(sse)
      .filter((e) => e.event === 'response.function_call_arguments.delta')
      .map((e) => (JSON.parse(e.data) as { delta: string }).delta);
    expect(deltas).toEqual(['{"x":', '1}']); // g's arguments wait: f may still be streaming
  });

  it('keeps text that arrives while a call is open, and a call whose name comes late', async () => {
    const sse = translate(
      [
        chunk({ content: 'Before.' }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"a"' } }] }), // no id or name yet
        chunk({
          tool_calls: [
            { index: 0, id: 'c0', type: 'function', function: { name: 'late', arguments: ':1}' } },
          ],
        }),
        chunk({ content: 'After.' }),
        chunk({ reasoning_content: 'Hmm.' }),
        chunk({}, 'tool_calls'),
      ],
      makeCtx(),
    );
    expectWellFormed(sse);
    const { final, accumulated, terminal } = await readWithSdk(sse);
    expect(final.output).toMatchObject([
      { type: 'message', content: [{ text: 'Before.' }] },
      { type: 'function_call', call_id: 'c0', name: 'late', arguments: '{"a":1}' },
      { type: 'message', content: [{ text: 'After.' }] },
      { type: 'reasoning', summary: [{ text: 'Hmm.' }] },
    ]);
    expect(accumulated?.output).toEqual(terminal?.output);
    expect(final.usage).toBeNull(); // the upstream sent none
  });

  it('ignores empty reasoning and text fragments sent alongside real ones', async () => {
    const sse = translate(
      [
        chunk({ role: 'assistant', content: '', reasoning_content: '' }),
        chunk({ content: 'one ', reasoning_content: '' }),
        chunk({ content: 'two', reasoning_content: '' }),
        chunk({ content: '' }, 'stop'),
      ],
      makeCtx(),
    );
    const { final } = await readWithSdk(sse);
    expect(final.output).toMatchObject([{ type: 'message', content: [{ text: 'one two' }] }]);
  });

  it('ends a cut-off answer with response.incomplete', async () => {
    const sse = translate(
      [chunk({ content: 'Once upon a' }), chunk({}, 'length'), usageChunk(USAGE)],
      makeCtx(),
    );
    expectWellFormed(sse);
    const { final, events } = await readWithSdk(sse);
    expect(events.at(-1)?.type).toBe('response.incomplete');
    expect(final.status).toBe('incomplete');
    expect(final.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(final.output_text).toBe('Once upon a');
    expect(final.usage?.output_tokens).toBe(310);
  });

  it('reports a mid-stream error chunk as response.failed and writes nothing after it', async () => {
    const stream = responsesTranslator.streamFromChat(makeCtx());
    let sse = stream.chunk(chunk({ content: 'Partial' }));
    sse += stream.chunk({ ...usageChunk(USAGE), error: { message: 'Overloaded', type: 'overloaded_error' } });
    expect(stream.chunk(chunk({ content: 'more' }))).toBe('');
    expect(stream.end()).toBe('');
    expect(stream.error('again')).toBe('');
    expectWellFormed(sse);
    const { final } = await readWithSdk(sse);
    expect(final.status).toBe('failed');
    expect(final.error).toEqual({ code: 'server_error', message: 'Overloaded' });
  });

  it('reports error(message, 429) as a rate limit Codex retries, even before any chunk', async () => {
    const stream = responsesTranslator.streamFromChat(makeCtx());
    const sse = stream.error('Rate limit reached. Please try again in 2s.', 429);
    expectWellFormed(sse);
    const { final } = await readWithSdk(sse);
    expect(final.error).toEqual({
      code: 'rate_limit_exceeded',
      message: 'Rate limit reached. Please try again in 2s.',
    });
  });

  it('produces a valid completed response from end() alone', async () => {
    const sse = responsesTranslator.streamFromChat(makeCtx()).end();
    expectWellFormed(sse);
    const { final, events } = await readWithSdk(sse);
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.completed',
    ]);
    expect(final).toMatchObject({ status: 'completed', output: [], output_text: '' });
  });

  it('uses usage sent on the finish chunk itself once the stream ends', async () => {
    const stream = responsesTranslator.streamFromChat(makeCtx());
    let sse = stream.chunk(chunk({ content: 'ok' }));
    sse += stream.chunk({ ...chunk({}, 'stop'), usage: USAGE });
    expect(sse).not.toContain('response.completed'); // a later usage chunk would still win
    sse += stream.end();
    const { final } = await readWithSdk(sse);
    expect(final.usage?.input_tokens).toBe(5200);
  });
});
