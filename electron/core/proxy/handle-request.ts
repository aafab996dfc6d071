import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import type { Endpoint, Outcome, ProviderDialect } from '../../../shared/dialects';
import { ZERO_USAGE } from '../../../shared/usage';
import { usageReaderFor } from '../dialects/usage-reader';
import type { StreamUsageTracker, UsageObservation, UsageReader } from '../dialects/usage-types';
import type { RequestEntry } from '../store/request-entry';
import { newRequestId } from '../store/request-id';
import { errorBody, streamErrorEvent, upstreamErrorMessage } from './error-bodies';
import { guardRequest } from './host-guard';
import type { InFlightRequest, ProxyContext } from './proxy-context';
import { decodeRequestBody } from './decode-body';
import { readBody } from './read-body';
import { identifyTool, sessionIdOf } from './request-identity';
import { guessDialect, matchRoute, type RouteMatch } from './routes';
import { jsonArrayObserver, sseObserver, usageStrippingObserver, type StreamObserver } from './sse-relay';
import { buildUpstreamTarget, clientResponseHeaders, redactSecrets } from './upstream-request';

const VENDOR: Record<ProviderDialect, string> = {
  anthropic: 'anthropic',
  openai: 'openai',
  gemini: 'google-genai',
};
/** Generous: reasoning models can think for minutes before the first byte. */
const HEADERS_TIMEOUT_MS = 10 * 60_000;
const BODY_IDLE_TIMEOUT_MS = 5 * 60_000;
const ERROR_BODY_LIMIT = 64 * 1024;

export async function handleProxyRequest(ctx: ProxyContext, req: IncomingMessage, res: ServerResponse) {
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  if ((method === 'HEAD' || method === 'GET') && (url === '/' || url === '/health')) {
    // Claude Code probes the base URL with HEAD / before its first request.
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(method === 'HEAD' ? undefined : JSON.stringify({ name: 'farebox', status: 'ok' }));
    return;
  }
  const refused = guardRequest(req.headers, ctx.allowedHosts);
  if (refused) {
    sendError(res, guessDialect(url, req.headers), 403, refused);
    return;
  }
  const route = matchRoute(method, url, req.headers);
  if (route.endpoint === null) {
    sendError(res, route.dialect, route.status, route.message);
    return;
  }
  await proxyRoute(ctx, req, res, route);
}

async function proxyRoute(ctx: ProxyContext, req: IncomingMessage, res: ServerResponse, route: RouteMatch) {
  const started = performance.now();
  const provider = ctx.config.providerFor[route.dialect];
  const entry: RequestEntry = {
    id: newRequestId(),
    startedAt: Date.now(),
    finishedAt: null,
    ttfbMs: null,
    durationMs: null,
    tool: identifyTool(route.prefixTool, req.headers, VENDOR[route.dialect]),
    sessionId: null,
    dialect: route.dialect,
    endpoint: route.endpoint,
    provider: provider.id,
    requestedModel: route.pathModel,
    servedModel: null,
    stream: route.pathStream,
    status: null,
    outcome: 'in_flight',
    errorMessage: null,
    usage: { ...ZERO_USAGE },
    costUsd: null,
    priceSource: 'unpriced',
    priceRef: null,
    requestBytes: 0,
    responseBytes: 0,
  };
  const reader = usageReaderFor(route.endpoint);
  let observation: (() => UsageObservation) | null = null;
  let settled = false;
  // undici accepts an EventEmitter as its abort signal; an AbortController costs ~5% of proxy CPU under load.
  const abort = new EventEmitter();

  /** Records the request; `then` runs once the row is durable (that is where the response is ended). */
  const finish = (
    outcome: Outcome,
    status: number | null,
    errorMessage: string | null = null,
    then?: () => void,
  ) => {
    if (settled) return;
    settled = true;
    ctx.inFlight.delete(inFlight);
    const seen = observation?.();
    // A 200 stream that reported an error event (overloaded, rate limited mid-way) did not succeed.
    entry.outcome = outcome === 'ok' && seen?.errorMessage ? 'upstream_error' : outcome;
    entry.status = status;
    entry.errorMessage = errorMessage ?? seen?.errorMessage ?? null;
    if (entry.errorMessage)
      entry.errorMessage = redactSecrets(entry.errorMessage, ctx.secrets).slice(0, 2000);
    entry.servedModel = seen?.servedModel ?? entry.servedModel;
    entry.finishedAt = Date.now();
    entry.durationMs = round3(performance.now() - started);
    priceEntry(ctx, entry, reader, seen, provider.baseUrl);
    ctx.log.finish(entry, then, { alone: ctx.inFlight.size === 0 });
  };
  const inFlight: InFlightRequest = {
    interrupt: () => {
      abort.emit('abort');
      finish('interrupted', entry.status, 'Farebox shut down while the request was in flight');
      res.destroy();
    },
  };

  const body = await readBody(req, ctx.config.server.maxBodyBytes);
  if (!body.ok) {
    if (!body.tooLarge) return; // the client went away while sending
    const limit = ctx.config.server.maxBodyBytes;
    const message = `request body is larger than the ${limit}-byte limit (server.maxBodyBytes)`;
    res.setHeader('connection', 'close');
    finish('proxy_error', 413, message, () => sendError(res, route.dialect, 413, message));
    return;
  }
  entry.requestBytes = body.body.length;

  let parsed: Record<string, unknown> | null = null;
  let upstreamBody: Buffer | string | undefined = body.body.length > 0 ? body.body : undefined;
  let upstreamHeaders = req.headers;
  let stripUsageChunk = false;
  const decoded =
    req.method === 'POST' ? decodeRequestBody(body.body, req.headers['content-encoding']) : null;
  if (decoded && !decoded.ok) {
    ctx.diagnostic(`forwarding ${route.endpoint} body uninspected: ${decoded.reason}`);
  } else if (decoded?.ok) {
    const result = parseJsonBody(decoded.text);
    if (typeof result === 'string') {
      finish('proxy_error', 400, result, () => sendError(res, route.dialect, 400, result));
      return;
    }
    parsed = result;
    if (typeof parsed.model === 'string') entry.requestedModel ??= parsed.model;
    if (parsed.stream === true) entry.stream = true;
    if (needsUsageInjection(route.endpoint, parsed)) {
      // Without include_usage an OpenAI chat stream carries no usage at all (protocols.md §1.1).
      const options =
        typeof parsed.stream_options === 'object' && parsed.stream_options !== null
          ? parsed.stream_options
          : {};
      upstreamBody = JSON.stringify({ ...parsed, stream_options: { ...options, include_usage: true } });
      // The rewritten body is sent as plain JSON.
      upstreamHeaders = { ...req.headers, 'content-encoding': undefined };
      stripUsageChunk = true;
    }
  }
  entry.sessionId = sessionIdOf(req.headers, parsed);
  ctx.inFlight.add(inFlight);
  ctx.log.begin(entry);

  res.on('close', () => {
    if (settled || res.writableFinished) return;
    abort.emit('abort');
    finish('client_aborted', entry.status, 'client closed the connection before the response completed');
  });

  const target = buildUpstreamTarget(provider, route.upstreamPath, upstreamHeaders);
  let upstream: Dispatcher.ResponseData;
  try {
    upstream = await ctx.agent.request({
      origin: target.origin,
      path: target.path,
      method: req.method as Dispatcher.HttpMethod,
      headers: target.headers,
      body: upstreamBody,
      signal: abort,
      headersTimeout: HEADERS_TIMEOUT_MS,
      bodyTimeout: BODY_IDLE_TIMEOUT_MS,
    });
  } catch (error) {
    if (settled) return;
    const { status, message } = describeConnectError(error as Error, provider.id, target.origin);
    finish('upstream_error', status, message, () =>
      sendError(res, route.dialect, status, redactSecrets(message, ctx.secrets)),
    );
    return;
  }
  if (settled) {
    upstream.body.destroy();
    return;
  }
  relayResponse(ctx, res, upstream, entry, {
    route,
    reader,
    stripUsageChunk,
    started,
    setObservation: (fn) => (observation = fn),
    finish,
  });
}

interface RelayOptions {
  route: RouteMatch;
  reader: UsageReader | null;
  stripUsageChunk: boolean;
  started: number;
  setObservation: (fn: () => UsageObservation) => void;
  finish: (outcome: Outcome, status: number | null, errorMessage?: string | null, then?: () => void) => void;
}

function relayResponse(
  ctx: ProxyContext,
  res: ServerResponse,
  upstream: Dispatcher.ResponseData,
  entry: RequestEntry,
  options: RelayOptions,
) {
  const { route, reader, finish } = options;
  const status = upstream.statusCode;
  entry.status = status;
  const contentType = String(upstream.headers['content-type'] ?? '');
  const isError = status >= 400;
  const isSse = !isError && contentType.includes('text/event-stream');
  const isJsonArrayStream = !isError && !isSse && route.endpoint === 'gemini-stream-generate';

  let observer: StreamObserver | null = null;
  let collected: Buffer[] | null = null;
  let collectedBytes = 0;
  if (isSse || isJsonArrayStream) {
    const tracker: StreamUsageTracker | null = reader?.createStreamTracker() ?? null;
    if (tracker) {
      observer = isJsonArrayStream
        ? jsonArrayObserver(tracker)
        : options.stripUsageChunk
          ? usageStrippingObserver(tracker)
          : sseObserver(tracker);
      options.setObservation(() => tracker.result());
    }
  } else if (isError || reader) {
    collected = [];
  }

  res.writeHead(status, clientResponseHeaders(upstream.headers, observer?.transform != null));
  const body = upstream.body;
  // A plain body (JSON, an error, a model list) keeps its last chunk back until the request is committed, so
  // a client that saw the whole body (it knows the content-length) is always already in the log. Streams are
  // never held: their final chunked-encoding terminator is what waits for the commit.
  const holdLastChunk = !isSse && !isJsonArrayStream;
  let held: Buffer | null = null;
  const end = () => (held ? res.end(held) : res.end());
  const forward = (chunk: Buffer | string): boolean => {
    if (!holdLastChunk) return res.write(chunk);
    const previous = held;
    held = chunk as Buffer;
    return previous ? res.write(previous) : true;
  };
  body.on('data', (chunk: Buffer) => {
    if (entry.ttfbMs === null) entry.ttfbMs = round3(performance.now() - options.started);
    entry.responseBytes += chunk.length;
    const rewritten = observer?.transform ? observer.transform(chunk) : null;
    const writable = rewritten === null ? forward(chunk) : rewritten === '' ? true : forward(rewritten);
    // Usage is read after the bytes were handed to the client socket: logging never delays forwarding.
    observer?.observe(chunk);
    if (collected && collectedBytes < (isError ? ERROR_BODY_LIMIT : Infinity)) {
      collected.push(chunk);
      collectedBytes += chunk.length;
    }
    if (!writable) {
      body.pause();
      res.once('drain', () => body.resume());
    }
  });
  body.on('end', () => {
    if (collected) {
      const text = Buffer.concat(collected).toString('utf8');
      if (isError) {
        finish('upstream_error', status, upstreamErrorMessage(text) ?? `upstream answered ${status}`, end);
      } else {
        const seen = readJsonUsage(reader, text);
        options.setObservation(() => seen);
        finish(seen.errorMessage ? 'upstream_error' : 'ok', status, null, end);
      }
    } else {
      finish('ok', status, null, end);
    }
  });
  body.on('error', (error: Error) => {
    if (res.destroyed || res.writableEnded) return; // the client left first; its close handler recorded it
    const message = `upstream connection failed mid-response: ${error.message}`;
    if (isSse) {
      res.write(streamErrorEvent(route.endpoint as Endpoint, message));
      finish('upstream_error', status, message, end);
    } else {
      // A half-sent JSON body cannot be repaired; closing the socket makes the client report a network error.
      finish('upstream_error', status, message);
      res.destroy();
    }
  });
}

function readJsonUsage(reader: UsageReader | null, text: string): UsageObservation {
  if (!reader) return { usage: null, servedModel: null, errorMessage: null };
  try {
    return reader.fromJson(JSON.parse(text));
  } catch {
    return { usage: null, servedModel: null, errorMessage: 'upstream response was not valid JSON' };
  }
}

/** Fills in usage and cost. Endpoints without usage (count_tokens, model lists) cost nothing. */
function priceEntry(
  ctx: ProxyContext,
  entry: RequestEntry,
  reader: UsageReader | null,
  seen: UsageObservation | undefined,
  baseUrl: string,
) {
  if (!reader) {
    entry.costUsd = 0;
    entry.priceSource = 'free';
    return;
  }
  const usage = seen?.usage ?? null;
  const model = entry.servedModel ?? entry.requestedModel;
  if (usage === null) {
    // Refused by Farebox, refused by the provider, or never delivered: no tokens were processed.
    const neverProcessed =
      entry.outcome === 'proxy_error' ||
      (entry.status !== null && entry.status >= 400) ||
      (entry.outcome === 'upstream_error' && entry.status === null);
    if (neverProcessed) {
      entry.costUsd = 0;
      entry.priceSource = 'not-billed';
    } else {
      // The provider may have billed tokens we never saw: unknown cost, not $0.
      entry.costUsd = null;
      entry.priceSource = 'unpriced';
      entry.errorMessage ??= 'the upstream response carried no usage';
    }
    return;
  }
  entry.usage = usage;
  if (!model) return;
  const priced = ctx.priceBook.price(model, entry.usage, {
    providerDialect: entry.dialect,
    providerBaseUrl: baseUrl,
    at: new Date(entry.startedAt),
  });
  entry.costUsd = priced.costUsd;
  entry.priceSource = priced.priceSource;
  entry.priceRef = priced.priceRef;
}

function needsUsageInjection(endpoint: Endpoint, body: Record<string, unknown>): boolean {
  if (endpoint !== 'openai-chat' && endpoint !== 'openai-completions') return false;
  if (body.stream !== true) return false;
  const options = body.stream_options as { include_usage?: unknown } | null | undefined;
  return options?.include_usage !== true;
}

function parseJsonBody(text: string): Record<string, unknown> | string {
  if (text.length === 0) return 'request body is empty; expected a JSON object';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `request body is not valid JSON (${(error as Error).message})`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'request body must be a JSON object';
  }
  return value as Record<string, unknown>;
}

function describeConnectError(error: Error, providerId: string, origin: string) {
  const code = (error as { code?: string }).code ?? error.name;
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return { status: 504, message: `provider "${providerId}" (${origin}) did not answer in time (${code})` };
  }
  return { status: 502, message: `could not reach provider "${providerId}" at ${origin} (${code})` };
}

export function sendError(res: ServerResponse, dialect: ProviderDialect, status: number, message: string) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = errorBody(dialect, status, message);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
