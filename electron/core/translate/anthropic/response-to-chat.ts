import type { ChatResponse, ChatToolCall } from '../chat-types';
import type { JsonObject, TranslateContext } from '../translator';
import { isJsonObject, objectField } from '../../dialects/usage-types';
import { reasoningFromBlocks } from './reasoning';
import { finishReasonFromStopReason } from './stop-reason';
import { chatUsageFromAnthropic } from './usage';

/** An Anthropic Messages response from the upstream → chat. Tool names are restored to the client's. */
export function responseToChat(body: JsonObject, ctx: TranslateContext): ChatResponse {
  const blocks = Array.isArray(body['content']) ? body['content'] : [];
  const texts: string[] = [];
  const toolCalls: ChatToolCall[] = [];
  for (const block of blocks) {
    if (!isJsonObject(block)) continue;
    if (block['type'] === 'text' && typeof block['text'] === 'string') texts.push(block['text']);
    if (
      block['type'] === 'tool_use' &&
      typeof block['id'] === 'string' &&
      typeof block['name'] === 'string'
    ) {
      toolCalls.push({
        id: block['id'],
        type: 'function',
        function: {
          name: ctx.toolNames.toClient(block['name']),
          arguments: JSON.stringify(block['input'] ?? {}),
        },
      });
    }
    // Server tool blocks (web search and its results) have no chat equivalent; their outcome is in the text.
  }

  const text = texts.join('');
  const message: ChatResponse['choices'][number]['message'] = {
    role: 'assistant',
    // OpenAI's convention: no content (null) when the answer is only tool calls.
    content: text === '' && toolCalls.length > 0 ? null : text,
    ...reasoningFromBlocks(blocks),
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;

  const chat: ChatResponse = {
    id: typeof body['id'] === 'string' ? body['id'] : 'chatcmpl-anthropic',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: typeof body['model'] === 'string' ? body['model'] : ctx.upstreamModel,
    choices: [{ index: 0, message, finish_reason: finishReasonFromStopReason(body['stop_reason']) }],
  };
  const usage = objectField(body, 'usage');
  if (usage) chat.usage = chatUsageFromAnthropic(usage);
  return chat;
}
