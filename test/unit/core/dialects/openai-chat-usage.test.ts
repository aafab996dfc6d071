import { describe, it, expect } from 'vitest';
import {
  isChatUsageOnlyChunk,
  openAiChatUsageReader,
} from '../../../../electron/core/dialects/openai-chat-usage';
import type { StreamUsageTracker } from '../../../../electron/core/dialects/usage-types';

function feed(tracker: StreamUsageTracker, chunks: unknown[], eventName?: string): void {
  for (const chunk of chunks)
    tracker.onEvent(eventName, typeof chunk === 'string' ? chunk : JSON.stringify(chunk));
}

const chunk = (fields: Record<string, unknown>) => ({
  id: 'chatcmpl-a1',
  object: 'chat.completion.chunk',
  created: 1767225600,
  model: 'gpt-5.4',
  choices: [{ index: 0, delta: {}, finish_reason: null }],
  usage: null,
  ...fields,
});

describe('openai chat usage from a JSON body', () => {
  it('subtracts cached tokens from prompt_tokens', () => {
    const observation = openAiChatUsageReader.fromJson({
      id: 'chatcmpl-a1',
      object: 'chat.completion',
      model: 'gpt-5.4-2026-03-05',
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'ok' } }],
      usage: {
        prompt_tokens: 5200,
        completion_tokens: 310,
        total_tokens: 5510,
        prompt_tokens_details: { cached_tokens: 4096, audio_tokens: 0 },
        completion_tokens_details: {
          reasoning_tokens: 192,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      },
    });
    expect(observation).toEqual({
      usage: {
        inputTokens: 1104, // 5200 - 4096
        cacheReadTokens: 4096,
        cacheWrite5mTokens: 0,
        cacheWrite1hTokens: 0,
        outputTokens: 310,
        reasoningTokens: 192,
      },
      servedModel: 'gpt-5.4-2026-03-05',
      errorMessage: null,
    });
  });

  it('counts cache_write_tokens as 5m writes, out of prompt_tokens', () => {
    const { usage } = openAiChatUsageReader.fromJson({
      model: 'gpt-5.6',
      usage: {
        prompt_tokens: 10000,
        completion_tokens: 120,
        prompt_tokens_details: { cached_tokens: 2000, cache_write_tokens: 3000 },
      },
    });
    expect(usage).toEqual({
      inputTokens: 5000, // 10000 - 2000 - 3000
      cacheReadTokens: 2000,
      cacheWrite5mTokens: 3000,
      cacheWrite1hTokens: 0,
      outputTokens: 120,
      reasoningTokens: 0,
    });
  });

  it('reads DeepSeek prompt_cache_hit_tokens when prompt_tokens_details is absent', () => {
    const { usage } = openAiChatUsageReader.fromJson({
      model: 'deepseek-chat',
      usage: {
        prompt_tokens: 1000,
        completion_tokens: 80,
        total_tokens: 1080,
        prompt_cache_hit_tokens: 640,
        prompt_cache_miss_tokens: 360,
        completion_tokens_details: { reasoning_tokens: 30 },
      },
    });
    expect(usage).toEqual({
      inputTokens: 360, // 1000 - 640
      cacheReadTokens: 640,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
      outputTokens: 80,
      reasoningTokens: 30,
    });
  });

  it('clamps at 0 when a server reports more cached than prompt tokens', () => {
    const { usage } = openAiChatUsageReader.fromJson({
      usage: { prompt_tokens: 100, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 150 } },
    });
    expect(usage?.inputTokens).toBe(0);
    expect(usage?.cacheReadTokens).toBe(150);
  });

  it('gives null usage without usage, and reads an error body', () => {
    expect(openAiChatUsageReader.fromJson({ model: 'gpt-5.4', choices: [] }).usage).toBeNull();
    expect(openAiChatUsageReader.fromJson({ model: 'gpt-5.4', usage: null }).usage).toBeNull();
    expect(
      openAiChatUsageReader.fromJson({
        error: {
          message: 'The model `gpt-9` does not exist',
          type: 'invalid_request_error',
          code: 'model_not_found',
        },
      }),
    ).toEqual({ usage: null, servedModel: null, errorMessage: 'The model `gpt-9` does not exist' });
  });
});

describe('openai chat usage from a stream', () => {
  it('reads the include_usage chunk of the example stream and ignores [DONE]', () => {
    const tracker = openAiChatUsageReader.createStreamTracker();
    feed(tracker, [
      chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }),
      chunk({ choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] }),
      chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
      chunk({
        choices: [],
        usage: {
          prompt_tokens: 42,
          completion_tokens: 2,
          total_tokens: 44,
          prompt_tokens_details: { cached_tokens: 0 },
        },
      }),
      '[DONE]',
    ]);
    expect(tracker.result()).toEqual({
      usage: {
        inputTokens: 42,
        cacheReadTokens: 0,
        cacheWrite5mTokens: 0,
        cacheWrite1hTokens: 0,
        outputTokens: 2,
        reasoningTokens: 0,
      },
      servedModel: 'gpt-5.4',
      errorMessage: null,
    });
  });

  it('takes the last usage when a server repeats cumulative usage on every chunk', () => {
    const tracker = openAiChatUsageReader.createStreamTracker();
    feed(tracker, [
      chunk({ model: 'qwen3-coder', usage: { prompt_tokens: 800, completion_tokens: 1 } }),
      chunk({ model: 'qwen3-coder', usage: { prompt_tokens: 800, completion_tokens: 17 } }),
      chunk({
        model: 'qwen3-coder',
        choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
        usage: { prompt_tokens: 800, completion_tokens: 36, prompt_tokens_details: { cached_tokens: 512 } },
      }),
      '[DONE]',
    ]);
    expect(tracker.result().usage).toEqual({
      inputTokens: 288, // 800 - 512
      cacheReadTokens: 512,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
      outputTokens: 36,
      reasoningTokens: 0,
    });
  });

  it('reads usage placed on the finish chunk, with reasoning', () => {
    const tracker = openAiChatUsageReader.createStreamTracker();
    feed(tracker, [
      chunk({ choices: [{ index: 0, delta: { role: 'assistant' }, finish_reason: null }] }),
      chunk({
        choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }],
        usage: {
          prompt_tokens: 3000,
          completion_tokens: 400,
          prompt_tokens_details: { cached_tokens: 1024 },
          completion_tokens_details: { reasoning_tokens: 256 },
        },
      }),
    ]);
    expect(tracker.result().usage).toEqual({
      inputTokens: 1976, // 3000 - 1024
      cacheReadTokens: 1024,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
      outputTokens: 400,
      reasoningTokens: 256,
    });
  });

  it('keeps the first served model and reports null usage when the stream was cut', () => {
    const tracker = openAiChatUsageReader.createStreamTracker();
    feed(tracker, [
      chunk({ model: 'gpt-5.4-2026-03-05' }),
      chunk({
        model: 'something-else',
        choices: [{ index: 0, delta: { content: 'a' }, finish_reason: null }],
      }),
    ]);
    expect(tracker.result()).toEqual({ usage: null, servedModel: 'gpt-5.4-2026-03-05', errorMessage: null });
  });

  it('records an error chunk (OpenRouter style) and an `event: error`', () => {
    const inChunk = openAiChatUsageReader.createStreamTracker();
    feed(inChunk, [
      chunk({}),
      chunk({
        error: { code: 502, message: 'Provider returned error' },
        choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
      }),
    ]);
    expect(inChunk.result().errorMessage).toBe('Provider returned error');

    const named = openAiChatUsageReader.createStreamTracker();
    feed(named, [{ message: 'upstream reset' }], 'error');
    expect(named.result().errorMessage).toBe('upstream reset');
  });

  it('ignores malformed chunks', () => {
    const tracker = openAiChatUsageReader.createStreamTracker();
    feed(tracker, [
      '{"usage":{"prompt_tokens":1',
      'garbage',
      '"usage"',
      chunk({ usage: { prompt_tokens: 5 } }),
    ]);
    expect(tracker.result().usage?.inputTokens).toBe(5);
  });

  it('serves legacy completions chunks too', () => {
    const tracker = openAiChatUsageReader.createStreamTracker();
    feed(tracker, [
      {
        id: 'cmpl-1',
        object: 'text_completion',
        model: 'gpt-3.5-turbo-instruct',
        choices: [{ text: 'x', index: 0 }],
      },
      {
        id: 'cmpl-1',
        object: 'text_completion',
        model: 'gpt-3.5-turbo-instruct',
        choices: [],
        usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 },
      },
    ]);
    expect(tracker.result().usage).toMatchObject({ inputTokens: 12, outputTokens: 7 });
  });
});

describe('isChatUsageOnlyChunk', () => {
  it('is true for the extra chunk include_usage adds, however it is spaced', () => {
    expect(
      isChatUsageOnlyChunk(
        '{"id":"chatcmpl-a1","object":"chat.completion.chunk","model":"gpt-5.4","choices":[],"usage":{"prompt_tokens":42,"completion_tokens":2,"total_tokens":44}}',
      ),
    ).toBe(true);
    expect(isChatUsageOnlyChunk('{"choices": [ ], "usage": {"prompt_tokens": 1}}')).toBe(true);
  });

  it('is false for content chunks, finish chunks with usage, Azure filter chunks and junk', () => {
    expect(isChatUsageOnlyChunk(JSON.stringify(chunk({})))).toBe(false);
    expect(
      isChatUsageOnlyChunk(
        JSON.stringify(
          chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 1 } }),
        ),
      ),
    ).toBe(false);
    // Azure's first chunk has empty choices but only prompt_filter_results.
    expect(
      isChatUsageOnlyChunk('{"choices":[],"created":0,"id":"","model":"","prompt_filter_results":[]}'),
    ).toBe(false);
    expect(isChatUsageOnlyChunk('{"choices":[],"usage":null}')).toBe(false);
    expect(isChatUsageOnlyChunk('{"choices":[],"usage":{"prompt_tokens":1},"error":{"message":"x"}}')).toBe(
      false,
    );
    expect(isChatUsageOnlyChunk('{"choices":[],"usage":{')).toBe(false);
    expect(isChatUsageOnlyChunk('[DONE]')).toBe(false);
  });
});
