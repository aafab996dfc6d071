import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCRIPTED_USAGE, startScriptedUpstream, type ScriptedUpstream } from './scripted-upstream';

/**
 * The scripted upstream's Chat Completions side, read by the official SDK: no CLI speaks chat, so this is
 * the only check that the routed tool tests' upstream answers like OpenAI does.
 */
const FINAL = 'All done.';
const MARKER = 'marker-scripted-upstream-test';
const TOOLS: OpenAI.ChatCompletionTool[] = [
  {
    type: 'function',
    function: { name: 'read_file', parameters: { type: 'object', properties: { path: { type: 'string' } } } },
  },
];

let upstream: ScriptedUpstream;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startScriptedUpstream({
    finalText: FINAL,
    chooseTool: (dialect, names) =>
      dialect === 'openai-chat' && names.includes('read_file')
        ? { name: 'read_file', args: { path: '/work/marker.txt' } }
        : null,
  });
  client = new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'sk-test', maxRetries: 0 });
});

afterAll(async () => {
  await upstream.close();
});

describe('scripted upstream, Chat Completions', () => {
  it('streams a tool call in fragments, then a usage-only chunk and [DONE] when include_usage is set', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-5-mini',
      messages: [{ role: 'user', content: 'Read the marker.' }],
      tools: TOOLS,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const fragments = chunks.flatMap((chunk) =>
      (chunk.choices[0]?.delta.tool_calls ?? []).map((call) => call.function?.arguments ?? ''),
    );
    expect(fragments.filter((fragment) => fragment !== '').length).toBeGreaterThan(1);
    expect(JSON.parse(fragments.join(''))).toEqual({ path: '/work/marker.txt' });
    const head = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? [])[0]!;
    expect(head).toMatchObject({ index: 0, type: 'function', function: { name: 'read_file' } });
    expect(head.id).toMatch(/^call_[0-9a-f]{24}$/);
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason).filter(Boolean)).toEqual(['tool_calls']);
    // Every chunk but the last carries usage: null; the last has no choices and the usage.
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: SCRIPTED_USAGE['openai-chat']['tool-call'] });
    expect(upstream.requests.at(-1)!.responseBody.toString()).toMatch(/data: \[DONE\]\n\n$/);
    expect(upstream.requests.at(-1)).toMatchObject({
      dialect: 'openai-chat',
      reply: 'tool-call',
      toolNames: ['read_file'],
      usage: SCRIPTED_USAGE['openai-chat']['tool-call'],
    });
  });

  it('sends no usage at all in a stream that did not ask for it', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-5-mini',
      messages: [{ role: 'user', content: 'Hello' }],
      stream: true,
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('OK');
    expect(chunks.some((chunk) => 'usage' in chunk)).toBe(false);
    expect(upstream.requests.at(-1)).toMatchObject({ reply: 'side-text', usage: null });
  });

  it('answers a tool message holding the result with the final text, without streaming too', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-5-mini',
      messages: [
        { role: 'user', content: 'Read the marker.' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"m"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: MARKER }] },
      ],
      tools: TOOLS,
    });
    expect(completion.choices[0]).toMatchObject({
      message: { role: 'assistant', content: FINAL },
      finish_reason: 'stop',
    });
    expect(completion.usage).toEqual(SCRIPTED_USAGE['openai-chat'].text);
    expect(completion.model).toBe('gpt-5-mini');
    expect(upstream.requests.at(-1)).toMatchObject({ reply: 'final-text', toolResult: MARKER });
  });
});
