/**
 * Token counts for one request, normalised once so that every dialect's convention maps to the same buckets
 * (protocols.md §0). The buckets are disjoint on the input side: the prompt total is
 * inputTokens + cacheReadTokens + cacheWrite5mTokens + cacheWrite1hTokens.
 */
export interface TokenUsage {
  /** Input tokens that were neither read from nor written to a cache. */
  inputTokens: number;
  cacheReadTokens: number;
  /** Cache writes with the default (5-minute) lifetime; also used when a provider does not say which. */
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  /** Every billed output token, reasoning / thinking included (Gemini: candidates + thoughts). */
  outputTokens: number;
  /** The part of outputTokens spent on reasoning; informational, already inside outputTokens. */
  reasoningTokens: number;
}

export const ZERO_USAGE: Readonly<TokenUsage> = Object.freeze({
  inputTokens: 0,
  cacheReadTokens: 0,
  cacheWrite5mTokens: 0,
  cacheWrite1hTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
});

export function promptTokens(usage: TokenUsage): number {
  return usage.inputTokens + usage.cacheReadTokens + usage.cacheWrite5mTokens + usage.cacheWrite1hTokens;
}

export function cacheWriteTokens(usage: TokenUsage): number {
  return usage.cacheWrite5mTokens + usage.cacheWrite1hTokens;
}
