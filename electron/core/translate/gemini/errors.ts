import type { JsonObject } from '../translator';
import { stringAt } from './shapes';

/** Google RPC status names by HTTP status (protocols.md §4.5). */
const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/**
 * A Gemini error body. The SDK raises an ApiError for a streamed element like this only when `code` is a
 * number from 400 to 599, so anything else becomes 500.
 */
export function geminiError(message: string, status: number | undefined): { error: JsonError } {
  const code =
    status !== undefined && Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500;
  return {
    error: { code, message, status: STATUS_NAMES[code] ?? (code < 500 ? 'FAILED_PRECONDITION' : 'INTERNAL') },
  };
}

interface JsonError {
  code: number;
  message: string;
  status: string;
}

/** The HTTP status a chat error chunk implies: its numeric code, else a guess from its type. */
export function statusOfChatError(error: JsonObject): number {
  const code = Number(error.code);
  if (Number.isInteger(code) && code >= 400 && code <= 599) return code;
  const words = `${stringAt(error, 'type') ?? ''} ${stringAt(error, 'code') ?? ''}`.toLowerCase();
  if (words.includes('rate_limit') || words.includes('quota')) return 429;
  if (words.includes('overloaded') || words.includes('unavailable')) return 503;
  if (words.includes('authentication')) return 401;
  if (words.includes('permission')) return 403;
  if (words.includes('not_found')) return 404;
  if (words.includes('invalid_request')) return 400;
  return 500;
}
