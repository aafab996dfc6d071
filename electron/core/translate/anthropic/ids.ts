import { randomBytes } from 'node:crypto';

export function newMessageId(): string {
  return `msg_${randomBytes(12).toString('hex')}`;
}

/**
 * Anthropic only accepts tool_use ids matching ^[a-zA-Z0-9_-]+$, while other dialects' ids may hold other
 * characters. Replacing them (rather than generating a new id) maps the same id the same way in every turn,
 * so a tool_use and the tool_result that answers it still match.
 */
export function toolUseId(id: unknown): string {
  if (typeof id === 'string' && id !== '') return id.replace(/[^a-zA-Z0-9_-]/g, '_');
  return `toolu_${randomBytes(12).toString('hex')}`;
}
