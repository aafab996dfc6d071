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

/** Responses API usage: input_tokens includes cached_tokens and cache_write_tokens. */
export function openAiResponsesTokenUsage(usage: JsonObject): TokenUsage {
  const inputDetails = objectField(usage, 'input_tokens_details');
  const cacheRead = tokenCount(inputDetails, 'cached_tokens');
  // cache_write_tokens (2026 SDKs) carries no TTL, so it is billed as a default 5m write.
  const cacheWrite = tokenCount(inputDetails, 'cache_write_tokens');
  return {
    inputTokens: nonNegative(tokenCount(usage, 'input_tokens') - cacheRead - cacheWrite),
    cacheReadTokens: cacheRead,
    cacheWrite5mTokens: cacheWrite,
    cacheWrite1hTokens: 0,
    outputTokens: tokenCount(usage, 'output_tokens'),
    reasoningTokens: tokenCount(objectField(usage, 'output_tokens_details'), 'reasoning_tokens'),
  };
}

/** A response object: the non-streamed body, or the `response` inside a lifecycle event. */
function observeResponse(response: JsonObject): UsageObservation {
  const usage = objectField(response, 'usage');
  return {
    usage: usage ? openAiResponsesTokenUsage(usage) : null,
    servedModel: nonEmptyString(response['model']),
    errorMessage: describeError(response['error']),
  };
}

function fromJson(body: unknown): UsageObservation {
  if (!isJsonObject(body)) return { usage: null, servedModel: null, errorMessage: null };
  return observeResponse(body);
}

const TRACKED_EVENTS: ReadonlySet<string> = new Set([
  'response.created',
  'response.completed',
  'response.incomplete',
  'response.failed',
  'error',
]);
const TRACKED_EVENT_MARKERS = [...TRACKED_EVENTS].filter((name) => name !== 'error');

class OpenAiResponsesStreamTracker implements StreamUsageTracker {
  private usage: TokenUsage | null = null;
  private servedModel: string | null = null;
  private errorMessage: string | null = null;

  onEvent(eventName: string | undefined, data: string): void {
    if (eventName === undefined) {
      // Servers that omit `event:` lines: sniff before paying for a parse.
      if (!data.includes('"error"') && !TRACKED_EVENT_MARKERS.some((marker) => data.includes(marker))) return;
    } else if (!TRACKED_EVENTS.has(eventName)) {
      return;
    }
    const event = parseJsonObject(data);
    if (!event) return;
    const type = eventName ?? event['type'];
    if (type === 'error') {
      // The error event is flat: {"type":"error","code","message","param"}.
      this.errorMessage ??= describeError(event['error']) ?? describeError(event['message']) ?? data;
      return;
    }
    if (typeof type !== 'string' || !TRACKED_EVENTS.has(type)) return;
    const response = objectField(event, 'response');
    if (!response) return;
    const observed = observeResponse(response);
    // Usage only ever arrives on a terminal event (response.failed may lack it).
    if (observed.usage) this.usage = observed.usage;
    if (observed.servedModel !== null) this.servedModel = observed.servedModel;
    this.errorMessage ??= observed.errorMessage;
  }

  result(): UsageObservation {
    return { usage: this.usage, servedModel: this.servedModel, errorMessage: this.errorMessage };
  }
}

export const openAiResponsesUsageReader: UsageReader = {
  fromJson,
  createStreamTracker: () => new OpenAiResponsesStreamTracker(),
};
