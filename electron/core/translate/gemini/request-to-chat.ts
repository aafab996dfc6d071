import type { ChatMessage, ChatRequest } from '../chat-types';
import { TranslationError, type JsonObject, type TranslateContext } from '../translator';
import { generationConfigToChat } from './generation-config';
import { historyToChat } from './history-to-chat';
import { isObject, objectAt, objectsAt, stringAt } from './shapes';
import { toolChoiceToChat, toolsToChat } from './tools';

/** A Gemini generateContent request from the client → a chat request. */
export function requestToChat(body: JsonObject, ctx: TranslateContext): ChatRequest {
  const request = unwrapCodeAssist(body);
  if (request.cachedContent !== undefined) {
    throw new TranslationError(
      'cachedContent refers to a cache kept by Google and cannot be sent to this model',
    );
  }
  const messages: ChatMessage[] = [];
  const system = systemText(request.systemInstruction);
  if (system) messages.push({ role: 'system', content: system });
  messages.push(...historyToChat(objectsAt(request, 'contents')));

  // `stream` is left to the proxy, which knows which endpoint the client called.
  const chat: ChatRequest = {
    model: ctx.upstreamModel,
    messages,
    ...generationConfigToChat(objectAt(request, 'generationConfig')),
  };
  const tools = toolsToChat(objectsAt(request, 'tools'));
  if (tools.length > 0) {
    chat.tools = tools;
    const toolChoice = toolChoiceToChat(objectAt(request, 'toolConfig'));
    if (toolChoice) chat.tool_choice = toolChoice;
  }
  return chat;
}

/** Gemini CLI's Google login (Code Assist) wraps the request as {model, project, request: {...}}. */
function unwrapCodeAssist(body: JsonObject): JsonObject {
  const inner = objectAt(body, 'request');
  return inner && body.contents === undefined ? inner : body;
}

/** systemInstruction is a Content ({parts: [{text}]}); the SDK also accepts a bare string. */
function systemText(instruction: unknown): string {
  if (typeof instruction === 'string') return instruction;
  if (!isObject(instruction)) return '';
  return objectsAt(instruction, 'parts')
    .map((part) => stringAt(part, 'text'))
    .filter((text): text is string => typeof text === 'string' && text !== '')
    .join('\n\n');
}
