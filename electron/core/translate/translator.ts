import type { ChatChunk, ChatRequest, ChatResponse } from './chat-types';
import type { ToolNameMap } from './tool-names';

export type JsonObject = Record<string, unknown>;

/** What a translation needs to know besides the body. One per request. */
export interface TranslateContext {
  /** The model the client asked for (as it named it), for echoing where a dialect wants it. */
  requestedModel: string;
  /** The model sent upstream. */
  upstreamModel: string;
  /** Long or invalid tool names are shortened on the way upstream and restored on the way back. */
  toolNames: ToolNameMap;
  /** Keep `cache_control` markers: the target honours them (Anthropic, or Claude behind an OpenAI-compatible router). */
  keepCacheControl: boolean;
  /** Chat clients only: the client asked for stream_options.include_usage. */
  clientWantsStreamUsage: boolean;
  /** Gemini clients only: the stream is SSE (`alt=sse`) rather than one JSON array. */
  geminiSse: boolean;
  /**
   * Responses clients only: names of freeform (`type: "custom"`) tools, which travel through chat as functions
   * with one string parameter `input` and must come back to the client as `custom_tool_call` items.
   */
  customToolNames: Set<string>;
}

/** A request that cannot be expressed in the target dialect; answered with a 400 in the client's dialect. */
export class TranslationError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'TranslationError';
  }
}

/** Upstream stream in some dialect → chat chunks. Fed one SSE event (or one Gemini JSON-array element) at a time. */
export interface StreamToChat {
  /** `eventName` is the SSE `event:` field (undefined when absent); `data` the event's data text. */
  event(eventName: string | undefined, data: string): ChatChunk[];
  /** The upstream stream ended (normally or not): flush anything held back. */
  end(): ChatChunk[];
}

/** Chat chunks → the client's stream in some dialect, as ready-to-write text. */
export interface StreamFromChat {
  chunk(chunk: ChatChunk): string;
  /** An error after the stream started (upstream cut, upstream error event): the dialect's error event. */
  error(message: string, status?: number): string;
  /** The upstream finished: close open blocks and write the dialect's terminal events. */
  end(): string;
}

/**
 * One foreign dialect's side of the pivot. Each function is pure apart from the context's tool-name map, so
 * translations are unit-testable without a server.
 */
export interface DialectTranslator {
  /** A client request in this dialect → a chat request (model already set to ctx.upstreamModel). */
  requestToChat(body: JsonObject, ctx: TranslateContext): ChatRequest;
  /** A chat request → this dialect's upstream request body (Gemini: the model goes in the path, not here). */
  requestFromChat(body: ChatRequest, ctx: TranslateContext): JsonObject;
  /** This dialect's (non-streaming) upstream response → chat. */
  responseToChat(body: JsonObject, ctx: TranslateContext): ChatResponse;
  /** A chat response → this dialect's response for the client. */
  responseFromChat(body: ChatResponse, ctx: TranslateContext): JsonObject;
  streamToChat(ctx: TranslateContext): StreamToChat;
  streamFromChat(ctx: TranslateContext): StreamFromChat;
}
