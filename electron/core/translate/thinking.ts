/**
 * Thinking from a non-Anthropic model has no Anthropic signature. Anthropic clients still get it as a
 * thinking block (Claude Code shows it), signed with this marker instead of a fabricated signature; the
 * marked blocks are removed before any request reaches Anthropic, which would reject them.
 */
export const UNSIGNED_THINKING_PREFIX = 'farebox-unsigned:';

export function isFareboxSignature(signature: unknown): boolean {
  return typeof signature === 'string' && signature.startsWith(UNSIGNED_THINKING_PREFIX);
}
