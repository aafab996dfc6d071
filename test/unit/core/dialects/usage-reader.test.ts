import { describe, it, expect } from 'vitest';
import type { Endpoint } from '../../../../shared/dialects';
import { anthropicUsageReader } from '../../../../electron/core/dialects/anthropic-usage';
import { geminiUsageReader } from '../../../../electron/core/dialects/gemini-usage';
import { openAiChatUsageReader } from '../../../../electron/core/dialects/openai-chat-usage';
import { openAiEmbeddingsUsageReader } from '../../../../electron/core/dialects/openai-embeddings-usage';
import { openAiResponsesUsageReader } from '../../../../electron/core/dialects/openai-responses-usage';
import { usageReaderFor } from '../../../../electron/core/dialects/usage-reader';
import type { UsageReader } from '../../../../electron/core/dialects/usage-types';

describe('usageReaderFor', () => {
  const expected: Record<Endpoint, UsageReader | null> = {
    'anthropic-messages': anthropicUsageReader,
    'anthropic-count-tokens': null,
    'anthropic-models': null,
    'openai-chat': openAiChatUsageReader,
    'openai-responses': openAiResponsesUsageReader,
    'openai-embeddings': openAiEmbeddingsUsageReader,
    'openai-completions': openAiChatUsageReader,
    'openai-models': null,
    'gemini-generate': geminiUsageReader,
    'gemini-stream-generate': geminiUsageReader,
    'gemini-count-tokens': null,
    'gemini-models': null,
  };

  for (const [endpoint, reader] of Object.entries(expected) as Array<[Endpoint, UsageReader | null]>) {
    it(`maps ${endpoint}`, () => {
      expect(usageReaderFor(endpoint)).toBe(reader);
    });
  }

  it('hands out independent stream trackers', () => {
    const reader = usageReaderFor('openai-chat');
    const first = reader?.createStreamTracker();
    const second = reader?.createStreamTracker();
    first?.onEvent(undefined, '{"model":"a","choices":[],"usage":{"prompt_tokens":3}}');
    expect(first?.result().usage?.inputTokens).toBe(3);
    expect(second?.result().usage).toBeNull();
  });
});
