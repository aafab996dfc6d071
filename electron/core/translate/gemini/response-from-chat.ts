import type { ChatResponse } from '../chat-types';
import type { JsonObject, TranslateContext } from '../translator';
import type { GeminiPart, GeminiResponse } from './gemini-types';
import { finishReasonFromChat } from './finish-reason';
import { newResponseId } from './ids';
import { chatText, toolCallToPart, validToolCalls } from './parts';
import { isObject, objectAt } from './shapes';
import { usageFromChat } from './usage';

/** A chat completion → the Gemini generateContent response the client sees. */
export function responseFromChat(body: ChatResponse, ctx: TranslateContext): JsonObject {
  const choice = Array.isArray(body.choices) ? body.choices.find(isObject) : undefined;
  const message = objectAt(choice, 'message');
  const parts: GeminiPart[] = [];
  const reasoning = message?.reasoning_content;
  if (typeof reasoning === 'string' && reasoning) parts.push({ text: reasoning, thought: true });
  const text = chatText(message?.content);
  if (text) parts.push({ text });
  // Client-facing: the pivot already carries the client's tool names.
  for (const call of validToolCalls(message?.tool_calls))
    parts.push(toolCallToPart(call, call.function.name, true));

  const response: GeminiResponse = {
    candidates: [
      {
        // The SDK treats a candidate without parts as invalid (and leaves it out of a chat's history).
        content: { role: 'model', parts: parts.length > 0 ? parts : [{ text: '' }] },
        finishReason: finishReasonFromChat(choice?.finish_reason),
        index: 0,
      },
    ],
    modelVersion: typeof body.model === 'string' && body.model ? body.model : ctx.requestedModel,
    responseId: typeof body.id === 'string' && body.id ? body.id : newResponseId(),
  };
  if (isObject(body.usage)) response.usageMetadata = usageFromChat(body.usage);
  return response;
}
