/**
 * Gemini 3 attaches an opaque `thoughtSignature` to function-call parts and rejects a history whose calls come
 * back without it. Chat has no field for it, but the tool-call id travels back to us unchanged in the client's
 * next turn, whatever the client's dialect, so the signature rides inside the id: `<id>__ts__<signature>`.
 * The signature is base64url-encoded as text (not re-decoded as base64) so the id stays within
 * `[A-Za-z0-9_-]` (Anthropic's tool-id alphabet) and the exact string comes back.
 */
const SEPARATOR = '__ts__';

/**
 * Google's documented stand-in for a missing signature: Gemini 3 skips signature validation for a part that
 * carries it. Used when a function call in the history did not come from Gemini (another model made it, or a
 * client dropped the id), where the real signature cannot exist.
 */
export const PLACEHOLDER_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

export function encodeToolCallId(id: string, signature: string | undefined): string {
  if (!signature || id.includes(SEPARATOR)) return id;
  return `${id}${SEPARATOR}${Buffer.from(signature, 'utf8').toString('base64url')}`;
}

export function decodeToolCallId(toolCallId: string): { id: string; signature?: string } {
  const at = toolCallId.indexOf(SEPARATOR);
  if (at < 0) return { id: toolCallId };
  const encoded = toolCallId.slice(at + SEPARATOR.length);
  const signature = Buffer.from(encoded, 'base64url').toString('utf8');
  return signature ? { id: toolCallId.slice(0, at), signature } : { id: toolCallId.slice(0, at) };
}
