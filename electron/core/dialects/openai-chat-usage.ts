import type { TokenUsage } from '../../../shared/usage';
import {
  describeError,
  hasNumber,
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

/** Chat Completions (and legacy Completions) usage: prompt_tokens includes the cached and cache-written parts. */
export function openAiChatTokenUsage(usage: JsonObject): TokenUsage {
  const promptDetails = objectField(usage, 'prompt_tokens_details');
  // DeepSeek reports cache hits as prompt_cache_hit_tokens (hit + miss = prompt_tokens).
  const cacheRead = hasNumber(promptDetails, 'cached_tokens')
    ? tokenCount(promptDetails, 'cached_tokens')
    : tokenCount(usage, 'prompt_cache_hit_tokens');
  // cache_write_tokens (2026 SDKs) carries no TTL, so it is billed as a default 5m write.
  const cacheWrite = tokenCount(promptDetails, 'cache_write_tokens');
  return {
    inputTokens: nonNegative(tokenCount(usage, 'prompt_tokens') - cacheRead - cacheWrite),
    cacheReadTokens: cacheRead,
    cacheWrite5mTokens: cacheWrite,
    cacheWrite1hTokens: 0,
    outputTokens: tokenCount(usage, 'completion_tokens'),
    reasoningTokens: tokenCount(objectField(usage, 'completion_tokens_details'), 'reasoning_tokens'),
  };
}

function fromJson(body: unknown): UsageObservation {
  if (!isJsonObject(body)) return { usage: null, servedModel: null, errorMessage: null };
  const usage = objectField(body, 'usage');
  return {
    usage: usage ? openAiChatTokenUsage(usage) : null,
    servedModel: nonEmptyString(body['model']),
    errorMessage: describeError(body['error']),
  };
}

const USAGE_KEY = '"usage"';

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/**
 * True when some `"usage"` in the text is followed by a colon and something other than null. With
 * include_usage every chunk carries `"usage":null`, so this keeps those chunks from being parsed. A quote
 * inside a JSON string is escaped, so a false positive can only be a string value that is exactly "usage",
 * which merely costs one parse.
 */
function mentionsNonNullUsage(data: string): boolean {
  let from = 0;
  for (;;) {
    const at = data.indexOf(USAGE_KEY, from);
    if (at < 0) return false;
    let i = at + USAGE_KEY.length;
    while (i < data.length && isJsonSpace(data.charCodeAt(i))) i++;
    if (data[i] === ':') {
      i++;
      while (i < data.length && isJsonSpace(data.charCodeAt(i))) i++;
      if (!data.startsWith('null', i)) return true;
    }
    from = at + USAGE_KEY.length;
  }
}

const EMPTY_CHOICES = /"choices"\s*:\s*\[\s*\]/;

/**
 * The extra chunk `stream_options.include_usage` adds before [DONE]: `choices: []` plus a usage object.
 * The proxy strips it when it injected include_usage itself and the client never asked for it.
 */
export function isChatUsageOnlyChunk(data: string): boolean {
  if (!EMPTY_CHOICES.test(data) || !mentionsNonNullUsage(data)) return false;
  const chunk = parseJsonObject(data);
  if (!chunk) return false;
  const choices = chunk['choices'];
  const hasError = chunk['error'] !== undefined && chunk['error'] !== null;
  return Array.isArray(choices) && choices.length === 0 && isJsonObject(chunk['usage']) && !hasError;
}

/** Some compatible servers never send `model`; stop parsing every chunk to find it after this many. */
const MODEL_PROBE_LIMIT = 8;

class OpenAiChatStreamTracker implements StreamUsageTracker {
  private lastUsage: JsonObject | null = null;
  private servedModel: string | null = null;
  private modelProbesLeft = MODEL_PROBE_LIMIT;
  private errorMessage: string | null = null;

  onEvent(eventName: string | undefined, data: string): void {
    const isErrorEvent = eventName === 'error';
    const lookingForModel = this.servedModel === null && this.modelProbesLeft > 0;
    const worthParsing =
      isErrorEvent || lookingForModel || mentionsNonNullUsage(data) || data.includes('"error"');
    if (!worthParsing || data === '[DONE]') return;
    if (lookingForModel) this.modelProbesLeft--;
    const chunk = parseJsonObject(data);
    if (!chunk) {
      if (isErrorEvent) this.errorMessage ??= data;
      return;
    }
    this.servedModel ??= nonEmptyString(chunk['model']);
    // Servers differ: usage on the include_usage chunk, on the finish chunk, or on every chunk; the last wins.
    const usage = objectField(chunk, 'usage');
    if (usage) this.lastUsage = usage;
    const error = describeError(chunk['error']);
    if (error !== null) this.errorMessage ??= error;
    else if (isErrorEvent) this.errorMessage ??= describeError(chunk['message']) ?? data;
  }

  result(): UsageObservation {
    return {
      usage: this.lastUsage ? openAiChatTokenUsage(this.lastUsage) : null,
      servedModel: this.servedModel,
      errorMessage: this.errorMessage,
    };
  }
}

export const openAiChatUsageReader: UsageReader = {
  fromJson,
  createStreamTracker: () => new OpenAiChatStreamTracker(),
};
