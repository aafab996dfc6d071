import type { TokenUsage } from '../../../shared/usage';
import {
  describeError,
  isJsonObject,
  nonEmptyString,
  nonNegative,
  objectField,
  parseJsonObject,
  tokenCount,
  type JsonObject,
  type StreamUsageTracker,
  type UsageObservation,
  type UsageReader,
} from './usage-types';

/**
 * promptTokenCount includes cachedContentTokenCount; the tool-use prompt is counted apart from it.
 * candidatesTokenCount excludes thinking, which is billed as output too.
 */
export function geminiTokenUsage(usageMetadata: JsonObject): TokenUsage {
  const cached = tokenCount(usageMetadata, 'cachedContentTokenCount');
  const uncachedPrompt = nonNegative(tokenCount(usageMetadata, 'promptTokenCount') - cached);
  const thoughts = tokenCount(usageMetadata, 'thoughtsTokenCount');
  return {
    inputTokens: uncachedPrompt + tokenCount(usageMetadata, 'toolUsePromptTokenCount'),
    cacheReadTokens: cached,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    outputTokens: tokenCount(usageMetadata, 'candidatesTokenCount') + thoughts,
    reasoningTokens: thoughts,
  };
}

/** Code Assist (Gemini CLI's Google login) wraps each response as {"response":{...},"traceId":...}. */
function unwrapCodeAssist(body: JsonObject): JsonObject {
  const inner = objectField(body, 'response');
  return inner && body['usageMetadata'] === undefined && body['candidates'] === undefined ? inner : body;
}

/** Stop parsing every chunk to find modelVersion after this many chunks without it. */
const MODEL_PROBE_LIMIT = 8;

class GeminiStreamTracker implements StreamUsageTracker {
  private lastUsageMetadata: JsonObject | null = null;
  private servedModel: string | null = null;
  private modelProbesLeft = MODEL_PROBE_LIMIT;
  private errorMessage: string | null = null;

  onEvent(_eventName: string | undefined, data: string): void {
    const lookingForModel = this.servedModel === null && this.modelProbesLeft > 0;
    const worthParsing = lookingForModel || data.includes('"usageMetadata"') || data.includes('"error"');
    if (!worthParsing) return;
    if (lookingForModel) this.modelProbesLeft--;
    const chunk = parseJsonObject(data);
    if (chunk) this.observe(chunk);
  }

  observe(wrappedChunk: JsonObject): void {
    const chunk = unwrapCodeAssist(wrappedChunk);
    this.servedModel ??= nonEmptyString(chunk['modelVersion']);
    // Intermediate chunks may carry partial usage (often only prompt and total); the last one is complete.
    const usageMetadata = objectField(chunk, 'usageMetadata');
    if (usageMetadata) this.lastUsageMetadata = usageMetadata;
    this.errorMessage ??= describeError(chunk['error'] ?? wrappedChunk['error']);
  }

  result(): UsageObservation {
    return {
      usage: this.lastUsageMetadata ? geminiTokenUsage(this.lastUsageMetadata) : null,
      servedModel: this.servedModel,
      errorMessage: this.errorMessage,
    };
  }
}

/** A generateContent body, or a whole buffered JSON-array stream from :streamGenerateContent without alt=sse. */
function fromJson(body: unknown): UsageObservation {
  const tracker = new GeminiStreamTracker();
  const chunks = Array.isArray(body) ? body : [body];
  for (const chunk of chunks) if (isJsonObject(chunk)) tracker.observe(chunk);
  return tracker.result();
}

export const geminiUsageReader: UsageReader = {
  fromJson,
  createStreamTracker: () => new GeminiStreamTracker(),
};
