import { describe, expect, it } from 'vitest';
import type { ChatChunk } from '../../../../../electron/core/translate/chat-types';
import { geminiTranslator } from '../../../../../electron/core/translate/gemini';
import type { GeminiResponse } from '../../../../../electron/core/translate/gemini/gemini-types';
import { LONG_TOOL_NAME, SIGNATURE_1, chunk, context, parseSse, usageChunk } from './helpers';

const USAGE = {
  prompt_tokens: 1250,
  completion_tokens: 160,
  total_tokens: 1410,
  prompt_tokens_details: { cached_tokens: 1024 },
  completion_tokens_details: { reasoning_tokens: 112 },
};

const signedId = `call_a__ts__${Buffer.from(SIGNATURE_1).toString('base64url')}`;

/** Two tool calls whose argument fragments are split mid-token and interleaved, as chat servers may send them. */
const interleavedCalls: ChatChunk[] = [
  chunk({ role: 'assistant', content: '' }),
  chunk({ reasoning_content: 'Two lookups.' }),
  chunk({ content: 'Looking' }),
  chunk({ content: ' now.' }),
  chunk({
    tool_calls: [
      { index: 0, id: signedId, type: 'function', function: { name: 'read_file', arguments: '' } },
    ],
  }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '{"pa' } }] }),
  chunk({
    tool_calls: [
      { index: 1, id: 'call_b', type: 'function', function: { name: LONG_TOOL_NAME, arguments: '{"to' } },
    ],
  }),
  chunk({
    tool_calls: [
      { index: 0, function: { arguments: 'th":"a\\"b.ts"' } },
      { index: 1, function: { arguments: 'pic":' } },
    ],
  }),
  chunk({ tool_calls: [{ index: 1, function: { arguments: '"ü"}' } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '}' } }] }),
  chunk({}, 'tool_calls'),
  usageChunk(USAGE),
];

function render(chunks: ChatChunk[], geminiSse: boolean): { text: string; pieces: string[] } {
  const stream = geminiTranslator.streamFromChat(context({ geminiSse }));
  const pieces = [...chunks.map((item) => stream.chunk(item)), stream.end()];
  return { text: pieces.join(''), pieces };
}

describe('chat chunks → Gemini stream for the client', () => {
  it('writes SSE fragments with whole function calls and a final fragment with finish and usage', () => {
    const { text, pieces } = render(interleavedCalls, true);
    const fragments = parseSse(text) as GeminiResponse[];
    expect(fragments.map((fragment) => fragment.candidates[0]?.content.parts)).toEqual([
      [{ text: 'Two lookups.', thought: true }],
      [{ text: 'Looking' }],
      [{ text: ' now.' }],
      [
        {
          functionCall: { name: 'read_file', args: { path: 'a"b.ts' }, id: 'call_a' },
          thoughtSignature: SIGNATURE_1,
        },
        { functionCall: { name: LONG_TOOL_NAME, args: { topic: 'ü' }, id: 'call_b' } },
      ],
      [{ text: '' }],
    ]);
    // The calls go out with the finish chunk; the finish waits for usage.
    expect(pieces[10]).toContain('functionCall');
    expect(pieces[10]).not.toContain('finishReason');
    expect(pieces[11]).toContain('"finishReason":"STOP"');
    const final = fragments.at(-1)!;
    expect(final.candidates[0]?.finishReason).toBe('STOP');
    expect(final.usageMetadata).toEqual({
      promptTokenCount: 1250,
      cachedContentTokenCount: 1024,
      candidatesTokenCount: 48,
      thoughtsTokenCount: 112,
      totalTokenCount: 1410,
    });
    for (const fragment of fragments)
      expect(fragment).toMatchObject({ modelVersion: 'gpt-5.4', responseId: 'chatcmpl-1' });
    expect(text.split('\r\n\r\n').every((event) => event === '' || event.startsWith('data: {'))).toBe(true);
  });

  it('writes the same fragments as one JSON array built incrementally', () => {
    const sse = parseSse(render(interleavedCalls, true).text);
    const { text, pieces } = render(interleavedCalls, false);
    expect(JSON.parse(text)).toEqual(sse);
    expect(pieces.filter(Boolean)[0]!.startsWith('[{')).toBe(true);
    expect(
      pieces
        .filter(Boolean)
        .slice(1, -1)
        .every((piece) => piece.startsWith(',\r\n{')),
    ).toBe(true);
    expect(text.endsWith('}]')).toBe(true);
  });

  it('finishes at end() when no usage or no finish arrives', () => {
    const noUsage = parseSse(
      render([chunk({ content: 'hi' }), chunk({}, 'length')], true).text,
    ) as GeminiResponse[];
    expect(noUsage.at(-1)!.candidates[0]?.finishReason).toBe('MAX_TOKENS');
    expect(noUsage.at(-1)).not.toHaveProperty('usageMetadata');

    const noFinish = JSON.parse(
      render(
        [chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 'ls', arguments: '{}' } }] })],
        false,
      ).text,
    ) as GeminiResponse[];
    expect(noFinish.map((fragment) => fragment.candidates[0]?.content.parts[0])).toEqual([
      { functionCall: { name: 'ls', args: {}, id: 'c' } },
      { text: '' },
    ]);
    expect(noFinish[1]?.candidates[0]?.finishReason).toBe('STOP');
  });

  it('takes usage sent on the finish chunk itself and ignores what follows', () => {
    const finishWithUsage = { ...chunk({ content: 'ok' }, 'stop'), usage: USAGE };
    const fragments = parseSse(
      render([finishWithUsage, chunk({ content: 'late' })], true).text,
    ) as GeminiResponse[];
    expect(fragments).toHaveLength(2);
    expect(fragments[1]).toMatchObject({
      candidates: [{ finishReason: 'STOP' }],
      usageMetadata: { totalTokenCount: 1410 },
    });
  });

  it('separates calls that reuse one index with different ids', () => {
    const fragments = parseSse(
      render(
        [
          chunk({ tool_calls: [{ index: 0, id: 'c1', function: { name: 'a', arguments: '{"x":1}' } }] }),
          chunk({ tool_calls: [{ index: 0, id: 'c2', function: { name: 'b', arguments: '{"y":2}' } }] }),
          chunk({}, 'tool_calls'),
        ],
        true,
      ).text,
    ) as GeminiResponse[];
    expect(fragments[0]!.candidates[0]?.content.parts).toEqual([
      { functionCall: { name: 'a', args: { x: 1 }, id: 'c1' } },
      { functionCall: { name: 'b', args: { y: 2 }, id: 'c2' } },
    ]);
  });

  it('turns an error chunk into a Gemini error event the stream ends on', () => {
    const errorChunk = { ...usageChunk(null), error: { message: 'Rate limited', type: 'rate_limit_error' } };
    const sse = render([chunk({ content: 'a' }), errorChunk, chunk({ content: 'b' })], true);
    expect(parseSse(sse.text).at(-1)).toEqual({
      error: { code: 429, message: 'Rate limited', status: 'RESOURCE_EXHAUSTED' },
    });
    expect(sse.text).not.toContain('"b"');

    const array = JSON.parse(render([chunk({ content: 'a' }), errorChunk], false).text) as unknown[];
    expect(array).toHaveLength(2);
    expect(array[1]).toMatchObject({ error: { code: 429 } });
  });

  it('writes error() as the last array element, even before any fragment', () => {
    const stream = geminiTranslator.streamFromChat(context({ geminiSse: false }));
    const text = stream.error('upstream cut', 502) + stream.end();
    expect(JSON.parse(text)).toEqual([
      { error: { code: 502, message: 'upstream cut', status: 'UNAVAILABLE' } },
    ]);

    const empty = geminiTranslator.streamFromChat(context({ geminiSse: false }));
    const fragments = JSON.parse(empty.end()) as GeminiResponse[];
    expect(fragments[0]).toMatchObject({
      candidates: [{ finishReason: 'STOP' }],
      modelVersion: 'gemini-3-pro-preview',
    });
  });
});
