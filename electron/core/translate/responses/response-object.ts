import type { ChatFinishReason } from '../chat-types';
import type { JsonObject } from '../translator';
import { isObject } from './shapes';

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

export interface ResponseFields {
  id: string;
  createdAt: number;
  model: string;
  status: ResponseStatus;
  output: JsonObject[];
  usage?: JsonObject | undefined;
  incompleteReason?: string | undefined;
  error?: { code: string; message: string } | undefined;
}

/** A Responses `response` object, as the JSON body and inside the stream's lifecycle events. */
export function responseObject(fields: ResponseFields): JsonObject {
  return {
    id: fields.id,
    object: 'response',
    created_at: fields.createdAt,
    status: fields.status,
    error: fields.error ?? null,
    incomplete_details: fields.incompleteReason ? { reason: fields.incompleteReason } : null,
    model: fields.model,
    output: fields.output,
    usage: fields.usage ?? null,
  };
}

/** How a chat finish reason ends a response: a cut-off answer is `incomplete`, with the reason Codex reads. */
export function statusForFinish(finish: unknown): {
  status: 'completed' | 'incomplete';
  incompleteReason?: string;
} {
  if (finish === 'length') return { status: 'incomplete', incompleteReason: 'max_output_tokens' };
  if (finish === 'content_filter') return { status: 'incomplete', incompleteReason: 'content_filter' };
  return { status: 'completed' };
}

/** The chat finish reason for a finished Responses `response` object. */
export function finishForResponse(response: JsonObject, sawToolCall: boolean): ChatFinishReason {
  if (response.status === 'incomplete') {
    const details = response.incomplete_details;
    return isObject(details) && details.reason === 'content_filter' ? 'content_filter' : 'length';
  }
  return sawToolCall ? 'tool_calls' : 'stop';
}
