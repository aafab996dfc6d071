import { describe, expect, it } from 'vitest';
import type { StreamUsageTracker, UsageObservation } from '../../../../electron/core/dialects/usage-types';
import { openAiChatUsageReader } from '../../../../electron/core/dialects/openai-chat-usage';
import { sseObserver, usageStrippingObserver } from '../../../../electron/core/proxy/sse-relay';

const chunk = (s: string) => Buffer.from(s, 'utf8');

function recordingTracker(): StreamUsageTracker & { events: [string | undefined, string][] } {
  const events: [string | undefined, string][] = [];
  return {
    events,
    onEvent: (name, data) => events.push([name, data]),
    result: (): UsageObservation => ({ usage: null, servedModel: null, errorMessage: null }),
  };
}

const CHAT_STREAM = [
  'data: {"id":"c1","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hi"}}],"usage":null}\n\n',
  'data: {"id":"c1","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}\n\n',
  'data: {"id":"c1","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":2,"total_tokens":12,"prompt_tokens_details":{"cached_tokens":4}}}\n\n',
  'data: [DONE]\n\n',
];

describe('sseObserver', () => {
  it('leaves bytes alone and parses events split across chunks', () => {
    const tracker = recordingTracker();
    const observer = sseObserver(tracker);
    expect(observer.transform).toBeNull();
    const text = 'event: message_start\ndata: {"a":1}\n\nevent: ping\ndata: {}\n\n';
    // Split inside a multi-byte character and inside a field name.
    const bytes = Buffer.from(text.replace('{"a":1}', '{"a":"é"}'));
    for (let i = 0; i < bytes.length; i += 7) observer.observe(bytes.subarray(i, i + 7));
    expect(tracker.events).toEqual([
      ['message_start', '{"a":"é"}'],
      ['ping', '{}'],
    ]);
  });
});

describe('usageStrippingObserver', () => {
  it('removes the usage-only chunk, keeps every other event, and still reads the usage', () => {
    const tracker = openAiChatUsageReader.createStreamTracker();
    const observer = usageStrippingObserver(tracker);
    const out = CHAT_STREAM.map((event) => observer.transform!(chunk(event))).join('');
    expect(out).toBe(CHAT_STREAM[0]! + CHAT_STREAM[1]! + CHAT_STREAM[3]!);
    expect(tracker.result().usage).toMatchObject({ inputTokens: 6, cacheReadTokens: 4, outputTokens: 2 });
  });

  it('emits each event as soon as it is complete, holding back only a partial one', () => {
    const observer = usageStrippingObserver(recordingTracker());
    const first = CHAT_STREAM[0]!;
    const cut = 30;
    expect(observer.transform!(chunk(first + CHAT_STREAM[1]!.slice(0, cut)))).toBe(first);
    expect(observer.transform!(chunk(CHAT_STREAM[1]!.slice(cut)))).toBe(CHAT_STREAM[1]);
  });

  it('keeps comments and CRLF-framed events', () => {
    const observer = usageStrippingObserver(recordingTracker());
    expect(observer.transform!(chunk(': keep-alive\r\n\r\ndata: {"x":1}\r\n\r\n'))).toBe(
      ': keep-alive\n\ndata: {"x":1}\n\n',
    );
  });
});
