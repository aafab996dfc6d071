import { GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_COUNT_TOKENS, FAKE_TEXT, startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream';
import { startTestProxy, type TestProxy } from '../helpers/start-proxy';

// gemini-2.5-flash in the bundled data: $0.30 input, $0.03 cached, $2.50 output (thoughts bill as output).
// FAKE_USAGE.gemini: prompt 1240 of which 1024 cached, 48 candidates + 112 thoughts:
//   216×0.30 + 1024×0.03 + 160×2.50 = 64.8 + 30.72 + 400 = 495.52 µ$.
const EXPECTED_COST = 0.00049552;
const TOKENS = { input_tokens: 216, cache_read_tokens: 1024, output_tokens: 160, reasoning_tokens: 112 };

let upstream: FakeUpstream;
let proxy: TestProxy;
let client: GoogleGenAI;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  proxy = await startTestProxy(upstream.url);
  client = new GoogleGenAI({ apiKey: 'client-gemini-key', httpOptions: { baseUrl: proxy.url } });
});
afterAll(async () => {
  await proxy.stop();
  await upstream.close();
});

describe('Google GenAI SDK through the proxy', () => {
  it('generateContent', async () => {
    const response = await client.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hello' });
    expect(response.text).toBe(FAKE_TEXT);
    const row = proxy.rows().at(-1)!;
    expect(row).toMatchObject({
      endpoint: 'gemini-generate',
      requested_model: 'gemini-2.5-flash',
      served_model: 'gemini-2.5-flash',
      stream: 0,
      outcome: 'ok',
      tool: 'google-genai-sdk-js',
      ...TOKENS,
    });
    expect(row.cost_usd).toBeCloseTo(EXPECTED_COST, 12);
  });

  it('generateContentStream (alt=sse)', async () => {
    let text = '';
    for await (const chunk of await client.models.generateContentStream({
      model: 'gemini-2.5-flash',
      contents: 'hello',
    })) {
      text += chunk.text ?? '';
    }
    expect(text).toBe(FAKE_TEXT);
    expect(upstream.requests.at(-1)!.url).toContain(':streamGenerateContent?alt=sse');
    const row = proxy.rows().at(-1)!;
    expect(row).toMatchObject({ endpoint: 'gemini-stream-generate', stream: 1, outcome: 'ok', ...TOKENS });
    expect(row.cost_usd).toBeCloseTo(EXPECTED_COST, 12);
  });

  it('streamGenerateContent without alt=sse (one JSON array)', async () => {
    const response = await fetch(`${proxy.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'k' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
    });
    const body = (await response.json()) as unknown[];
    expect(Array.isArray(body)).toBe(true);
    const row = proxy.rows().at(-1)!;
    expect(row).toMatchObject({ endpoint: 'gemini-stream-generate', stream: 1, outcome: 'ok', ...TOKENS });
    expect(row.cost_usd).toBeCloseTo(EXPECTED_COST, 12);
  });

  it('countTokens is forwarded and free', async () => {
    const counted = await client.models.countTokens({ model: 'gemini-2.5-flash', contents: 'hello' });
    expect(counted.totalTokens).toBe(FAKE_COUNT_TOKENS.gemini);
    expect(proxy.rows().at(-1)).toMatchObject({
      endpoint: 'gemini-count-tokens',
      cost_usd: 0,
      price_source: 'free',
    });
  });

  it('lists models', async () => {
    const pager = await client.models.list();
    expect(pager.page.length).toBeGreaterThan(0);
    expect(proxy.rows().at(-1)).toMatchObject({
      endpoint: 'gemini-models',
      cost_usd: 0,
      price_source: 'free',
    });
  });

  it('an upstream error reaches the SDK in Google RPC shape', async () => {
    const error = await client.models
      .generateContent({
        model: 'gemini-2.5-flash',
        contents: 'x',
        config: { httpOptions: { headers: { 'x-fake-behavior': 'status:500' } } },
      })
      .catch((e: unknown) => e as Error);
    expect(String(error)).toMatch(/500/);
    expect(proxy.rows().at(-1)).toMatchObject({ outcome: 'upstream_error', status: 500 });
  });
});
