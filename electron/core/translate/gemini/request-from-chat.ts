import type { ChatRequest } from '../chat-types';
import type { JsonObject, TranslateContext } from '../translator';
import { generationConfigFromChat } from './generation-config';
import { historyFromChat } from './history-from-chat';
import { toolChoiceFromChat, toolsFromChat } from './tools';

/**
 * A chat request → a Gemini generateContent body. The model and streaming go in the URL, which the proxy
 * builds; cache_control markers are dropped because Gemini caches implicitly.
 */
export function requestFromChat(body: ChatRequest, ctx: TranslateContext): JsonObject {
  const { systemInstruction, contents } = historyFromChat(body.messages, ctx);
  const request: JsonObject = { contents };
  if (systemInstruction) request.systemInstruction = systemInstruction;
  const tools = toolsFromChat(body.tools, ctx);
  if (tools) {
    request.tools = tools;
    const toolConfig = toolChoiceFromChat(body.tool_choice, ctx);
    if (toolConfig) request.toolConfig = toolConfig;
  }
  const generationConfig = generationConfigFromChat(body);
  if (generationConfig) request.generationConfig = generationConfig;
  return request;
}
