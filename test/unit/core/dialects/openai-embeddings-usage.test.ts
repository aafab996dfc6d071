import { describe, it, expect } from 'vitest';
import { openAiEmbeddingsUsageReader } from '../../../../electron/core/dialects/openai-embeddings-usage';

describe('openai embeddings usage', () => {
  it('counts prompt_tokens as uncached input with no output', () => {
    const observation = openAiEmbeddingsUsageReader.fromJson({
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: [0.0023, -0.0094] }],
      model: 'text-embedding-3-small',
      usage: { prompt_tokens: 8, total_tokens: 8 },
    });
    expect(observation).toEqual({
      usage: {
        inputTokens: 8,
        cacheReadTokens: 0,
        cacheWrite5mTokens: 0,
        cacheWrite1hTokens: 0,
        outputTokens: 0,
        reasoningTokens: 0,
      },
      servedModel: 'text-embedding-3-small',
      errorMessage: null,
    });
  });

  it('falls back to total_tokens when a compatible server omits prompt_tokens', () => {
    const { usage } = openAiEmbeddingsUsageReader.fromJson({
      model: 'nomic-embed',
      usage: { total_tokens: 31 },
    });
    expect(usage?.inputTokens).toBe(31);
  });

  it('gives null usage without usage, and reads an error', () => {
    expect(openAiEmbeddingsUsageReader.fromJson({ object: 'list', data: [] }).usage).toBeNull();
    expect(openAiEmbeddingsUsageReader.fromJson({ error: { message: 'bad input' } }).errorMessage).toBe(
      'bad input',
    );
  });

  it('reads a whole body delivered as one SSE event', () => {
    const tracker = openAiEmbeddingsUsageReader.createStreamTracker();
    tracker.onEvent(undefined, 'not json');
    tracker.onEvent(
      undefined,
      JSON.stringify({ model: 'text-embedding-3-large', usage: { prompt_tokens: 5 } }),
    );
    expect(tracker.result()).toMatchObject({
      usage: { inputTokens: 5 },
      servedModel: 'text-embedding-3-large',
    });
  });
});
