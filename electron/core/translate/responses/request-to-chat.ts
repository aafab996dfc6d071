import type { ChatMessage, ChatRequest } from '../chat-types';
import { TranslationError, type JsonObject, type TranslateContext } from '../translator';
import { inputToMessages } from './input-to-messages';
import { isObject, numberOf, stringOf } from './shapes';
import { pairToolResults } from './tool-order';
import { textFormatToChat, toolChoiceToChat, toolsToChat } from './tools-to-chat';

type ChatEffort = NonNullable<ChatRequest['reasoning_effort']>;

/** Responses efforts chat lacks map to the nearest one chat has. */
const EFFORTS: Record<string, ChatEffort> = {
  none: 'minimal',
  minimal: 'minimal',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'high',
};

/** A Responses request (Codex) → a chat request for the upstream. */
export function requestToChat(body: JsonObject, ctx: TranslateContext): ChatRequest {
  // Stored state lives at OpenAI; a translated upstream has no such response or conversation to resume.
  if (body.previous_response_id !== undefined && body.previous_response_id !== null) {
    throw new TranslationError(
      'previous_response_id cannot be used when the request is translated for another upstream: send the full conversation with store: false.',
    );
  }
  if (body.conversation !== undefined && body.conversation !== null) {
    throw new TranslationError(
      'conversation cannot be used when the request is translated for another upstream: send the full conversation.',
    );
  }

  const messages: ChatMessage[] = [];
  const instructions = stringOf(body.instructions);
  if (instructions) messages.push({ role: 'system', content: instructions });
  messages.push(...pairToolResults(inputToMessages(body.input)));

  const chat: ChatRequest = { model: ctx.upstreamModel, messages };
  const tools = toolsToChat(body.tools, ctx);
  // OpenAI rejects tool_choice without tools, and every tool may have been a dropped hosted one.
  if (tools.length > 0) {
    chat.tools = tools;
    const choice = toolChoiceToChat(body.tool_choice);
    if (choice !== undefined) chat.tool_choice = choice;
    if (typeof body.parallel_tool_calls === 'boolean') chat.parallel_tool_calls = body.parallel_tool_calls;
  }
  if (typeof body.stream === 'boolean') chat.stream = body.stream;
  // The client gets usage in response.completed, so the chat upstream must send its usage chunk.
  if (body.stream === true) chat.stream_options = { include_usage: true };

  const maxTokens = numberOf(body.max_output_tokens);
  if (maxTokens !== undefined) chat.max_tokens = maxTokens;
  const temperature = numberOf(body.temperature);
  if (temperature !== undefined) chat.temperature = temperature;
  const topP = numberOf(body.top_p);
  if (topP !== undefined) chat.top_p = topP;

  const effort = isObject(body.reasoning) ? stringOf(body.reasoning.effort) : undefined;
  if (effort !== undefined && EFFORTS[effort]) chat.reasoning_effort = EFFORTS[effort];
  const responseFormat = textFormatToChat(body.text);
  if (responseFormat) chat.response_format = responseFormat;
  const user = stringOf(body.safety_identifier) ?? stringOf(body.user);
  if (user) chat.user = user;
  // Chat takes the same cache-routing hint; it raises cache hits, which is what Farebox users pay for.
  const cacheKey = stringOf(body.prompt_cache_key);
  if (cacheKey) chat.prompt_cache_key = cacheKey;
  return chat;
}
