import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRequests } from '../../electron/cli/commands';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream';
import { startTestProxy, type TestProxy } from '../helpers/start-proxy';

const KEYS = {
  anthropic: 'sk-ant-configured-SECRET-1111',
  openai: 'sk-proj-configured-SECRET-2222',
  gemini: 'AIza-configured-SECRET-3333',
};

let upstream: FakeUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  process.env.FAREBOX_TEST_OPENAI_KEY = KEYS.openai;
  upstream = await startFakeUpstream();
  proxy = await startTestProxy(upstream.url, {
    providers: [
      { id: 'anthropic', dialect: 'anthropic', baseUrl: upstream.url, apiKey: KEYS.anthropic },
      { id: 'openai', dialect: 'openai', baseUrl: upstream.url, apiKey: 'env:FAREBOX_TEST_OPENAI_KEY' },
      { id: 'gemini', dialect: 'gemini', baseUrl: upstream.url, apiKey: KEYS.gemini },
    ],
  });
});
afterAll(async () => {
  await proxy.stop();
  await upstream.close();
});

describe('provider keys', () => {
  it('replace the client key for each dialect', async () => {
    await new Anthropic({ baseURL: proxy.url, apiKey: 'client-anthropic', maxRetries: 0 }).messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 5,
      messages: [{ role: 'user', content: 'x' }],
    });
    let sent = upstream.requests.at(-1)!.headers;
    expect(sent['x-api-key']).toBe(KEYS.anthropic);
    expect(sent.authorization).toBeUndefined();

    await new OpenAI({
      baseURL: `${proxy.url}/v1`,
      apiKey: 'client-openai',
      maxRetries: 0,
    }).chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'x' }],
    });
    sent = upstream.requests.at(-1)!.headers;
    expect(sent.authorization).toBe(`Bearer ${KEYS.openai}`);

    await new GoogleGenAI({
      apiKey: 'client-gemini',
      httpOptions: { baseUrl: proxy.url },
    }).models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'x',
    });
    sent = upstream.requests.at(-1)!.headers;
    expect(sent['x-goog-api-key']).toBe(KEYS.gemini);
  });

  it('never reach the database, the export or an error message', async () => {
    const failing = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-fake-behavior': 'status:401' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [] }),
    });
    const errorText = await failing.text();
    await proxy.core.stop();

    const lines: string[] = [];
    exportRequests({ dataDir: proxy.dataDir }, { out: (line) => lines.push(line), err: () => {} });
    expect(lines.length).toBeGreaterThan(3);
    // config.json is the user's own file and holds the literal key on purpose; everything Farebox writes must not.
    const stored = readdirSync(proxy.dataDir)
      .filter((file) => file !== 'config.json')
      .map((file) => readFileSync(join(proxy.dataDir, file)).toString('latin1'))
      .join('\n');
    for (const key of Object.values(KEYS)) {
      expect(lines.join('\n')).not.toContain(key);
      expect(stored).not.toContain(key);
      expect(errorText).not.toContain(key);
    }
  });
});
