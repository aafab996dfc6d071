import type { OutgoingHttpHeaders } from 'node:http';
import { fakeId } from './context';
import { jsonReply, type JsonReply } from './reply';

export type Dialect = 'anthropic' | 'openai' | 'gemini';

const JSON_TYPE = 'application/json';
const SSE_TYPE = 'text/event-stream; charset=utf-8';
const GEMINI_JSON_TYPE = 'application/json; charset=UTF-8';

function anthropicHeaders(contentType: string): OutgoingHttpHeaders {
  const reset = new Date(Date.now() + 1000).toISOString();
  return {
    'content-type': contentType,
    'request-id': fakeId('req_011C'),
    'anthropic-organization-id': '00000000-0000-4000-8000-000000000000',
    'anthropic-ratelimit-requests-limit': '4000',
    'anthropic-ratelimit-requests-remaining': '3999',
    'anthropic-ratelimit-requests-reset': reset,
    'anthropic-ratelimit-tokens-limit': '2000000',
    'anthropic-ratelimit-tokens-remaining': '1998000',
    'anthropic-ratelimit-tokens-reset': reset,
    'anthropic-ratelimit-input-tokens-limit': '1600000',
    'anthropic-ratelimit-input-tokens-remaining': '1598000',
    'anthropic-ratelimit-input-tokens-reset': reset,
    'anthropic-ratelimit-output-tokens-limit': '400000',
    'anthropic-ratelimit-output-tokens-remaining': '400000',
    'anthropic-ratelimit-output-tokens-reset': reset,
  };
}

function openaiHeaders(contentType: string): OutgoingHttpHeaders {
  return {
    'content-type': contentType,
    'x-request-id': fakeId('req_'),
    'openai-version': '2020-10-01',
    'openai-processing-ms': '212',
    'x-ratelimit-limit-requests': '10000',
    'x-ratelimit-limit-tokens': '30000000',
    'x-ratelimit-remaining-requests': '9999',
    'x-ratelimit-remaining-tokens': '29998000',
    'x-ratelimit-reset-requests': '6ms',
    'x-ratelimit-reset-tokens': '4ms',
  };
}

function geminiHeaders(contentType: string): OutgoingHttpHeaders {
  return {
    'content-type': contentType,
    vary: 'Origin, X-Origin, Referer',
    server: 'scaffolding on HTTPServer2',
    'server-timing': 'gfet4t7; dur=412',
  };
}

export function jsonHeaders(dialect: Dialect): OutgoingHttpHeaders {
  if (dialect === 'anthropic') return anthropicHeaders(JSON_TYPE);
  if (dialect === 'openai') return openaiHeaders(JSON_TYPE);
  return geminiHeaders(GEMINI_JSON_TYPE);
}

export function sseHeaders(dialect: Dialect): OutgoingHttpHeaders {
  const headers =
    dialect === 'anthropic'
      ? anthropicHeaders(SSE_TYPE)
      : dialect === 'openai'
        ? openaiHeaders(SSE_TYPE)
        : geminiHeaders('text/event-stream');
  headers['cache-control'] = 'no-cache';
  return headers;
}

const ANTHROPIC_ERRORS: Record<number, [string, string]> = {
  400: ['invalid_request_error', 'messages: field required'],
  401: ['authentication_error', 'invalid x-api-key'],
  402: ['billing_error', 'Your credit balance is too low to access the Anthropic API.'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  404: ['not_found_error', 'Not found'],
  413: ['request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
  429: ['rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit.'],
  500: ['api_error', 'Internal server error'],
  529: ['overloaded_error', 'Overloaded'],
};

export function anthropicError(status: number, message?: string): unknown {
  const [type, text] = ANTHROPIC_ERRORS[status] ?? [
    status >= 500 ? 'api_error' : 'invalid_request_error',
    '',
  ];
  return {
    type: 'error',
    error: { type, message: message ?? (text || `HTTP ${status}`) },
    request_id: fakeId('req_011C'),
  };
}

const OPENAI_ERRORS: Record<number, [string, string | null, string]> = {
  400: ['invalid_request_error', null, "Invalid value for 'messages'."],
  401: ['invalid_request_error', 'invalid_api_key', 'Incorrect API key provided: sk-fake***.'],
  403: [
    'invalid_request_error',
    'unsupported_country_region_territory',
    'Country, region, or territory not supported',
  ],
  404: [
    'invalid_request_error',
    'model_not_found',
    'The model does not exist or you do not have access to it.',
  ],
  429: ['requests', 'rate_limit_exceeded', 'Rate limit reached for requests. Please try again in 1s.'],
  500: ['server_error', null, 'The server had an error while processing your request. Sorry about that!'],
  503: ['server_error', 'service_unavailable', 'The engine is currently overloaded, please try again later.'],
};

export function openaiError(status: number, message?: string): { error: Record<string, unknown> } {
  const [type, code, text] = OPENAI_ERRORS[status] ?? [
    status >= 500 ? 'server_error' : 'invalid_request_error',
    null,
    `HTTP ${status}`,
  ];
  return { error: { message: message ?? text, type, param: null, code } };
}

const GEMINI_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

export function geminiError(status: number, message?: string): unknown {
  const name = GEMINI_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION');
  return { error: { code: status, message: message ?? `Fake upstream error ${name}.`, status: name } };
}

export function errorReply(dialect: Dialect, status: number, message?: string): JsonReply {
  const headers = jsonHeaders(dialect);
  if (status === 429) headers['retry-after'] = '1';
  const body =
    dialect === 'anthropic'
      ? anthropicError(status, message)
      : dialect === 'openai'
        ? openaiError(status, message)
        : geminiError(status, message);
  return jsonReply(headers, body, status);
}

export function notFoundReply(dialect: Dialect, method: string, path: string): JsonReply {
  if (dialect === 'openai') {
    const error = {
      message: `Invalid URL (${method} ${path})`,
      type: 'invalid_request_error',
      param: null,
      code: null,
    };
    return jsonReply(jsonHeaders('openai'), { error }, 404);
  }
  return errorReply(dialect, 404, dialect === 'anthropic' ? 'Not Found' : `Method not found: ${path}`);
}
