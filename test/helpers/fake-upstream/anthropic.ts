import { FAKE_COUNT_TOKENS, FAKE_MODELS, FAKE_TEXT, FAKE_TEXT_PIECES, FAKE_USAGE } from './constants';
import {
  asObject,
  fakeId,
  field,
  namesFrom,
  splitInto,
  stringField,
  toolCalls,
  usageOr,
  wantsStream,
  type JsonObject,
  type RequestContext,
} from './context';
import { anthropicError, jsonHeaders, sseHeaders } from './dialect';
import { event, jsonReply, type Frame, type Reply } from './reply';

const PING = event('ping', { type: 'ping' });
const MESSAGE_STOP = event('message_stop', { type: 'message_stop' });

interface Block {
  start: JsonObject;
  deltas: JsonObject[];
  final: JsonObject;
}

function toolNames(json: unknown): string[] {
  // Server tools (web_search_..., bash_...) carry a versioned `type`; only client tools get called.
  return namesFrom(field(json, 'tools'), (tool) => {
    const type = stringField(tool, 'type');
    return type === undefined || type === 'custom' ? stringField(tool, 'name') : undefined;
  });
}

function blocks(ctx: RequestContext): Block[] {
  if (!ctx.tools) {
    return [
      {
        start: { type: 'text', text: '' },
        deltas: FAKE_TEXT_PIECES.map((text) => ({ type: 'text_delta', text })),
        final: { type: 'text', text: FAKE_TEXT },
      },
    ];
  }
  return toolCalls(toolNames(ctx.json)).map((call) => {
    const id = fakeId('toolu_01');
    const pieces = ['', ...splitInto(call.argsJson, 3)];
    return {
      start: { type: 'tool_use', id, name: call.name, input: {} },
      deltas: pieces.map((partial_json) => ({ type: 'input_json_delta', partial_json })),
      final: { type: 'tool_use', id, name: call.name, input: call.args },
    };
  });
}

function message(ctx: RequestContext, id: string, content: unknown[], stop: string | null, usage: unknown) {
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: stringField(ctx.json, 'model') ?? FAKE_MODELS.anthropic,
    content,
    stop_reason: stop,
    stop_sequence: null,
    usage,
  };
}

/** message_start reports only the input side plus a provisional output count. */
function startUsage(usage: unknown): unknown {
  const input: JsonObject = { ...asObject(usage) };
  delete input.output_tokens_details;
  delete input.server_tool_use;
  input.output_tokens = 1;
  return input;
}

function blockFrames(block: Block, index: number): Frame[] {
  return [
    event('content_block_start', { type: 'content_block_start', index, content_block: block.start }),
    ...block.deltas.map((delta) =>
      event('content_block_delta', { type: 'content_block_delta', index, delta }),
    ),
    event('content_block_stop', { type: 'content_block_stop', index }),
  ];
}

function streamReply(ctx: RequestContext, id: string, list: Block[], stop: string, usage: unknown): Reply {
  const frames = [
    event('message_start', { type: 'message_start', message: message(ctx, id, [], null, startUsage(usage)) }),
    PING,
    ...list.flatMap(blockFrames),
    event('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stop, stop_sequence: null },
      usage,
    }),
    MESSAGE_STOP,
  ];
  return {
    kind: 'stream',
    status: 200,
    headers: sseHeaders('anthropic'),
    style: 'sse',
    frames,
    errorFrames: () => [event('error', anthropicError(529))],
  };
}

export function anthropicMessages(ctx: RequestContext): Reply {
  const id = fakeId('msg_01');
  const list = blocks(ctx);
  const stop = ctx.tools ? 'tool_use' : 'end_turn';
  const usage = usageOr(ctx, FAKE_USAGE.anthropic);
  if (wantsStream(ctx)) return streamReply(ctx, id, list, stop, usage);
  const content = list.map((block) => block.final);
  return jsonReply(jsonHeaders('anthropic'), message(ctx, id, content, stop, usage));
}

export function anthropicCountTokens(ctx: RequestContext): Reply {
  return jsonReply(jsonHeaders('anthropic'), usageOr(ctx, { input_tokens: FAKE_COUNT_TOKENS.anthropic }));
}

const MODELS = [
  { id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6', created_at: '2026-02-17T00:00:00Z' },
  { id: 'claude-opus-4-7', display_name: 'Claude Opus 4.7', created_at: '2026-04-16T00:00:00Z' },
  { id: 'claude-haiku-4-5-20251001', display_name: 'Claude Haiku 4.5', created_at: '2025-10-01T00:00:00Z' },
].map((model) => ({ type: 'model', ...model }));

export function anthropicModels(): Reply {
  return jsonReply(jsonHeaders('anthropic'), {
    data: MODELS,
    has_more: false,
    first_id: MODELS[0]?.id ?? null,
    last_id: MODELS[MODELS.length - 1]?.id ?? null,
  });
}
