import type { ChatMessage } from '../chat-types';

/** What an upstream sees for a call whose result never came (Codex was interrupted, the item was dropped). */
export const MISSING_RESULT = 'No result: the tool call was interrupted or its output was not recorded.';

/**
 * OpenAI chat rejects an assistant message with tool_calls unless a tool message for every call follows
 * it directly, and a tool message anywhere else. Responses history is looser (a user message may sit between
 * a call and its output), so results are moved right after their call's message, in call order; a call
 * without a result gets a placeholder and a result without a call is dropped.
 */
export function pairToolResults(messages: ChatMessage[]): ChatMessage[] {
  const results = new Map<string, ChatMessage>();
  for (const message of messages) {
    if (message.role === 'tool' && message.tool_call_id !== undefined && !results.has(message.tool_call_id)) {
      results.set(message.tool_call_id, message);
    }
  }
  const paired: ChatMessage[] = [];
  for (const message of messages) {
    if (message.role === 'tool') continue;
    paired.push(message);
    for (const call of message.tool_calls ?? []) {
      paired.push(results.get(call.id) ?? { role: 'tool', tool_call_id: call.id, content: MISSING_RESULT });
      results.delete(call.id); // a repeated call id must not reuse one result twice
    }
  }
  return paired;
}
