import type { ChatUsage } from '../chat-types';
import type { JsonObject } from '../translator';
import { isObject, numberOf } from './shapes';

function count(parent: JsonObject | undefined, key: string): number {
  const value = numberOf(parent?.[key]);
  return value !== undefined && value > 0 ? value : 0;
}

/**
 * Responses usage → chat usage. Both count cached tokens inside the input figure and reasoning inside the
 * output figure, so the numbers carry over unchanged.
 */
export function usageToChat(usage: unknown): ChatUsage | undefined {
  if (!isObject(usage)) return undefined;
  const inputDetails = isObject(usage.input_tokens_details) ? usage.input_tokens_details : undefined;
  const outputDetails = isObject(usage.output_tokens_details) ? usage.output_tokens_details : undefined;
  const prompt = count(usage, 'input_tokens');
  const completion = count(usage, 'output_tokens');
  const cacheWrites = count(inputDetails, 'cache_write_tokens');
  const chat: ChatUsage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: numberOf(usage.total_tokens) ?? prompt + completion,
    prompt_tokens_details: { cached_tokens: count(inputDetails, 'cached_tokens') },
    completion_tokens_details: { reasoning_tokens: count(outputDetails, 'reasoning_tokens') },
  };
  if (cacheWrites > 0)
    chat.prompt_tokens_details = { ...chat.prompt_tokens_details, cache_write_tokens: cacheWrites };
  return chat;
}

/** Chat usage → Responses usage (`ResponseUsage`). */
export function usageFromChat(usage: ChatUsage | null | undefined): JsonObject | undefined {
  if (!isObject(usage)) return undefined;
  const prompt = count(usage, 'prompt_tokens');
  const completion = count(usage, 'completion_tokens');
  const promptDetails = isObject(usage.prompt_tokens_details) ? usage.prompt_tokens_details : undefined;
  const completionDetails = isObject(usage.completion_tokens_details)
    ? usage.completion_tokens_details
    : undefined;
  const inputDetails: JsonObject = { cached_tokens: count(promptDetails, 'cached_tokens') };
  const cacheWrites = count(promptDetails, 'cache_write_tokens');
  if (cacheWrites > 0) inputDetails.cache_write_tokens = cacheWrites;
  return {
    input_tokens: prompt,
    input_tokens_details: inputDetails,
    output_tokens: completion,
    output_tokens_details: { reasoning_tokens: count(completionDetails, 'reasoning_tokens') },
    total_tokens: numberOf(usage.total_tokens) ?? prompt + completion,
  };
}
