import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream';
import { startTestProxy, type TestProxy } from '../helpers/start-proxy';

let upstream: FakeUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  proxy = await startTestProxy(upstream.url);
});
afterAll(async () => {
  await proxy.stop();
  await upstream.close();
});

const ANTHROPIC_HEADERS = {
  'content-type': 'application/json',
  'anthropic-version': '2023-06-01',
  'x-api-key': 'k',
};
const anthropicBody = JSON.stringify({
  model: 'claude-sonnet-4-5',
  max_tokens: 100,
  stream: true,
  messages: [{ role: 'user', content: 'hi' }],
});

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, done: (text: string) => boolean) {
  const decoder = new TextDecoder();
  let text = '';
  while (!done(text)) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  return text;
}

async function rowFor(count: number) {
  return (await proxy.waitForRows(count)).at(-1)!;
}

describe('streams are forwarded event by event', () => {
  const cases: {
    name: string;
    path: string;
    headers: Record<string, string>;
    body: string;
    firstEvent: string;
  }[] = [
    {
      name: 'Anthropic messages',
      path: '/v1/messages',
      headers: ANTHROPIC_HEADERS,
      body: anthropicBody,
      firstEvent: 'event: message_start',
    },
    {
      name: 'OpenAI chat with the injected usage chunk being stripped',
      path: '/v1/chat/completions',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
      firstEvent: '"chat.completion.chunk"',
    },
    {
      name: 'Gemini streamGenerateContent?alt=sse',
      path: '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'k' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
      firstEvent: '"candidates"',
    },
  ];
  for (const c of cases) {
    it(`${c.name}: the client has the first event while the upstream still holds the second`, async () => {
      const before = proxy.rows().length;
      const response = await fetch(`${proxy.url}${c.path}`, {
        method: 'POST',
        headers: { ...c.headers, 'x-fake-behavior': 'hold:1' },
        body: c.body,
      });
      expect(response.status).toBe(200);
      const reader = response.body!.getReader();
      const first = await readUntil(reader, (text) => text.includes(c.firstEvent) && /\r?\n\r?\n/.test(text));
      expect(first).toContain(c.firstEvent);
      // The upstream is parked inside hold:1 and has sent exactly one event; nothing was waiting for more.
      expect(proxy.rows().length).toBe(before);
      upstream.release();
      const rest = await readUntil(reader, () => false);
      expect(rest.length).toBeGreaterThan(0);
      expect((await rowFor(before + 1)).outcome).toBe('ok');
    });
  }
});

describe('failures mid-stream', () => {
  it('client abort: logged as client_aborted with the usage seen so far, upstream request aborted', async () => {
    const before = proxy.rows().length;
    const controller = new AbortController();
    const response = await fetch(`${proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { ...ANTHROPIC_HEADERS, 'x-fake-behavior': 'hold:2' },
      body: anthropicBody,
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await readUntil(reader, (text) => text.includes('message_start'));
    controller.abort();
    const row = await rowFor(before + 1);
    expect(row).toMatchObject({
      outcome: 'client_aborted',
      stream: 1,
      // message_start carried the input side; no output was counted yet.
      input_tokens: 12,
      cache_read_tokens: 1500,
      cache_write_5m_tokens: 200,
      cache_write_1h_tokens: 100,
      output_tokens: 0,
    });
    // 12×3 + 1500×0.30 + 200×3.75 + 100×6 = 1836 µ$ for what was already processed.
    expect(row.cost_usd).toBeCloseTo(0.001836, 12);
    upstream.release();
  });

  it('client abort closes the upstream connection at once', async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((resolve) => (upstreamClosed = resolve));
    const slowUpstream = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(
        'event: message_start\ndata: {"type":"message_start","message":{"model":"claude-sonnet-4-5","usage":{"input_tokens":5}}}\n\n',
      );
      // Never finishes on its own: only the proxy aborting the request ends it.
      res.on('close', () => upstreamClosed());
    });
    await new Promise<void>((resolve) => slowUpstream.listen(0, '127.0.0.1', resolve));
    const { port } = slowUpstream.address() as AddressInfo;
    const slowProxy = await startTestProxy(`http://127.0.0.1:${port}`);
    try {
      const controller = new AbortController();
      const response = await fetch(`${slowProxy.url}/v1/messages`, {
        method: 'POST',
        headers: ANTHROPIC_HEADERS,
        body: anthropicBody,
        signal: controller.signal,
      });
      await readUntil(response.body!.getReader(), (text) => text.includes('message_start'));
      controller.abort();
      await closed;
      expect((await slowProxy.waitForRows(1)).at(-1)).toMatchObject({
        outcome: 'client_aborted',
        input_tokens: 5,
      });
    } finally {
      await slowProxy.stop();
      slowUpstream.closeAllConnections();
      await new Promise((resolve) => slowUpstream.close(resolve));
    }
  });

  it('upstream cut mid-stream: the Anthropic SDK gets an error event, the row keeps partial usage', async () => {
    const before = proxy.rows().length;
    const client = new Anthropic({ baseURL: proxy.url, apiKey: 'k', maxRetries: 0 });
    const error = await client.messages
      .stream(
        { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] },
        { headers: { 'x-fake-behavior': 'cut:3' } },
      )
      .finalMessage()
      .catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).toMatch(/Farebox: upstream connection failed mid-response/);
    const row = await rowFor(before + 1);
    expect(row).toMatchObject({ outcome: 'upstream_error', status: 200, input_tokens: 12 });
    expect(row.error_message).toMatch(/mid-response/);
  });

  it('upstream cut mid-stream: the OpenAI SDK raises an API error', async () => {
    const before = proxy.rows().length;
    const client = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'k', maxRetries: 0 });
    const stream = await client.chat.completions.create(
      { model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] },
      { headers: { 'x-fake-behavior': 'cut:2' } },
    );
    const error = await (async () => {
      for await (const _chunk of stream) {
        // drain
      }
    })().catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    // The SDK throws on the error event, before the stream ends and so before the row is committed.
    expect((await proxy.waitForRows(before + 1)).at(-1)).toMatchObject({
      outcome: 'upstream_error',
      endpoint: 'openai-chat',
    });
  });

  it('an in-stream error event from the provider is forwarded and recorded', async () => {
    const before = proxy.rows().length;
    const response = await fetch(`${proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { ...ANTHROPIC_HEADERS, 'x-fake-behavior': 'stream-error:2' },
      body: anthropicBody,
    });
    const text = await response.text();
    expect(text).toContain('event: error');
    const row = await rowFor(before + 1);
    expect(row.outcome).toBe('upstream_error');
    expect(row.error_message).toBeTruthy();
  });

  it('a malformed event is forwarded untouched and does not break accounting', async () => {
    const before = proxy.rows().length;
    const response = await fetch(`${proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { ...ANTHROPIC_HEADERS, 'x-fake-behavior': 'malformed:3' },
      body: anthropicBody,
    });
    await response.text();
    const row = await rowFor(before + 1);
    expect(row).toMatchObject({ outcome: 'ok', input_tokens: 12, output_tokens: 57 });
  });

  it('keeps serving after all of that', async () => {
    const response = await fetch(`${proxy.url}/v1/messages`, {
      method: 'POST',
      headers: ANTHROPIC_HEADERS,
      body: anthropicBody,
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('message_stop');
  });
});
