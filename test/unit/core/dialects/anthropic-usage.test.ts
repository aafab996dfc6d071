import { describe, it, expect } from 'vitest';
import { anthropicUsageReader } from '../../../../electron/core/dialects/anthropic-usage';
import type { StreamUsageTracker } from '../../../../electron/core/dialects/usage-types';

function feed(tracker: StreamUsageTracker, events: Array<[string | undefined, unknown]>): void {
  for (const [name, data] of events)
    tracker.onEvent(name, typeof data === 'string' ? data : JSON.stringify(data));
}

/** Splits an SSE transcript the way the proxy's SSE parser would hand it over. */
function feedTranscript(tracker: StreamUsageTracker, transcript: string): void {
  for (const block of transcript.trim().split(/\n\n+/)) {
    const lines = block.split('\n');
    const name = lines.find((line) => line.startsWith('event: '))?.slice('event: '.length);
    const data = lines
      .filter((line) => line.startsWith('data: '))
      .map((line) => line.slice('data: '.length))
      .join('\n');
    tracker.onEvent(name, data);
  }
}

const messageStart = (usage: unknown, model = 'claude-sonnet-4-6') => ({
  type: 'message_start',
  message: {
    id: 'msg_01X',
    type: 'message',
    role: 'assistant',
    model,
    content: [],
    stop_reason: null,
    usage,
  },
});
const messageDelta = (usage: unknown) => ({
  type: 'message_delta',
  delta: { stop_reason: 'end_turn', stop_sequence: null },
  usage,
});

describe('anthropic usage from a JSON body', () => {
  it('keeps the disjoint input buckets and splits cache writes by TTL', () => {
    const observation = anthropicUsageReader.fromJson({
      id: 'msg_01',
      type: 'message',
      role: 'assistant',
      model: 'claude-opus-4-6',
      content: [{ type: 'text', text: 'Done.' }],
      stop_reason: 'end_turn',
      usage: {
        input_tokens: 12,
        cache_creation_input_tokens: 30210,
        cache_read_input_tokens: 88400,
        cache_creation: { ephemeral_5m_input_tokens: 210, ephemeral_1h_input_tokens: 30000 },
        output_tokens: 517,
        output_tokens_details: { thinking_tokens: 300 },
        server_tool_use: { web_search_requests: 1, web_fetch_requests: 0 },
        service_tier: 'standard',
      },
    });
    expect(observation).toEqual({
      usage: {
        inputTokens: 12,
        cacheReadTokens: 88400,
        cacheWrite5mTokens: 210,
        cacheWrite1hTokens: 30000,
        outputTokens: 517, // already the billed total, thinking included
        reasoningTokens: 300,
      },
      servedModel: 'claude-opus-4-6',
      errorMessage: null,
    });
  });

  it('counts a cache write without a TTL split as 5m', () => {
    const { usage } = anthropicUsageReader.fromJson({
      model: 'claude-haiku-4-5',
      usage: {
        input_tokens: 40,
        cache_creation_input_tokens: 2048,
        cache_read_input_tokens: 0,
        output_tokens: 9,
      },
    });
    expect(usage).toEqual({
      inputTokens: 40,
      cacheReadTokens: 0,
      cacheWrite5mTokens: 2048,
      cacheWrite1hTokens: 0,
      outputTokens: 9,
      reasoningTokens: 0,
    });
  });

  it('bills a total the TTL split does not explain as 5m rather than dropping it', () => {
    // total 1000, split says only 600 of it were 1h: the remaining 400 are default (5m) writes.
    const { usage } = anthropicUsageReader.fromJson({
      usage: {
        input_tokens: 1,
        cache_creation_input_tokens: 1000,
        cache_creation: { ephemeral_1h_input_tokens: 600 },
        output_tokens: 2,
      },
    });
    expect(usage?.cacheWrite5mTokens).toBe(400);
    expect(usage?.cacheWrite1hTokens).toBe(600);
  });

  it('treats missing, null and negative fields as 0', () => {
    const { usage } = anthropicUsageReader.fromJson({
      usage: { input_tokens: -5, cache_read_input_tokens: null, output_tokens: 'many' },
    });
    expect(usage).toEqual({
      inputTokens: 0,
      cacheReadTokens: 0,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
      outputTokens: 0,
      reasoningTokens: 0,
    });
  });

  it('returns null usage for a body without usage, and reads an error body', () => {
    expect(anthropicUsageReader.fromJson({ model: 'claude-sonnet-4-6' }).usage).toBeNull();
    expect(anthropicUsageReader.fromJson('not an object')).toEqual({
      usage: null,
      servedModel: null,
      errorMessage: null,
    });
    const error = anthropicUsageReader.fromJson({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
      request_id: 'req_011',
    });
    expect(error).toEqual({ usage: null, servedModel: null, errorMessage: 'Overloaded' });
  });
});

describe('anthropic usage from a stream', () => {
  it('reads the example stream: input side from message_start, output from message_delta', () => {
    const tracker = anthropicUsageReader.createStreamTracker();
    feedTranscript(
      tracker,
      `
event: message_start
data: {"type":"message_start","message":{"id":"msg_01X","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[],"stop_reason":null,"usage":{"input_tokens":9,"cache_creation_input_tokens":0,"cache_read_input_tokens":15000,"output_tokens":1}}}

event: ping
data: {"type": "ping"}

event: content_block_start
data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_01A","name":"Bash","input":{}}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"command\\": \\"ls"}}

event: content_block_stop
data: {"type":"content_block_stop","index":0}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":9,"cache_read_input_tokens":15000,"cache_creation_input_tokens":0,"output_tokens":58}}

event: message_stop
data: {"type":"message_stop"}
`,
    );
    expect(tracker.result()).toEqual({
      usage: {
        inputTokens: 9,
        cacheReadTokens: 15000,
        cacheWrite5mTokens: 0,
        cacheWrite1hTokens: 0,
        outputTokens: 58,
        reasoningTokens: 0,
      },
      servedModel: 'claude-sonnet-4-6',
      errorMessage: null,
    });
  });

  it('after only message_start gives the input counts and 0 output (the provisional 1 is not billed)', () => {
    const tracker = anthropicUsageReader.createStreamTracker();
    feed(tracker, [
      [
        'message_start',
        messageStart({
          input_tokens: 3,
          cache_creation_input_tokens: 4500,
          cache_read_input_tokens: 20000,
          cache_creation: { ephemeral_5m_input_tokens: 500, ephemeral_1h_input_tokens: 4000 },
          output_tokens: 1,
        }),
      ],
      [
        'content_block_start',
        { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      ],
    ]);
    expect(tracker.result()).toEqual({
      usage: {
        inputTokens: 3,
        cacheReadTokens: 20000,
        cacheWrite5mTokens: 500,
        cacheWrite1hTokens: 4000,
        outputTokens: 0,
        reasoningTokens: 0,
      },
      servedModel: 'claude-sonnet-4-6',
      errorMessage: null,
    });
  });

  it('lets the last message_delta overwrite input-side counts (server tools) and never sums output', () => {
    const tracker = anthropicUsageReader.createStreamTracker();
    feed(tracker, [
      ['message_start', messageStart({ input_tokens: 9, cache_read_input_tokens: 15000, output_tokens: 1 })],
      ['message_delta', messageDelta({ output_tokens: 40 })],
      [
        'message_delta',
        messageDelta({
          input_tokens: 2210,
          cache_read_input_tokens: 15000,
          cache_creation_input_tokens: 300,
          output_tokens: 58,
          output_tokens_details: { thinking_tokens: 21 },
        }),
      ],
    ]);
    expect(tracker.result().usage).toEqual({
      inputTokens: 2210,
      cacheReadTokens: 15000,
      cacheWrite5mTokens: 300,
      cacheWrite1hTokens: 0,
      outputTokens: 58, // the last value, not 40 + 58
      reasoningTokens: 21,
    });
  });

  it('keeps message_start input counts when message_delta only reports output', () => {
    const tracker = anthropicUsageReader.createStreamTracker();
    feed(tracker, [
      [
        'message_start',
        messageStart({
          input_tokens: 7,
          cache_creation_input_tokens: 1200,
          cache_read_input_tokens: 0,
          cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 1200 },
          output_tokens: 1,
        }),
      ],
      ['message_delta', messageDelta({ output_tokens: 333 })],
    ]);
    expect(tracker.result().usage).toEqual({
      inputTokens: 7,
      cacheReadTokens: 0,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 1200,
      outputTokens: 333,
      reasoningTokens: 0,
    });
  });

  it('records an error event and keeps the partial usage', () => {
    const tracker = anthropicUsageReader.createStreamTracker();
    feed(tracker, [
      ['message_start', messageStart({ input_tokens: 50, output_tokens: 1 })],
      ['error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }],
    ]);
    expect(tracker.result()).toEqual({
      usage: {
        inputTokens: 50,
        cacheReadTokens: 0,
        cacheWrite5mTokens: 0,
        cacheWrite1hTokens: 0,
        outputTokens: 0,
        reasoningTokens: 0,
      },
      servedModel: 'claude-sonnet-4-6',
      errorMessage: 'Overloaded',
    });
  });

  it('ignores malformed data and events it does not track, even when they look like usage', () => {
    const tracker = anthropicUsageReader.createStreamTracker();
    feed(tracker, [
      ['message_start', '{"type":"message_start","message":{"usage":{"input_tokens":'],
      ['content_block_delta', messageDelta({ output_tokens: 999 })],
      ['message_delta', 'not json'],
      ['message_delta', '[1,2]'],
    ]);
    expect(tracker.result()).toEqual({ usage: null, servedModel: null, errorMessage: null });
  });

  it('sniffs the type when a server omits the event: lines', () => {
    const tracker = anthropicUsageReader.createStreamTracker();
    feed(tracker, [
      [
        undefined,
        messageStart({ input_tokens: 11, cache_read_input_tokens: 100, output_tokens: 1 }, 'claude-x'),
      ],
      [undefined, { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'hi' } }],
      [undefined, messageDelta({ output_tokens: 5 })],
    ]);
    expect(tracker.result()).toEqual({
      usage: {
        inputTokens: 11,
        cacheReadTokens: 100,
        cacheWrite5mTokens: 0,
        cacheWrite1hTokens: 0,
        outputTokens: 5,
        reasoningTokens: 0,
      },
      servedModel: 'claude-x',
      errorMessage: null,
    });
  });

  it('gives null usage when nothing arrived', () => {
    expect(anthropicUsageReader.createStreamTracker().result()).toEqual({
      usage: null,
      servedModel: null,
      errorMessage: null,
    });
  });
});
