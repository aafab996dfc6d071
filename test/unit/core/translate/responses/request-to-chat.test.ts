import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../../../electron/core/translate/chat-types';
import { responsesTranslator } from '../../../../../electron/core/translate/responses';
import { MISSING_RESULT } from '../../../../../electron/core/translate/responses/tool-order';
import { TranslationError } from '../../../../../electron/core/translate/translator';
import { APPLY_PATCH_GRAMMAR, codexThirdTurn, PATCH, packedThinking } from './codex-fixtures';
import { makeCtx } from './helpers';

const { requestToChat } = responsesTranslator;

/** OpenAI chat's rule: an assistant message's calls are answered by tool messages directly after it. */
function expectResultsFollowCalls(messages: ChatMessage[]): void {
  messages.forEach((message, i) => {
    const ids = (message.tool_calls ?? []).map((call) => call.id);
    const following = messages.slice(i + 1, i + 1 + ids.length);
    expect(following.map((m) => [m.role, m.tool_call_id])).toEqual(ids.map((id) => ['tool', id]));
    if (message.role === 'tool') expect(messages[i - 1]?.role).toMatch(/assistant|tool/);
  });
}

describe('responses requestToChat: a Codex multi-turn conversation', () => {
  const ctx = makeCtx();
  const chat = requestToChat(codexThirdTurn(), ctx);

  it('sets the upstream model, streaming with usage, and maps the options', () => {
    expect(chat.model).toBe('upstream-model');
    expect(chat.stream).toBe(true);
    expect(chat.stream_options).toEqual({ include_usage: true });
    expect(chat.reasoning_effort).toBe('high'); // xhigh → nearest
    expect(chat.tool_choice).toBe('auto');
    expect(chat.parallel_tool_calls).toBe(true);
    expect(chat.prompt_cache_key).toBe('thread-1234');
    // Responses-only fields do not leak into the chat request.
    for (const key of ['input', 'instructions', 'store', 'include', 'text', 'reasoning'])
      expect(chat).not.toHaveProperty(key);
  });

  it('translates the whole history in order', () => {
    expect(chat.messages).toEqual([
      { role: 'system', content: 'You are Codex, a coding agent.' },
      { role: 'system', content: '<permissions instructions>workspace-write</permissions instructions>' },
      { role: 'user', content: '<environment_context>cwd: /repo</environment_context>' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Why does this screenshot show a = 1?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'high' } },
          // the file_id image is dropped: no other upstream can read OpenAI's file store
        ],
      },
      {
        role: 'assistant',
        content: 'Let me look.',
        reasoning_content: 'Look at the file.',
        reasoning_signature: 'sig-turn-1',
        tool_calls: [
          {
            id: 'call_a',
            type: 'function',
            function: { name: 'shell', arguments: '{"command":["cat","src/app.ts"]}' },
          },
          {
            id: 'call_b',
            type: 'function',
            function: { name: 'shell', arguments: '{"command":["git","status"]}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_a', content: 'const a = 1;' },
      { role: 'tool', tool_call_id: 'call_b', content: 'clean' },
      {
        role: 'assistant',
        content: null, // the OpenAI-encrypted reasoning before it is dropped
        tool_calls: [
          {
            id: 'call_p',
            type: 'function',
            function: { name: 'apply_patch', arguments: JSON.stringify({ input: PATCH }) },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_p', content: 'Success. Updated src/app.ts' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_lost',
            type: 'function',
            function: { name: 'shell', arguments: '{"command":["sleep","99"]}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_lost', content: MISSING_RESULT },
      { role: 'user', content: 'Now run the tests.' },
    ]);
    expectResultsFollowCalls(chat.messages);
  });

  it('turns functions into chat tools and the freeform apply_patch into a one-string function', () => {
    expect(chat.tools).toHaveLength(2); // web_search and local_shell are hosted: dropped
    expect(chat.tools?.[0]).toEqual({
      type: 'function',
      function: {
        name: 'shell',
        description: 'Runs a shell command and returns its output.',
        strict: false,
        parameters: expect.objectContaining({ required: ['command'] }),
      },
    });
    const patch = chat.tools?.[1]?.function;
    expect(patch?.name).toBe('apply_patch');
    expect(patch?.description).toBe('Use the `apply_patch` tool to edit files.');
    expect(patch?.parameters).toMatchObject({
      type: 'object',
      required: ['input'],
      properties: { input: { type: 'string' } },
    });
    const inputDescription = (patch?.parameters as { properties: { input: { description: string } } })
      .properties.input.description;
    expect(inputDescription).toContain('lark');
    expect(inputDescription).toContain(APPLY_PATCH_GRAMMAR);
    expect([...ctx.customToolNames]).toEqual(['apply_patch']);
  });
});

describe('responses requestToChat: single cases', () => {
  it('takes a plain string input as one user message', () => {
    const chat = requestToChat(
      { model: 'm', input: 'hello', max_output_tokens: 500, temperature: 0.2, top_p: 0.9 },
      makeCtx(),
    );
    expect(chat.messages).toEqual([{ role: 'user', content: 'hello' }]);
    expect(chat).toMatchObject({ max_tokens: 500, temperature: 0.2, top_p: 0.9 });
    expect(chat.tools).toBeUndefined();
    expect(chat.stream_options).toBeUndefined();
  });

  it('accepts easy input messages without a type and string content', () => {
    const chat = requestToChat(
      {
        input: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'hello' },
        ],
      },
      makeCtx(),
    );
    expect(chat.messages).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
    ]);
  });

  it('refuses previous_response_id: a translated upstream has no stored response', () => {
    expect(() => requestToChat({ input: 'x', previous_response_id: 'resp_1' }, makeCtx())).toThrow(
      TranslationError,
    );
    expect(() => requestToChat({ input: 'x', previous_response_id: null }, makeCtx())).not.toThrow();
  });

  it('maps tool_choice, efforts, text.format and the user id', () => {
    const tools = [{ type: 'function', name: 'f', parameters: { type: 'object' } }];
    const forced = requestToChat(
      {
        input: 'x',
        tools,
        tool_choice: { type: 'function', name: 'f' },
        reasoning: { effort: 'none' },
        text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true } },
        safety_identifier: 'user-1',
      },
      makeCtx(),
    );
    expect(forced.tool_choice).toEqual({ type: 'function', function: { name: 'f' } });
    expect(forced.reasoning_effort).toBe('minimal');
    expect(forced.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'out', schema: { type: 'object' }, strict: true },
    });
    expect(forced.user).toBe('user-1');

    const required = requestToChat(
      { input: 'x', tools, tool_choice: 'required', text: { format: { type: 'text' } } },
      makeCtx(),
    );
    expect(required.tool_choice).toBe('required');
    expect(required.response_format).toBeUndefined();
  });

  it('leaves out tool_choice when every tool was hosted', () => {
    const chat = requestToChat(
      { input: 'x', tools: [{ type: 'web_search' }], tool_choice: 'required' },
      makeCtx(),
    );
    expect(chat.tools).toBeUndefined();
    expect(chat.tool_choice).toBeUndefined();
  });

  it('attaches packed thinking to the calls that follow it, even without an assistant message', () => {
    const chat = requestToChat(
      {
        input: [
          { type: 'message', role: 'user', content: 'go' },
          { type: 'reasoning', summary: [], encrypted_content: packedThinking('', 'sig-omitted') },
          { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
          { type: 'function_call_output', call_id: 'c1', output: 'ok' },
        ],
      },
      makeCtx(),
    );
    expect(chat.messages[1]).toMatchObject({
      role: 'assistant',
      reasoning_content: '',
      reasoning_signature: 'sig-omitted',
    });
  });

  it('drops packed thinking that no assistant output follows, and malformed packed data', () => {
    const chat = requestToChat(
      {
        input: [
          { type: 'reasoning', encrypted_content: packedThinking('orphan', 'sig') },
          { type: 'message', role: 'user', content: 'next' },
          { type: 'reasoning', encrypted_content: 'farebox-anthropic-thinking:!!not-base64-json' },
          { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'done' }] },
        ],
      },
      makeCtx(),
    );
    expect(chat.messages).toEqual([
      { role: 'user', content: 'next' },
      { role: 'assistant', content: 'done' },
    ]);
  });

  it('drops tool results whose call is gone and ignores malformed items', () => {
    const chat = requestToChat(
      {
        input: [
          null,
          42,
          { type: 'function_call_output', call_id: 'ghost', output: 'x' },
          { type: 'function_call', name: 'no_call_id', arguments: '{}' },
          {
            type: 'message',
            role: 'user',
            content: [
              { type: 'input_text', text: 'a' },
              { type: 'input_text', text: 'b' },
            ],
          },
        ],
        tools: 'nonsense',
      },
      makeCtx(),
    );
    expect(chat.messages).toEqual([{ role: 'user', content: 'a\nb' }]);
  });
});
