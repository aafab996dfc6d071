import { isObject } from './shapes';

/**
 * Codex keeps nothing of a reasoning item between turns except what it replays, and it replays
 * `encrypted_content` verbatim. An Anthropic thinking block must go back to Anthropic byte-exact with its
 * signature, so both travel inside `encrypted_content` behind this prefix. OpenAI's own encrypted reasoning
 * never starts with it, which is how the two are told apart.
 */
export const ANTHROPIC_REASONING_PREFIX = 'farebox-anthropic-thinking:';

export interface AnthropicReasoning {
  thinking: string;
  signature: string;
}

export function packAnthropicReasoning(reasoning: AnthropicReasoning): string {
  const json = JSON.stringify({ thinking: reasoning.thinking, signature: reasoning.signature });
  return ANTHROPIC_REASONING_PREFIX + Buffer.from(json, 'utf8').toString('base64');
}

/** The thinking and signature packed by packAnthropicReasoning, or null for anything else. */
export function unpackAnthropicReasoning(encrypted: unknown): AnthropicReasoning | null {
  if (typeof encrypted !== 'string' || !encrypted.startsWith(ANTHROPIC_REASONING_PREFIX)) return null;
  try {
    const json = Buffer.from(encrypted.slice(ANTHROPIC_REASONING_PREFIX.length), 'base64').toString('utf8');
    const parsed: unknown = JSON.parse(json);
    if (!isObject(parsed)) return null;
    const { thinking, signature } = parsed;
    if (typeof thinking !== 'string' || typeof signature !== 'string' || signature === '') return null;
    return { thinking, signature };
  } catch {
    return null;
  }
}
