import type { ChatUsage } from '../chat-types';
import { isJsonObject, objectField, tokenCount, type JsonObject } from '../../dialects/usage-types';

/** Anthropic's three input counts are disjoint; chat's prompt_tokens includes cache reads and writes. */
export function chatUsageFromAnthropic(usage: JsonObject | undefined): ChatUsage {
  const input = tokenCount(usage, 'input_tokens');
  const cacheRead = tokenCount(usage, 'cache_read_input_tokens');
  const cacheWrite = tokenCount(usage, 'cache_creation_input_tokens');
  const output = tokenCount(usage, 'output_tokens');
  const prompt = input + cacheRead + cacheWrite;
  const chat: ChatUsage = {
    prompt_tokens: prompt,
    completion_tokens: output,
    total_tokens: prompt + output,
    prompt_tokens_details: { cached_tokens: cacheRead, cache_write_tokens: cacheWrite },
  };
  const thinking = tokenCount(objectField(usage, 'output_tokens_details'), 'thinking_tokens');
  if (thinking > 0) chat.completion_tokens_details = { reasoning_tokens: thinking };
  return chat;
}

export interface AnthropicUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens: number;
}

/** The inverse: Anthropic's input_tokens is only the uncached part of the prompt. */
export function anthropicUsageFromChat(usage: unknown): AnthropicUsage {
  const chat = isJsonObject(usage) ? usage : undefined;
  const details = objectField(chat, 'prompt_tokens_details');
  const cacheRead = tokenCount(details, 'cached_tokens');
  const cacheWrite = tokenCount(details, 'cache_write_tokens');
  return {
    input_tokens: Math.max(0, tokenCount(chat, 'prompt_tokens') - cacheRead - cacheWrite),
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
    output_tokens: tokenCount(chat, 'completion_tokens'),
  };
}
