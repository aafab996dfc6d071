import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type FareboxConfig } from '../../../../electron/core/config/load-config';
import { providerSummaries, testProvider } from '../../../../electron/core/providers/provider-check';
import { startFakeUpstream, type FakeUpstream } from '../../../helpers/fake-upstream';

const ANTHROPIC_KEY = 'sk-ant-test-secret-0001';
const OPENAI_KEY = 'sk-openai-test-secret-0002';
const GEMINI_KEY = 'AIza-gemini-test-secret-0003';

let upstream: FakeUpstream;
let agent: Agent;
beforeAll(async () => {
  upstream = await startFakeUpstream();
  agent = new Agent({ keepAliveTimeout: 1_000 });
});
afterAll(async () => {
  await agent.close();
  await upstream.close();
});
afterEach(() => {
  upstream.setDefaultBehavior(null);
  upstream.requests.length = 0;
});

function config(providers: unknown[], extra: Record<string, unknown> = {}): FareboxConfig {
  return parseConfig({ providers, ...extra }, null, { OPENAI_KEY_ENV: OPENAI_KEY });
}

function fakeConfig(): FareboxConfig {
  return config([
    { id: 'claude', dialect: 'anthropic', baseUrl: upstream.url, apiKey: ANTHROPIC_KEY },
    { id: 'router', dialect: 'openai', baseUrl: `${upstream.url}/v1`, apiKey: 'env:OPENAI_KEY_ENV' },
    { id: 'google', dialect: 'gemini', baseUrl: upstream.url, apiKey: GEMINI_KEY },
    { id: 'local', dialect: 'openai', baseUrl: upstream.url },
  ]);
}

function expectNoSecret(value: unknown): void {
  const text = JSON.stringify(value);
  for (const key of [ANTHROPIC_KEY, OPENAI_KEY, GEMINI_KEY]) expect(text).not.toContain(key);
}

describe('providerSummaries()', () => {
  it('lists id, dialect, base URL, key count and the dialects each provider serves by default', () => {
    const cfg = config(
      [
        { id: 'claude', dialect: 'anthropic', baseUrl: 'https://api.anthropic.com/', apiKey: ANTHROPIC_KEY },
        {
          id: 'router',
          dialect: 'openai',
          baseUrl: 'https://openrouter.ai/api/v1',
          apiKeys: ['k-one-1234', 'k-two-5678'],
        },
        { id: 'cheap', dialect: 'openai', baseUrl: 'https://cheap.example/v1' },
        { id: 'google', dialect: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com' },
      ],
      { defaults: { openai: 'cheap' } },
    );
    const summaries = providerSummaries(cfg);
    expect(summaries).toEqual([
      {
        id: 'claude',
        dialect: 'anthropic',
        baseUrl: 'https://api.anthropic.com',
        keyCount: 1,
        isDefaultFor: ['anthropic'],
      },
      {
        id: 'router',
        dialect: 'openai',
        baseUrl: 'https://openrouter.ai/api/v1',
        keyCount: 2,
        isDefaultFor: [],
      },
      {
        id: 'cheap',
        dialect: 'openai',
        baseUrl: 'https://cheap.example/v1',
        keyCount: 0,
        isDefaultFor: ['openai'],
      },
      {
        id: 'google',
        dialect: 'gemini',
        baseUrl: 'https://generativelanguage.googleapis.com',
        keyCount: 0,
        isDefaultFor: ['gemini'],
      },
    ]);
    expectNoSecret(summaries);
    expect(JSON.stringify(summaries)).not.toContain('k-one-1234');
  });

  it('includes the public default that serves a dialect no configured provider speaks', () => {
    const cfg = config([{ id: 'claude', dialect: 'anthropic', baseUrl: 'https://api.anthropic.com' }]);
    expect(providerSummaries(cfg).map((s) => [s.id, s.isDefaultFor])).toEqual([
      ['claude', ['anthropic']],
      ['openai', ['openai']],
      ['gemini', ['gemini']],
    ]);
  });

  it('with no config at all, shows the three public APIs with no keys', () => {
    const summaries = providerSummaries(parseConfig({}, null, {}));
    expect(summaries.map((s) => [s.id, s.keyCount, s.isDefaultFor])).toEqual([
      ['anthropic', 0, ['anthropic']],
      ['openai', 0, ['openai']],
      ['gemini', 0, ['gemini']],
    ]);
  });

  it('never shows credentials embedded in the base URL', () => {
    const cfg = config([
      { id: 'gw', dialect: 'openai', baseUrl: 'https://user:hunter2@gw.example/v1?token=abc123' },
    ]);
    const [gw] = providerSummaries(cfg);
    expect(gw?.baseUrl).toBe('https://gw.example/v1');
  });
});

describe('testProvider()', () => {
  it('anthropic: GET /v1/models with x-api-key and anthropic-version', async () => {
    const result = await testProvider(fakeConfig(), agent, 'claude');
    expect(result).toMatchObject({ ok: true, status: 200, message: 'Key accepted, 3 models listed.' });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    const [request] = upstream.requests;
    expect(request?.method).toBe('GET');
    expect(request?.url).toBe('/v1/models');
    expect(request?.headers['x-api-key']).toBe(ANTHROPIC_KEY);
    expect(request?.headers['anthropic-version']).toBe('2023-06-01');
    expect(request?.headers.authorization).toBeUndefined();
  });

  it('openai: a base URL ending in /v1 does not get it twice; the key is a Bearer token', async () => {
    const result = await testProvider(fakeConfig(), agent, 'router');
    expect(result.ok).toBe(true);
    expect(result.message).toMatch(/^Key accepted, \d+ models listed\.$/);
    const [request] = upstream.requests;
    expect(request?.url).toBe('/v1/models');
    expect(request?.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(request?.headers['anthropic-version']).toBeUndefined();
  });

  it('gemini: GET /v1beta/models with x-goog-api-key', async () => {
    const result = await testProvider(fakeConfig(), agent, 'google');
    expect(result).toMatchObject({ ok: true, status: 200, message: 'Key accepted, 3 models listed.' });
    const [request] = upstream.requests;
    expect(request?.url).toBe('/v1beta/models');
    expect(request?.headers['x-goog-api-key']).toBe(GEMINI_KEY);
  });

  it('a refused key: not ok, the status and the provider’s explanation, never the key', async () => {
    upstream.setDefaultBehavior('status:401');
    const anthropic = await testProvider(fakeConfig(), agent, 'claude');
    expect(anthropic).toMatchObject({ ok: false, status: 401, message: 'HTTP 401: invalid x-api-key' });
    const gemini = await testProvider(fakeConfig(), agent, 'google');
    expect(gemini).toMatchObject({ ok: false, status: 401 });
    expect(gemini.message).toMatch(/^HTTP 401: Fake upstream error UNAUTHENTICATED/);
    expectNoSecret([anthropic, gemini]);
  });

  it('redacts the key when the provider echoes it back', async () => {
    const echo = await startEchoServer();
    try {
      const cfg = config([{ id: 'echo', dialect: 'openai', baseUrl: echo.url, apiKey: OPENAI_KEY }]);
      const result = await testProvider(cfg, agent, 'echo');
      expect(result.ok).toBe(false);
      expect(result.status).toBe(401);
      expect(result.message).toContain('[redacted]');
      expectNoSecret(result);
    } finally {
      await echo.close();
    }
  });

  it('a server error and a rate limit are failures with their status', async () => {
    upstream.setDefaultBehavior('status:503');
    expect(await testProvider(fakeConfig(), agent, 'router')).toMatchObject({ ok: false, status: 503 });
    upstream.setDefaultBehavior('status:429');
    const limited = await testProvider(fakeConfig(), agent, 'claude');
    expect(limited).toMatchObject({ ok: false, status: 429 });
    expect(limited.message).toMatch(/^HTTP 429: .*rate limit/);
  });

  it('without a configured key: sends none, and says a 401 means the tools’ own keys pass through', async () => {
    const reachable = await testProvider(fakeConfig(), agent, 'local');
    expect(reachable).toMatchObject({ ok: true, status: 200 });
    expect(reachable.message).toMatch(/^Reachable without a key/);
    expect(upstream.requests[0]?.headers.authorization).toBeUndefined();

    upstream.setDefaultBehavior('status:401');
    const wantsKey = await testProvider(fakeConfig(), agent, 'local');
    expect(wantsKey).toMatchObject({ ok: false, status: 401 });
    expect(wantsKey.message).toMatch(/No key is configured for "local"/);
  });

  it('several keys: each is tried, and a failing one is named by its position only', async () => {
    const good = 'good-key-aaaa-1111';
    const bad = 'bad-key-bbbb-2222';
    upstream.setKeyBehavior(bad, 'status:401');
    try {
      const cfg = config([
        { id: 'multi', dialect: 'anthropic', baseUrl: upstream.url, apiKeys: [good, bad] },
      ]);
      const result = await testProvider(cfg, agent, 'multi');
      expect(result).toMatchObject({ ok: false, status: 401 });
      expect(result.message).toBe('1 of 2 keys failed. key 1: accepted; key 2: HTTP 401: invalid x-api-key.');
      expect(upstream.requests).toHaveLength(2);

      upstream.setKeyBehavior(bad, null);
      expect(await testProvider(cfg, agent, 'multi')).toMatchObject({
        ok: true,
        message: 'All 2 keys accepted, 3 models listed.',
      });
    } finally {
      upstream.setKeyBehavior(bad, null);
    }
  });

  it('times out (the deadline is configurable, 10 s by default)', async () => {
    upstream.setDefaultBehavior('delay:2000');
    const started = Date.now();
    const result = await testProvider(fakeConfig(), agent, 'claude', { timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(result).toMatchObject({ ok: false, status: null, latencyMs: null });
    expect(result.message).toBe(`No answer from ${upstream.url} within 200 ms`);
  });

  it('an unreachable provider', async () => {
    const closed = await startEchoServer();
    const url = closed.url;
    await closed.close();
    const cfg = config([{ id: 'gone', dialect: 'openai', baseUrl: url, apiKey: OPENAI_KEY }]);
    const result = await testProvider(cfg, agent, 'gone');
    expect(result).toMatchObject({ ok: false, status: null, latencyMs: null });
    expect(result.message).toMatch(/^Could not reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/);
  });

  it('an unknown id', async () => {
    expect(await testProvider(fakeConfig(), agent, 'nope')).toEqual({
      ok: false,
      status: null,
      latencyMs: null,
      message: 'No provider with id "nope".',
    });
  });
});

/** A provider that echoes the Authorization header back in its error (some gateways do). */
async function startEchoServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `bad credentials: ${req.headers.authorization ?? ''}` } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
