import type { ChatContentPart, ChatMessage, ChatToolCall } from '../chat-types';
import type { JsonObject } from '../translator';
import { chatText, functionCallToChat, mediaPartToChat } from './parts';
import { objectAt, objectsAt, stringAt } from './shapes';

/** A call of the latest model turn, so that function responses can find the tool-call id they answer. */
interface OpenCall {
  geminiId: string | undefined;
  chatId: string;
  name: string;
  answered: boolean;
}

/**
 * Gemini `contents` → chat messages. A model turn becomes one assistant message (text, thoughts, all its
 * calls); a user turn becomes its function responses as tool messages, then whatever else it says as a user
 * message, because chat wants tool messages right after the assistant message that made the calls.
 */
export function historyToChat(contents: JsonObject[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  let openCalls: OpenCall[] = [];
  let previousRole: string | undefined;

  contents.forEach((content, turn) => {
    const parts = objectsAt(content, 'parts');
    if (stringAt(content, 'role') === 'model') {
      // Consecutive model contents are one turn: merge them, so the calls stay answerable together.
      if (previousRole !== 'model') openCalls = [];
      const message = modelTurnToChat(parts, turn, openCalls);
      const last = messages.at(-1);
      if (previousRole === 'model' && last?.role === 'assistant') mergeAssistant(last, message);
      else if (message) messages.push(message);
      previousRole = 'model';
    } else {
      messages.push(...userTurnToChat(parts, turn, openCalls));
      previousRole = 'user';
    }
  });
  return messages;
}

function modelTurnToChat(parts: JsonObject[], turn: number, openCalls: OpenCall[]): ChatMessage | undefined {
  let text = '';
  let reasoning = '';
  const toolCalls: ChatToolCall[] = [];
  for (const part of parts) {
    const call = objectAt(part, 'functionCall');
    const partText = stringAt(part, 'text');
    if (call) {
      const name = stringAt(call, 'name') ?? '';
      // Deterministic ids, so every turn of the conversation translates its history the same way.
      const toolCall = functionCallToChat(part, `call_${turn}_${toolCalls.length}`, name);
      toolCalls.push(toolCall);
      openCalls.push({ geminiId: stringAt(call, 'id'), chatId: toolCall.id, name, answered: false });
    } else if (partText !== undefined && part.thought === true) reasoning += partText;
    else if (partText !== undefined) text += partText;
  }
  if (!text && !reasoning && toolCalls.length === 0) return undefined;
  const message: ChatMessage = { role: 'assistant', content: text || null };
  if (reasoning) message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return message;
}

function mergeAssistant(target: ChatMessage, next: ChatMessage | undefined): void {
  if (!next) return;
  target.content = chatText(target.content) + chatText(next.content) || null;
  if (next.reasoning_content)
    target.reasoning_content = (target.reasoning_content ?? '') + next.reasoning_content;
  if (next.tool_calls) target.tool_calls = [...(target.tool_calls ?? []), ...next.tool_calls];
}

function userTurnToChat(parts: JsonObject[], turn: number, openCalls: OpenCall[]): ChatMessage[] {
  const toolMessages: ChatMessage[] = [];
  const userParts: ChatContentPart[] = [];
  for (const part of parts) {
    const response = objectAt(part, 'functionResponse');
    const text = stringAt(part, 'text');
    const media = mediaPartToChat(part);
    if (response) {
      const toolCallId = answeredCallId(response, openCalls) ?? `call_${turn}_${toolMessages.length}`;
      toolMessages.push({ role: 'tool', tool_call_id: toolCallId, content: responseText(response) });
      // Gemini 3 can return media inside a function response; chat tool messages carry text only.
      for (const inner of objectsAt(response, 'parts')) {
        const innerMedia = mediaPartToChat(inner);
        if (innerMedia) userParts.push(innerMedia);
      }
    } else if (text !== undefined && text !== '') userParts.push({ type: 'text', text });
    else if (media) userParts.push(media);
  }
  if (userParts.length === 0) return toolMessages;
  const only = userParts.length === 1 ? userParts[0] : undefined;
  const content = only?.type === 'text' ? only.text : userParts;
  return [...toolMessages, { role: 'user', content }];
}

/** The call a response answers: by id when it has one that matches, else the earliest open call of that name. */
function answeredCallId(response: JsonObject, openCalls: OpenCall[]): string | undefined {
  const id = stringAt(response, 'id');
  const name = stringAt(response, 'name');
  const open = openCalls.filter((call) => !call.answered);
  const call =
    (id ? open.find((candidate) => candidate.geminiId === id || candidate.chatId === id) : undefined) ??
    open.find((candidate) => candidate.name === name);
  if (!call) return id;
  call.answered = true;
  return call.chatId;
}

/** A bare {output: "..."} (what Gemini CLI sends) reads better as its text than as JSON. */
function responseText(functionResponse: JsonObject): string {
  const response = objectAt(functionResponse, 'response') ?? {};
  const keys = Object.keys(response);
  const only = keys.length === 1 ? keys[0] : undefined;
  const value = only === 'output' || only === 'result' ? response[only] : undefined;
  return typeof value === 'string' ? value : JSON.stringify(response);
}
