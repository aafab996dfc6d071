import type { ChatUsage } from '../chat-types';
import type { GeminiUsageMetadata } from './gemini-types';
import { numberAt } from './shapes';
import type { JsonObject } from '../translator';

/**
 * Gemini counts thinking apart from candidates and the tool-use prompt apart from the prompt; chat folds
 * reasoning into completion_tokens and everything sent into prompt_tokens (protocols.md §0, §4.3).
 */
export function usageToChat(usageMetadata: JsonObject): ChatUsage {
  const count = (key: string): number => Math.max(0, numberAt(usageMetadata, key) ?? 0);
  const cached = count('cachedContentTokenCount');
  const thoughts = count('thoughtsTokenCount');
  const prompt = count('promptTokenCount') + count('toolUsePromptTokenCount');
  const completion = count('candidatesTokenCount') + thoughts;
  const usage: ChatUsage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
  };
  if (cached > 0) usage.prompt_tokens_details = { cached_tokens: cached };
  if (thoughts > 0) usage.completion_tokens_details = { reasoning_tokens: thoughts };
  return usage;
}

export function usageFromChat(usage: ChatUsage): GeminiUsageMetadata {
  const count = (value: unknown): number => (typeof value === 'number' && value > 0 ? value : 0);
  const prompt = count(usage.prompt_tokens);
  const completion = count(usage.completion_tokens);
  const cached = count(usage.prompt_tokens_details?.cached_tokens);
  const reasoning = Math.min(count(usage.completion_tokens_details?.reasoning_tokens), completion);
  const metadata: GeminiUsageMetadata = {
    promptTokenCount: prompt,
    candidatesTokenCount: completion - reasoning,
    totalTokenCount: prompt + completion,
  };
  if (cached > 0) metadata.cachedContentTokenCount = cached;
  if (reasoning > 0) metadata.thoughtsTokenCount = reasoning;
  return metadata;
}
