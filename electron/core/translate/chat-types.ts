/**
 * OpenAI Chat Completions as the pivot of every translation: a client dialect is turned into a chat request,
 * and a chat request into the upstream's dialect (protocols.md §5). Only the fields Farebox reads or writes
 * are typed; everything arrives from untrusted JSON, so readers still check shapes.
 *
 * A few non-standard fields carry what chat has no place for, so a translation through chat loses nothing
 * that matters. They are never sent to a real chat upstream (the chat serializer drops them):
 * - `reasoning_content` (DeepSeek's name) on messages and deltas: thinking / reasoning text.
 * - `reasoning_signature` on messages and deltas: an Anthropic thinking signature, so real signatures
 *   survive a round trip through another client dialect (never fabricated; see thinking.ts).
 * - `cache_control` on content parts and tools: kept only when the target honours it.
 * - `error` on a chunk: an error reported mid-stream.
 */

export type ChatRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool';

export interface CacheControl {
  type: 'ephemeral';
  ttl?: '5m' | '1h';
}

export interface ChatTextPart {
  type: 'text';
  text: string;
  cache_control?: CacheControl;
}

export interface ChatImagePart {
  type: 'image_url';
  /** An https URL or a data: URL (`data:image/png;base64,...`). */
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
  cache_control?: CacheControl;
}

export type ChatContentPart = ChatTextPart | ChatImagePart;

export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatMessage {
  role: ChatRole;
  content: string | ChatContentPart[] | null;
  /** assistant only */
  tool_calls?: ChatToolCall[];
  /** tool only */
  tool_call_id?: string;
  name?: string;
  /** non-standard, see the file comment */
  reasoning_content?: string;
  reasoning_signature?: string;
}

export interface ChatTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean };
  cache_control?: CacheControl;
}

export type ChatToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } };

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string | string[];
  tools?: ChatTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: boolean;
  reasoning_effort?: 'minimal' | 'low' | 'medium' | 'high';
  response_format?: Record<string, unknown>;
  user?: string;
  /** Other fields pass through untouched when both sides are chat. */
  [key: string]: unknown;
}

export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | null;

export interface ChatUsage {
  /** Includes cached tokens and cache writes (OpenAI convention). */
  prompt_tokens: number;
  /** Includes reasoning tokens. */
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number };
}

export interface ChatResponse {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: ChatMessage & { role: 'assistant' };
    finish_reason: ChatFinishReason;
  }>;
  usage?: ChatUsage;
}

export interface ChatToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface ChatDelta {
  role?: 'assistant';
  content?: string | null;
  tool_calls?: ChatToolCallDelta[];
  reasoning_content?: string;
  reasoning_signature?: string;
}

export interface ChatChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: Array<{ index: number; delta: ChatDelta; finish_reason: ChatFinishReason }>;
  usage?: ChatUsage | null;
  /** non-standard: an error reported mid-stream (OpenAI-compatible servers send `{"error": {...}}`). */
  error?: { message: string; type?: string; code?: string | number | null };
}
