import { createServer } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AttemptRecord } from '../../../shared/routing';
import { FAKE_TEXT, startFakeUpstream, type FakeUpstream } from '../../helpers/fake-upstream';
import { startTestProxy, type TestProxy } from '../../helpers/start-proxy';

let upstream: FakeUpstream;
let proxy: TestProxy;
let openai: OpenAI;
let deadUrl: string;

/** A port nothing listens on: connections to it are refused. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const target = (provider: string, model: string) => ({ provider, model });

beforeAll(async () => {
  upstream = await startFakeUpstream();
  deadUrl = await closedPortUrl();
  proxy = await startTestProxy(upstream.url, {
    providers: [
      { id: 'anthropic', dialect: 'anthropic', baseUrl: upstream.url, apiKey: 'sk-ant-provider' },
      { id: 'openai', dialect: 'openai', baseUrl: upstream.url, apiKey: 'sk-openai-provider' },
      { id: 'gemini', dialect: 'gemini', baseUrl: upstream.url, apiKey: 'gm-provider' },
      { id: 'dead', dialect: 'openai', baseUrl: deadUrl, apiKey: 'sk-dead' },
      {
        id: 'rotating',
        dialect: 'openai',
        baseUrl: upstream.url,
        apiKeys: ['sk-rotate-one', 'sk-rotate-two'],
        keyCooldownMs: 60_000,
      },
    ],
    aliases: { backup: target('openai', 'gpt-5-mini') },
    rules: [
      {
        id: 'on-429',
        when: { models: ['try-429'] },
        then: { chain: [target('openai', 'flaky-429'), 'backup'] },
      },
      {
        id: 'on-500',
        when: { models: ['try-500'] },
        then: { chain: [target('openai', 'flaky-500'), 'backup'] },
      },
      {
        id: 'on-refused',
        when: { models: ['try-refused'] },
        then: { chain: [target('dead', 'gpt-5'), 'backup'] },
      },
      {
        id: 'on-early-cut',
        when: { models: ['try-early-cut'] },
        then: { chain: [target('openai', 'cut-early'), 'backup'] },
      },
      {
        id: 'on-late-cut',
        when: { models: ['try-late-cut'] },
        then: { chain: [target('openai', 'cut-late'), 'backup'] },
      },
      {
        id: 'only-5xx',
        when: { models: ['try-only-5xx'] },
        then: { chain: [target('openai', 'flaky-429'), 'backup'] },
        fallbackOn: ['5xx'],
      },
      {
        id: 'on-timeout',
        when: { models: ['try-timeout'] },
        then: { chain: [target('openai', 'slow'), 'backup'] },
        timeoutMs: 300,
      },
      {
        id: 'same-target-twice',
        when: { models: ['try-twice'] },
        then: { chain: [target('openai', 'flaky-500'), target('openai', 'flaky-500'), 'backup'] },
      },
      {
        id: 'all-fail',
        when: { models: ['try-all-fail'] },
        then: { chain: [target('openai', 'flaky-500'), target('dead', 'gpt-5')] },
      },
      { id: 'rotate', when: { models: ['try-rotate'] }, then: { route: target('rotating', 'gpt-5-mini') } },
      {
        id: 'claude-chain',
        when: { models: ['claude-*'] },
        then: { chain: [target('anthropic', 'claude-overloaded'), target('openai', 'gpt-5-mini')] },
      },
    ],
  });
  upstream.setModelBehavior('flaky-429', 'status:429');
  upstream.setModelBehavior('flaky-500', 'status:500');
  upstream.setModelBehavior('cut-early', 'cut:0');
  upstream.setModelBehavior('cut-late', 'cut:3');
  upstream.setModelBehavior('slow', 'delay:2000');
  upstream.setModelBehavior('claude-overloaded', 'status:529');
  upstream.setKeyBehavior('sk-rotate-one', 'status:429');
  openai = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'sk-client', maxRetries: 0 });
});
afterAll(async () => {
  await proxy.stop();
  await upstream.close();
});
beforeEach(() => {
  upstream.requests.length = 0;
});

async function lastRow() {
  const rows = proxy.rows();
  return rows.at(-1)!;
}

function attemptsOf(row: { attempts: string | null }): AttemptRecord[] {
  return JSON.parse(row.attempts ?? '[]') as AttemptRecord[];
}

async function streamedText(model: string): Promise<string> {
  const stream = await openai.chat.completions.create({
    model,
    stream: true,
    messages: [{ role: 'user', content: 'Hi' }],
  });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  return text;
}

describe('fallback chains', () => {
  it('move on after a 429 and record both attempts', async () => {
    const answer = await openai.chat.completions.create({
      model: 'try-429',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(answer.choices[0]!.message.content).toBe(FAKE_TEXT);
    const row = await lastRow();
    expect(row).toMatchObject({
      outcome: 'ok',
      status: 200,
      provider: 'openai',
      served_model: 'gpt-5-mini',
      rule_id: 'on-429',
    });
    const attempts = attemptsOf(row);
    expect(attempts.map((a) => [a.model, a.status, a.result])).toEqual([
      ['flaky-429', 429, 'status'],
      ['gpt-5-mini', 200, 'ok'],
    ]);
    expect(attempts[0]!.error).toContain('429');
    expect(attempts[1]!.startedMs).toBeGreaterThanOrEqual(attempts[0]!.startedMs);
  });

  it('move on after a 500, streaming', async () => {
    expect(await streamedText('try-500')).toBe(FAKE_TEXT);
    const attempts = attemptsOf(await lastRow());
    expect(attempts.map((a) => [a.model, a.status, a.result])).toEqual([
      ['flaky-500', 500, 'status'],
      ['gpt-5-mini', 200, 'ok'],
    ]);
  });

  it('move on when the connection is refused', async () => {
    expect(await streamedText('try-refused')).toBe(FAKE_TEXT);
    const attempts = attemptsOf(await lastRow());
    expect(attempts.map((a) => [a.provider, a.status, a.result])).toEqual([
      ['dead', null, 'connection'],
      ['openai', 200, 'ok'],
    ]);
  });

  it('move on when a stream is cut before its first byte reached the client', async () => {
    expect(await streamedText('try-early-cut')).toBe(FAKE_TEXT);
    const row = await lastRow();
    expect(row.outcome).toBe('ok');
    expect(attemptsOf(row).map((a) => [a.model, a.result])).toEqual([
      ['cut-early', 'stream_cut'],
      ['gpt-5-mini', 'ok'],
    ]);
  });

  it('do not move on once the stream has started: the client sees the error', async () => {
    await expect(streamedText('try-late-cut')).rejects.toThrow();
    const row = await lastRow();
    expect(row.outcome).toBe('upstream_error');
    expect(attemptsOf(row).map((a) => [a.model, a.result])).toEqual([['cut-late', 'error']]);
    expect(upstream.requests).toHaveLength(1);
  });

  it('follow the rule’s fallbackOn: a 429 is answered when only 5xx falls back', async () => {
    await expect(
      openai.chat.completions.create({ model: 'try-only-5xx', messages: [{ role: 'user', content: 'Hi' }] }),
    ).rejects.toMatchObject({ status: 429 });
    const row = await lastRow();
    expect(row).toMatchObject({ outcome: 'upstream_error', status: 429 });
    expect(upstream.requests).toHaveLength(1);
  });

  it('move on after the rule’s timeout', async () => {
    expect(await streamedText('try-timeout')).toBe(FAKE_TEXT);
    const attempts = attemptsOf(await lastRow());
    expect(attempts.map((a) => [a.model, a.result])).toEqual([
      ['slow', 'timeout'],
      ['gpt-5-mini', 'ok'],
    ]);
  });

  it('never retry the target that just failed', async () => {
    await openai.chat.completions.create({ model: 'try-twice', messages: [{ role: 'user', content: 'Hi' }] });
    const attempts = attemptsOf(await lastRow());
    expect(attempts.map((a) => a.model)).toEqual(['flaky-500', 'gpt-5-mini']);
  });

  it('answer with the last target’s error when every target fails', async () => {
    await expect(
      openai.chat.completions.create({ model: 'try-all-fail', messages: [{ role: 'user', content: 'Hi' }] }),
    ).rejects.toMatchObject({ status: 502 });
    const row = await lastRow();
    expect(row.outcome).toBe('upstream_error');
    expect(attemptsOf(row).map((a) => a.result)).toEqual(['status', 'connection']);
    expect(row.error_message).not.toContain('sk-dead');
  });

  it('fall back across dialects: an overloaded Claude hands over to an OpenAI model', async () => {
    const anthropic = new Anthropic({ baseURL: proxy.url, apiKey: 'sk-ant-client', maxRetries: 0 });
    const message = await anthropic.messages
      .stream({
        model: 'claude-sonnet-4-5',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'Hi' }],
      })
      .finalMessage();
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: FAKE_TEXT })]);
    const row = await lastRow();
    expect(row).toMatchObject({
      provider: 'openai',
      upstream_endpoint: 'openai-chat',
      served_model: 'gpt-5-mini',
    });
    expect(attemptsOf(row).map((a) => [a.endpoint, a.status])).toEqual([
      ['anthropic-messages', 529],
      ['openai-chat', 200],
    ]);
  });
});

describe('several keys per provider', () => {
  it('rotate on 429, and the rate-limited key rests afterwards', async () => {
    const ask = () =>
      openai.chat.completions.create({ model: 'try-rotate', messages: [{ role: 'user', content: 'Hi' }] });
    await ask();
    expect(upstream.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer sk-rotate-one',
      'Bearer sk-rotate-two',
    ]);
    const first = attemptsOf(await lastRow());
    expect(first.map((a) => [a.status, a.result])).toEqual([
      [429, 'status'],
      [200, 'ok'],
    ]);
    upstream.requests.length = 0;
    await ask();
    // The first key is cooling down: straight to the second.
    expect(upstream.requests.map((r) => r.headers.authorization)).toEqual(['Bearer sk-rotate-two']);
    const row = await lastRow();
    expect(row.error_message ?? '').not.toContain('sk-rotate');
    expect(row.attempts ?? '').not.toContain('sk-rotate');
  });
});
