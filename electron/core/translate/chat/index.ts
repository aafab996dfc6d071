import type {
  ChatChunk,
  ChatContentPart,
  ChatMessage,
  ChatRequest,
  ChatResponse,
  ChatTool,
} from '../chat-types';
import { decodeToolCallId } from '../gemini/thought-signature';
import { dataEvent } from '../sse-format';
import type {
  DialectTranslator,
  JsonObject,
  StreamFromChat,
  StreamToChat,
  TranslateContext,
} from '../translator';

/**
 * The pivot's own side: chat clients and chat upstreams. Going upstream it removes Farebox's non-standard
 * fields and maps tool names; coming back it restores names; going to a chat client it drops the usage chunk
 * the client did not ask for.
 */
export const chatTranslator: DialectTranslator = {
  requestToChat: (body, ctx) => ({ ...(body as ChatRequest), model: ctx.upstreamModel }),
  requestFromChat: chatRequestForUpstream,
  responseToChat: (body, ctx) => restoreResponseNames(body as unknown as ChatResponse, ctx),
  responseFromChat: (body) => clientResponse(body),
  streamToChat: chatStreamFromUpstream,
  streamFromChat: chatStreamForClient,
};

/**
 * OpenAI's limit for `user` (OpenRouter's is 128, other servers' similar); Claude Code's metadata.user_id is a
 * ~150-character JSON string, which would fail every translated request, so a longer id is left out, as the
 * Responses side does with safety_identifier.
 */
const MAX_USER_LENGTH = 64;

function chatRequestForUpstream(request: ChatRequest, ctx: TranslateContext): JsonObject {
  const out: JsonObject = { ...request, model: ctx.upstreamModel };
  if (typeof out.user === 'string' && out.user.length > MAX_USER_LENGTH) delete out.user;
  out.messages = request.messages.map((message) => upstreamMessage(message, ctx));
  if (request.tools) out.tools = request.tools.map((tool) => upstreamTool(tool, ctx));
  const choice = request.tool_choice;
  if (typeof choice === 'object' && choice !== null) {
    out.tool_choice = {
      type: 'function',
      function: { name: ctx.toolNames.toUpstream(choice.function.name) },
    };
  }
  if (request.stream === true) {
    // Without include_usage a chat stream carries no usage at all (protocols.md §1.1).
    out.stream_options = { ...(request.stream_options ?? {}), include_usage: true };
  } else {
    delete out.stream_options;
  }
  if (isOpenAiReasoningModel(ctx.upstreamModel)) adaptForReasoningModel(out);
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out;
}

/** OpenAI's reasoning models (gpt-5 family, o-series), also behind routers as "openai/gpt-5-mini". */
function isOpenAiReasoningModel(model: string): boolean {
  return /(^|\/)(gpt-5|o[1-9])([-.]|$)/i.test(model);
}

/**
 * Reasoning models refuse `max_tokens` ("use max_completion_tokens") and any temperature or top_p but the
 * default. Translated requests carry the client's values (Claude Code always sends max_tokens, Gemini CLI a
 * top_p), so they are adapted rather than sent to fail.
 */
function adaptForReasoningModel(out: JsonObject): void {
  if (out.max_tokens !== undefined) {
    out.max_completion_tokens ??= out.max_tokens;
    delete out.max_tokens;
  }
  delete out.temperature;
  delete out.top_p;
}

/**
 * A Gemini client's history carries thought signatures inside tool-call ids (gemini/thought-signature.ts).
 * A chat upstream has no use for them and OpenAI refuses ids longer than 40 characters, so the call and its
 * result go up under the plain id; the client keeps its own ids, which the upstream never sends back.
 */
function upstreamCallId(id: string): string {
  return decodeToolCallId(id).id;
}

function upstreamMessage(message: ChatMessage, ctx: TranslateContext): JsonObject {
  const out: JsonObject = { role: message.role, content: upstreamContent(message.content, ctx) };
  if (message.tool_calls?.length) {
    out.tool_calls = message.tool_calls.map((call) => ({
      id: upstreamCallId(call.id),
      type: 'function',
      function: { name: ctx.toolNames.toUpstream(call.function.name), arguments: call.function.arguments },
    }));
  }
  if (message.tool_call_id !== undefined) out.tool_call_id = upstreamCallId(message.tool_call_id);
  if (message.name !== undefined && message.role !== 'tool') out.name = message.name;
  return out;
}

function upstreamContent(content: ChatMessage['content'], ctx: TranslateContext): ChatMessage['content'] {
  if (!Array.isArray(content)) return content;
  if (ctx.keepCacheControl) return content;
  return content.map((part): ChatContentPart => {
    if (part.cache_control === undefined) return part;
    const copy = { ...part };
    delete copy.cache_control;
    return copy;
  });
}

function upstreamTool(tool: ChatTool, ctx: TranslateContext): JsonObject {
  const out: JsonObject = {
    type: 'function',
    function: { ...tool.function, name: ctx.toolNames.toUpstream(tool.function.name) },
  };
  if (ctx.keepCacheControl && tool.cache_control) out.cache_control = tool.cache_control;
  return out;
}

function restoreResponseNames(response: ChatResponse, ctx: TranslateContext): ChatResponse {
  for (const choice of response.choices ?? []) {
    for (const call of choice.message?.tool_calls ?? []) {
      if (call.function) call.function.name = ctx.toolNames.toClient(call.function.name);
    }
  }
  return response;
}

function clientResponse(response: ChatResponse): JsonObject {
  for (const choice of response.choices) delete choice.message.reasoning_signature;
  return response as unknown as JsonObject;
}

function chatStreamFromUpstream(ctx: TranslateContext): StreamToChat {
  return {
    event(_name, data) {
      if (data === '[DONE]') return [];
      let chunk: ChatChunk;
      try {
        chunk = JSON.parse(data) as ChatChunk;
      } catch {
        return [];
      }
      if (typeof chunk !== 'object' || chunk === null) return [];
      if (chunk.error) {
        const error = chunk.error as unknown;
        const message =
          typeof error === 'string'
            ? error
            : String((error as { message?: unknown }).message ?? 'upstream error');
        return [{ ...emptyChunk(chunk), error: { message } }];
      }
      if (!Array.isArray(chunk.choices)) chunk.choices = [];
      for (const choice of chunk.choices) {
        for (const call of choice.delta?.tool_calls ?? []) {
          if (call.function?.name) call.function.name = ctx.toolNames.toClient(call.function.name);
        }
        // OpenRouter's name for DeepSeek's reasoning_content.
        const delta = choice.delta as (typeof choice.delta & { reasoning?: unknown }) | undefined;
        if (delta && typeof delta.reasoning === 'string' && delta.reasoning_content === undefined) {
          delta.reasoning_content = delta.reasoning;
          delete delta.reasoning;
        }
      }
      return [chunk];
    },
    end: () => [],
  };
}

function emptyChunk(from: Partial<ChatChunk>): ChatChunk {
  return {
    id: typeof from.id === 'string' ? from.id : 'chatcmpl-farebox',
    object: 'chat.completion.chunk',
    created: typeof from.created === 'number' ? from.created : Math.floor(Date.now() / 1000),
    model: typeof from.model === 'string' ? from.model : '',
    choices: [],
  };
}

function chatStreamForClient(ctx: TranslateContext): StreamFromChat {
  let last: Partial<ChatChunk> = {};
  return {
    chunk(chunk) {
      last = chunk;
      if (chunk.error)
        return dataEvent({
          error: { message: chunk.error.message, type: chunk.error.type ?? 'server_error' },
        });
      const usageOnly = chunk.choices.length === 0 && chunk.usage;
      if (usageOnly && !ctx.clientWantsStreamUsage) return '';
      for (const choice of chunk.choices) delete choice.delta.reasoning_signature;
      if (!ctx.clientWantsStreamUsage) delete chunk.usage;
      return dataEvent(chunk);
    },
    error(message) {
      return dataEvent({ ...emptyChunk(last), error: { message, type: 'server_error' } });
    },
    end: () => 'data: [DONE]\n\n',
  };
}
