import type { TokenUsage } from '../../../shared/usage';
import {
  describeError,
  hasNumber,
  isJsonObject,
  nonEmptyString,
  objectField,
  parseJsonObject,
  tokenCount,
  type JsonObject,
  type StreamUsageTracker,
  type UsageObservation,
  type UsageReader,
} from './usage-types';

/** Embeddings have no output and no caching: every prompt token is uncached input. */
export function openAiEmbeddingsTokenUsage(usage: JsonObject): TokenUsage {
  // Some compatible servers send only total_tokens, which for embeddings equals the prompt.
  const input = hasNumber(usage, 'prompt_tokens')
    ? tokenCount(usage, 'prompt_tokens')
    : tokenCount(usage, 'total_tokens');
  return {
    inputTokens: input,
    cacheReadTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
  };
}

function fromJson(body: unknown): UsageObservation {
  if (!isJsonObject(body)) return { usage: null, servedModel: null, errorMessage: null };
  const usage = objectField(body, 'usage');
  return {
    usage: usage ? openAiEmbeddingsTokenUsage(usage) : null,
    servedModel: nonEmptyString(body['model']),
    errorMessage: describeError(body['error']),
  };
}

/** Embeddings never stream; should an upstream send SSE anyway, each event is read as a whole body. */
class OpenAiEmbeddingsStreamTracker implements StreamUsageTracker {
  private observation: UsageObservation = { usage: null, servedModel: null, errorMessage: null };

  onEvent(_eventName: string | undefined, data: string): void {
    if (!data.includes('"usage"') && !data.includes('"error"') && this.observation.servedModel !== null)
      return;
    const body = parseJsonObject(data);
    if (!body) return;
    const observed = fromJson(body);
    this.observation = {
      usage: observed.usage ?? this.observation.usage,
      servedModel: this.observation.servedModel ?? observed.servedModel,
      errorMessage: this.observation.errorMessage ?? observed.errorMessage,
    };
  }

  result(): UsageObservation {
    return { ...this.observation };
  }
}

export const openAiEmbeddingsUsageReader: UsageReader = {
  fromJson,
  createStreamTracker: () => new OpenAiEmbeddingsStreamTracker(),
};
