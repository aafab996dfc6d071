import { randomBytes } from 'node:crypto';
import type { ChatMessage } from '../chat-types';
import { isJsonObject } from '../../dialects/usage-types';
import { isFareboxSignature, UNSIGNED_THINKING_PREFIX } from '../thinking';

/**
 * Anthropic thinking blocks → chat's reasoning fields. Chat has one reasoning text and one signature per
 * message, so a signature is kept only when it belongs to the only thinking block: a signature replayed
 * over joined text would be rejected by Anthropic. Redacted thinking has no readable text and is dropped.
 */
export function reasoningFromBlocks(
  blocks: unknown[],
): Pick<ChatMessage, 'reasoning_content' | 'reasoning_signature'> {
  const thinking = blocks.filter(
    (block) => isJsonObject(block) && block['type'] === 'thinking' && typeof block['thinking'] === 'string',
  ) as Array<{ thinking: string; signature?: unknown }>;
  if (thinking.length === 0) return {};
  const text = thinking.map((block) => block.thinking).join('\n\n');
  const signature = thinking.length === 1 ? thinking[0]?.signature : undefined;
  return isRealSignature(signature)
    ? { reasoning_content: text, reasoning_signature: signature }
    : { reasoning_content: text };
}

/** A real signature (from Anthropic), as opposed to none or Farebox's own marker. */
export function isRealSignature(signature: unknown): signature is string {
  return typeof signature === 'string' && signature !== '' && !isFareboxSignature(signature);
}

/** The marker that signs thinking which did not come from Anthropic (see thinking.ts); never a fake signature. */
export function unsignedSignature(): string {
  return UNSIGNED_THINKING_PREFIX + randomBytes(4).toString('hex');
}
