import { FAKE_MODELS, FAKE_TEXT, FAKE_TEXT_PIECES, FAKE_USAGE } from './constants';
import {
  fakeId,
  field,
  namesFrom,
  splitInto,
  stringField,
  toolCalls,
  unixSeconds,
  usageOr,
  wantsStream,
  type JsonObject,
  type RequestContext,
} from './context';
import { jsonHeaders, openaiError, sseHeaders } from './dialect';
import { data, jsonReply, type Frame, type Reply, type StreamReply } from './reply';

export const DONE: Frame = { data: '[DONE]' };
const FINGERPRINT = 'fp_f33640a400';

function toolNames(json: unknown): string[] {
  return namesFrom(field(json, 'tools'), (tool) => stringField(field(tool, 'function'), 'name'));
}

/** Real chunks only carry a `usage` key (null until the last) when include_usage was asked for. */
export function includeUsage(json: unknown): boolean {
  return field(field(json, 'stream_options'), 'include_usage') === true;
}

interface ChoiceStep {
  delta: JsonObject;
  finish: string | null;
}

function textSteps(): ChoiceStep[] {
  return [
    { delta: { role: 'assistant', content: '', refusal: null }, finish: null },
    ...FAKE_TEXT_PIECES.map((content) => ({ delta: { content }, finish: null })),
    { delta: {}, finish: 'stop' },
  ];
}

function toolSteps(ids: string[], ctx: RequestContext): ChoiceStep[] {
  const steps: ChoiceStep[] = [{ delta: { role: 'assistant', content: null, refusal: null }, finish: null }];
  toolCalls(toolNames(ctx.json)).forEach((call, index) => {
    const head = { index, id: ids[index], type: 'function', function: { name: call.name, arguments: '' } };
    steps.push({ delta: { tool_calls: [head] }, finish: null });
    for (const piece of splitInto(call.argsJson, 3)) {
      steps.push({ delta: { tool_calls: [{ index, function: { arguments: piece } }] }, finish: null });
    }
  });
  steps.push({ delta: {}, finish: 'tool_calls' });
  return steps;
}

function streamReply(ctx: RequestContext, id: string, model: string, steps: ChoiceStep[]): StreamReply {
  const created = unixSeconds();
  const withUsage = includeUsage(ctx.json);
  const base = { id, object: 'chat.completion.chunk', created, model, service_tier: 'default' };
  const frames = steps.map((step) => {
    const choices = [{ index: 0, delta: step.delta, logprobs: null, finish_reason: step.finish }];
    const chunk = { ...base, system_fingerprint: FINGERPRINT, choices };
    return data(withUsage ? { ...chunk, usage: null } : chunk);
  });
  if (withUsage) {
    frames.push(
      data({
        ...base,
        system_fingerprint: FINGERPRINT,
        choices: [],
        usage: usageOr(ctx, FAKE_USAGE.openaiChat),
      }),
    );
  }
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

function message(ctx: RequestContext, ids: string[]): JsonObject {
  if (!ctx.tools) return { role: 'assistant', content: FAKE_TEXT, refusal: null, annotations: [] };
  const calls = toolCalls(toolNames(ctx.json)).map((call, index) => ({
    id: ids[index],
    type: 'function',
    function: { name: call.name, arguments: call.argsJson },
  }));
  return { role: 'assistant', content: null, tool_calls: calls, refusal: null, annotations: [] };
}

export function openaiChat(ctx: RequestContext): Reply {
  const id = fakeId('chatcmpl-');
  const model = stringField(ctx.json, 'model') ?? FAKE_MODELS.openai;
  const ids = [fakeId('call_'), fakeId('call_')];
  if (wantsStream(ctx)) return streamReply(ctx, id, model, ctx.tools ? toolSteps(ids, ctx) : textSteps());
  return jsonReply(jsonHeaders('openai'), {
    id,
    object: 'chat.completion',
    created: unixSeconds(),
    model,
    choices: [
      {
        index: 0,
        message: message(ctx, ids),
        logprobs: null,
        finish_reason: ctx.tools ? 'tool_calls' : 'stop',
      },
    ],
    usage: usageOr(ctx, FAKE_USAGE.openaiChat),
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
  });
}
