import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A tiny provider for driving a real CLI through a two-turn tool loop. The shared fake upstream answers every
 * `x-fake-content: tools` request with tool calls (fixed `{path}` arguments, first tools in the list) and never
 * looks at tool results, so a real agent would either loop or reject the arguments. This one answers:
 *   - a request that carries a tool result  -> final text (the loop ends);
 *   - a request offering the chosen tool     -> one call of that tool with arguments the CLI accepts;
 *   - anything else (side calls)             -> a short text.
 * Every answer is streamed when the request asks for it and reports the fixed usage below, so a test can
 * compare the proxy's request log with exactly what the provider said. Chat Completions is served too: no CLI
 * speaks it, but the proxy does when a routing rule sends a CLI's request to an OpenAI chat model.
 */

export type ScriptedDialect = 'anthropic' | 'openai-chat' | 'openai-responses' | 'gemini';
export type ReplyKind = 'tool-call' | 'final-text' | 'side-text' | 'not-found';

export interface ToolCallPlan {
  name: string;
  args: Record<string, unknown>;
}

export interface ScriptedUpstreamOptions {
  /** Picks the call for the first turn from the tool names the client offered; null answers with text. */
  chooseTool: (dialect: ScriptedDialect, toolNames: readonly string[]) => ToolCallPlan | null;
  /** Text of the last turn, once the client sent the tool's result back. */
  finalText: string;
}

export interface ScriptedRequest {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  /** Header names and values as received, in order (IncomingMessage.rawHeaders). */
  rawHeaders: string[];
  headers: IncomingMessage['headers'];
  body: Buffer;
  json: unknown;
  dialect: ScriptedDialect | null;
  reply: ReplyKind;
  toolNames: string[];
  /** The tool result text the client sent back, when there was one. */
  toolResult: string | null;
  /**
   * The usage object this request was answered with (null for non-model routes, and for a chat stream that
   * did not ask for stream_options.include_usage: such a stream carries none).
   */
  usage: unknown;
  /** The exact body bytes this upstream answered with. */
  responseBody: Buffer;
}

export interface ScriptedUpstream {
  url: string;
  requests: ScriptedRequest[];
  close(): Promise<void>;
}

/** Distinct figures per turn, so each log row can be matched to the answer it records. */
export const SCRIPTED_USAGE = {
  anthropic: {
    'tool-call': {
      input_tokens: 310,
      cache_creation_input_tokens: 1200,
      cache_read_input_tokens: 4000,
      cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 200 },
      output_tokens: 45,
    },
    text: {
      input_tokens: 25,
      cache_creation_input_tokens: 80,
      cache_read_input_tokens: 5200,
      cache_creation: { ephemeral_5m_input_tokens: 80, ephemeral_1h_input_tokens: 0 },
      output_tokens: 12,
    },
  },
  /** prompt_tokens includes the cached part and completion_tokens the reasoning, as OpenAI reports them. */
  'openai-chat': {
    'tool-call': {
      prompt_tokens: 2600,
      completion_tokens: 55,
      total_tokens: 2655,
      prompt_tokens_details: { cached_tokens: 1792, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 24,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
    text: {
      prompt_tokens: 2800,
      completion_tokens: 18,
      total_tokens: 2818,
      prompt_tokens_details: { cached_tokens: 2560, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
  },
  'openai-responses': {
    'tool-call': {
      input_tokens: 3100,
      input_tokens_details: { cached_tokens: 2048 },
      output_tokens: 70,
      output_tokens_details: { reasoning_tokens: 40 },
      total_tokens: 3170,
    },
    text: {
      input_tokens: 3300,
      input_tokens_details: { cached_tokens: 3072 },
      output_tokens: 20,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 3320,
    },
  },
  gemini: {
    'tool-call': {
      promptTokenCount: 2500,
      cachedContentTokenCount: 1024,
      candidatesTokenCount: 30,
      thoughtsTokenCount: 64,
      totalTokenCount: 2594,
    },
    text: {
      promptTokenCount: 2700,
      cachedContentTokenCount: 2048,
      candidatesTokenCount: 15,
      thoughtsTokenCount: 0,
      totalTokenCount: 2715,
    },
  },
} as const;

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Tool results come back as strings or lists of text blocks, depending on the dialect and tool. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).join('\n');
  const object = asObject(value);
  if (!object) return value === undefined ? '' : JSON.stringify(value);
  if (typeof object.text === 'string') return object.text;
  if (object.content !== undefined) return textOf(object.content);
  if (object.output !== undefined) return textOf(object.output);
  return JSON.stringify(object);
}

function dialectOf(method: string, path: string): ScriptedDialect | null {
  if (method !== 'POST') return null;
  if (path === '/v1/messages') return 'anthropic';
  if (path === '/v1/chat/completions') return 'openai-chat';
  if (path === '/v1/responses') return 'openai-responses';
  if (/^\/v1beta\/models\/[^/:]+:(stream)?[gG]enerateContent$/.test(path)) return 'gemini';
  return null;
}

function toolNamesOf(dialect: ScriptedDialect, json: unknown): string[] {
  const tools = asArray(asObject(json)?.tools);
  if (dialect === 'gemini') {
    return tools.flatMap((tool) =>
      asArray(asObject(tool)?.functionDeclarations).flatMap((fn) => str(asObject(fn)?.name) ?? []),
    );
  }
  // Anthropic client tools have no `type` (server tools carry a versioned one); Responses tools are flat;
  // chat tools nest the name in `function`.
  return tools.flatMap((tool) => {
    const object = asObject(tool);
    if (!object) return [];
    const type = str(object.type);
    if (dialect === 'openai-chat')
      return type === 'function' ? (str(asObject(object.function)?.name) ?? []) : [];
    const isClientTool =
      dialect === 'anthropic' ? type === undefined || type === 'custom' : type === 'function';
    return isClientTool ? (str(object.name) ?? []) : [];
  });
}

/** The last tool result in the conversation, if the client sent one. */
function toolResultOf(dialect: ScriptedDialect, json: unknown): string | null {
  const body = asObject(json);
  let found: string | null = null;
  if (dialect === 'anthropic') {
    for (const message of asArray(body?.messages)) {
      for (const block of asArray(asObject(message)?.content)) {
        const object = asObject(block);
        if (object?.type === 'tool_result') found = textOf(object.content);
      }
    }
  } else if (dialect === 'openai-chat') {
    for (const message of asArray(body?.messages)) {
      const object = asObject(message);
      if (object?.role === 'tool') found = textOf(object.content);
    }
  } else if (dialect === 'openai-responses') {
    for (const item of asArray(body?.input)) {
      const object = asObject(item);
      if (object?.type === 'function_call_output') found = textOf(object.output);
    }
  } else {
    for (const content of asArray(body?.contents)) {
      for (const part of asArray(asObject(content)?.parts)) {
        const response = asObject(asObject(part)?.functionResponse);
        if (response) found = textOf(response.response);
      }
    }
  }
  return found;
}

export async function startScriptedUpstream(options: ScriptedUpstreamOptions): Promise<ScriptedUpstream> {
  const requests: ScriptedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    serve(req, res, options, requests).catch(() => {
      if (res.headersSent) res.destroy();
      else res.writeHead(500).end('scripted-upstream: internal failure');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  options: ScriptedUpstreamOptions,
  requests: ScriptedRequest[],
): Promise<void> {
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const body = await readBody(req);
  const json = parseJson(body);
  const path = url.split('?', 1)[0] ?? url;
  const dialect = dialectOf(method, path);
  const record: ScriptedRequest = {
    method,
    url,
    rawHeaders: [...req.rawHeaders],
    headers: req.headers,
    body,
    json,
    dialect,
    reply: 'not-found',
    toolNames: [],
    toolResult: null,
    usage: null,
    responseBody: Buffer.alloc(0),
  };
  requests.push(record);
  if (dialect === null) {
    const missing = JSON.stringify({
      error: { message: `scripted-upstream: no route for ${method} ${path}` },
    });
    record.responseBody = Buffer.from(missing);
    res.writeHead(404, { 'content-type': 'application/json' }).end(missing);
    return;
  }
  record.toolNames = toolNamesOf(dialect, json);
  record.toolResult = toolResultOf(dialect, json);
  const plan = record.toolResult === null ? options.chooseTool(dialect, record.toolNames) : null;
  record.reply = record.toolResult !== null ? 'final-text' : plan ? 'tool-call' : 'side-text';
  const usage: Json = SCRIPTED_USAGE[dialect][plan ? 'tool-call' : 'text'];
  const text = record.reply === 'final-text' ? options.finalText : 'OK';
  const answer: Answer = plan ? { kind: 'tool', plan } : { kind: 'text', text };
  const model = str(asObject(json)?.model) ?? /models\/([^/:]+):/.exec(path)?.[1] ?? 'unknown';
  const streaming = asObject(json)?.stream === true || path.endsWith(':streamGenerateContent');
  const frames = FRAMES[dialect](answer, model, usage, asObject(json) ?? {});
  record.usage = !streaming || frames.streamUsage !== false ? usage : null;
  if (!streaming) {
    record.responseBody = Buffer.from(JSON.stringify(frames.final));
    res.writeHead(200, { 'content-type': 'application/json' }).end(record.responseBody);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const written: string[] = [];
  for (const frame of frames.events) {
    const chunk = frame.event ? `event: ${frame.event}\ndata: ${frame.data}\n\n` : `data: ${frame.data}\n\n`;
    written.push(chunk);
    res.write(chunk);
  }
  record.responseBody = Buffer.from(written.join(''));
  res.end();
}

type Answer = { kind: 'tool'; plan: ToolCallPlan } | { kind: 'text'; text: string };

interface Frame {
  event?: string;
  data: string;
}

interface Frames {
  events: Frame[];
  /** The same answer as one JSON body, for clients that do not stream. */
  final: Json;
  /** False when the stream carries no usage (a chat stream without include_usage). */
  streamUsage?: boolean;
}

type FrameBuilder = (answer: Answer, model: string, usage: Json, request: Json) => Frames;

const FRAMES: Record<ScriptedDialect, FrameBuilder> = {
  anthropic: anthropicFrames,
  'openai-chat': chatFrames,
  'openai-responses': responsesFrames,
  gemini: geminiFrames,
};

/** Splits a text into `count` pieces of near-equal length (fewer for a short text), as deltas arrive. */
function pieces(text: string, count: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / count));
  const out: string[] = [];
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size));
  return out;
}

function named(type: string, body: Json): Frame {
  return { event: type, data: JSON.stringify({ type, ...body }) };
}

function anthropicFrames(answer: Answer, model: string, usage: Json): Frames {
  const id = `msg_${randomUUID().replace(/-/g, '')}`;
  const block: Json =
    answer.kind === 'tool'
      ? { type: 'tool_use', id: `toolu_${randomUUID().slice(0, 8)}`, name: answer.plan.name, input: {} }
      : { type: 'text', text: '' };
  const delta: Json =
    answer.kind === 'tool'
      ? { type: 'input_json_delta', partial_json: JSON.stringify(answer.plan.args) }
      : { type: 'text_delta', text: answer.text };
  const stop = answer.kind === 'tool' ? 'tool_use' : 'end_turn';
  const message = (content: Json[], stopReason: string | null, messageUsage: Json): Json => ({
    id,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: messageUsage,
  });
  const finalBlock =
    answer.kind === 'tool' ? { ...block, input: answer.plan.args } : { ...block, text: answer.text };
  return {
    events: [
      // message_start carries the input side and a provisional output count; message_delta the final one.
      named('message_start', { message: message([], null, { ...usage, output_tokens: 1 }) }),
      named('content_block_start', { index: 0, content_block: block }),
      named('content_block_delta', { index: 0, delta }),
      named('content_block_stop', { index: 0 }),
      named('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage }),
      named('message_stop', {}),
    ],
    final: message([finalBlock], stop, usage),
  };
}

/**
 * Chat Completions: a role chunk, the tool call's id and name with empty arguments and then the arguments in
 * fragments (or the text in pieces), the finish chunk, and with include_usage every chunk carries
 * `usage: null` and one more chunk with empty choices carries the usage (protocols.md §1.1); then [DONE].
 */
function chatFrames(answer: Answer, model: string, usage: Json, request: Json): Frames {
  const id = `chatcmpl-${randomUUID().replace(/-/g, '')}`;
  const created = Math.floor(Date.now() / 1000);
  const base = { id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_scripted' };
  const withUsage = asObject(request.stream_options)?.include_usage === true;
  const chunk = (delta: Json, finish: string | null): Frame => {
    const body: Json = { ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] };
    return { data: JSON.stringify(withUsage ? { ...body, usage: null } : body) };
  };
  const events: Frame[] = [];
  let message: Json;
  let finish: string;
  if (answer.kind === 'tool') {
    const args = JSON.stringify(answer.plan.args);
    const callId = `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
    const head = {
      index: 0,
      id: callId,
      type: 'function',
      function: { name: answer.plan.name, arguments: '' },
    };
    events.push(chunk({ role: 'assistant', content: null, refusal: null }, null));
    events.push(chunk({ tool_calls: [head] }, null));
    for (const piece of pieces(args, 3)) {
      events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }, null));
    }
    finish = 'tool_calls';
    const call = { id: callId, type: 'function', function: { name: answer.plan.name, arguments: args } };
    message = { role: 'assistant', content: null, tool_calls: [call], refusal: null, annotations: [] };
  } else {
    events.push(chunk({ role: 'assistant', content: '', refusal: null }, null));
    for (const piece of pieces(answer.text, 3)) events.push(chunk({ content: piece }, null));
    finish = 'stop';
    message = { role: 'assistant', content: answer.text, refusal: null, annotations: [] };
  }
  events.push(chunk({}, finish));
  if (withUsage) events.push({ data: JSON.stringify({ ...base, choices: [], usage }) });
  events.push({ data: '[DONE]' });
  const final: Json = {
    id,
    object: 'chat.completion',
    created,
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finish }],
    usage,
    system_fingerprint: 'fp_scripted',
  };
  return { events, final, streamUsage: withUsage };
}

function responsesFrames(answer: Answer, model: string, usage: Json): Frames {
  const id = `resp_${randomUUID().replace(/-/g, '')}`;
  let sequence = 0;
  const event = (type: string, body: Json): Frame => named(type, { sequence_number: sequence++, ...body });
  const response = (status: string, output: Json[], responseUsage: Json | null): Json => ({
    id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status,
    model,
    output,
    usage: responseUsage,
  });
  const events: Frame[] = [event('response.created', { response: response('in_progress', [], null) })];
  let item: Json;
  if (answer.kind === 'tool') {
    const args = JSON.stringify(answer.plan.args);
    const itemId = `fc_${randomUUID().slice(0, 8)}`;
    const base = { id: itemId, type: 'function_call', call_id: `call_${randomUUID().slice(0, 8)}` };
    item = { ...base, name: answer.plan.name, arguments: args, status: 'completed' };
    events.push(
      event('response.output_item.added', {
        output_index: 0,
        item: { ...item, arguments: '', status: 'in_progress' },
      }),
      event('response.function_call_arguments.delta', { item_id: itemId, output_index: 0, delta: args }),
      event('response.function_call_arguments.done', { item_id: itemId, output_index: 0, arguments: args }),
    );
  } else {
    const itemId = `msg_${randomUUID().slice(0, 8)}`;
    const part = { type: 'output_text', text: answer.text, annotations: [] };
    item = { id: itemId, type: 'message', role: 'assistant', status: 'completed', content: [part] };
    const at = { item_id: itemId, output_index: 0, content_index: 0 };
    events.push(
      event('response.output_item.added', {
        output_index: 0,
        item: { ...item, status: 'in_progress', content: [] },
      }),
      event('response.content_part.added', { ...at, part: { ...part, text: '' } }),
      event('response.output_text.delta', { ...at, delta: answer.text }),
      event('response.output_text.done', { ...at, text: answer.text }),
      event('response.content_part.done', { ...at, part }),
    );
  }
  events.push(event('response.output_item.done', { output_index: 0, item }));
  // Usage lives only in the terminal event (protocols.md §2.3); there is no [DONE].
  const completed = response('completed', [item], usage);
  events.push(event('response.completed', { response: completed }));
  return { events, final: completed };
}

function geminiFrames(answer: Answer, model: string, usage: Json): Frames {
  const part: Json =
    answer.kind === 'tool'
      ? { functionCall: { name: answer.plan.name, args: answer.plan.args } }
      : { text: answer.text };
  const chunk: Json = {
    candidates: [{ content: { role: 'model', parts: [part] }, finishReason: 'STOP', index: 0 }],
    // The last chunk carries the complete counts (protocols.md §4.4).
    usageMetadata: usage,
    modelVersion: model,
    responseId: randomUUID().slice(0, 12),
  };
  return { events: [{ data: JSON.stringify(chunk) }], final: chunk };
}
