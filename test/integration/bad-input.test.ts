import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream';
import { startTestProxy, type TestProxy } from '../helpers/start-proxy';

let upstream: FakeUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  proxy = await startTestProxy(upstream.url, { server: { maxBodyBytes: 4096 } });
});
afterAll(async () => {
  await proxy.stop();
  await upstream.close();
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${proxy.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

describe('malformed requests get an error in the client dialect', () => {
  it('Anthropic: invalid JSON -> 400 invalid_request_error, recorded as proxy_error', async () => {
    const before = proxy.rows().length;
    const response = await post('/v1/messages', '{"model": "claude', { 'anthropic-version': '2023-06-01' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/not valid JSON/);
    const row = (await proxy.waitForRows(before + 1)).at(-1)!;
    expect(row).toMatchObject({
      outcome: 'proxy_error',
      status: 400,
      cost_usd: 0,
      price_source: 'not-billed',
    });
    expect(upstream.requests.length).toBe(0);
  });

  it('OpenAI: a JSON array body -> 400 in OpenAI shape', async () => {
    const response = await post('/v1/chat/completions', '[1,2]');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; type: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/JSON object/);
  });

  it('Gemini: invalid JSON -> 400 INVALID_ARGUMENT', async () => {
    const response = await post('/v1beta/models/gemini-2.5-flash:generateContent', 'nope');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: number; status: string } };
    expect(body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
  });

  it('wrong method -> 405 in the dialect of the path', async () => {
    const response = await fetch(`${proxy.url}/v1/chat/completions`);
    expect(response.status).toBe(405);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/use POST/);
  });

  it('unknown path -> 404', async () => {
    const response = await fetch(`${proxy.url}/v2/nothing`, {
      headers: { 'anthropic-version': '2023-06-01' },
    });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { type: string }).type).toBe('error');
  });

  it('a body over the limit -> 413 request_too_large', async () => {
    const big = JSON.stringify({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'x'.repeat(10_000) }],
    });
    const response = await post('/v1/messages', big, { 'anthropic-version': '2023-06-01' });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe('request_too_large');
    expect(proxy.rows().at(-1)).toMatchObject({ outcome: 'proxy_error', status: 413 });
  });

  it('refuses a foreign Host header (DNS rebinding) and a cross-site Origin', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: proxy.port,
          path: '/v1/models',
          headers: { host: `evil.example:${proxy.port}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    const crossSite = await fetch(`${proxy.url}/v1/models`, { headers: { origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
  });

  it('refuses a WebSocket upgrade on /v1/responses at once, so Codex falls back to HTTP', async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port: proxy.port,
        path: '/v1/responses',
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('upgrade', () => reject(new Error('upgrade must be refused')));
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(426);
    expect(answer.body).toMatch(/supports_websockets = false/);
  });

  it('keeps serving normal requests afterwards', async () => {
    const response = await post(
      '/v1/chat/completions',
      JSON.stringify({ model: 'gpt-4o-mini', messages: [] }),
    );
    expect(response.status).toBe(200);
  });
});

describe('an upstream that refuses connections', () => {
  it('answers 502 in the client dialect and records upstream_error at no cost', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const port = (server.address() as { port: number }).port;
        server.close(() => resolve(port));
      });
    });
    const dead = await startTestProxy(`http://127.0.0.1:${closedPort}`);
    try {
      const response = await fetch(`${dead.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({
          model: 'claude-sonnet-4-5',
          max_tokens: 5,
          messages: [{ role: 'user', content: 'x' }],
        }),
      });
      expect(response.status).toBe(502);
      const body = (await response.json()) as { error: { type: string; message: string } };
      expect(body.error.type).toBe('api_error');
      expect(body.error.message).toMatch(/could not reach provider "anthropic"/);
      expect(dead.rows().at(-1)).toMatchObject({ outcome: 'upstream_error', status: 502, cost_usd: 0 });
    } finally {
      await dead.stop();
    }
  });
});
