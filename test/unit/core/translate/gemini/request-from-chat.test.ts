import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../../../electron/core/translate/chat-types';
import { geminiTranslator } from '../../../../../electron/core/translate/gemini';
import {
  PLACEHOLDER_THOUGHT_SIGNATURE,
  encodeToolCallId,
} from '../../../../../electron/core/translate/gemini/thought-signature';
import { LONG_TOOL_NAME, SIGNATURE_1, context, geminiCliRequest } from './helpers';

describe('chat request → Gemini upstream', () => {
  it('translates a conversation with system text, parallel calls, results and images', () => {
    const signedId = encodeToolCallId('toolu_01', SIGNATURE_1);
    const chat: ChatRequest = {
      model: 'gemini-3-pro-preview',
      stream: true,
      messages: [
        {
          role: 'system',
          content: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
        },
        { role: 'developer', content: 'Repo at /repo.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these?' },
            { type: 'image_url', image_url: { url: 'data:image/webp;base64,UklGRg==' } },
            { type: 'image_url', image_url: { url: 'https://x.test/shot.PNG?v=2' } },
          ],
        },
        {
          role: 'assistant',
          content: 'Checking.',
          reasoning_content: 'Thinking text cannot be replayed.',
          tool_calls: [
            { id: signedId, type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } },
            { id: 'toolu_02', type: 'function', function: { name: LONG_TOOL_NAME, arguments: '{"topic":' } },
          ],
        },
        { role: 'tool', tool_call_id: signedId, content: 'export {}' },
        { role: 'tool', tool_call_id: 'toolu_02', content: '{"items":[]}' },
        { role: 'user', content: 'Thanks. Now the tests.' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'run', arguments: '' } }],
        },
        {
          role: 'tool',
          tool_call_id: 'call_9',
          content: [
            { type: 'text', text: '[1,2]' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          ],
        },
      ],
    };
    const ctx = context();
    const gemini = geminiTranslator.requestFromChat(chat, ctx);
    const shortName = ctx.toolNames.toUpstream(LONG_TOOL_NAME);
    expect(shortName.length).toBeLessThanOrEqual(64);

    expect(gemini).toEqual({
      systemInstruction: { parts: [{ text: 'Be brief.' }, { text: 'Repo at /repo.' }] },
      contents: [
        {
          role: 'user',
          parts: [
            { text: 'What is in these?' },
            { inlineData: { mimeType: 'image/webp', data: 'UklGRg==' } },
            { fileData: { fileUri: 'https://x.test/shot.PNG?v=2', mimeType: 'image/png' } },
          ],
        },
        {
          role: 'model',
          parts: [
            { text: 'Checking.' },
            // The real signature comes back out of the id; only the first call of a turn carries one.
            {
              functionCall: { name: 'read_file', args: { path: 'a.ts' } },
              thoughtSignature: SIGNATURE_1,
            },
            { functionCall: { name: shortName, args: { _raw: '{"topic":' } } },
          ],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { name: 'read_file', response: { output: 'export {}' } } },
            { functionResponse: { name: shortName, response: { items: [] } } },
            { text: 'Thanks. Now the tests.' },
          ],
        },
        {
          role: 'model',
          parts: [
            {
              functionCall: { name: 'run', args: {} },
              // Another model made this call: Google's placeholder skips Gemini 3's signature check.
              thoughtSignature: PLACEHOLDER_THOUGHT_SIGNATURE,
            },
          ],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { name: 'run', response: { output: '[1,2]' } } },
            { inlineData: { mimeType: 'image/png', data: 'AAAA' } },
          ],
        },
      ],
    });
    // Ids stay with the proxy: Gemini pairs calls and responses by order.
    expect(JSON.stringify(gemini.contents)).not.toContain('"id"');
    expect(JSON.stringify(gemini)).not.toContain('cache_control');
    expect(JSON.stringify(gemini)).not.toContain('cannot be replayed');
    expect(gemini).not.toHaveProperty('model');
    expect(gemini).not.toHaveProperty('stream');
  });

  it('translates tools, tool_choice and sampling', () => {
    const ctx = context();
    const parameters = { type: 'object', properties: { q: { type: 'string' } } };
    const gemini = geminiTranslator.requestFromChat(
      {
        model: 'm',
        messages: [{ role: 'user', content: 'hi' }],
        tools: [
          { type: 'function', function: { name: LONG_TOOL_NAME, description: 'Search.', parameters } },
          { type: 'function', function: { name: 'now' } },
        ],
        tool_choice: { type: 'function', function: { name: LONG_TOOL_NAME } },
        max_tokens: 100,
        max_completion_tokens: 200,
        temperature: 0.2,
        top_p: 0.9,
        stop: 'END',
        reasoning_effort: 'high',
        response_format: { type: 'json_schema', json_schema: { name: 'r', schema: { type: 'object' } } },
      },
      ctx,
    );
    const shortName = ctx.toolNames.toUpstream(LONG_TOOL_NAME);
    expect(gemini.tools).toEqual([
      {
        functionDeclarations: [
          { name: shortName, description: 'Search.', parametersJsonSchema: parameters },
          { name: 'now' },
        ],
      },
    ]);
    expect(gemini.toolConfig).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [shortName] },
    });
    expect(gemini.generationConfig).toEqual({
      maxOutputTokens: 200,
      temperature: 0.2,
      topP: 0.9,
      stopSequences: ['END'],
      // Capped at half of maxOutputTokens, so the answer keeps room.
      thinkingConfig: { thinkingBudget: 100, includeThoughts: true },
      responseMimeType: 'application/json',
      responseJsonSchema: { type: 'object' },
    });
  });

  it('maps the other tool_choice values and reasoning efforts', () => {
    const request = (extra: Partial<ChatRequest>) =>
      geminiTranslator.requestFromChat(
        {
          model: 'm',
          messages: [{ role: 'user', content: 'hi' }],
          tools: [{ type: 'function', function: { name: 'a' } }],
          ...extra,
        },
        context(),
      );
    expect(request({ tool_choice: 'auto' }).toolConfig).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    expect(request({ tool_choice: 'none' }).toolConfig).toEqual({ functionCallingConfig: { mode: 'NONE' } });
    expect(request({ tool_choice: 'required' }).toolConfig).toEqual({
      functionCallingConfig: { mode: 'ANY' },
    });
    expect(request({ reasoning_effort: 'low' }).generationConfig).toEqual({
      thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
    });
    expect(request({ reasoning_effort: 'medium' }).generationConfig).toEqual({
      thinkingConfig: { thinkingBudget: 8192, includeThoughts: true },
    });
    expect(request({}).generationConfig).toBeUndefined();
    expect(request({ reasoning_effort: 'constructor' as never }).generationConfig).toBeUndefined();
  });

  it('survives junk messages and tool calls', () => {
    const gemini = geminiTranslator.requestFromChat(
      {
        model: 'm',
        messages: [
          null,
          { role: 'user', content: '' },
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: null, tool_calls: [{ id: 1 }, 'x'] },
          { role: 'tool', tool_call_id: 'orphan', content: 'ok' },
        ] as never,
      },
      context(),
    );
    expect(gemini.contents).toEqual([
      {
        role: 'user',
        parts: [
          { text: 'hi' },
          { functionResponse: { name: 'unknown_function', response: { output: 'ok' } } },
        ],
      },
    ]);
  });

  it('round-trips a Gemini CLI request through chat with names and signatures intact', () => {
    const original = geminiCliRequest();
    const chat = geminiTranslator.requestToChat(original, context());
    const ctx = context();
    const back = geminiTranslator.requestFromChat(chat, ctx);
    const shortName = ctx.toolNames.toUpstream(LONG_TOOL_NAME);
    const contents = back.contents as Array<{ role: string; parts: Array<Record<string, unknown>> }>;
    expect(contents.map((content) => content.role)).toEqual(['user', 'model', 'user', 'model', 'user']);
    expect(contents[1]?.parts).toEqual([
      { text: 'Let me look at the code.' },
      {
        functionCall: { name: 'read_file', args: { absolute_path: '/repo/app.ts' } },
        thoughtSignature: 'CiQBVKhc7+/Zk3q0nJ9aXy+M2w==',
      },
      { functionCall: { name: shortName, args: { topic: 'logos', language: 'ts' } } },
    ]);
    expect(contents[2]?.parts).toEqual([
      {
        functionResponse: {
          name: 'read_file',
          response: { output: 'import logo from "./logo.png";' },
        },
      },
      {
        functionResponse: {
          name: shortName,
          response: { items: [{ name: 'logo-kit' }], total: 1 },
        },
      },
    ]);
    expect(contents[3]?.parts[0]).toEqual({
      functionCall: { name: 'read_file', args: { absolute_path: '/repo/logo.png' } },
      thoughtSignature: 'EpkCCpYCAb4+9vv/yPq7Jm0Fz1p=',
    });
    expect(contents[4]?.parts).toEqual([
      {
        functionResponse: {
          name: 'read_file',
          response: { output: 'Binary content of type image/png was processed.' },
        },
      },
      { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
    ]);
    expect(back.systemInstruction).toEqual({ parts: [{ text: 'You are an interactive CLI agent.' }] });
  });
});
