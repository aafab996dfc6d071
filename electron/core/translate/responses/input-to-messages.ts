import type { ChatMessage } from '../chat-types';
import type { JsonObject } from '../translator';
import { contentToChat, toolOutputText } from './content';
import { wrapCustomInput } from './custom-tools';
import { unpackAnthropicReasoning, type AnthropicReasoning } from './reasoning-carrier';
import { objectsOf, stringOf } from './shapes';

/**
 * Responses `input` → chat messages, in order. Tool results stay where they were; pairToolResults moves
 * them next to their calls afterwards.
 */
export function inputToMessages(input: unknown): ChatMessage[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];

  const messages: ChatMessage[] = [];
  // Function calls join the assistant message right before them (a Responses turn is a message item
  // followed by call items; chat wants one assistant message holding the text and all its calls).
  let openAssistant: ChatMessage | null = null;
  // Anthropic thinking replayed by Codex belongs to the assistant message that follows it.
  let reasoning: AnthropicReasoning | null = null;

  const newAssistant = (content: ChatMessage['content']): ChatMessage => {
    const message: ChatMessage = { role: 'assistant', content };
    if (reasoning) {
      message.reasoning_content = reasoning.thinking;
      message.reasoning_signature = reasoning.signature;
      reasoning = null;
    }
    messages.push(message);
    openAssistant = message;
    return message;
  };
  const addCall = (callId: string, name: string, args: string): void => {
    const message = openAssistant && !reasoning ? openAssistant : newAssistant(null);
    (message.tool_calls ??= []).push({ id: callId, type: 'function', function: { name, arguments: args } });
  };
  const addOther = (message: ChatMessage): void => {
    messages.push(message);
    openAssistant = null;
    reasoning = null; // thinking not followed by its assistant output has nothing to attach to
  };

  const addMessage = (item: JsonObject): void => {
    const content = contentToChat(item.content);
    switch (item.role) {
      case 'assistant':
        newAssistant(content);
        break;
      case 'user':
        addOther({ role: 'user', content });
        break;
      case 'system':
      case 'developer':
        // `developer` is OpenAI's new name for system; many chat upstreams only know `system`.
        addOther({ role: 'system', content });
        break;
      default:
        break;
    }
  };

  for (const item of objectsOf(input)) {
    // Easy input messages (`{role, content}`) may leave out `type`.
    const type = stringOf(item.type) ?? (item.role !== undefined ? 'message' : undefined);
    const callId = stringOf(item.call_id);
    switch (type) {
      case 'message':
        addMessage(item);
        break;
      case 'function_call':
        if (callId) addCall(callId, stringOf(item.name) ?? '', stringOf(item.arguments) ?? '{}');
        break;
      case 'custom_tool_call':
        if (callId) addCall(callId, stringOf(item.name) ?? '', wrapCustomInput(stringOf(item.input) ?? ''));
        break;
      case 'function_call_output':
      case 'custom_tool_call_output':
        if (callId) addOther({ role: 'tool', tool_call_id: callId, content: toolOutputText(item.output) });
        break;
      case 'reasoning':
        // Only Farebox-packed Anthropic thinking can be replayed; OpenAI's encrypted reasoning means
        // nothing to another upstream, and summaries alone cannot be replayed anywhere.
        reasoning = unpackAnthropicReasoning(item.encrypted_content);
        break;
      default:
        // Hosted-tool calls (web_search_call, local_shell_call…), item references, compaction items: their
        // tools are not offered to a translated upstream, so their history is dropped too.
        break;
    }
  }
  return messages;
}
