import { FAKE_MODELS, FAKE_TEXT, FAKE_TEXT_PIECES, FAKE_USAGE } from './constants';
import {
  fakeId,
  field,
  stringField,
  unixSeconds,
  usageOr,
  wantsStream,
  type RequestContext,
} from './context';
import { jsonHeaders, openaiError, sseHeaders } from './dialect';
import { DONE, includeUsage } from './openai-chat';
import { data, jsonReply, type Reply } from './reply';

function inputCount(input: unknown): number {
  if (!Array.isArray(input) || input.length === 0) return 1;
  // A flat array of numbers is one pre-tokenised input; anything else is one input per element.
  return typeof input[0] === 'number' ? 1 : input.length;
}

function dimensions(json: unknown): number {
  const asked = field(json, 'dimensions');
  return typeof asked === 'number' && Number.isInteger(asked) && asked > 0 && asked <= 4096 ? asked : 8;
}

function vector(index: number, size: number): number[] {
  return Array.from({ length: size }, (_, i) => Math.round(Math.sin(index + i + 1) * 1e6) / 1e6);
}

export function openaiEmbeddings(ctx: RequestContext): Reply {
  const size = dimensions(ctx.json);
  // The official SDK asks for base64 by default and decodes float32 little-endian itself.
  const base64 = stringField(ctx.json, 'encoding_format') === 'base64';
  const list = Array.from({ length: inputCount(field(ctx.json, 'input')) }, (_, index) => {
    const values = vector(index, size);
    const embedding = base64 ? Buffer.from(new Float32Array(values).buffer).toString('base64') : values;
    return { object: 'embedding', index, embedding };
  });
  return jsonReply(jsonHeaders('openai'), {
    object: 'list',
    data: list,
    model: stringField(ctx.json, 'model') ?? FAKE_MODELS.openaiEmbedding,
    usage: usageOr(ctx, FAKE_USAGE.openaiEmbeddings),
  });
}

function completionChoice(text: string, finish: string | null) {
  return [{ text, index: 0, logprobs: null, finish_reason: finish }];
}

export function openaiCompletions(ctx: RequestContext): Reply {
  const id = fakeId('cmpl-');
  const model = stringField(ctx.json, 'model') ?? FAKE_MODELS.openaiCompletion;
  const base = { id, object: 'text_completion', created: unixSeconds(), model };
  const usage = usageOr(ctx, FAKE_USAGE.openaiCompletions);
  if (!wantsStream(ctx)) {
    return jsonReply(jsonHeaders('openai'), { ...base, choices: completionChoice(FAKE_TEXT, 'stop'), usage });
  }
  const withUsage = includeUsage(ctx.json);
  const steps: [string, string | null][] = [
    ...FAKE_TEXT_PIECES.map((t): [string, null] => [t, null]),
    ['', 'stop'],
  ];
  const frames = steps.map(([text, finish]) => {
    const chunk = { ...base, choices: completionChoice(text, finish) };
    return data(withUsage ? { ...chunk, usage: null } : chunk);
  });
  if (withUsage) frames.push(data({ ...base, choices: [], usage }));
  frames.push(DONE);
  return {
    kind: 'stream',
    status: 200,
    headers: sseHeaders('openai'),
    style: 'sse',
    frames,
    errorFrames: () => [data(openaiError(500))],
  };
}

const MODELS = [
  ['gpt-5', 1754425777],
  ['gpt-5-mini', 1754425928],
  ['gpt-4o', 1715367049],
  ['gpt-4o-mini', 1721172741],
  ['text-embedding-3-small', 1705948997],
  ['gpt-3.5-turbo-instruct', 1692901427],
] as const;

export function openaiModels(): Reply {
  const list = MODELS.map(([id, created]) => ({ id, object: 'model', created, owned_by: 'system' }));
  return jsonReply(jsonHeaders('openai'), { object: 'list', data: list });
}
