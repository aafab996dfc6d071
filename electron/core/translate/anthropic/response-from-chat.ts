import type { ChatResponse } from '../chat-types';
import type { JsonObject, TranslateContext } from '../translator';
import { isJsonObject } from '../../dialects/usage-types';
import { chatContentText } from './content';
import { newMessageId, toolUseId } from './ids';
import { isRealSignature, unsignedSignature } from './reasoning';
import { stopReasonFromFinishReason } from './stop-reason';
import { toolInputFromArguments } from './tool-input';
import { anthropicUsageFromChat } from './usage';

/** A chat response → an Anthropic Messages response for the client. Names are already the client's. */
export function responseFromChat(body: ChatResponse, ctx: TranslateContext): JsonObject {
  const choices: unknown[] = Array.isArray(body.choices) ? body.choices : [];
  const choice = choices.find(isJsonObject);
  const message = isJsonObject(choice?.['message']) ? choice['message'] : {};

  // Anthropic's block order: thinking, then text, then tool calls.
  const content: JsonObject[] = [];
  const reasoning = message['reasoning_content'];
  if (typeof reasoning === 'string' && reasoning !== '') {
    const signature = message['reasoning_signature'];
    content.push({
      type: 'thinking',
      thinking: reasoning,
      signature: isRealSignature(signature) ? signature : unsignedSignature(),
    });
  }
  const text = chatContentText(message['content']);
  if (text !== '') content.push({ type: 'text', text });
  const calls: unknown[] = Array.isArray(message['tool_calls']) ? message['tool_calls'] : [];
  for (const call of calls) {
    if (!isJsonObject(call) || !isJsonObject(call['function'])) continue;
    const fn = call['function'];
    if (typeof fn['name'] !== 'string') continue;
    content.push({
      type: 'tool_use',
      id: toolUseId(call['id']),
      name: fn['name'],
      input: toolInputFromArguments(fn['arguments']),
    });
  }

  return {
    id: newMessageId(),
    type: 'message',
    role: 'assistant',
    model: typeof body.model === 'string' && body.model !== '' ? body.model : ctx.requestedModel,
    content,
    stop_reason: stopReasonFromFinishReason(
      choice?.['finish_reason'],
      content.some((block) => block['type'] === 'tool_use'),
    ),
    stop_sequence: null,
    usage: anthropicUsageFromChat(body.usage),
  };
}
