import { describe, it, expect } from 'vitest';
import { openAiResponsesUsageReader } from '../../../../electron/core/dialects/openai-responses-usage';
import type { StreamUsageTracker } from '../../../../electron/core/dialects/usage-types';

function feed(tracker: StreamUsageTracker, events: Array<[string | undefined, unknown]>): void {
  for (const [name, data] of events)
    tracker.onEvent(name, typeof data === 'string' ? data : JSON.stringify(data));
}

const lifecycle = (type: string, sequence: number, response: Record<string, unknown>) => ({
  type,
  sequence_number: sequence,
  response: {
    id: 'resp_5',
    object: 'response',
    model: 'gpt-5.5',
    output: [],
    usage: null,
    error: null,
    ...response,
  },
});

describe('openai responses usage from a JSON body', () => {
  it('subtracts cached tokens from input_tokens', () => {
    const observation = openAiResponsesUsageReader.fromJson({
      id: 'resp_1',
      object: 'response',
      status: 'completed',
      model: 'gpt-5.5-codex',
      output: [],
      error: null,
      usage: {
        input_tokens: 18250,
        input_tokens_details: { cached_tokens: 17920, cache_write_tokens: 0 },
        output_tokens: 640,
        output_tokens_details: { reasoning_tokens: 448 },
        total_tokens: 18890,
      },
    });
    expect(observation).toEqual({
      usage: {
        inputTokens: 330, // 18250 - 17920
        cacheReadTokens: 17920,
        cacheWrite5mTokens: 0,
        cacheWrite1hTokens: 0,
        outputTokens: 640,
        reasoningTokens: 448,
      },
      servedModel: 'gpt-5.5-codex',
      errorMessage: null,
    });
  });

  it('counts cache_write_tokens as 5m writes, out of input_tokens', () => {
    const { usage } = openAiResponsesUsageReader.fromJson({
      model: 'gpt-5.6',
      usage: {
        input_tokens: 5000,
        input_tokens_details: { cached_tokens: 1000, cache_write_tokens: 2500 },
        output_tokens: 10,
      },
    });
    expect(usage).toEqual({
      inputTokens: 1500, // 5000 - 1000 - 2500
      cacheReadTokens: 1000,
      cacheWrite5mTokens: 2500,
      cacheWrite1hTokens: 0,
      outputTokens: 10,
      reasoningTokens: 0,
    });
  });

  it('gives null usage without usage and reads an error', () => {
    expect(openAiResponsesUsageReader.fromJson({ model: 'gpt-5.5', usage: null }).usage).toBeNull();
    expect(
      openAiResponsesUsageReader.fromJson({
        error: { message: 'Rate limit reached', type: 'rate_limit_exceeded' },
      }),
    ).toEqual({ usage: null, servedModel: null, errorMessage: 'Rate limit reached' });
  });
});

describe('openai responses usage from a stream', () => {
  it('reads usage from response.completed and skips the delta events', () => {
    const tracker = openAiResponsesUsageReader.createStreamTracker();
    feed(tracker, [
      ['response.created', lifecycle('response.created', 0, { status: 'in_progress' })],
      ['response.in_progress', lifecycle('response.in_progress', 1, { status: 'in_progress' })],
      [
        'response.output_text.delta',
        {
          type: 'response.output_text.delta',
          sequence_number: 41,
          item_id: 'msg_9',
          output_index: 1,
          content_index: 0,
          delta: 'done.',
        },
      ],
      [
        'response.completed',
        lifecycle('response.completed', 44, {
          status: 'completed',
          usage: {
            input_tokens: 900,
            input_tokens_details: { cached_tokens: 512 },
            output_tokens: 120,
            output_tokens_details: { reasoning_tokens: 64 },
            total_tokens: 1020,
          },
        }),
      ],
    ]);
    expect(tracker.result()).toEqual({
      usage: {
        inputTokens: 388, // 900 - 512
        cacheReadTokens: 512,
        cacheWrite5mTokens: 0,
        cacheWrite1hTokens: 0,
        outputTokens: 120,
        reasoningTokens: 64,
      },
      servedModel: 'gpt-5.5',
      errorMessage: null,
    });
  });

  it('reads usage from response.incomplete', () => {
    const tracker = openAiResponsesUsageReader.createStreamTracker();
    feed(tracker, [
      ['response.created', lifecycle('response.created', 0, {})],
      [
        'response.incomplete',
        lifecycle('response.incomplete', 90, {
          status: 'incomplete',
          incomplete_details: { reason: 'max_output_tokens' },
          usage: { input_tokens: 2000, input_tokens_details: { cached_tokens: 0 }, output_tokens: 4096 },
        }),
      ],
    ]);
    expect(tracker.result()).toEqual({
      usage: {
        inputTokens: 2000,
        cacheReadTokens: 0,
        cacheWrite5mTokens: 0,
        cacheWrite1hTokens: 0,
        outputTokens: 4096,
        reasoningTokens: 0,
      },
      servedModel: 'gpt-5.5',
      errorMessage: null,
    });
  });

  it('records response.failed without usage', () => {
    const tracker = openAiResponsesUsageReader.createStreamTracker();
    feed(tracker, [
      ['response.created', lifecycle('response.created', 0, {})],
      [
        'response.failed',
        lifecycle('response.failed', 3, {
          status: 'failed',
          error: { code: 'server_error', message: 'The server had an error processing your request.' },
        }),
      ],
    ]);
    expect(tracker.result()).toEqual({
      usage: null,
      servedModel: 'gpt-5.5',
      errorMessage: 'The server had an error processing your request.',
    });
  });

  it('records the top-level error event', () => {
    const tracker = openAiResponsesUsageReader.createStreamTracker();
    feed(tracker, [
      [
        'error',
        { type: 'error', code: 'rate_limit_exceeded', message: 'Slow down', param: null, sequence_number: 2 },
      ],
    ]);
    expect(tracker.result().errorMessage).toBe('Slow down');
  });

  it('gives the served model and null usage when cut after response.created', () => {
    const tracker = openAiResponsesUsageReader.createStreamTracker();
    feed(tracker, [['response.created', lifecycle('response.created', 0, { model: 'gpt-5.5-2026-04-01' })]]);
    expect(tracker.result()).toEqual({ usage: null, servedModel: 'gpt-5.5-2026-04-01', errorMessage: null });
  });

  it('ignores malformed terminal events and usage-looking data under other names', () => {
    const tracker = openAiResponsesUsageReader.createStreamTracker();
    feed(tracker, [
      ['response.completed', '{"type":"response.completed","response":{"usage":'],
      [
        'response.output_item.done',
        lifecycle('response.completed', 5, { usage: { input_tokens: 1, output_tokens: 1 } }),
      ],
    ]);
    expect(tracker.result()).toEqual({ usage: null, servedModel: null, errorMessage: null });
  });

  it('sniffs the type when a server omits the event: lines', () => {
    const tracker = openAiResponsesUsageReader.createStreamTracker();
    feed(tracker, [
      [undefined, { type: 'response.output_text.delta', delta: 'x' }],
      [
        undefined,
        lifecycle('response.completed', 9, {
          usage: { input_tokens: 70, input_tokens_details: { cached_tokens: 20 }, output_tokens: 3 },
        }),
      ],
    ]);
    expect(tracker.result().usage).toMatchObject({ inputTokens: 50, cacheReadTokens: 20, outputTokens: 3 });
  });
});
