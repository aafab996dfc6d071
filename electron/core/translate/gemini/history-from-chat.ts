import type { ChatMessage } from '../chat-types';
import type { TranslateContext } from '../translator';
import type { GeminiContent, GeminiPart } from './gemini-types';
import { chatText, imageUrlToPart, toolCallToPart, validToolCalls } from './parts';
import { isObject, objectAt, parseJson, stringAt } from './shapes';
import { PLACEHOLDER_THOUGHT_SIGNATURE } from './thought-signature';

export interface GeminiHistory {
  systemInstruction?: { parts: GeminiPart[] };
  contents: GeminiContent[];
}

/**
 * Chat messages → Gemini systemInstruction and contents. Gemini has one system instruction, so every
 * system/developer message goes there; tool messages become function responses in a user turn; turns of
 * the same role are merged because Gemini wants user and model to alternate.
 *
 * Function calls and responses go without ids: most ids in a chat history were made by another model or
 * by us, Google's own agent kit strips ids the model did not issue before sending a history, and Gemini
 * pairs calls with responses by order when there are none.
 */
export function historyFromChat(messages: unknown, ctx: TranslateContext): GeminiHistory {
  const systemParts: GeminiPart[] = [];
  const contents: GeminiContent[] = [];
  // Function responses need the function's name, which chat only keeps on the call.
  const callNames = new Map<string, string>();

  const append = (role: GeminiContent['role'], parts: GeminiPart[]): void => {
    if (parts.length === 0) return;
    const last = contents.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };

  for (const message of Array.isArray(messages) ? messages.filter(isObject) : []) {
    const { role, content } = message as unknown as ChatMessage;
    if (role === 'system' || role === 'developer') systemParts.push(...contentParts(content));
    else if (role === 'user') append('user', contentParts(content));
    else if (role === 'assistant') {
      const text = chatText(content);
      const calls = validToolCalls(message.tool_calls);
      for (const call of calls) callNames.set(call.id, call.function.name);
      append('model', [
        ...(text ? [{ text }] : []),
        ...calls.map((call) => toolCallToPart(call, ctx.toolNames.toUpstream(call.function.name), false)),
      ]);
    } else if (role === 'tool') {
      const callId = stringAt(message, 'tool_call_id') ?? '';
      const name = callNames.get(callId) ?? stringAt(message, 'name') ?? 'unknown_function';
      append('user', [
        {
          functionResponse: {
            name: ctx.toolNames.toUpstream(name),
            response: functionResponse(chatText(content)),
          },
        },
        // Images a tool returned cannot go inside the response object; they follow it in the same turn.
        ...contentParts(content).filter((part) => part.inlineData || part.fileData),
      ]);
    }
  }

  markFirstCalls(contents);
  return systemParts.length > 0 ? { systemInstruction: { parts: systemParts }, contents } : { contents };
}

/** Text and image parts of chat content; empty text is left out (Gemini rejects empty text parts). */
function contentParts(content: unknown): GeminiPart[] {
  if (typeof content === 'string') return content ? [{ text: content }] : [];
  if (!Array.isArray(content)) return [];
  const parts: GeminiPart[] = [];
  for (const part of content.filter(isObject)) {
    const text = stringAt(part, 'text');
    const url = stringAt(objectAt(part, 'image_url'), 'url');
    if (part.type === 'text' && text) parts.push({ text });
    else if (part.type === 'image_url' && url) parts.push(imageUrlToPart(url));
  }
  return parts;
}

/** Gemini wants the response as an object: a JSON object result as it is, anything else as {output}. */
function functionResponse(text: string): Record<string, unknown> {
  const parsed = parseJson(text);
  return isObject(parsed) ? parsed : { output: text };
}

/**
 * Gemini 3 rejects a history whose model turns make function calls without the thought signature it issued
 * on the first call of each turn. Calls restored from a Gemini tool-call id carry it; calls another model
 * made cannot, so they get Google's documented placeholder, which tells Gemini to skip the check.
 */
function markFirstCalls(contents: GeminiContent[]): void {
  for (const content of contents) {
    if (content.role !== 'model') continue;
    const firstCall = content.parts.find((part) => part.functionCall);
    if (firstCall && !firstCall.thoughtSignature) firstCall.thoughtSignature = PLACEHOLDER_THOUGHT_SIGNATURE;
  }
}
