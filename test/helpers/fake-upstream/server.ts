import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { BehaviorError, parseBehavior, type Behavior } from './behavior';
import type { RequestContext } from './context';
import { errorReply, notFoundReply, type Dialect } from './dialect';
import { HoldGate, sendJson, sendStream, type JsonReply, type Reply } from './reply';
import { findRoute, guessDialect } from './routes';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body as text, after undoing any gzip/deflate/br content-encoding. */
  body: string;
  json: unknown;
}

export interface FakeUpstream {
  /** e.g. http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  port: number;
  /** Every request received, in order, recorded before it is answered. */
  requests: RecordedRequest[];
  /** Lets every stream parked by `hold:N` continue. */
  release(): void;
  /** Applies to requests without an `x-fake-behavior` header. */
  setDefaultBehavior(b: string | null): void;
  /**
   * Behavior for requests naming this model (body `model` or Gemini's path), or carrying this key: lets one
   * fake play several providers in a fallback chain, or a rate-limited key. Wins over the default.
   */
  setModelBehavior(model: string, b: string | null): void;
  setKeyBehavior(key: string, b: string | null): void;
  /**
   * Content for requests without `x-fake-content` (translated requests carry no test headers): `tools`
   * always answers tool calls; `auto` answers tool calls while the conversation's last turn is not a tool
   * result, then text — a multi-turn agent loop.
   */
  setDefaultContent(content: 'tools' | 'auto' | null): void;
  /** Stops listening and destroys open sockets. */
  close(): Promise<void>;
}

export interface FakeUpstreamOptions {
  host?: string;
  /** false keeps `requests` empty, for long benchmark runs. */
  record?: boolean;
}

interface State {
  requests: RecordedRequest[];
  record: boolean;
  gate: HoldGate;
  defaultBehavior: string | null;
  modelBehavior: Map<string, string>;
  keyBehavior: Map<string, string>;
  defaultContent: 'tools' | 'auto' | null;
}

export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const host = options.host ?? '127.0.0.1';
  const state: State = {
    requests: [],
    record: options.record ?? true,
    gate: new HoldGate(),
    defaultBehavior: null,
    modelBehavior: new Map(),
    keyBehavior: new Map(),
    defaultContent: null,
  };
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    serve(req, res, state).catch(() => fail(res));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    requests: state.requests,
    release: () => state.gate.releaseAll(),
    setDefaultBehavior: (b) => {
      state.defaultBehavior = b;
    },
    setModelBehavior: (model, b) => {
      if (b === null) state.modelBehavior.delete(model);
      else state.modelBehavior.set(model, b);
    },
    setKeyBehavior: (key, b) => {
      if (b === null) state.keyBehavior.delete(key);
      else state.keyBehavior.set(key, b);
    },
    setDefaultContent: (content) => {
      state.defaultContent = content;
    },
    close: async () => {
      state.gate.releaseAll();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function fail(res: ServerResponse): void {
  if (res.headersSent) res.destroy();
  else res.writeHead(500, { 'content-type': 'text/plain' }).end('fake-upstream: internal failure');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function decode(raw: Buffer, encoding: string | undefined): string {
  try {
    if (encoding === 'gzip') return gunzipSync(raw).toString('utf8');
    if (encoding === 'deflate') return inflateSync(raw).toString('utf8');
    if (encoding === 'br') return brotliDecompressSync(raw).toString('utf8');
  } catch {
    // Recorded as sent; `json` will be null.
  }
  return raw.toString('utf8');
}

function parseJson(body: string): unknown {
  if (body === '') return null;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return null;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function serve(req: IncomingMessage, res: ServerResponse, state: State): Promise<void> {
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const body = decode(await readBody(req), header(req, 'content-encoding'));
  const json = parseJson(body);
  if (state.record) state.requests.push({ method, url, headers: req.headers, body, json });

  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  const route = findRoute(method, path, req.headers);
  const dialect: Dialect = route?.dialect ?? guessDialect(path, req.headers);
  const parsed = parseControls(req, state, dialect, json, path);
  if ('kind' in parsed) return sendJson(res, parsed, parseBehavior(null), state.gate);
  const { behavior, usage } = parsed;

  if (behavior.delay > 0) await sleep(behavior.delay);
  if (behavior.refuse || req.socket.destroyed) {
    req.socket.destroy();
    return;
  }
  const ctx: RequestContext = {
    path,
    query: new URLSearchParams(queryAt < 0 ? '' : url.slice(queryAt + 1)),
    json,
    behavior,
    usage,
    tools: wantsTools(header(req, 'x-fake-content') ?? state.defaultContent, json),
  };
  const reply: Reply =
    behavior.status !== null
      ? errorReply(dialect, behavior.status)
      : route
        ? route.handle(ctx)
        : notFoundReply(dialect, method, path);
  if (reply.kind === 'json') await sendJson(res, reply, behavior, state.gate);
  else await sendStream(res, reply, behavior, state.gate);
}

interface Controls {
  behavior: Readonly<Behavior>;
  usage: unknown;
}

/** A typo in a test's control headers answers 400 rather than silently behaving normally. */
function parseControls(
  req: IncomingMessage,
  state: State,
  dialect: Dialect,
  json: unknown,
  path: string,
): Controls | JsonReply {
  let behavior: Readonly<Behavior>;
  try {
    behavior = parseBehavior(
      header(req, 'x-fake-behavior') ??
        keyBehavior(req, state) ??
        state.modelBehavior.get(modelOf(json, path)) ??
        state.defaultBehavior,
    );
  } catch (error) {
    if (!(error instanceof BehaviorError)) throw error;
    return errorReply(dialect, 400, error.message);
  }
  const usageHeader = header(req, 'x-fake-usage');
  if (usageHeader === undefined) return { behavior, usage: undefined };
  try {
    return { behavior, usage: JSON.parse(usageHeader) as unknown };
  } catch {
    return errorReply(dialect, 400, 'fake-upstream: x-fake-usage is not JSON');
  }
}

function keyBehavior(req: IncomingMessage, state: State): string | undefined {
  if (state.keyBehavior.size === 0) return undefined;
  const bearer = header(req, 'authorization')?.replace(/^Bearer /, '');
  const key = header(req, 'x-api-key') ?? header(req, 'x-goog-api-key') ?? bearer;
  return key === undefined ? undefined : state.keyBehavior.get(key);
}

function modelOf(json: unknown, path: string): string {
  const model = (json as { model?: unknown } | null)?.model;
  if (typeof model === 'string') return model;
  return /\/models\/([^/:]+):/.exec(path)?.[1] ?? '';
}

/** Whether to answer with tool calls: always, never, or (auto) until the conversation holds a tool result. */
function wantsTools(content: string | null, json: unknown): boolean {
  if (content === 'tools') return true;
  if (content !== 'auto') return false;
  const body = json as Record<string, unknown> | null;
  if (!body || !Array.isArray(body.tools) || body.tools.length === 0) return false;
  // One round of tool calls, then the answer: any tool result in the history means the tools have run.
  return !/"(functionResponse|function_call_output|custom_tool_call_output|tool_result|tool_call_id)"/.test(
    JSON.stringify(body.contents ?? body.input ?? body.messages ?? []),
  );
}
