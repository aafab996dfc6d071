import type { ChatResponse, ChatToolCall } from '../chat-types';
import type { JsonObject, TranslateContext } from '../translator';
import { chatText } from './content';
import { unwrapCustomInput } from './custom-tools';
import { newId, nowSeconds } from './ids';
import { customToolCallItem, functionCallItem, messageItem, reasoningItem } from './output-items';
import { responseObject, statusForFinish } from './response-object';
import { isObject, objectsOf, stringOf } from './shapes';
import { usageFromChat } from './usage';

/** A chat tool call → the client's item: custom tools get their raw input back as a custom_tool_call. */
export function toolCallOutputItem(call: ChatToolCall, ctx: TranslateContext): JsonObject {
  const name = call.function.name;
  if (ctx.customToolNames.has(name)) {
    return customToolCallItem(newId('ctc_'), call.id, name, unwrapCustomInput(call.function.arguments));
  }
  return functionCallItem(newId('fc_'), call.id, name, call.function.arguments, 'completed');
}

/** A chat response → the Responses JSON for the client (reasoning, then text, then calls). */
export function responseFromChat(body: ChatResponse, ctx: TranslateContext): JsonObject {
  const choice = objectsOf(body.choices)[0];
  const message = isObject(choice?.message) ? choice.message : {};
  const output: JsonObject[] = [];

  const reasoning = stringOf(message.reasoning_content) ?? '';
  const signature = stringOf(message.reasoning_signature);
  // Signed thinking may have empty text (Claude's omitted thinking display) and must still round-trip.
  if (reasoning !== '' || signature) output.push(reasoningItem(newId('rs_'), reasoning, signature));
  const text = chatText(message.content);
  if (text !== '') output.push(messageItem(newId('msg_'), text, 'completed'));
  for (const call of objectsOf(message.tool_calls)) {
    const fn = isObject(call.function) ? call.function : {};
    const chatCall: ChatToolCall = {
      id: stringOf(call.id) ?? newId('call_'),
      type: 'function',
      function: { name: stringOf(fn.name) ?? '', arguments: stringOf(fn.arguments) ?? '' },
    };
    output.push(toolCallOutputItem(chatCall, ctx));
  }

  const { status, incompleteReason } = statusForFinish(choice?.finish_reason);
  return responseObject({
    id: newId('resp_'),
    createdAt: nowSeconds(),
    model: ctx.requestedModel,
    status,
    output,
    usage: usageFromChat(body.usage),
    incompleteReason,
  });
}
