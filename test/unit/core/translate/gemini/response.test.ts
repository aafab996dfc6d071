import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../../../../electron/core/translate/chat-types';
import { geminiTranslator } from '../../../../../electron/core/translate/gemini';
import { decodeToolCallId } from '../../../../../electron/core/translate/gemini/thought-signature';
import { LONG_TOOL_NAME, SIGNATURE_1, context } from './helpers';

const usageMetadata = {
  promptTokenCount: 1240,
  cachedContentTokenCount: 1024,
  candidatesTokenCount: 48,
  thoughtsTokenCount: 112,
  toolUsePromptTokenCount: 10,
  totalTokenCount: 1410,
};

describe('Gemini upstream response → chat', () => {
  it('splits thoughts, text and calls, restores long names and carries the signature in the id', () => {
    const ctx = context();
    const shortName = ctx.toolNames.toUpstream(LONG_TOOL_NAME);
    const chat = geminiTranslator.responseToChat(
      {
        candidates: [
          {
            content: {
              role: 'model',
              parts: [
                { text: 'Plan: search.', thought: true },
                { text: 'Searching ' },
                { text: 'now.' },
                { functionCall: { name: shortName, args: { topic: 'x' } }, thoughtSignature: SIGNATURE_1 },
                { functionCall: { name: 'read_file', args: { path: 'a' } } },
              ],
            },
            finishReason: 'STOP',
            index: 0,
          },
        ],
        usageMetadata,
        modelVersion: 'gemini-3-pro-preview',
        responseId: 'resp-1',
      },
      ctx,
    );
    expect(chat).toMatchObject({ id: 'resp-1', object: 'chat.completion', model: 'gemini-3-pro-preview' });
    const choice = chat.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message).toMatchObject({
      role: 'assistant',
      content: 'Searching now.',
      reasoning_content: 'Plan: search.',
    });
    const [search, read] = choice.message.tool_calls ?? [];
    expect(search?.function).toEqual({ name: LONG_TOOL_NAME, arguments: '{"topic":"x"}' });
    expect(decodeToolCallId(search!.id).signature).toBe(SIGNATURE_1);
    expect(search!.id).toMatch(/^call_[0-9a-f]{24}__ts__[A-Za-z0-9_-]+$/);
    expect(read?.id).toMatch(/^call_[0-9a-f]{24}$/);
    expect(chat.usage).toEqual({
      prompt_tokens: 1250,
      completion_tokens: 160,
      total_tokens: 1410,
      prompt_tokens_details: { cached_tokens: 1024 },
      completion_tokens_details: { reasoning_tokens: 112 },
    });
  });

  it('maps finish reasons and blocked prompts', () => {
    const finish = (body: Record<string, unknown>) =>
      geminiTranslator.responseToChat(body, context()).choices[0]?.finish_reason;
    const candidate = (finishReason: string) => ({
      candidates: [{ content: { role: 'model', parts: [{ text: 'x' }] }, finishReason }],
    });
    expect(finish(candidate('STOP'))).toBe('stop');
    expect(finish(candidate('MAX_TOKENS'))).toBe('length');
    expect(finish(candidate('SAFETY'))).toBe('content_filter');
    expect(finish(candidate('PROHIBITED_CONTENT'))).toBe('content_filter');
    expect(finish(candidate('MALFORMED_FUNCTION_CALL'))).toBe('stop');
    expect(finish(candidate('OTHER'))).toBe('stop');
    expect(
      finish({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 5 } }),
    ).toBe('content_filter');
  });

  it('falls back to the upstream model and a fresh id, and unwraps Code Assist', () => {
    const chat = geminiTranslator.responseToChat(
      {
        response: { candidates: [{ content: { parts: [{ text: 'hi' }] }, finishReason: 'STOP' }] },
        traceId: 't',
      },
      context(),
    );
    expect(chat.model).toBe('upstream-model');
    expect(chat.id).toMatch(/^gen-/);
    expect(chat.choices[0]?.message.content).toBe('hi');
    expect(chat.usage).toBeUndefined();
  });
});

describe('chat response → Gemini client', () => {
  const chatResponse = (toolCallId: string): ChatResponse => ({
    id: 'chatcmpl-9',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-5.4',
    choices: [
      {
        index: 0,
        finish_reason: 'tool_calls',
        message: {
          role: 'assistant',
          content: 'On it.',
          reasoning_content: 'Need the file.',
          tool_calls: [
            {
              id: toolCallId,
              type: 'function',
              function: { name: LONG_TOOL_NAME, arguments: '{"topic":"x"}' },
            },
          ],
        },
      },
    ],
    usage: {
      prompt_tokens: 1250,
      completion_tokens: 160,
      total_tokens: 1410,
      prompt_tokens_details: { cached_tokens: 1024 },
      completion_tokens_details: { reasoning_tokens: 112 },
    },
  });

  it('builds a generateContent response with client names and the signature on the part', () => {
    const signedId = `call_1__ts__${Buffer.from(SIGNATURE_1).toString('base64url')}`;
    const gemini = geminiTranslator.responseFromChat(chatResponse(signedId), context());
    expect(gemini).toEqual({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { text: 'Need the file.', thought: true },
              { text: 'On it.' },
              {
                functionCall: { name: LONG_TOOL_NAME, args: { topic: 'x' }, id: 'call_1' },
                thoughtSignature: SIGNATURE_1,
              },
            ],
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: {
        promptTokenCount: 1250,
        cachedContentTokenCount: 1024,
        candidatesTokenCount: 48,
        thoughtsTokenCount: 112,
        totalTokenCount: 1410,
      },
      modelVersion: 'gpt-5.4',
      responseId: 'chatcmpl-9',
    });
  });

  it('gives the client back exactly the chat id on its next turn', () => {
    const ctx = context();
    // Upstream Gemini → chat → Gemini client → (next turn) chat: the id is unchanged.
    const upstream = geminiTranslator.responseToChat(
      {
        candidates: [
          {
            content: { parts: [{ functionCall: { name: 'ls', args: {} }, thoughtSignature: SIGNATURE_1 }] },
            finishReason: 'STOP',
          },
        ],
      },
      ctx,
    );
    const chatId = upstream.choices[0]!.message.tool_calls![0]!.id;
    const forClient = geminiTranslator.responseFromChat(upstream, ctx) as {
      candidates: Array<{ content: { parts: unknown[] } }>;
    };
    const echoed = forClient.candidates[0]!.content;
    const next = geminiTranslator.requestToChat(
      {
        contents: [
          { role: 'user', parts: [{ text: 'list' }] },
          { role: 'model', ...echoed },
          {
            role: 'user',
            parts: [{ functionResponse: { id: decodeToolCallId(chatId).id, name: 'ls', response: {} } }],
          },
        ],
      },
      ctx,
    );
    expect(next.messages[1]?.tool_calls?.[0]?.id).toBe(chatId);
    expect(next.messages[2]).toMatchObject({ role: 'tool', tool_call_id: chatId, content: '{}' });
  });

  it('maps finish reasons and keeps a part when the message is empty', () => {
    const response = (finish: ChatResponse['choices'][number]['finish_reason']) =>
      geminiTranslator.responseFromChat(
        {
          id: 'x',
          object: 'chat.completion',
          created: 1,
          model: '',
          choices: [{ index: 0, finish_reason: finish, message: { role: 'assistant', content: null } }],
        },
        context(),
      ) as { candidates: Array<{ finishReason: string; content: unknown }>; modelVersion: string };
    expect(response('length').candidates[0]?.finishReason).toBe('MAX_TOKENS');
    expect(response('content_filter').candidates[0]?.finishReason).toBe('SAFETY');
    expect(response('stop').candidates[0]?.content).toEqual({ role: 'model', parts: [{ text: '' }] });
    expect(response(null).modelVersion).toBe('gemini-3-pro-preview');
    expect(response(null)).not.toHaveProperty('usageMetadata');
  });
});
