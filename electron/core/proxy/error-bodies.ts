import type { Endpoint, ProviderDialect } from '../../../shared/dialects';

const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  405: 'invalid_request_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  502: 'api_error',
  503: 'api_error',
  504: 'api_error',
  529: 'overloaded_error',
};

const OPENAI_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  405: 'invalid_request_error',
  413: 'invalid_request_error',
  429: 'rate_limit_exceeded',
};

const GOOGLE_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'INVALID_ARGUMENT',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/**
 * A request refused by a budget, in the client's dialect, with a status its SDK does not retry: Anthropic's
 * billing_error (402), OpenAI's insufficient_quota (402), Google's RESOURCE_EXHAUSTED (429).
 */
export function budgetErrorBody(dialect: ProviderDialect, message: string): { status: number; body: string } {
  const text = `Farebox: ${message}`;
  switch (dialect) {
    case 'anthropic':
      return {
        status: 402,
        body: JSON.stringify({ type: 'error', error: { type: 'billing_error', message: text } }),
      };
    case 'openai':
      return {
        status: 402,
        body: JSON.stringify({
          error: { message: text, type: 'insufficient_quota', param: null, code: 'budget_exceeded' },
        }),
      };
    case 'gemini':
      return {
        status: 429,
        body: JSON.stringify({ error: { code: 429, message: text, status: 'RESOURCE_EXHAUSTED' } }),
      };
  }
}

/** A JSON error body in the client's own dialect, so its SDK shows the message instead of a parse error. */
export function errorBody(dialect: ProviderDialect, status: number, message: string): string {
  const text = `Farebox: ${message}`;
  switch (dialect) {
    case 'anthropic':
      return JSON.stringify({
        type: 'error',
        error: {
          type: ANTHROPIC_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error'),
          message: text,
        },
      });
    case 'openai':
      return JSON.stringify({
        error: {
          message: text,
          type: OPENAI_TYPES[status] ?? (status >= 500 ? 'server_error' : 'invalid_request_error'),
          param: null,
          code: status >= 500 ? 'upstream_error' : null,
        },
      });
    case 'gemini':
      return JSON.stringify({
        error: {
          code: status,
          message: text,
          status: GOOGLE_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT'),
        },
      });
  }
}

/** The in-stream error event for a stream that already started (status 200 was sent). */
export function streamErrorEvent(endpoint: Endpoint, message: string): string {
  const text = `Farebox: ${message}`;
  switch (endpoint) {
    case 'anthropic-messages':
      return `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'api_error', message: text } })}\n\n`;
    case 'openai-responses':
      return `event: error\ndata: ${JSON.stringify({ type: 'error', code: 'upstream_error', message: text, param: null })}\n\n`;
    case 'gemini-stream-generate':
      return `data: ${JSON.stringify({ error: { code: 502, message: text, status: 'UNAVAILABLE' } })}\n\n`;
    default:
      return `data: ${JSON.stringify({ error: { message: text, type: 'server_error', param: null, code: 'upstream_error' } })}\n\n`;
  }
}

/** Pulls a readable message out of an upstream error body of any dialect (bounded, never throws). */
export function upstreamErrorMessage(body: string): string | null {
  try {
    let parsed = JSON.parse(body) as unknown;
    // Gemini's JSON-array stream wraps its error in an array.
    if (Array.isArray(parsed)) parsed = parsed[0];
    const shaped = parsed as { error?: { message?: unknown } | string; message?: unknown } | null;
    if (typeof shaped?.error === 'string') return shaped.error.slice(0, 500);
    if (typeof shaped?.error === 'object' && typeof shaped.error.message === 'string')
      return shaped.error.message.slice(0, 500);
    if (typeof shaped?.message === 'string') return shaped.message.slice(0, 500);
  } catch {
    // Not JSON: fall through to the raw text.
  }
  const trimmed = body.trim();
  return trimmed ? trimmed.slice(0, 500) : null;
}
