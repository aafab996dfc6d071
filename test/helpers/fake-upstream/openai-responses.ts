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
import { jsonHeaders, sseHeaders } from './dialect';
import { event, jsonReply, type Frame, type Reply } from './reply';

const SERVER_ERROR = { code: 'server_error', message: 'An error occurred while processing your request.' };

function toolNames(json: unknown): string[] {
  // Hosted tools (web_search, local_shell, ...) have no name; Responses tools are flat, no `function` object.
  return namesFrom(field(json, 'tools'), (tool) =>
    stringField(tool, 'type') === 'function' ? stringField(tool, 'name') : undefined,
  );
}

/** Numbers every event, as the real stream does from 0. */
class Sequence {
  readonly frames: Frame[] = [];

  constructor(private next = 0) {}

  push(type: string, body: JsonObject): void {
    this.frames.push(this.make(type, body));
  }

  make(type: string, body: JsonObject): Frame {
    return event(type, { type, sequence_number: this.next++, ...body });
  }
}

function responseObject(ctx: RequestContext, id: string, status: string, output: unknown[], usage: unknown) {
  return {
    id,
    object: 'response',
    created_at: unixSeconds(),
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: field(ctx.json, 'instructions') ?? null,
    max_output_tokens: field(ctx.json, 'max_output_tokens') ?? null,
    model: stringField(ctx.json, 'model') ?? FAKE_MODELS.openai,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: 'medium', summary: null },
    service_tier: 'default',
    store: field(ctx.json, 'store') ?? true,
    temperature: 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: Array.isArray(field(ctx.json, 'tools')) ? field(ctx.json, 'tools') : [],
    top_p: 1,
    truncation: 'disabled',
    usage,
    user: null,
    metadata: {},
  };
}

/** An output item, its streamed events (without the added/done pair) and its finished form. */
interface Item {
  added: JsonObject;
  done: JsonObject;
  events: (seq: Sequence, outputIndex: number) => void;
}

function reasoningItem(): Item {
  const item = { id: fakeId('rs_'), type: 'reasoning', summary: [] };
  return { added: item, done: item, events: () => undefined };
}

function messageItem(): Item {
  const id = fakeId('msg_');
  const base = { id, type: 'message', role: 'assistant' };
  const part = { type: 'output_text', annotations: [], logprobs: [], text: FAKE_TEXT };
  const events = (seq: Sequence, output_index: number): void => {
    const at = { item_id: id, output_index, content_index: 0 };
    seq.push('response.content_part.added', { ...at, part: { ...part, text: '' } });
    for (const delta of FAKE_TEXT_PIECES)
      seq.push('response.output_text.delta', { ...at, delta, logprobs: [] });
    seq.push('response.output_text.done', { ...at, text: FAKE_TEXT, logprobs: [] });
    seq.push('response.content_part.done', { ...at, part });
  };
  return {
    added: { ...base, status: 'in_progress', content: [] },
    done: { ...base, status: 'completed', content: [part] },
    events,
  };
}

function functionCallItem(name: string, argsJson: string): Item {
  const id = fakeId('fc_');
  const base = { id, type: 'function_call', call_id: fakeId('call_'), name };
  const events = (seq: Sequence, output_index: number): void => {
    for (const delta of splitInto(argsJson, 3)) {
      seq.push('response.function_call_arguments.delta', { item_id: id, output_index, delta });
    }
    seq.push('response.function_call_arguments.done', { item_id: id, output_index, arguments: argsJson });
  };
  return {
    added: { ...base, status: 'in_progress', arguments: '' },
    done: { ...base, status: 'completed', arguments: argsJson },
    events,
  };
}

function items(ctx: RequestContext): Item[] {
  if (!ctx.tools) return [reasoningItem(), messageItem()];
  const calls = toolCalls(toolNames(ctx.json)).map((call) => functionCallItem(call.name, call.argsJson));
  return [reasoningItem(), ...calls];
}

function streamReply(ctx: RequestContext, id: string, list: Item[], usage: unknown): Reply {
  const seq = new Sequence();
  const pending = responseObject(ctx, id, 'in_progress', [], null);
  seq.push('response.created', { response: pending });
  seq.push('response.in_progress', { response: pending });
  list.forEach((item, output_index) => {
    seq.push('response.output_item.added', { output_index, item: item.added });
    item.events(seq, output_index);
    seq.push('response.output_item.done', { output_index, item: item.done });
  });
  const output = list.map((item) => item.done);
  seq.push('response.completed', { response: responseObject(ctx, id, 'completed', output, usage) });
  const errorFrames = (sent: number): Frame[] => {
    const tail = new Sequence(sent);
    const failed = { ...responseObject(ctx, id, 'failed', [], null), error: SERVER_ERROR };
    return [
      tail.make('error', { ...SERVER_ERROR, param: null }),
      tail.make('response.failed', { response: failed }),
    ];
  };
  return {
    kind: 'stream',
    status: 200,
    headers: sseHeaders('openai'),
    style: 'sse',
    frames: seq.frames,
    errorFrames,
  };
}

export function openaiResponses(ctx: RequestContext): Reply {
  const id = fakeId('resp_');
  const list = items(ctx);
  const usage = usageOr(ctx, FAKE_USAGE.openaiResponses);
  if (wantsStream(ctx)) return streamReply(ctx, id, list, usage);
  const output = list.map((item) => item.done);
  return jsonReply(jsonHeaders('openai'), responseObject(ctx, id, 'completed', output, usage));
}
