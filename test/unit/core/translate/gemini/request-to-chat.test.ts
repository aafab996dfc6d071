import { describe, expect, it } from 'vitest';
import { geminiTranslator } from '../../../../../electron/core/translate/gemini';
import { decodeToolCallId } from '../../../../../electron/core/translate/gemini/thought-signature';
import { TranslationError } from '../../../../../electron/core/translate/translator';
import { LONG_TOOL_NAME, SIGNATURE_1, SIGNATURE_2, context, geminiCliRequest } from './helpers';

describe('Gemini request → chat', () => {
  it('translates a multi-turn Gemini CLI conversation', () => {
    const chat = geminiTranslator.requestToChat(geminiCliRequest(), context());
    expect(chat.model).toBe('upstream-model');
    expect(chat.stream).toBeUndefined();
    expect(chat.messages.map((message) => message.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'tool',
      'assistant',
      'tool',
      'user',
    ]);
    const [system, user, firstAssistant, readResult, searchResult, secondAssistant, imageResult, imageTurn] =
      chat.messages;
    expect(system).toEqual({ role: 'system', content: 'You are an interactive CLI agent.' });
    expect(user?.content).toEqual([
      { type: 'text', text: 'This is the Gemini CLI. Working directory: /repo' },
      { type: 'text', text: 'Why does the logo fail?' },
    ]);

    // One assistant message per model turn: text, thoughts and both calls, client names untouched.
    expect(firstAssistant).toMatchObject({
      content: 'Let me look at the code.',
      reasoning_content: 'The user wants the logo checked.',
    });
    const [readCall, searchCall] = firstAssistant?.tool_calls ?? [];
    expect(readCall?.function).toEqual({ name: 'read_file', arguments: '{"absolute_path":"/repo/app.ts"}' });
    expect(searchCall?.function).toEqual({
      name: LONG_TOOL_NAME,
      arguments: '{"topic":"logos","language":"ts"}',
    });
    expect(decodeToolCallId(readCall!.id)).toEqual({ id: 'call_1_0', signature: SIGNATURE_1 });
    expect(searchCall?.id).toBe('call_1_1');
    expect(readCall!.id).toMatch(/^[A-Za-z0-9_-]+$/);

    // Responses without ids answer the earliest open call of their name.
    expect(readResult).toEqual({
      role: 'tool',
      tool_call_id: readCall!.id,
      content: 'import logo from "./logo.png";',
    });
    expect(searchResult).toEqual({
      role: 'tool',
      tool_call_id: 'call_1_1',
      content: '{"items":[{"name":"logo-kit"}],"total":1}',
    });

    // A Gemini-issued id is kept, with the signature riding along; the response finds it by id.
    const imageCall = secondAssistant?.tool_calls?.[0];
    expect(secondAssistant?.content).toBeNull();
    expect(decodeToolCallId(imageCall!.id)).toEqual({ id: 'fc-7', signature: SIGNATURE_2 });
    expect(imageResult).toMatchObject({ tool_call_id: imageCall!.id });
    expect(imageTurn?.content).toEqual([
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
    ]);
  });

  it('translates tools, their schemas and the generation config', () => {
    const chat = geminiTranslator.requestToChat(geminiCliRequest(), context());
    expect(chat.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'read_file',
          description: 'Reads a file.',
          parameters: {
            type: 'object',
            properties: { absolute_path: { type: 'string' } },
            required: ['absolute_path'],
          },
        },
      },
      {
        type: 'function',
        function: {
          name: LONG_TOOL_NAME,
          description: 'Searches repositories.',
          parameters: {
            type: 'object',
            properties: {
              topic: { type: 'string' },
              language: { type: 'string', enum: ['ts', 'py'] },
              tags: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
    ]);
    expect(chat).toMatchObject({ temperature: 0, top_p: 1, max_tokens: 65536, reasoning_effort: 'medium' });
    expect(chat.tool_choice).toBeUndefined();
  });

  it('maps thinking budgets and levels to reasoning effort', () => {
    const effort = (thinkingConfig: Record<string, unknown>) =>
      geminiTranslator.requestToChat({ contents: [], generationConfig: { thinkingConfig } }, context())
        .reasoning_effort;
    expect(effort({ thinkingBudget: 512 })).toBe('low');
    expect(effort({ thinkingBudget: 1024 })).toBe('low');
    expect(effort({ thinkingBudget: 8192 })).toBe('medium');
    expect(effort({ thinkingBudget: 24576 })).toBe('high');
    expect(effort({ thinkingBudget: 0 })).toBeUndefined();
    expect(effort({ thinkingBudget: -1 })).toBeUndefined();
    expect(effort({ thinkingLevel: 'HIGH' })).toBe('high');
    expect(effort({ thinkingLevel: 'low' })).toBe('low');
  });

  it('maps the function-calling config to tool_choice', () => {
    const choice = (functionCallingConfig: Record<string, unknown>) =>
      geminiTranslator.requestToChat(
        {
          contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
          tools: [{ functionDeclarations: [{ name: 'a' }, { name: 'b' }] }],
          toolConfig: { functionCallingConfig },
        },
        context(),
      ).tool_choice;
    expect(choice({ mode: 'AUTO' })).toBe('auto');
    expect(choice({ mode: 'NONE' })).toBe('none');
    expect(choice({ mode: 'ANY' })).toBe('required');
    expect(choice({ mode: 'ANY', allowedFunctionNames: ['b'] })).toEqual({
      type: 'function',
      function: { name: 'b' },
    });
    expect(choice({ mode: 'ANY', allowedFunctionNames: ['a', 'b'] })).toBe('required');
  });

  it('gives declarations without parameters an empty object schema', () => {
    const chat = geminiTranslator.requestToChat(
      { contents: [], tools: [{ functionDeclarations: [{ name: 'now' }] }] },
      context(),
    );
    expect(chat.tools?.[0]?.function.parameters).toEqual({ type: 'object', properties: {} });
  });

  it('translates structured output, stop sequences and file references', () => {
    const chat = geminiTranslator.requestToChat(
      {
        contents: [
          { role: 'user', parts: [{ fileData: { fileUri: 'https://x.test/a.png', mimeType: 'image/png' } }] },
        ],
        generationConfig: {
          stopSequences: ['END'],
          responseMimeType: 'application/json',
          responseSchema: { type: 'OBJECT', properties: { ok: { type: 'BOOLEAN' } } },
        },
      },
      context(),
    );
    expect(chat.stop).toEqual(['END']);
    expect(chat.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'response', schema: { type: 'object', properties: { ok: { type: 'boolean' } } } },
    });
    expect(chat.messages).toEqual([
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x.test/a.png' } }] },
    ]);
  });

  it('keeps ids a client echoed with the signature already inside', () => {
    const id = 'call_abc__ts__c2ln';
    const chat = geminiTranslator.requestToChat(
      {
        contents: [
          { role: 'user', parts: [{ text: 'go' }] },
          { role: 'model', parts: [{ functionCall: { id, name: 'ls', args: {} }, thoughtSignature: 'sig' }] },
          { role: 'user', parts: [{ functionResponse: { id, name: 'ls', response: { result: 'a b' } } }] },
        ],
      },
      context(),
    );
    expect(chat.messages[1]?.tool_calls?.[0]?.id).toBe(id);
    expect(chat.messages[2]).toEqual({ role: 'tool', tool_call_id: id, content: 'a b' });
  });

  it('merges consecutive model contents into one assistant message', () => {
    const chat = geminiTranslator.requestToChat(
      {
        contents: [
          { role: 'user', parts: [{ text: 'go' }] },
          { role: 'model', parts: [{ text: 'First ' }] },
          {
            role: 'model',
            parts: [{ text: 'second.' }, { functionCall: { name: 'ls', args: { dir: '.' } } }],
          },
          { role: 'user', parts: [{ functionResponse: { name: 'ls', response: { output: 'a' } } }] },
        ],
      },
      context(),
    );
    expect(chat.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
    expect(chat.messages[1]).toMatchObject({ content: 'First second.', tool_calls: [{ id: 'call_2_0' }] });
    expect(chat.messages[2]).toMatchObject({ tool_call_id: 'call_2_0' });
  });

  it('reads a Code Assist-wrapped request and tolerates junk', () => {
    const chat = geminiTranslator.requestToChat(
      {
        model: 'gemini-2.5-pro',
        project: 'p',
        request: { contents: [{ role: 'user', parts: [{ text: 'hi' }, null, 7, { text: '' }] }, 'junk'] },
      },
      context(),
    );
    expect(chat.messages).toEqual([{ role: 'user', content: 'hi' }]);
    expect(geminiTranslator.requestToChat({ contents: 'nope' }, context()).messages).toEqual([]);
  });

  it('refuses a cachedContent reference, which only Google can resolve', () => {
    expect(() =>
      geminiTranslator.requestToChat({ contents: [], cachedContent: 'cachedContents/abc' }, context()),
    ).toThrow(TranslationError);
  });
});
