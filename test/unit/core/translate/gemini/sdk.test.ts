import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, GenerateContentResponse, GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatChunk, ChatResponse } from '../../../../../electron/core/translate/chat-types';
import { geminiTranslator } from '../../../../../electron/core/translate/gemini';
import { LONG_TOOL_NAME, SIGNATURE_1, chunk, context, usageChunk } from './helpers';

/**
 * Serves streamFromChat / responseFromChat output over HTTP to the official Gemini SDK, which must parse it
 * the way it parses Google's own responses.
 */

const USAGE = {
  prompt_tokens: 1250,
  completion_tokens: 160,
  total_tokens: 1410,
  prompt_tokens_details: { cached_tokens: 1024 },
  completion_tokens_details: { reasoning_tokens: 112 },
};
const signedId = `call_a__ts__${Buffer.from(SIGNATURE_1).toString('base64url')}`;

const streamedChunks: ChatChunk[] = [
  chunk({ role: 'assistant', content: '' }),
  chunk({ reasoning_content: 'Two lookups.' }),
  chunk({ content: 'Looking' }),
  chunk({
    tool_calls: [
      { index: 0, id: signedId, type: 'function', function: { name: 'read_file', arguments: '{"pa' } },
    ],
  }),
  chunk({ content: ' now.' }),
  chunk({
    tool_calls: [
      { index: 1, id: 'call_b', type: 'function', function: { name: LONG_TOOL_NAME, arguments: '' } },
    ],
  }),
  chunk({
    tool_calls: [
      { index: 1, function: { arguments: '{"topic":"x"}' } },
      { index: 0, function: { arguments: 'th":"a.ts"}' } },
    ],
  }),
  chunk({}, 'tool_calls'),
  usageChunk(USAGE),
];

const chatResponse: ChatResponse = {
  id: 'chatcmpl-2',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-5.4',
  choices: [
    {
      index: 0,
      finish_reason: 'tool_calls',
      message: {
        role: 'assistant',
        content: 'Looking now.',
        reasoning_content: 'Two lookups.',
        tool_calls: [
          { id: signedId, type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } },
        ],
      },
    },
  ],
  usage: USAGE,
};

interface Reply {
  status?: number;
  chunks?: ChatChunk[];
  /** Called after the chunks: the upstream died with this error. */
  cutWith?: string;
}

let server: Server;
let baseUrl: string;
let reply: Reply;
const requests: Array<{ url: string; body: Record<string, unknown> }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (data: Buffer) => (raw += data.toString('utf8')));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', body: JSON.parse(raw) as Record<string, unknown> });
      void respond(req.url ?? '', res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  reply = { chunks: streamedChunks };
  requests.length = 0;
});

async function respond(url: string, res: import('node:http').ServerResponse): Promise<void> {
  const ctx = context({ geminiSse: url.includes('alt=sse') });
  if (url.includes(':generateContent')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(geminiTranslator.responseFromChat(chatResponse, ctx)));
    return;
  }
  res.writeHead(reply.status ?? 200, {
    'content-type': ctx.geminiSse ? 'text/event-stream' : 'application/json',
  });
  const stream = geminiTranslator.streamFromChat(ctx);
  // One write per piece, with a pause, so the SDK really parses an incremental stream.
  for (const item of reply.chunks ?? []) {
    const piece = stream.chunk(item);
    if (piece) res.write(piece);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  if (reply.cutWith) res.write(stream.error(reply.cutWith, 503));
  res.end(stream.end());
}

const client = () =>
  new GoogleGenAI({ apiKey: 'x', httpOptions: { baseUrl, retryOptions: { attempts: 1 } } });

describe('the @google/genai SDK reads what the translator writes', () => {
  it('generateContentStream (SSE): text, thoughts, whole function calls with signatures, usage', async () => {
    const responses: GenerateContentResponse[] = [];
    const stream = await client().models.generateContentStream({
      model: 'gemini-3-pro-preview',
      contents: 'go',
    });
    for await (const response of stream) responses.push(response);
    expect(requests[0]?.url).toContain(':streamGenerateContent?alt=sse');

    const parts = responses.flatMap((response) => response.candidates?.[0]?.content?.parts ?? []);
    expect(parts.filter((part) => part.thought).map((part) => part.text)).toEqual(['Two lookups.']);
    expect(
      parts
        .filter((part) => !part.thought && part.text)
        .map((part) => part.text)
        .join(''),
    ).toBe('Looking now.');
    const callResponse = responses.find((response) => response.functionCalls);
    expect(callResponse?.functionCalls).toEqual([
      { name: 'read_file', args: { path: 'a.ts' }, id: 'call_a' },
      { name: LONG_TOOL_NAME, args: { topic: 'x' }, id: 'call_b' },
    ]);
    expect(parts.find((part) => part.functionCall)?.thoughtSignature).toBe(SIGNATURE_1);
    const last = responses.at(-1)!;
    expect(last.candidates?.[0]?.finishReason).toBe('STOP');
    expect(last.usageMetadata).toMatchObject({
      promptTokenCount: 1250,
      cachedContentTokenCount: 1024,
      candidatesTokenCount: 48,
      thoughtsTokenCount: 112,
      totalTokenCount: 1410,
    });
    expect(last.modelVersion).toBe('gpt-5.4');
    expect(last.responseId).toBe('chatcmpl-1');
  });

  it('a chat session records the streamed turn, and its next request reads back through requestToChat', async () => {
    const chat = client().chats.create({ model: 'gemini-3-pro-preview' });
    for await (const _response of await chat.sendMessageStream({ message: 'go' })) {
      // drain
    }
    // The SDK keeps a model turn in its history only when every fragment was valid and one had a finishReason.
    // It keeps one model content per fragment, so the next request has consecutive model contents.
    const history = chat.getHistory(true);
    expect(history.map((content) => content.role)).toEqual([
      'user',
      'model',
      'model',
      'model',
      'model',
      'model',
    ]);

    reply = { chunks: [chunk({ content: 'Done.' }, 'stop'), usageChunk(USAGE)] };
    const functionResponses = [
      { functionResponse: { id: 'call_a', name: 'read_file', response: { output: 'export {}' } } },
      { functionResponse: { id: 'call_b', name: LONG_TOOL_NAME, response: { items: [] } } },
    ];
    let text = '';
    for await (const response of await chat.sendMessageStream({ message: functionResponses }))
      text += response.text ?? '';
    expect(text).toBe('Done.');

    // The SDK's second request, as the proxy would receive it, translates to the chat history it came from.
    const translated = geminiTranslator.requestToChat(requests[1]!.body, context());
    const assistant = translated.messages.find((message) => message.role === 'assistant');
    expect(assistant?.tool_calls?.map((call) => call.id)).toEqual([signedId, 'call_b']);
    expect(assistant?.reasoning_content).toBe('Two lookups.');
    expect(translated.messages.filter((message) => message.role === 'tool')).toEqual([
      { role: 'tool', tool_call_id: signedId, content: 'export {}' },
      { role: 'tool', tool_call_id: 'call_b', content: '{"items":[]}' },
    ]);
  });

  it('generateContent: the response, its function call and usage', async () => {
    const response = await client().models.generateContent({ model: 'gemini-3-pro-preview', contents: 'go' });
    expect(response.functionCalls).toEqual([{ name: 'read_file', args: { path: 'a.ts' }, id: 'call_a' }]);
    const parts = response.candidates?.[0]?.content?.parts ?? [];
    expect(parts.find((part) => part.functionCall)?.thoughtSignature).toBe(SIGNATURE_1);
    expect(parts.find((part) => part.text && !part.thought)?.text).toBe('Looking now.');
    expect(response.usageMetadata).toMatchObject({
      promptTokenCount: 1250,
      thoughtsTokenCount: 112,
      totalTokenCount: 1410,
    });
    expect(response.responseId).toBe('chatcmpl-2');
  });

  it('a mid-stream error surfaces as the SDK ApiError with its status', async () => {
    reply = { chunks: [chunk({ content: 'Partial' })], cutWith: 'Upstream went away' };
    const seen: string[] = [];
    const consume = async () => {
      for await (const response of await client().models.generateContentStream({
        model: 'm',
        contents: 'go',
      })) {
        seen.push(response.text ?? '');
      }
    };
    const error = await consume().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(503);
    expect((error as ApiError).message).toContain('Upstream went away');
    expect(seen).toEqual(['Partial']);
  });

  it('the JSON-array stream parses, and each element reads as an SDK GenerateContentResponse', async () => {
    const raw = await fetch(`${baseUrl}/v1beta/models/m:streamGenerateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'go' }] }] }),
    });
    const elements = (await raw.json()) as unknown[];
    const responses = elements.map((element) => Object.assign(new GenerateContentResponse(), element));
    expect(
      responses.find((response) => response.functionCalls)?.functionCalls?.map((call) => call.name),
    ).toEqual(['read_file', LONG_TOOL_NAME]);
    expect(responses.at(-1)?.usageMetadata?.totalTokenCount).toBe(1410);
    expect(responses.at(-1)?.candidates?.[0]?.finishReason).toBe('STOP');
  });
});
