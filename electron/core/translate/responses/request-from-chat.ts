import type { ChatMessage, ChatRequest } from '../chat-types';
import type { JsonObject, TranslateContext } from '../translator';
import { chatContentToInputParts, chatText } from './content';
import { isObject, numberOf, objectsOf, stringOf } from './shapes';

/** OpenAI refuses a max_output_tokens below 16 (Claude Code probes with max_tokens: 1). */
const MIN_OUTPUT_TOKENS = 16;
/** OpenAI's limit for safety_identifier; longer ids (Claude Code's user_id is) would fail the request. */
const MAX_IDENTIFIER_LENGTH = 64;

/** Chat messages → Responses instructions (system and developer text) and input items. */
function messagesToInput(
  messages: ChatMessage[],
  ctx: TranslateContext,
): { instructions: string[]; input: JsonObject[] } {
  const instructions: string[] = [];
  const input: JsonObject[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = chatText(message.content);
        if (text) instructions.push(text);
        break;
      }
      case 'user':
        input.push({ type: 'message', role: 'user', content: chatContentToInputParts(message.content) });
        break;
      case 'assistant': {
        // Reasoning in the pivot is Anthropic-signed or unsigned; OpenAI only replays its own encrypted
        // reasoning, so it is dropped here.
        const text = chatText(message.content);
        if (text)
          input.push({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });
        for (const call of objectsOf(message.tool_calls)) {
          const fn = isObject(call.function) ? call.function : {};
          input.push({
            type: 'function_call',
            call_id: stringOf(call.id) ?? '',
            name: ctx.toolNames.toUpstream(stringOf(fn.name) ?? ''),
            arguments: stringOf(fn.arguments) ?? '{}',
          });
        }
        break;
      }
      case 'tool':
        input.push({
          type: 'function_call_output',
          call_id: stringOf(message.tool_call_id) ?? '',
          output: chatText(message.content),
        });
        break;
      default:
        break;
    }
  }
  return { instructions, input };
}

function toolsFromChat(body: ChatRequest, ctx: TranslateContext): JsonObject[] {
  const tools: JsonObject[] = [];
  for (const tool of objectsOf(body.tools)) {
    if (!isObject(tool.function)) continue;
    const fn = tool.function;
    const name = stringOf(fn.name);
    if (!name) continue;
    const flat: JsonObject = {
      type: 'function',
      name: ctx.toolNames.toUpstream(name),
      parameters: isObject(fn.parameters) ? fn.parameters : { type: 'object', properties: {} },
      // Responses functions default to strict, which rejects most hand-written schemas; chat defaults to not.
      strict: fn.strict === true,
    };
    const description = stringOf(fn.description);
    if (description !== undefined) flat.description = description;
    tools.push(flat);
  }
  return tools;
}

function toolChoiceFromChat(choice: unknown, ctx: TranslateContext): unknown {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  if (isObject(choice) && isObject(choice.function)) {
    const name = stringOf(choice.function.name);
    if (name) return { type: 'function', name: ctx.toolNames.toUpstream(name) };
  }
  return undefined;
}

function textFormatFromChat(format: unknown): JsonObject | undefined {
  if (!isObject(format)) return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  if (format.type === 'json_schema' && isObject(format.json_schema)) {
    const schema = format.json_schema;
    const flat: JsonObject = {
      type: 'json_schema',
      name: stringOf(schema.name) ?? 'response',
      schema: schema.schema,
    };
    if (typeof schema.description === 'string') flat.description = schema.description;
    if (typeof schema.strict === 'boolean') flat.strict = schema.strict;
    return flat;
  }
  return undefined;
}

/** A chat request → a Responses request for an upstream that only speaks Responses. */
export function requestFromChat(body: ChatRequest, ctx: TranslateContext): JsonObject {
  const messages = objectsOf(body.messages) as unknown as ChatMessage[];
  const { instructions, input } = messagesToInput(messages, ctx);
  // Nothing is stored upstream: every request carries its full history, as chat does.
  const out: JsonObject = { model: ctx.upstreamModel, input, store: false };
  if (instructions.length > 0) out.instructions = instructions.join('\n\n');

  const tools = toolsFromChat(body, ctx);
  if (tools.length > 0) {
    out.tools = tools;
    const choice = toolChoiceFromChat(body.tool_choice, ctx);
    if (choice !== undefined) out.tool_choice = choice;
    if (typeof body.parallel_tool_calls === 'boolean') out.parallel_tool_calls = body.parallel_tool_calls;
  }
  if (typeof body.stream === 'boolean') out.stream = body.stream;

  const maxTokens = numberOf(body.max_completion_tokens) ?? numberOf(body.max_tokens);
  if (maxTokens !== undefined) out.max_output_tokens = Math.max(MIN_OUTPUT_TOKENS, maxTokens);
  const temperature = numberOf(body.temperature);
  if (temperature !== undefined) out.temperature = temperature;
  const topP = numberOf(body.top_p);
  if (topP !== undefined) out.top_p = topP;
  // `stop` has no Responses equivalent: dropped.

  if (typeof body.reasoning_effort === 'string') out.reasoning = { effort: body.reasoning_effort };
  const format = textFormatFromChat(body.response_format);
  if (format) out.text = { format };
  const user = stringOf(body.user);
  if (user && user.length <= MAX_IDENTIFIER_LENGTH) out.safety_identifier = user;
  const cacheKey = stringOf(body.prompt_cache_key);
  if (cacheKey) out.prompt_cache_key = cacheKey;
  return out;
}
