import type { ChatMessage, ChatResponse, ChatToolCall } from '../chat-types';
import type { JsonObject, TranslateContext } from '../translator';
import { wrapCustomInput } from './custom-tools';
import { newId, nowSeconds } from './ids';
import { finishForResponse } from './response-object';
import { numberOf, objectsOf, stringOf } from './shapes';
import { usageToChat } from './usage';

/** A reasoning item's text: full reasoning text when the upstream gave it, else its summary. */
export function reasoningText(item: JsonObject): string {
  const content = objectsOf(item.content).filter((part) => part.type === 'reasoning_text');
  const parts = content.length > 0 ? content : objectsOf(item.summary);
  return parts
    .map((part) => stringOf(part.text) ?? '')
    .filter((text) => text !== '')
    .join('\n\n');
}

function messageText(item: JsonObject): string {
  return objectsOf(item.content)
    .map((part) => (part.type === 'output_text' ? stringOf(part.text) : stringOf(part.refusal)) ?? '')
    .join('');
}

/** A Responses upstream's JSON response → a chat response. */
export function responseToChat(body: JsonObject, ctx: TranslateContext): ChatResponse {
  const reasoning: string[] = [];
  const texts: string[] = [];
  const toolCalls: ChatToolCall[] = [];
  for (const item of objectsOf(body.output)) {
    switch (item.type) {
      case 'reasoning': {
        const itemText = reasoningText(item);
        if (itemText) reasoning.push(itemText);
        break;
      }
      case 'message': {
        const itemText = messageText(item);
        if (itemText) texts.push(itemText);
        break;
      }
      case 'function_call':
      case 'custom_tool_call': {
        const args =
          item.type === 'function_call'
            ? (stringOf(item.arguments) ?? '{}')
            : wrapCustomInput(stringOf(item.input) ?? '');
        toolCalls.push({
          id: stringOf(item.call_id) ?? newId('call_'),
          type: 'function',
          function: { name: ctx.toolNames.toClient(stringOf(item.name) ?? ''), arguments: args },
        });
        break;
      }
      default:
        // Hosted tool items (web_search_call…) only happen when the client asked for hosted tools.
        break;
    }
  }

  // Separate message items (a preamble, then an answer) stay separate paragraphs in chat's one text.
  const text = texts.join('\n\n');
  const message: ChatMessage & { role: 'assistant' } = {
    role: 'assistant',
    content: text === '' ? null : text,
  };
  if (reasoning.length > 0) message.reasoning_content = reasoning.join('\n\n');
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  const chat: ChatResponse = {
    id: stringOf(body.id) ?? newId('chatcmpl-'),
    object: 'chat.completion',
    created: numberOf(body.created_at) ?? nowSeconds(),
    model: stringOf(body.model) ?? ctx.upstreamModel,
    choices: [{ index: 0, message, finish_reason: finishForResponse(body, toolCalls.length > 0) }],
  };
  const usage = usageToChat(body.usage);
  if (usage) chat.usage = usage;
  return chat;
}
