import { randomBytes } from 'node:crypto';

/**
 * Ids for calls and responses Gemini sent without one. Random rather than positional: they outlive this
 * response in the client's history, and some targets (Anthropic) reject a conversation that reuses an id.
 * Hex only, so they never contain the thought-signature separator.
 */
export function newToolCallId(): string {
  return `call_${randomBytes(12).toString('hex')}`;
}

export function newResponseId(): string {
  return `gen-${randomBytes(12).toString('hex')}`;
}
