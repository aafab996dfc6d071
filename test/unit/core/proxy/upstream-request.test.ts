import type { IncomingHttpHeaders } from 'node:http';
import { describe, it, expect } from 'vitest';
import type { ResolvedProvider } from '../../../../electron/core/config/load-config';
import {
  buildUpstreamTarget,
  clientResponseHeaders,
  redactSecrets,
} from '../../../../electron/core/proxy/upstream-request';

const provider = (
  dialect: ResolvedProvider['dialect'],
  baseUrl: string,
  apiKey: string | undefined = undefined,
): ResolvedProvider => ({
  id: dialect,
  dialect,
  baseUrl,
  apiKey,
  apiKeys: apiKey ? [apiKey] : [],
  keyCooldownMs: 60_000,
  apis: ['chat'],
  cacheControl: undefined,
});

const openai = provider('openai', 'https://api.openai.com');
const anthropic = provider('anthropic', 'https://api.anthropic.com');
const gemini = provider('gemini', 'https://generativelanguage.googleapis.com');

describe('buildUpstreamTarget: URL', () => {
  it('joins a host-only base with the client path', () => {
    const target = buildUpstreamTarget(openai, '/v1/chat/completions', {});
    expect(target.origin).toBe('https://api.openai.com');
    expect(target.path).toBe('/v1/chat/completions');
  });

  it('does not double /v1 when the base already ends in it (OpenRouter)', () => {
    const target = buildUpstreamTarget(
      provider('openai', 'https://openrouter.ai/api/v1'),
      '/v1/chat/completions',
      {},
    );
    expect(target.origin).toBe('https://openrouter.ai');
    expect(target.path).toBe('/api/v1/chat/completions');
  });

  it('ignores a trailing slash on the base', () => {
    const target = buildUpstreamTarget(
      provider('openai', 'https://openrouter.ai/api/v1/'),
      '/v1/responses',
      {},
    );
    expect(target.path).toBe('/api/v1/responses');
  });

  it('keeps a base path that does not end in the version', () => {
    const target = buildUpstreamTarget(
      provider('openai', 'https://gateway.example/openai'),
      '/v1/embeddings',
      {},
    );
    expect(target.path).toBe('/openai/v1/embeddings');
  });

  it('does not double /v1beta for a Gemini base that ends in it, and keeps the query', () => {
    const base = provider('gemini', 'https://generativelanguage.googleapis.com/v1beta');
    const target = buildUpstreamTarget(
      base,
      '/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse',
      {},
    );
    expect(target.origin).toBe('https://generativelanguage.googleapis.com');
    expect(target.path).toBe('/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse');
  });

  it('does not take /v1beta for /v1 (a /v1 base with a /v1beta path keeps both)', () => {
    const target = buildUpstreamTarget(provider('gemini', 'https://gw.example/v1'), '/v1beta/models', {});
    expect(target.path).toBe('/v1/v1beta/models');
  });

  it('keeps the Claude Code ?beta=true query', () => {
    expect(buildUpstreamTarget(anthropic, '/v1/messages?beta=true', {}).path).toBe('/v1/messages?beta=true');
  });

  it('keeps an http origin with its port (local upstreams)', () => {
    const target = buildUpstreamTarget(
      provider('openai', 'http://127.0.0.1:11434/v1'),
      '/v1/chat/completions',
      {},
    );
    expect(target.origin).toBe('http://127.0.0.1:11434');
    expect(target.path).toBe('/v1/chat/completions');
  });
});

describe('buildUpstreamTarget: headers', () => {
  const clientHeaders: IncomingHttpHeaders = {
    host: '127.0.0.1:3273',
    connection: 'keep-alive',
    'keep-alive': 'timeout=5',
    'proxy-connection': 'keep-alive',
    'proxy-authorization': 'Basic abc',
    'transfer-encoding': 'chunked',
    te: 'trailers',
    trailer: 'x-checksum',
    upgrade: 'websocket',
    'content-length': '1234',
    'accept-encoding': 'zstd,gzip',
    'content-type': 'application/json',
    'user-agent': 'claude-cli/2.1.197 (external, sdk-cli)',
    'x-farebox-tool': 'mine',
    'x-farebox-anything': 'x',
  };

  it('drops hop-by-hop, framing and x-farebox-* headers and keeps the rest', () => {
    const { headers } = buildUpstreamTarget(anthropic, '/v1/messages', clientHeaders);
    expect(headers).toEqual({
      'content-type': 'application/json',
      'user-agent': 'claude-cli/2.1.197 (external, sdk-cli)',
      'accept-encoding': 'identity',
    });
  });

  it('forces accept-encoding: identity even when the client sent none', () => {
    expect(buildUpstreamTarget(openai, '/v1/responses', {}).headers['accept-encoding']).toBe('identity');
  });

  it('forwards anthropic-beta and anthropic-version byte for byte', () => {
    const beta = 'claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27';
    const { headers } = buildUpstreamTarget(anthropic, '/v1/messages?beta=true', {
      'anthropic-beta': beta,
      'anthropic-version': '2023-06-01',
      originator: 'codex_exec',
    });
    expect(headers['anthropic-beta']).toBe(beta);
    expect(headers['anthropic-version']).toBe('2023-06-01');
    expect(headers.originator).toBe('codex_exec');
  });

  it('keeps a repeated header as its array', () => {
    const { headers } = buildUpstreamTarget(openai, '/v1/responses', { 'x-custom': ['a', 'b'] });
    expect(headers['x-custom']).toEqual(['a', 'b']);
  });
});

describe('buildUpstreamTarget: keys', () => {
  const clientAuth: IncomingHttpHeaders = {
    authorization: 'Bearer client-token',
    'x-api-key': 'client-x-api-key',
    'x-goog-api-key': 'client-goog-key',
    'api-key': 'client-azure-key',
  };

  it('replaces every client key with x-api-key for anthropic', () => {
    const { headers } = buildUpstreamTarget(
      provider('anthropic', 'https://api.anthropic.com', 'sk-ant-configured'),
      '/v1/messages',
      clientAuth,
    );
    expect(headers['x-api-key']).toBe('sk-ant-configured');
    expect(headers.authorization).toBeUndefined();
    expect(headers['x-goog-api-key']).toBeUndefined();
    expect(headers['api-key']).toBeUndefined();
  });

  it('replaces every client key with Authorization: Bearer for openai', () => {
    const { headers } = buildUpstreamTarget(
      provider('openai', 'https://api.openai.com', 'sk-proj-configured'),
      '/v1/chat/completions',
      clientAuth,
    );
    expect(headers.authorization).toBe('Bearer sk-proj-configured');
    expect(headers['x-api-key']).toBeUndefined();
    expect(headers['x-goog-api-key']).toBeUndefined();
    expect(headers['api-key']).toBeUndefined();
  });

  it('replaces every client key with x-goog-api-key for gemini and removes ?key=', () => {
    const target = buildUpstreamTarget(
      provider('gemini', 'https://generativelanguage.googleapis.com', 'AIza-configured'),
      '/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse&key=AIza-client',
      clientAuth,
    );
    expect(target.headers['x-goog-api-key']).toBe('AIza-configured');
    expect(target.headers.authorization).toBeUndefined();
    expect(target.headers['x-api-key']).toBeUndefined();
    expect(target.path).toBe('/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse');
  });

  it('drops the question mark when ?key= was the only parameter', () => {
    const target = buildUpstreamTarget(
      provider('gemini', 'https://generativelanguage.googleapis.com', 'AIza-configured'),
      '/v1beta/models/gemini-2.5-pro:generateContent?key=AIza-client',
      {},
    );
    expect(target.path).toBe('/v1beta/models/gemini-2.5-pro:generateContent');
  });

  it('passes the client key through when none is configured', () => {
    expect(
      buildUpstreamTarget(anthropic, '/v1/messages', { 'x-api-key': 'sk-ant-client' }).headers,
    ).toMatchObject({
      'x-api-key': 'sk-ant-client',
    });
    expect(
      buildUpstreamTarget(openai, '/v1/responses', { authorization: 'Bearer sk-client' }).headers,
    ).toMatchObject({ authorization: 'Bearer sk-client' });
    const target = buildUpstreamTarget(gemini, '/v1beta/models/m:generateContent?key=AIza-client', {
      'x-goog-api-key': 'AIza-client',
    });
    expect(target.headers['x-goog-api-key']).toBe('AIza-client');
    expect(target.path).toBe('/v1beta/models/m:generateContent?key=AIza-client');
  });
});

describe('clientResponseHeaders', () => {
  const upstream = {
    'content-type': 'application/json',
    'content-length': '512',
    connection: 'keep-alive',
    'keep-alive': 'timeout=5',
    'transfer-encoding': 'chunked',
    trailer: 'x-checksum',
    upgrade: 'h2c',
    'proxy-authenticate': 'Basic',
    'request-id': 'req_011',
    'anthropic-ratelimit-requests-remaining': '49',
    'set-cookie': ['a=1', 'b=2'],
    'x-absent': undefined,
  };

  it('drops hop-by-hop headers and keeps content-length when the body is passed through', () => {
    expect(clientResponseHeaders(upstream, false)).toEqual({
      'content-type': 'application/json',
      'content-length': '512',
      'request-id': 'req_011',
      'anthropic-ratelimit-requests-remaining': '49',
      'set-cookie': ['a=1', 'b=2'],
    });
  });

  it('also drops content-length when the body is rewritten', () => {
    const headers = clientResponseHeaders(upstream, true);
    expect(headers['content-length']).toBeUndefined();
    expect(headers['content-type']).toBe('application/json');
    expect(headers['request-id']).toBe('req_011');
  });
});

describe('redactSecrets', () => {
  it('replaces every occurrence of every secret', () => {
    const text = 'key sk-ant-123456 rejected; sk-ant-123456 again; other AIza-999';
    expect(redactSecrets(text, ['sk-ant-123456', 'AIza-999'])).toBe(
      'key [redacted] rejected; [redacted] again; other [redacted]',
    );
  });

  it('leaves secrets shorter than four characters alone (they would redact ordinary text)', () => {
    expect(redactSecrets('the abc test', ['abc', ''])).toBe('the abc test');
  });

  it('returns the text unchanged without secrets', () => {
    expect(redactSecrets('nothing to hide', [])).toBe('nothing to hide');
  });
});
