import { FAKE_COUNT_TOKENS, FAKE_TEXT, FAKE_TEXT_PIECES, FAKE_USAGE } from './constants';
import {
  fakeId,
  field,
  namesFrom,
  toolCalls,
  usageOr,
  type JsonObject,
  type RequestContext,
} from './context';
import { geminiError, jsonHeaders, sseHeaders } from './dialect';
import { data, jsonReply, type Reply } from './reply';

function toolNames(json: unknown): string[] {
  const tools = field(json, 'tools');
  if (!Array.isArray(tools)) return [];
  return tools.flatMap((tool) =>
    namesFrom(field(tool, 'functionDeclarations'), (fn) => {
      const name = field(fn, 'name');
      return typeof name === 'string' ? name : undefined;
    }),
  );
}

function parts(ctx: RequestContext): JsonObject[] {
  if (!ctx.tools) return FAKE_TEXT_PIECES.map((text) => ({ text }));
  return toolCalls(toolNames(ctx.json)).map((call) => ({
    functionCall: { name: call.name, args: call.args },
  }));
}

/** Intermediate stream chunks only know the prompt side, like the real ones. */
function partialUsage(usage: unknown): JsonObject | undefined {
  const prompt = field(usage, 'promptTokenCount');
  if (typeof prompt !== 'number') return undefined;
  const partial: JsonObject = { promptTokenCount: prompt, totalTokenCount: prompt };
  const details = field(usage, 'promptTokensDetails');
  if (details !== undefined) partial.promptTokensDetails = details;
  return partial;
}

function chunk(
  content: JsonObject[],
  finish: string | null,
  usage: unknown,
  model: string,
  responseId: string,
) {
  const candidate: JsonObject = { content: { parts: content, role: 'model' } };
  if (finish !== null) candidate.finishReason = finish;
  candidate.index = 0;
  const body: JsonObject = { candidates: [candidate] };
  if (usage !== undefined) body.usageMetadata = usage;
  body.modelVersion = model;
  body.responseId = responseId;
  return body;
}

export function geminiGenerate(ctx: RequestContext, model: string): Reply {
  const content = ctx.tools ? parts(ctx) : [{ text: FAKE_TEXT }];
  const usage = usageOr(ctx, FAKE_USAGE.gemini);
  return jsonReply(jsonHeaders('gemini'), chunk(content, 'STOP', usage, model, fakeId('')));
}

export function geminiStream(ctx: RequestContext, model: string): Reply {
  const sse = ctx.query.get('alt') === 'sse';
  const responseId = fakeId('');
  const usage = usageOr(ctx, FAKE_USAGE.gemini);
  const partial = partialUsage(usage);
  const list = parts(ctx);
  const frames = list.map((part, i) => {
    const last = i === list.length - 1;
    return data(chunk([part], last ? 'STOP' : null, last ? usage : partial, model, responseId));
  });
  return {
    kind: 'stream',
    status: 200,
    headers: sse ? sseHeaders('gemini') : jsonHeaders('gemini'),
    style: sse ? 'sse-crlf' : 'json-array',
    frames,
    errorFrames: () => [data(geminiError(500, 'An internal error has occurred.'))],
  };
}

export function geminiCountTokens(ctx: RequestContext): Reply {
  const total = FAKE_COUNT_TOKENS.gemini;
  const body = { totalTokens: total, promptTokensDetails: [{ modality: 'TEXT', tokenCount: total }] };
  return jsonReply(jsonHeaders('gemini'), usageOr(ctx, body));
}

const MODELS = [
  ['gemini-2.5-flash', 'Gemini 2.5 Flash'],
  ['gemini-2.5-pro', 'Gemini 2.5 Pro'],
  ['gemini-2.5-flash-lite', 'Gemini 2.5 Flash-Lite'],
].map(([id, displayName]) => ({
  name: `models/${id}`,
  version: '001',
  displayName,
  inputTokenLimit: 1048576,
  outputTokenLimit: 65536,
  supportedGenerationMethods: [
    'generateContent',
    'countTokens',
    'createCachedContent',
    'batchGenerateContent',
  ],
  temperature: 1,
  topP: 0.95,
  topK: 64,
  maxTemperature: 2,
  thinking: true,
}));

export function geminiModels(): Reply {
  return jsonReply(jsonHeaders('gemini'), { models: MODELS });
}
