import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import {
  FAKE_COUNT_TOKENS,
  FAKE_TEXT,
  FAKE_USAGE,
  startFakeUpstream,
  type FakeUpstream,
} from '../../helpers/fake-upstream';

let up: FakeUpstream;
beforeAll(async () => {
  up = await startFakeUpstream();
});
afterAll(async () => {
  await up.close();
});

type Json = Record<string, unknown>;
interface SseEvent {
  event?: string;
  data: string;
}

function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(up.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

function parseSse(text: string): SseEvent[] {
  return text
    .split(/\r?\n\r?\n/)
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split(/\r?\n/);
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
      const data = lines.find((l) => l.startsWith('data: '))?.slice(6) ?? '';
      return event === undefined ? { data } : { event, data };
    });
}

const json = (e: SseEvent | undefined): Json => JSON.parse(e?.data ?? 'null') as Json;
const postJson = async (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Json> =>
  (await (await post(path, body, headers)).json()) as Json;
const getJson = async (path: string, headers: Record<string, string> = {}): Promise<Json> =>
  (await (await fetch(up.url + path, { headers })).json()) as Json;

async function sse(path: string, body: unknown, headers: Record<string, string> = {}): Promise<SseEvent[]> {
  const res = await post(path, body, headers);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  return parseSse(await res.text());
}

/** Reads a body until it ends or breaks; returns the text and whether the connection failed. */
async function drain(res: Response): Promise<{ text: string; failed: boolean }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, failed: false };
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    return { text, failed: true };
  }
}

const ANTHROPIC_HEADERS = { 'anthropic-version': '2023-06-01' };
const TOOLS = { 'x-fake-content': 'tools' };
const MESSAGES = { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] };
const CHAT = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] };
const GEMINI_STREAM = '/v1beta/models/gemini-2.5-pro:streamGenerateContent';

describe('fake upstream: Anthropic', () => {
  it('answers JSON with the default usage, records the request first, and sends real-looking headers', async () => {
    const before = up.requests.length;
    const res = await post('/v1/messages', MESSAGES, { ...ANTHROPIC_HEADERS, 'x-api-key': 'k' });
    const body = (await res.json()) as Json;
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    expect(res.headers.get('anthropic-ratelimit-requests-remaining')).toBe('3999');
    expect(body).toMatchObject({ type: 'message', model: 'claude-haiku-4-5', stop_reason: 'end_turn' });
    expect(body.content).toEqual([{ type: 'text', text: FAKE_TEXT }]);
    expect(body.usage).toEqual(FAKE_USAGE.anthropic);
    const recorded = up.requests[before];
    expect(recorded).toMatchObject({ method: 'POST', url: '/v1/messages', json: MESSAGES });
    expect(recorded?.headers['x-api-key']).toBe('k');
  });

  it('streams message_start, ping, text deltas, cumulative message_delta and message_stop', async () => {
    const events = await sse('/v1/messages', { ...MESSAGES, stream: true });
    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      ...Array<string>(5).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const start = json(events[0]).message as Json;
    expect(start.usage).toMatchObject({ input_tokens: 12, cache_read_input_tokens: 1500, output_tokens: 1 });
    expect(json(events[9]).usage).toEqual(FAKE_USAGE.anthropic);
  });

  it('answers two tool_use blocks with input_json_delta named after the request tools', async () => {
    const tools = [{ name: 'Bash', input_schema: { type: 'object' } }];
    const events = await sse('/v1/messages', { ...MESSAGES, tools, stream: true }, TOOLS);
    const starts = events.filter((e) => e.event === 'content_block_start').map((e) => json(e).content_block);
    expect(starts).toMatchObject([
      { type: 'tool_use', name: 'Bash' },
      { type: 'tool_use', name: 'Bash' },
    ]);
    const partial = events
      .map((e) => json(e))
      .filter((d) => d.index === 1 && (d.delta as Json | undefined)?.type === 'input_json_delta')
      .map((d) => (d.delta as Json).partial_json)
      .join('');
    expect(JSON.parse(partial)).toEqual({ path: 'package.json' });
  });

  it('counts tokens and lists models', async () => {
    const count = await postJson('/v1/messages/count_tokens', MESSAGES);
    expect(count).toEqual({ input_tokens: FAKE_COUNT_TOKENS.anthropic });
    const models = await getJson('/v1/models', ANTHROPIC_HEADERS);
    expect((models.data as Json[])[0]).toMatchObject({ type: 'model' });
  });
});

describe('fake upstream: OpenAI', () => {
  it('streams chat without a usage key unless include_usage is asked for', async () => {
    const plain = await sse('/v1/chat/completions', { ...CHAT, stream: true });
    expect(plain.at(-1)?.data).toBe('[DONE]');
    expect(plain.slice(0, -1).every((e) => !('usage' in json(e)))).toBe(true);

    const options = { stream_options: { include_usage: true } };
    const withUsage = await sse('/v1/chat/completions', { ...CHAT, ...options, stream: true });
    const chunks = withUsage.slice(0, -1).map(json);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: FAKE_USAGE.openaiChat, model: 'gpt-4o' });
  });

  it('streams chat tool calls keyed by index with split arguments', async () => {
    const tools = [{ type: 'function', function: { name: 'grep', parameters: {} } }];
    const events = await sse('/v1/chat/completions', { ...CHAT, tools, stream: true }, TOOLS);
    const args = ['', ''];
    for (const e of events.slice(0, -1)) {
      const delta = ((json(e).choices as Json[])[0]?.delta ?? {}) as {
        tool_calls?: { index: 0 | 1; function: Json }[];
      };
      for (const call of delta.tool_calls ?? []) args[call.index] += String(call.function.arguments);
    }
    expect(args.map((a) => JSON.parse(a) as unknown)).toEqual([
      { path: 'src/index.ts' },
      { path: 'package.json' },
    ]);
    expect(json(events.at(-2)).choices).toMatchObject([{ finish_reason: 'tool_calls' }]);
  });

  it('streams Responses events with sequence numbers, usage in response.completed and no [DONE]', async () => {
    const res = await post('/v1/responses', { model: 'gpt-5', input: 'hi', stream: true });
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    expect(res.headers.get('x-ratelimit-remaining-tokens')).not.toBeNull();
    const events = parseSse(await res.text());
    const types = events.map((e) => e.event);
    expect(types.slice(0, 3)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
    ]);
    expect(types).toContain('response.content_part.added');
    expect(types.filter((t) => t === 'response.output_text.delta').length).toBeGreaterThan(2);
    expect(types.at(-1)).toBe('response.completed');
    expect(events.map((e) => json(e).sequence_number)).toEqual(events.map((_, i) => i));
    expect((json(events.at(-1)).response as Json).usage).toEqual(FAKE_USAGE.openaiResponses);
  });

  it('answers Responses function calls, embeddings, legacy completions and models', async () => {
    const tools = [{ type: 'function', name: 'shell', parameters: {} }];
    const resp = await postJson('/v1/responses', { input: 'x', tools }, TOOLS);
    expect((resp.output as Json[]).filter((o) => o.type === 'function_call')).toMatchObject([
      { name: 'shell', arguments: '{"path":"src/index.ts"}' },
      { name: 'shell' },
    ]);
    const emb = await postJson('/v1/embeddings', { model: 'e', input: ['a', 'b'] });
    expect(emb).toMatchObject({ object: 'list', usage: FAKE_USAGE.openaiEmbeddings });
    expect(emb.data).toHaveLength(2);
    const stream = await sse('/v1/completions', { model: 'i', prompt: 'x', stream: true });
    expect(json(stream[0])).toMatchObject({ object: 'text_completion' });
    expect((await getJson('/v1/models')).object).toBe('list');
  });
});

describe('fake upstream: Gemini', () => {
  it('answers generateContent and countTokens, echoing the path model as modelVersion', async () => {
    const body = await postJson('/v1beta/models/gemini-2.5-flash:generateContent', {});
    expect(body).toMatchObject({ modelVersion: 'gemini-2.5-flash', usageMetadata: FAKE_USAGE.gemini });
    const count = await postJson('/v1beta/models/gemini-2.5-flash:countTokens', {});
    expect(count).toMatchObject({ totalTokens: FAKE_COUNT_TOKENS.gemini });
  });

  it('streams SSE with partial usage first and complete usage with finishReason last', async () => {
    const events = (await sse(`${GEMINI_STREAM}?alt=sse`, {})).map(json);
    expect(events.length).toBeGreaterThan(2);
    expect(events[0]?.usageMetadata).toEqual(
      expect.not.objectContaining({ candidatesTokenCount: expect.anything() }),
    );
    expect(events.at(-1)).toMatchObject({
      usageMetadata: FAKE_USAGE.gemini,
      candidates: [{ finishReason: 'STOP' }],
    });
  });

  it('streams a JSON array element by element without alt=sse, and function calls under tools', async () => {
    const res = await post(GEMINI_STREAM, {}, TOOLS);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    expect(text).toMatch(/^\[\{.*\}\r\n,\{.*\}\]$/s);
    const parts = (JSON.parse(text) as Json[]).map((c) => (c.candidates as Json[])[0]?.content);
    expect(parts).toMatchObject([
      { parts: [{ functionCall: { name: 'read_file' } }] },
      { parts: [{ functionCall: {} }] },
    ]);
  });
});

describe('fake upstream: misbehaviour', () => {
  it.each([
    ['/v1/messages', { type: 'error', error: { type: 'rate_limit_error' } }],
    ['/v1/chat/completions', { error: { type: 'requests', code: 'rate_limit_exceeded', param: null } }],
    ['/v1beta/models/m:generateContent', { error: { code: 429, status: 'RESOURCE_EXHAUSTED' } }],
  ])('answers status:429 on %s in the dialect error shape with retry-after', async (path, shape) => {
    const res = await post(path, { stream: true }, { 'x-fake-behavior': 'status:429' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await res.json()).toMatchObject(shape);
  });

  it('cuts a stream after N events without a terminating chunk', async () => {
    const res = await post('/v1/chat/completions', { stream: true }, { 'x-fake-behavior': 'cut:2' });
    const { text, failed } = await drain(res);
    expect(failed).toBe(true);
    expect(parseSse(text)).toHaveLength(2);
  });

  it('makes the N-th event invalid JSON', async () => {
    const events = await sse('/v1/messages', { stream: true }, { 'x-fake-behavior': 'malformed:3' });
    expect(() => json(events[1])).not.toThrow();
    expect(() => json(events[2])).toThrow();
  });

  it('sends the in-stream error of each dialect after N events', async () => {
    const b = { 'x-fake-behavior': 'stream-error:2' };
    const anthropic = await sse('/v1/messages', { stream: true }, b);
    expect(anthropic.at(-1)).toMatchObject({ event: 'error' });
    expect(json(anthropic.at(-1))).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    const chat = await sse('/v1/chat/completions', { stream: true }, b);
    expect(chat).toHaveLength(3);
    expect(json(chat[2])).toMatchObject({ error: { type: 'server_error' } });
    const responses = await sse('/v1/responses', { stream: true }, b);
    expect(responses.slice(2).map((e) => e.event)).toEqual(['error', 'response.failed']);
    const gemini = await sse(`${GEMINI_STREAM}?alt=sse`, {}, b);
    expect(json(gemini[2])).toMatchObject({ error: { code: 500, status: 'INTERNAL' } });
  });

  it('holds a stream after N events until release()', async () => {
    const res = await post('/v1/chat/completions', { stream: true }, { 'x-fake-behavior': 'hold:1' });
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(parseSse(first)).toHaveLength(1);
    const next = reader.read();
    const raced = await Promise.race([
      next.then(() => 'data'),
      new Promise((r) => setTimeout(() => r('held'), 50)),
    ]);
    expect(raced).toBe('held');
    up.release();
    expect((await next).done).toBe(false);
    await reader.cancel();
  });

  it('delays headers, spaces events, refuses connections and applies the default behaviour', async () => {
    const started = Date.now();
    await (await post('/v1/messages', MESSAGES, { 'x-fake-behavior': 'delay:60' })).text();
    await (await post('/v1/responses', { stream: true }, { 'x-fake-behavior': 'interval:5' })).text();
    expect(Date.now() - started).toBeGreaterThanOrEqual(60 + 5 * 13);
    await expect(post('/v1/messages', MESSAGES, { 'x-fake-behavior': 'refuse' })).rejects.toThrow();
    up.setDefaultBehavior('status:529');
    try {
      expect((await post('/v1/messages', MESSAGES)).status).toBe(529);
      expect((await post('/v1/messages', MESSAGES, { 'x-fake-behavior': '' })).status).toBe(200);
    } finally {
      up.setDefaultBehavior(null);
    }
  });

  it('reports x-fake-usage, decodes gzip bodies and answers unknown paths with 404', async () => {
    const usage = { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 };
    const reply = await postJson('/v1/chat/completions', CHAT, { 'x-fake-usage': JSON.stringify(usage) });
    expect(reply.usage).toEqual(usage);
    const headers = { 'content-encoding': 'gzip' };
    await fetch(`${up.url}/v1/chat/completions`, {
      method: 'POST',
      headers,
      body: gzipSync(JSON.stringify(CHAT)),
    });
    expect(up.requests.at(-1)?.json).toEqual(CHAT);
    const missing = await post('/v1/nope', {});
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });
});
