import { describe, expect, it } from 'vitest';
import type { ChatChunk } from '../../../../../electron/core/translate/chat-types';
import { geminiTranslator } from '../../../../../electron/core/translate/gemini';
import { decodeToolCallId } from '../../../../../electron/core/translate/gemini/thought-signature';
import type { TranslateContext } from '../../../../../electron/core/translate/translator';
import { LONG_TOOL_NAME, SIGNATURE_1, context } from './helpers';

const fragment = (parts: unknown[], extra: Record<string, unknown> = {}) => ({
  candidates: [{ content: { role: 'model', parts }, index: 0, ...extra }],
  modelVersion: 'gemini-3-pro-preview',
  responseId: 'resp-1',
});

function run(elements: unknown[], ctx: TranslateContext = context()): ChatChunk[] {
  const stream = geminiTranslator.streamToChat(ctx);
  const chunks = elements.flatMap((element) =>
    stream.event(undefined, typeof element === 'string' ? element : JSON.stringify(element)),
  );
  return [...chunks, ...stream.end()];
}

describe('Gemini upstream stream → chat chunks', () => {
  it('turns thoughts, text, whole function calls, finish and the last usage into chat chunks', () => {
    const ctx = context();
    const shortName = ctx.toolNames.toUpstream(LONG_TOOL_NAME);
    const chunks = run(
      [
        { ...fragment([{ text: 'Thinking…', thought: true }]), usageMetadata: { promptTokenCount: 100 } },
        fragment([{ text: 'Hello ' }]),
        fragment([{ text: 'there.', thoughtSignature: 'textsig' }]),
        fragment([
          { functionCall: { name: shortName, args: { topic: 'a' } }, thoughtSignature: SIGNATURE_1 },
          { functionCall: { name: 'read_file', args: { path: 'b' } } },
        ]),
        {
          ...fragment([{ text: '' }], { finishReason: 'STOP' }),
          usageMetadata: {
            promptTokenCount: 100,
            candidatesTokenCount: 20,
            thoughtsTokenCount: 30,
            totalTokenCount: 150,
          },
        },
      ],
      ctx,
    );
    const deltas = chunks.map((chunk) => chunk.choices[0]?.delta);
    expect(deltas.slice(0, 3)).toEqual([
      { role: 'assistant', reasoning_content: 'Thinking…' },
      { content: 'Hello ' },
      { content: 'there.' },
    ]);
    const [search, read] = [deltas[3]?.tool_calls?.[0], deltas[4]?.tool_calls?.[0]];
    expect(search).toMatchObject({
      index: 0,
      type: 'function',
      function: { name: LONG_TOOL_NAME, arguments: '{"topic":"a"}' },
    });
    expect(decodeToolCallId(search!.id!).signature).toBe(SIGNATURE_1);
    expect(read).toMatchObject({ index: 1, function: { name: 'read_file', arguments: '{"path":"b"}' } });
    expect(chunks[5]?.choices[0]).toEqual({ index: 0, delta: {}, finish_reason: 'tool_calls' });
    expect(chunks[6]).toMatchObject({
      choices: [],
      usage: {
        prompt_tokens: 100,
        completion_tokens: 50,
        total_tokens: 150,
        completion_tokens_details: { reasoning_tokens: 30 },
      },
    });
    expect(chunks).toHaveLength(7);
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({
        id: 'resp-1',
        object: 'chat.completion.chunk',
        model: 'gemini-3-pro-preview',
      });
    }
  });

  it('emits the finish at the end when the stream stopped without one', () => {
    const chunks = run([fragment([{ text: 'partial' }])]);
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason)).toEqual([null, 'stop']);
  });

  it('maps MAX_TOKENS and blocked prompts', () => {
    expect(
      run([fragment([{ text: 'x' }], { finishReason: 'MAX_TOKENS' })])[1]?.choices[0]?.finish_reason,
    ).toBe('length');
    const blocked = run([
      { promptFeedback: { blockReason: 'OTHER' }, usageMetadata: { promptTokenCount: 3 } },
    ]);
    expect(blocked[0]?.choices[0]?.finish_reason).toBe('content_filter');
    expect(blocked[1]?.usage).toMatchObject({ prompt_tokens: 3 });
  });

  it('turns an error element into an error chunk and stops', () => {
    const chunks = run([
      fragment([{ text: 'a' }]),
      { error: { code: 429, message: 'Resource exhausted', status: 'RESOURCE_EXHAUSTED' } },
      fragment([{ text: 'ignored' }]),
    ]);
    expect(chunks).toHaveLength(2);
    expect(chunks[1]?.error).toEqual({
      message: 'Resource exhausted',
      type: 'RESOURCE_EXHAUSTED',
      code: 429,
    });
  });

  it('ignores unparsable elements and unwraps Code Assist', () => {
    const chunks = run([
      'not json',
      '[1]',
      { response: fragment([{ text: 'hi' }], { finishReason: 'STOP' }), traceId: 't' },
    ]);
    expect(chunks.map((chunk) => chunk.choices[0])).toEqual([
      { index: 0, delta: { role: 'assistant', content: 'hi' }, finish_reason: null },
      { index: 0, delta: {}, finish_reason: 'stop' },
    ]);
  });
});
