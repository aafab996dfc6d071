import { describe, it, expect } from 'vitest';
import { geminiUsageReader } from '../../../../electron/core/dialects/gemini-usage';
import { createJsonArraySplitter } from '../../../../electron/core/dialects/json-array-splitter';
import type { StreamUsageTracker } from '../../../../electron/core/dialects/usage-types';

function feed(tracker: StreamUsageTracker, chunks: unknown[]): void {
  for (const chunk of chunks)
    tracker.onEvent(undefined, typeof chunk === 'string' ? chunk : JSON.stringify(chunk));
}

const textChunk = (text: string, extra: Record<string, unknown> = {}) => ({
  candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0 }],
  modelVersion: 'gemini-3-pro-preview',
  responseId: 'r-1',
  ...extra,
});

describe('gemini usage from a JSON body', () => {
  it('subtracts cached tokens from the prompt and adds thoughts to output', () => {
    const observation = geminiUsageReader.fromJson({
      candidates: [{ content: { role: 'model', parts: [{ text: 'ok' }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: {
        promptTokenCount: 41000,
        cachedContentTokenCount: 32768,
        candidatesTokenCount: 350,
        thoughtsTokenCount: 1200,
        toolUsePromptTokenCount: 0,
        totalTokenCount: 42550,
        promptTokensDetails: [{ modality: 'TEXT', tokenCount: 41000 }],
        trafficType: 'ON_DEMAND',
      },
      modelVersion: 'gemini-2.5-pro',
      responseId: 'abc',
    });
    expect(observation).toEqual({
      usage: {
        inputTokens: 8232, // 41000 - 32768
        cacheReadTokens: 32768,
        cacheWrite5mTokens: 0,
        cacheWrite1hTokens: 0,
        outputTokens: 1550, // 350 + 1200
        reasoningTokens: 1200,
      },
      servedModel: 'gemini-2.5-pro',
      errorMessage: null,
    });
  });

  it('adds the tool-use prompt to uncached input', () => {
    const { usage } = geminiUsageReader.fromJson({
      usageMetadata: {
        promptTokenCount: 1000,
        cachedContentTokenCount: 600,
        toolUsePromptTokenCount: 200,
        candidatesTokenCount: 50,
      },
    });
    expect(usage).toEqual({
      inputTokens: 600, // 1000 - 600 + 200
      cacheReadTokens: 600,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
      outputTokens: 50,
      reasoningTokens: 0,
    });
  });

  it('unwraps the Code Assist form', () => {
    const observation = geminiUsageReader.fromJson({
      response: {
        candidates: [],
        usageMetadata: { promptTokenCount: 300, candidatesTokenCount: 20, thoughtsTokenCount: 5 },
        modelVersion: 'gemini-2.5-flash',
      },
      traceId: 't-1',
    });
    expect(observation.usage).toMatchObject({ inputTokens: 300, outputTokens: 25, reasoningTokens: 5 });
    expect(observation.servedModel).toBe('gemini-2.5-flash');
  });

  it('reads a buffered JSON-array stream body, keeping the last usageMetadata', () => {
    const observation = geminiUsageReader.fromJson([
      textChunk('a', { usageMetadata: { promptTokenCount: 90, totalTokenCount: 90 } }),
      textChunk('b', {
        usageMetadata: { promptTokenCount: 90, candidatesTokenCount: 12, totalTokenCount: 102 },
      }),
    ]);
    expect(observation.usage).toMatchObject({ inputTokens: 90, outputTokens: 12 });
    expect(observation.servedModel).toBe('gemini-3-pro-preview');
  });

  it('gives null usage without usageMetadata, and reads an error body', () => {
    expect(geminiUsageReader.fromJson({ candidates: [] }).usage).toBeNull();
    expect(
      geminiUsageReader.fromJson({
        error: { code: 429, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED' },
      }),
    ).toEqual({ usage: null, servedModel: null, errorMessage: 'Resource has been exhausted' });
  });
});

describe('gemini usage from a stream', () => {
  it('keeps the last usageMetadata: intermediate chunks carry only prompt and total', () => {
    const tracker = geminiUsageReader.createStreamTracker();
    feed(tracker, [
      textChunk('Hel', { usageMetadata: { promptTokenCount: 5000, totalTokenCount: 5000 } }),
      textChunk('lo', { usageMetadata: { promptTokenCount: 5000, totalTokenCount: 5000 } }),
      {
        ...textChunk('!'),
        candidates: [{ content: { role: 'model', parts: [{ text: '!' }] }, finishReason: 'STOP', index: 0 }],
        usageMetadata: {
          promptTokenCount: 5000,
          cachedContentTokenCount: 4096,
          candidatesTokenCount: 3,
          thoughtsTokenCount: 88,
          totalTokenCount: 5091,
        },
      },
    ]);
    expect(tracker.result()).toEqual({
      usage: {
        inputTokens: 904, // 5000 - 4096
        cacheReadTokens: 4096,
        cacheWrite5mTokens: 0,
        cacheWrite1hTokens: 0,
        outputTokens: 91, // 3 + 88
        reasoningTokens: 88,
      },
      servedModel: 'gemini-3-pro-preview',
      errorMessage: null,
    });
  });

  it('returns the partial figures of a cut stream', () => {
    const tracker = geminiUsageReader.createStreamTracker();
    feed(tracker, [textChunk('Hel', { usageMetadata: { promptTokenCount: 5000, totalTokenCount: 5000 } })]);
    expect(tracker.result().usage).toEqual({
      inputTokens: 5000,
      cacheReadTokens: 0,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
      outputTokens: 0,
      reasoningTokens: 0,
    });
  });

  it('unwraps Code Assist chunks', () => {
    const tracker = geminiUsageReader.createStreamTracker();
    feed(tracker, [
      { response: textChunk('x', { modelVersion: 'gemini-2.5-pro' }), traceId: 't' },
      {
        response: textChunk('y', { usageMetadata: { promptTokenCount: 70, candidatesTokenCount: 4 } }),
        traceId: 't',
        consumedCredits: 1,
      },
    ]);
    expect(tracker.result()).toMatchObject({
      usage: { inputTokens: 70, outputTokens: 4 },
      servedModel: 'gemini-2.5-pro',
    });
  });

  it('records an error chunk and ignores malformed ones', () => {
    const tracker = geminiUsageReader.createStreamTracker();
    feed(tracker, [
      '{"usageMetadata":{"promptTokenCount":',
      '}{',
      { error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } },
    ]);
    expect(tracker.result()).toEqual({
      usage: null,
      servedModel: null,
      errorMessage: 'The model is overloaded.',
    });
  });

  it('reads a JSON-array stream through the splitter, fed one character at a time', () => {
    const body =
      '[' +
      JSON.stringify(
        textChunk('say "}" and [', { usageMetadata: { promptTokenCount: 12, totalTokenCount: 12 } }),
      ) +
      ',\r\n' +
      JSON.stringify(
        textChunk('\\"done\\"', {
          usageMetadata: {
            promptTokenCount: 12,
            candidatesTokenCount: 6,
            thoughtsTokenCount: 2,
            totalTokenCount: 20,
          },
        }),
      ) +
      ']';
    const tracker = geminiUsageReader.createStreamTracker();
    const splitter = createJsonArraySplitter((element) => tracker.onEvent(undefined, element));
    for (const character of body) splitter.feed(character);
    expect(tracker.result()).toEqual({
      usage: {
        inputTokens: 12,
        cacheReadTokens: 0,
        cacheWrite5mTokens: 0,
        cacheWrite1hTokens: 0,
        outputTokens: 8, // 6 + 2
        reasoningTokens: 2,
      },
      servedModel: 'gemini-3-pro-preview',
      errorMessage: null,
    });
  });
});
