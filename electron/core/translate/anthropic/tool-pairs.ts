import type { ChatMessage } from '../chat-types';
import { chatContentText } from './content';

/** What the model is told for a tool call whose result is missing from the history. */
export const MISSING_RESULT = 'No result was provided for this tool call.';

/**
 * Makes every assistant tool call be followed directly by one tool message per call id, which both OpenAI
 * and Anthropic require (histories edited by clients, interrupted turns or compaction break it):
 * - a call without a result gets a placeholder result;
 * - a result that answers no call of the assistant message right before it (or repeats an answer) becomes a
 *   user message after the results, so its text still reaches the model.
 */
export function pairToolMessages(messages: ChatMessage[]): ChatMessage[] {
  const paired: ChatMessage[] = [];
  let i = 0;
  while (i < messages.length) {
    const message = messages[i++] as ChatMessage;
    if (message.role === 'tool') {
      paired.push(orphanResult(message));
      continue;
    }
    paired.push(message);
    const callIds = message.role === 'assistant' ? (message.tool_calls ?? []).map((call) => call.id) : [];
    if (callIds.length === 0) continue;

    const answered = new Set<string>();
    const orphans: ChatMessage[] = [];
    while (i < messages.length && messages[i]?.role === 'tool') {
      const result = messages[i++] as ChatMessage;
      const id = result.tool_call_id;
      if (typeof id === 'string' && callIds.includes(id) && !answered.has(id)) {
        answered.add(id);
        paired.push(result);
      } else {
        orphans.push(orphanResult(result));
      }
    }
    for (const id of callIds) {
      if (!answered.has(id)) paired.push({ role: 'tool', tool_call_id: id, content: MISSING_RESULT });
    }
    paired.push(...orphans);
  }
  return paired;
}

function orphanResult(result: ChatMessage): ChatMessage {
  const id = typeof result.tool_call_id === 'string' ? result.tool_call_id : 'unknown';
  return { role: 'user', content: `Result of tool call ${id}:\n${chatContentText(result.content)}` };
}
