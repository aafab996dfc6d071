import { describe, it, expect } from 'vitest';
import {
  looksAnthropic,
  matchRoute,
  type RouteMatch,
  type RouteMiss,
} from '../../../../electron/core/proxy/routes';

type Headers = Record<string, string | string[] | undefined>;

const ANTHROPIC_HEADERS: Headers = { 'anthropic-version': '2023-06-01', 'x-api-key': 'sk-ant-client' };

function hit(method: string, url: string, headers: Headers = {}): RouteMatch {
  const route = matchRoute(method, url, headers);
  if (route.endpoint === null) throw new Error(`expected a route for ${method} ${url}, got ${route.status}`);
  return route;
}

function miss(method: string, url: string, headers: Headers = {}): RouteMiss {
  const route = matchRoute(method, url, headers);
  if (route.endpoint !== null)
    throw new Error(`expected no route for ${method} ${url}, got ${route.endpoint}`);
  return route;
}

describe('anthropic routes', () => {
  it('matches POST /v1/messages', () => {
    expect(hit('POST', '/v1/messages')).toEqual({
      endpoint: 'anthropic-messages',
      dialect: 'anthropic',
      upstreamPath: '/v1/messages',
      pathModel: null,
      pathStream: false,
      prefixTool: null,
    });
  });

  it('matches Claude Code POST /v1/messages?beta=true on the path and forwards the query', () => {
    const route = hit('POST', '/v1/messages?beta=true');
    expect(route.endpoint).toBe('anthropic-messages');
    expect(route.upstreamPath).toBe('/v1/messages?beta=true');
  });

  it('matches POST /v1/messages/count_tokens, with and without ?beta=true', () => {
    expect(hit('POST', '/v1/messages/count_tokens').endpoint).toBe('anthropic-count-tokens');
    const beta = hit('POST', '/v1/messages/count_tokens?beta=true');
    expect(beta.endpoint).toBe('anthropic-count-tokens');
    expect(beta.dialect).toBe('anthropic');
    expect(beta.upstreamPath).toBe('/v1/messages/count_tokens?beta=true');
  });

  it('restores /v1 for an anthropic client whose base URL already ended in /v1', () => {
    const route = hit('POST', '/messages?beta=true');
    expect(route.endpoint).toBe('anthropic-messages');
    expect(route.upstreamPath).toBe('/v1/messages?beta=true');
  });

  it('treats GET /v1/models with anthropic headers as the anthropic model list', () => {
    const route = hit('GET', '/v1/models', ANTHROPIC_HEADERS);
    expect(route.endpoint).toBe('anthropic-models');
    expect(route.dialect).toBe('anthropic');
    expect(route.upstreamPath).toBe('/v1/models');
  });

  it('recognises anthropic from anthropic-version alone or x-api-key alone', () => {
    expect(hit('GET', '/v1/models', { 'anthropic-version': '2023-06-01' }).endpoint).toBe('anthropic-models');
    expect(hit('GET', '/v1/models', { 'x-api-key': 'k' }).endpoint).toBe('anthropic-models');
    expect(looksAnthropic({ authorization: 'Bearer k' })).toBe(false);
  });

  it('matches GET of a single anthropic model and keeps the query', () => {
    const route = hit('GET', '/v1/models/claude-sonnet-4-5?beta=true', ANTHROPIC_HEADERS);
    expect(route.endpoint).toBe('anthropic-models');
    expect(route.upstreamPath).toBe('/v1/models/claude-sonnet-4-5?beta=true');
  });
});

describe('openai routes', () => {
  const cases = [
    ['/v1/chat/completions', 'openai-chat'],
    ['/v1/responses', 'openai-responses'],
    ['/v1/embeddings', 'openai-embeddings'],
    ['/v1/completions', 'openai-completions'],
  ] as const;

  for (const [path, endpoint] of cases) {
    it(`matches POST ${path}`, () => {
      const route = hit('POST', path);
      expect(route.endpoint).toBe(endpoint);
      expect(route.dialect).toBe('openai');
      expect(route.upstreamPath).toBe(path);
      expect(route.pathModel).toBeNull();
      expect(route.pathStream).toBe(false);
    });

    const bare = path.slice('/v1'.length);
    it(`matches POST ${bare} (no /v1) and restores /v1 upstream`, () => {
      const route = hit('POST', bare);
      expect(route.endpoint).toBe(endpoint);
      expect(route.dialect).toBe('openai');
      expect(route.upstreamPath).toBe(path);
    });
  }

  it('keeps the query string (e.g. Azure api-version)', () => {
    expect(hit('POST', '/chat/completions?api-version=2025-04-01').upstreamPath).toBe(
      '/v1/chat/completions?api-version=2025-04-01',
    );
  });

  it('treats GET /v1/models without anthropic headers as the openai model list', () => {
    const route = hit('GET', '/v1/models', { authorization: 'Bearer sk-client' });
    expect(route.endpoint).toBe('openai-models');
    expect(route.dialect).toBe('openai');
    expect(route.upstreamPath).toBe('/v1/models');
  });

  it('matches GET /models (no /v1) and restores /v1', () => {
    const route = hit('GET', '/models');
    expect(route.endpoint).toBe('openai-models');
    expect(route.upstreamPath).toBe('/v1/models');
  });

  it('matches GET of a single openai model', () => {
    const route = hit('GET', '/models/gpt-5.4');
    expect(route.endpoint).toBe('openai-models');
    expect(route.upstreamPath).toBe('/v1/models/gpt-5.4');
  });
});

describe('gemini routes', () => {
  const actions = [
    ['generateContent', 'gemini-generate', false],
    ['streamGenerateContent', 'gemini-stream-generate', true],
    ['countTokens', 'gemini-count-tokens', false],
  ] as const;

  for (const version of ['v1beta', 'v1'] as const) {
    for (const [action, endpoint, stream] of actions) {
      it(`matches POST /${version}/models/<model>:${action}`, () => {
        const path = `/${version}/models/gemini-2.5-pro:${action}`;
        expect(hit('POST', path)).toEqual({
          endpoint,
          dialect: 'gemini',
          upstreamPath: path,
          pathModel: 'gemini-2.5-pro',
          pathStream: stream,
          prefixTool: null,
        });
      });
    }
  }

  it('keeps ?alt=sse on streamGenerateContent (Gemini CLI)', () => {
    const route = hit('POST', '/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse');
    expect(route.endpoint).toBe('gemini-stream-generate');
    expect(route.pathStream).toBe(true);
    expect(route.upstreamPath).toBe('/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse');
  });

  it('decodes a percent-encoded model name but forwards the path as sent', () => {
    const route = hit('POST', '/v1beta/models/gemini%2D2.5%2Dflash:generateContent');
    expect(route.pathModel).toBe('gemini-2.5-flash');
    expect(route.upstreamPath).toBe('/v1beta/models/gemini%2D2.5%2Dflash:generateContent');
  });

  // BUG: decodeURIComponent in matchRoute throws URIError on a malformed escape, so the proxy answers 500
  // "internal proxy error" in the OpenAI shape instead of a Gemini-shaped client error.
  it('does not throw on a malformed percent-escape in the model name', () => {
    expect(() => matchRoute('POST', '/v1beta/models/gemini%E0%A4%A:generateContent', {})).not.toThrow();
  });

  it('matches GET /v1beta/models and a single model', () => {
    const list = hit('GET', '/v1beta/models?pageSize=50');
    expect(list.endpoint).toBe('gemini-models');
    expect(list.dialect).toBe('gemini');
    expect(list.upstreamPath).toBe('/v1beta/models?pageSize=50');
    const one = hit('GET', '/v1beta/models/gemini-2.5-pro');
    expect(one.endpoint).toBe('gemini-models');
    expect(one.upstreamPath).toBe('/v1beta/models/gemini-2.5-pro');
  });

  it('does not match an unknown model action', () => {
    const route = miss('POST', '/v1beta/models/gemini-2.5-pro:embedText');
    expect(route.status).toBe(404);
    expect(route.dialect).toBe('gemini');
  });
});

describe('the /t/<tool>/ prefix', () => {
  it('names the tool in lower case and removes the prefix from the upstream path', () => {
    const route = hit('POST', '/t/Claude-Code/v1/messages?beta=true');
    expect(route.prefixTool).toBe('claude-code');
    expect(route.endpoint).toBe('anthropic-messages');
    expect(route.upstreamPath).toBe('/v1/messages?beta=true');
  });

  it('works with a bare OpenAI path and restores /v1', () => {
    const route = hit('POST', '/t/aider/chat/completions');
    expect(route.prefixTool).toBe('aider');
    expect(route.upstreamPath).toBe('/v1/chat/completions');
  });

  it('keeps the Gemini query and model', () => {
    const route = hit('POST', '/t/GEMINI/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse');
    expect(route.prefixTool).toBe('gemini');
    expect(route.pathModel).toBe('gemini-2.5-pro');
    expect(route.upstreamPath).toBe('/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse');
  });

  it('is reported on a miss too', () => {
    const route = miss('POST', '/t/codex/v1/nope');
    expect(route.prefixTool).toBe('codex');
    expect(route.status).toBe(404);
  });

  it('is not a prefix without a path after it', () => {
    const route = miss('POST', '/t/codex');
    expect(route.prefixTool).toBeNull();
  });

  it('rejects tool names with characters outside [A-Za-z0-9._-]', () => {
    expect(miss('POST', '/t/a%20b/v1/messages').prefixTool).toBeNull();
  });
});

describe('wrong method', () => {
  it('answers 405 in the anthropic dialect on GET /v1/messages', () => {
    const route = miss('GET', '/v1/messages');
    expect(route.status).toBe(405);
    expect(route.dialect).toBe('anthropic');
    expect(route.message).toContain('use POST');
    expect(route.message).toContain('GET');
  });

  it('answers 405 in the openai dialect on GET /chat/completions', () => {
    const route = miss('GET', '/chat/completions');
    expect(route.status).toBe(405);
    expect(route.dialect).toBe('openai');
  });

  it('answers 405 in the gemini dialect on GET of a model action', () => {
    const route = miss('GET', '/v1beta/models/gemini-2.5-pro:generateContent');
    expect(route.status).toBe(405);
    expect(route.dialect).toBe('gemini');
  });

  it('answers 405 in the gemini dialect on POST /v1beta/models', () => {
    const route = miss('POST', '/v1beta/models');
    expect(route.status).toBe(405);
    expect(route.dialect).toBe('gemini');
    expect(route.message).toContain('use GET');
  });

  it('answers 405 on POST /v1/models in the dialect the headers suggest', () => {
    expect(miss('POST', '/v1/models', ANTHROPIC_HEADERS)).toMatchObject({
      status: 405,
      dialect: 'anthropic',
    });
    expect(miss('POST', '/v1/models')).toMatchObject({ status: 405, dialect: 'openai' });
  });

  it('keeps the /t/<tool> prefix on a 405', () => {
    expect(miss('GET', '/t/cline/v1/chat/completions').prefixTool).toBe('cline');
  });
});

describe('unknown paths', () => {
  it('answers 404 and guesses gemini from a /v1beta path', () => {
    expect(miss('POST', '/v1beta/cachedContents')).toMatchObject({ status: 404, dialect: 'gemini' });
  });

  it('guesses gemini from x-goog-api-key', () => {
    expect(miss('POST', '/v1/batches', { 'x-goog-api-key': 'k' }).dialect).toBe('gemini');
  });

  it('guesses anthropic from anthropic headers', () => {
    expect(miss('POST', '/v1/messages/batches', ANTHROPIC_HEADERS).dialect).toBe('anthropic');
  });

  it('guesses openai otherwise', () => {
    const route = miss('POST', '/v1/audio/speech', { authorization: 'Bearer k' });
    expect(route.dialect).toBe('openai');
    expect(route.status).toBe(404);
    expect(route.message).toBe('Unknown endpoint POST /v1/audio/speech');
  });

  it('leaves the query out of the message', () => {
    expect(miss('GET', '/nope?key=secret').message).toBe('Unknown endpoint GET /nope');
  });
});
