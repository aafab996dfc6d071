import { afterEach, describe, it, expect, vi } from 'vitest';
import { anthropicUsageReader } from '../../../../electron/core/dialects/anthropic-usage';
import { geminiUsageReader } from '../../../../electron/core/dialects/gemini-usage';
import { openAiChatUsageReader } from '../../../../electron/core/dialects/openai-chat-usage';
import { openAiResponsesUsageReader } from '../../../../electron/core/dialects/openai-responses-usage';

// Trackers see every SSE event of every request, so content events must not be JSON-parsed.
function countParses(run: () => void): number {
  const parse = vi.spyOn(JSON, 'parse');
  run();
  const calls = parse.mock.calls.length;
  parse.mockRestore();
  return calls;
}

afterEach(() => {
  vi.restoreAllMocks();
});

const CONTENT_EVENTS = 200;

describe('trackers on the hot path', () => {
  it('anthropic parses only message_start and message_delta', () => {
    const tracker = anthropicUsageReader.createStreamTracker();
    const start = JSON.stringify({
      type: 'message_start',
      message: { model: 'm', usage: { input_tokens: 1 } },
    });
    const delta = JSON.stringify({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text: 'x' },
    });
    const end = JSON.stringify({ type: 'message_delta', delta: {}, usage: { output_tokens: 2 } });
    const parses = countParses(() => {
      tracker.onEvent('message_start', start);
      for (let i = 0; i < CONTENT_EVENTS; i++) tracker.onEvent('content_block_delta', delta);
      tracker.onEvent('ping', '{"type":"ping"}');
      tracker.onEvent('message_delta', end);
      tracker.onEvent('message_stop', '{"type":"message_stop"}');
    });
    expect(parses).toBe(2);
    expect(tracker.result().usage).toMatchObject({ inputTokens: 1, outputTokens: 2 });
  });

  it('chat parses the first chunk (model) and the usage chunk, not the `"usage":null` chunks', () => {
    const tracker = openAiChatUsageReader.createStreamTracker();
    const content = JSON.stringify({
      model: 'gpt-5.4',
      choices: [{ index: 0, delta: { content: 'the "usage": {} of errors' }, finish_reason: null }],
      usage: null,
    });
    const parses = countParses(() => {
      for (let i = 0; i < CONTENT_EVENTS; i++) tracker.onEvent(undefined, content);
      tracker.onEvent(undefined, '{"choices":[],"usage" : {"prompt_tokens":4,"completion_tokens":1}}');
      tracker.onEvent(undefined, '[DONE]');
    });
    expect(parses).toBe(2);
    expect(tracker.result()).toMatchObject({
      usage: { inputTokens: 4, outputTokens: 1 },
      servedModel: 'gpt-5.4',
    });
  });

  it('chat gives up looking for a model a server never sends', () => {
    const tracker = openAiChatUsageReader.createStreamTracker();
    const content = '{"choices":[{"index":0,"delta":{"content":"x"}}]}';
    const parses = countParses(() => {
      for (let i = 0; i < CONTENT_EVENTS; i++) tracker.onEvent(undefined, content);
    });
    expect(parses).toBe(8);
  });

  it('responses parses only lifecycle and error events', () => {
    const tracker = openAiResponsesUsageReader.createStreamTracker();
    const delta = JSON.stringify({ type: 'response.output_text.delta', delta: 'response.completed' });
    const parses = countParses(() => {
      tracker.onEvent('response.created', '{"type":"response.created","response":{"model":"gpt-5.5"}}');
      for (let i = 0; i < CONTENT_EVENTS; i++) tracker.onEvent('response.output_text.delta', delta);
      tracker.onEvent(
        'response.completed',
        '{"type":"response.completed","response":{"model":"gpt-5.5","usage":{"input_tokens":3,"output_tokens":1}}}',
      );
    });
    expect(parses).toBe(2);
    expect(tracker.result().usage).toMatchObject({ inputTokens: 3, outputTokens: 1 });
  });

  it('gemini parses chunks only for modelVersion, usageMetadata or error', () => {
    const tracker = geminiUsageReader.createStreamTracker();
    const content = JSON.stringify({
      candidates: [{ content: { parts: [{ text: 'x' }] } }],
      modelVersion: 'g',
    });
    const parses = countParses(() => {
      for (let i = 0; i < CONTENT_EVENTS; i++) tracker.onEvent(undefined, content);
      tracker.onEvent(undefined, '{"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":1}}');
    });
    expect(parses).toBe(2);
    expect(tracker.result()).toMatchObject({ usage: { inputTokens: 9, outputTokens: 1 }, servedModel: 'g' });
  });
});
