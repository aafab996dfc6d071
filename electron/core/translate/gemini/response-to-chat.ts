import type { ChatResponse, ChatToolCall } from '../chat-types';
import type { JsonObject, TranslateContext } from '../translator';
import { finishReasonToChat } from './finish-reason';
import { newResponseId, newToolCallId } from './ids';
import { functionCallToChat } from './parts';
import { objectAt, stringAt } from './shapes';
import { candidateParts, firstCandidate, isPromptBlocked, unwrapResponse } from './upstream-response';
import { usageToChat } from './usage';

/** A Gemini generateContent response from upstream → a chat completion. */
export function responseToChat(body: JsonObject, ctx: TranslateContext): ChatResponse {
  const response = unwrapResponse(body);
  const candidate = firstCandidate(response);
  let text = '';
  let reasoning = '';
  const toolCalls: ChatToolCall[] = [];
  for (const part of candidateParts(candidate)) {
    const partText = stringAt(part, 'text');
    const call = objectAt(part, 'functionCall');
    if (call) {
      const name = ctx.toolNames.toClient(stringAt(call, 'name') ?? '');
      toolCalls.push(functionCallToChat(part, newToolCallId(), name));
    } else if (partText !== undefined && part.thought === true) reasoning += partText;
    else if (partText !== undefined) text += partText;
  }

  const message: ChatResponse['choices'][number]['message'] = { role: 'assistant', content: text || null };
  if (reasoning) message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  const finishReason = isPromptBlocked(response)
    ? 'content_filter'
    : finishReasonToChat(stringAt(candidate, 'finishReason') ?? 'STOP', toolCalls.length > 0);
  const usageMetadata = objectAt(response, 'usageMetadata');

  return {
    id: stringAt(response, 'responseId') || newResponseId(),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: stringAt(response, 'modelVersion') || ctx.upstreamModel,
    choices: [{ index: 0, message, finish_reason: finishReason }],
    ...(usageMetadata ? { usage: usageToChat(usageMetadata) } : {}),
  };
}
