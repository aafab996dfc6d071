import { describe, it, expect } from 'vitest';
import type { Endpoint } from '../../../../shared/dialects';
import {
  errorBody,
  streamErrorEvent,
  upstreamErrorMessage,
} from '../../../../electron/core/proxy/error-bodies';

interface AnthropicError {
  type: string;
  error: { type: string; message: string };
}
interface OpenAiError {
  error: { message: string; type: string; param: null; code: string | null };
}
interface GeminiError {
  error: { code: number; message: string; status: string };
}

const STATUSES = [400, 401, 404, 405, 413, 429, 500, 502, 529] as const;

describe('errorBody: anthropic', () => {
  const expected: Record<(typeof STATUSES)[number], string> = {
    400: 'invalid_request_error',
    401: 'authentication_error',
    404: 'not_found_error',
    405: 'invalid_request_error',
    413: 'request_too_large',
    429: 'rate_limit_error',
    500: 'api_error',
    502: 'api_error',
    529: 'overloaded_error',
  };

  it.each(STATUSES)('maps %i to its anthropic error type', (status) => {
    const body = JSON.parse(errorBody('anthropic', status, 'boom')) as AnthropicError;
    expect(body).toEqual({ type: 'error', error: { type: expected[status], message: 'Farebox: boom' } });
  });

  it('falls back by class for an unlisted status', () => {
    expect((JSON.parse(errorBody('anthropic', 418, 'x')) as AnthropicError).error.type).toBe(
      'invalid_request_error',
    );
    expect((JSON.parse(errorBody('anthropic', 599, 'x')) as AnthropicError).error.type).toBe('api_error');
  });
});

describe('errorBody: openai', () => {
  const expected: Record<(typeof STATUSES)[number], string> = {
    400: 'invalid_request_error',
    401: 'authentication_error',
    404: 'not_found_error',
    405: 'invalid_request_error',
    413: 'invalid_request_error',
    429: 'rate_limit_exceeded',
    500: 'server_error',
    502: 'server_error',
    529: 'server_error',
  };

  it.each(STATUSES)('maps %i to its openai error type', (status) => {
    const body = JSON.parse(errorBody('openai', status, 'boom')) as OpenAiError;
    expect(body).toEqual({
      error: {
        message: 'Farebox: boom',
        type: expected[status],
        param: null,
        code: status >= 500 ? 'upstream_error' : null,
      },
    });
  });
});

describe('errorBody: gemini', () => {
  const expected: Record<(typeof STATUSES)[number], string> = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    404: 'NOT_FOUND',
    405: 'INVALID_ARGUMENT',
    413: 'INVALID_ARGUMENT',
    429: 'RESOURCE_EXHAUSTED',
    500: 'INTERNAL',
    502: 'UNAVAILABLE',
    529: 'INTERNAL',
  };

  it.each(STATUSES)('maps %i to its google status', (status) => {
    const body = JSON.parse(errorBody('gemini', status, 'boom')) as GeminiError;
    expect(body).toEqual({ error: { code: status, message: 'Farebox: boom', status: expected[status] } });
  });
});

describe('errorBody: message', () => {
  it('escapes quotes and newlines so the body stays valid JSON', () => {
    const message = 'bad "model"\nline two';
    for (const dialect of ['anthropic', 'openai', 'gemini'] as const) {
      expect(errorBody(dialect, 400, message)).toContain('Farebox: bad \\"model\\"\\nline two');
      expect(() => JSON.parse(errorBody(dialect, 400, message)) as unknown).not.toThrow();
    }
  });
});

/** Splits one SSE frame into its event name and parsed data; throws when it is not one well-formed frame. */
function parseFrame(frame: string): { event: string | undefined; data: unknown } {
  expect(frame.endsWith('\n\n')).toBe(true);
  const lines = frame.slice(0, -2).split('\n');
  let event: string | undefined;
  const data: string[] = [];
  for (const line of lines) {
    if (line.startsWith('event: ')) event = line.slice('event: '.length);
    else if (line.startsWith('data: ')) data.push(line.slice('data: '.length));
    else throw new Error(`unexpected SSE line ${JSON.stringify(line)}`);
  }
  return { event, data: JSON.parse(data.join('\n')) as unknown };
}

describe('streamErrorEvent', () => {
  const message = 'upstream "reset"\nmid-stream';

  it('emits an anthropic error event', () => {
    expect(parseFrame(streamErrorEvent('anthropic-messages', message))).toEqual({
      event: 'error',
      data: { type: 'error', error: { type: 'api_error', message: `Farebox: ${message}` } },
    });
  });

  it('emits an openai responses error event', () => {
    expect(parseFrame(streamErrorEvent('openai-responses', message))).toEqual({
      event: 'error',
      data: { type: 'error', code: 'upstream_error', message: `Farebox: ${message}`, param: null },
    });
  });

  it('emits a gemini error chunk without an event name', () => {
    expect(parseFrame(streamErrorEvent('gemini-stream-generate', message))).toEqual({
      event: undefined,
      data: { error: { code: 502, message: `Farebox: ${message}`, status: 'UNAVAILABLE' } },
    });
  });

  it('emits an openai chat-style error chunk for chat completions and the other endpoints', () => {
    for (const endpoint of ['openai-chat', 'openai-completions'] as const satisfies readonly Endpoint[]) {
      expect(parseFrame(streamErrorEvent(endpoint, message))).toEqual({
        event: undefined,
        data: {
          error: {
            message: `Farebox: ${message}`,
            type: 'server_error',
            param: null,
            code: 'upstream_error',
          },
        },
      });
    }
  });

  it('is a single frame whose data line holds no raw newline, for every endpoint', () => {
    const endpoints: Endpoint[] = [
      'anthropic-messages',
      'anthropic-count-tokens',
      'anthropic-models',
      'openai-chat',
      'openai-responses',
      'openai-embeddings',
      'openai-completions',
      'openai-models',
      'gemini-generate',
      'gemini-stream-generate',
      'gemini-count-tokens',
      'gemini-models',
    ];
    for (const endpoint of endpoints) {
      const frame = streamErrorEvent(endpoint, message);
      expect(frame.indexOf('\n\n')).toBe(frame.length - 2);
      expect(() => parseFrame(frame)).not.toThrow();
    }
  });
});

describe('upstreamErrorMessage', () => {
  it('reads an anthropic error body', () => {
    const body = JSON.stringify({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
      request_id: 'req_011',
    });
    expect(upstreamErrorMessage(body)).toBe('Overloaded');
  });

  it('reads an openai error body', () => {
    const body = JSON.stringify({
      error: {
        message: 'Rate limit reached for gpt-5.4',
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      },
    });
    expect(upstreamErrorMessage(body)).toBe('Rate limit reached for gpt-5.4');
  });

  it('reads a gemini error body', () => {
    const body = JSON.stringify({
      error: {
        code: 400,
        message: 'API key not valid. Please pass a valid API key.',
        status: 'INVALID_ARGUMENT',
      },
    });
    expect(upstreamErrorMessage(body)).toBe('API key not valid. Please pass a valid API key.');
  });

  it('reads an error given as a string and a top-level message', () => {
    expect(upstreamErrorMessage('{"error":"model not found"}')).toBe('model not found');
    expect(upstreamErrorMessage('{"message":"Internal Server Error"}')).toBe('Internal Server Error');
  });

  it('returns plain text trimmed', () => {
    expect(upstreamErrorMessage('  <html>502 Bad Gateway</html>\n')).toBe('<html>502 Bad Gateway</html>');
  });

  it('caps plain text at 500 characters', () => {
    expect(upstreamErrorMessage('x'.repeat(2000))).toHaveLength(500);
  });

  it('returns null for an empty or blank body', () => {
    expect(upstreamErrorMessage('')).toBeNull();
    expect(upstreamErrorMessage(' \n ')).toBeNull();
  });

  it('does not throw on JSON without a message', () => {
    expect(upstreamErrorMessage('null')).toBe('null');
    expect(upstreamErrorMessage('{"error":{"code":500}}')).toBe('{"error":{"code":500}}');
  });
});
