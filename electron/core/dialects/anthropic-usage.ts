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

/** Anthropic's input-side fields are disjoint: input_tokens is already the uncached part. */
export function anthropicTokenUsage(usage: JsonObject): TokenUsage {
  const cacheCreationTotal = tokenCount(usage, 'cache_creation_input_tokens');
  const split = objectField(usage, 'cache_creation');
  const write1h = tokenCount(split, 'ephemeral_1h_input_tokens');
  const write5mListed = tokenCount(split, 'ephemeral_5m_input_tokens');
  // Without the TTL split everything is a default (5m) write; if the split does not add up to the total,
  // the unexplained remainder is billed as 5m too rather than dropped.
  const write5m = Math.max(write5mListed, cacheCreationTotal - write1h);
  return {
    inputTokens: tokenCount(usage, 'input_tokens'),
    cacheReadTokens: tokenCount(usage, 'cache_read_input_tokens'),
    cacheWrite5mTokens: nonNegative(write5m),
    cacheWrite1hTokens: write1h,
    outputTokens: tokenCount(usage, 'output_tokens'),
    reasoningTokens: tokenCount(objectField(usage, 'output_tokens_details'), 'thinking_tokens'),
  };
}

function errorMessageOf(body: JsonObject): string | null {
  return describeError(body['error']);
}

function fromJson(body: unknown): UsageObservation {
  if (!isJsonObject(body)) return { usage: null, servedModel: null, errorMessage: null };
  const usage = objectField(body, 'usage');
  return {
    usage: usage ? anthropicTokenUsage(usage) : null,
    servedModel: nonEmptyString(body['model']),
    errorMessage: errorMessageOf(body),
  };
}

// message_delta may repeat these (larger than in message_start when server tools ran); a later value wins.
const INPUT_SIDE_FIELDS = [
  'input_tokens',
  'cache_read_input_tokens',
  'cache_creation_input_tokens',
  'cache_creation',
] as const;
const OUTPUT_SIDE_FIELDS = ['output_tokens', 'output_tokens_details'] as const;

function copyPresentFields(from: JsonObject, to: JsonObject, fields: readonly string[]): void {
  for (const field of fields) {
    const value = from[field];
    if (value !== undefined && value !== null) to[field] = value;
  }
}

class AnthropicStreamTracker implements StreamUsageTracker {
  /** Raw usage fields merged across events; output-side fields only ever come from message_delta. */
  private readonly mergedUsage: JsonObject = {};
  private sawUsage = false;
  private servedModel: string | null = null;
  private errorMessage: string | null = null;

  onEvent(eventName: string | undefined, data: string): void {
    if (eventName === undefined) {
      // Servers that omit `event:` lines: sniff before paying for a parse.
      if (!data.includes('message_start') && !data.includes('message_delta') && !data.includes('"error"'))
        return;
    } else if (eventName !== 'message_start' && eventName !== 'message_delta' && eventName !== 'error') {
      return;
    }
    const event = parseJsonObject(data);
    if (!event) return;
    const type = eventName ?? event['type'];
    if (type === 'message_start') this.onMessageStart(event);
    else if (type === 'message_delta') this.onMessageDelta(event);
    else if (type === 'error') this.errorMessage ??= errorMessageOf(event) ?? data;
  }

  private onMessageStart(event: JsonObject): void {
    const message = objectField(event, 'message');
    this.servedModel ??= nonEmptyString(message?.['model']);
    const usage = objectField(message, 'usage');
    if (!usage) return;
    // message_start's output_tokens is a provisional placeholder (usually 1), so it is not taken.
    copyPresentFields(usage, this.mergedUsage, INPUT_SIDE_FIELDS);
    this.sawUsage = true;
  }

  private onMessageDelta(event: JsonObject): void {
    const usage = objectField(event, 'usage');
    if (!usage) return;
    copyPresentFields(usage, this.mergedUsage, INPUT_SIDE_FIELDS);
    // Cumulative, not incremental: the last message_delta's output_tokens is the total.
    copyPresentFields(usage, this.mergedUsage, OUTPUT_SIDE_FIELDS);
    this.sawUsage = true;
  }

  result(): UsageObservation {
    return {
      usage: this.sawUsage ? anthropicTokenUsage(this.mergedUsage) : null,
      servedModel: this.servedModel,
      errorMessage: this.errorMessage,
    };
  }
}

export const anthropicUsageReader: UsageReader = {
  fromJson,
  createStreamTracker: () => new AnthropicStreamTracker(),
};
