import type { IncomingHttpHeaders } from 'node:http';
import type { Endpoint } from '../../../shared/dialects';
import type { RouteTarget } from '../../../shared/routing';
import type { ResolvedProvider } from '../config/load-config';
import {
  endpointOfApi,
  ToolNameMap,
  TRANSLATORS,
  translatableApiOf,
  type DialectTranslator,
  type TranslatableApi,
  type TranslateContext,
} from '../translate';
import type { ChatRequest } from '../translate/chat-types';
import { isFareboxSignature, UNSIGNED_THINKING_PREFIX } from '../translate/thinking';

/** One upstream to try: where it goes, what it is asked, and whether the request must be translated. */
export interface PlannedAttempt {
  provider: ResolvedProvider;
  /** The model asked upstream; null when the client's request goes through unchanged. */
  model: string | null;
  upstreamApi: TranslatableApi | null;
  upstreamEndpoint: Endpoint;
  /** Set when the target is a reserved-capacity pool: any failure there spills over to on-demand. */
  poolId?: string;
}

/** What the proxy sends for an attempt. */
export interface PreparedRequest {
  path: string;
  body: Buffer | string | undefined;
  /** Headers to start from (buildUpstreamTarget drops hop-by-hop ones and sets the provider key). */
  headers: IncomingHttpHeaders;
  /** Farebox asked a chat upstream for include_usage the client did not ask for. */
  stripUsageChunk: boolean;
  translation: Translation | null;
}

export interface Translation {
  client: DialectTranslator;
  upstream: DialectTranslator;
  ctx: TranslateContext;
}

export interface ClientRequest {
  endpoint: Endpoint;
  /** Path and query as the client sent them (tool prefix removed, /v1 restored). */
  path: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  parsed: Record<string, unknown> | null;
  requestedModel: string | null;
  stream: boolean;
}

/** The client's request, to its dialect's default provider, unchanged. */
export function passThroughAttempt(provider: ResolvedProvider, endpoint: Endpoint): PlannedAttempt {
  return { provider, model: null, upstreamApi: translatableApiOf(endpoint), upstreamEndpoint: endpoint };
}

/** A rule's target: the API to speak to it follows from the provider's dialect and the client's API. */
export function targetAttempt(
  target: RouteTarget,
  provider: ResolvedProvider,
  clientEndpoint: Endpoint,
  stream: boolean,
): PlannedAttempt {
  const clientApi = translatableApiOf(clientEndpoint)!;
  const upstreamApi = upstreamApiFor(provider, clientApi, target.api);
  return { provider, model: target.model, upstreamApi, upstreamEndpoint: endpointOfApi(upstreamApi, stream) };
}

function upstreamApiFor(
  provider: ResolvedProvider,
  clientApi: TranslatableApi,
  requested: RouteTarget['api'],
): TranslatableApi {
  if (provider.dialect === 'anthropic') return 'anthropic';
  if (provider.dialect === 'gemini') return 'gemini';
  if (requested) return requested;
  // An OpenAI client keeps its own API when the provider serves it: nothing to translate.
  if (clientApi === 'responses' && provider.apis.includes('responses')) return 'responses';
  return 'chat';
}

/** Builds the upstream request for an attempt; throws TranslationError when the request cannot be expressed. */
export function prepareRequest(attempt: PlannedAttempt, client: ClientRequest): PreparedRequest {
  const clientApi = translatableApiOf(client.endpoint);
  const parsed = client.parsed;
  if (attempt.model === null || parsed === null || clientApi === null || attempt.upstreamApi === null) {
    return passThrough(client);
  }
  if (clientApi === attempt.upstreamApi) return sameApi(attempt, clientApi, client, parsed);
  return translated(attempt, clientApi, client, parsed);
}

function passThrough(client: ClientRequest): PreparedRequest {
  const parsed = client.parsed;
  let body: Buffer | string | undefined = client.raw.length > 0 ? client.raw : undefined;
  let stripUsageChunk = false;
  let headers = client.headers;
  if (parsed && needsUsageInjection(client.endpoint, parsed)) {
    body = JSON.stringify(withStreamUsage(parsed));
    stripUsageChunk = true;
  } else if (
    parsed &&
    client.endpoint === 'anthropic-messages' &&
    client.raw.includes(UNSIGNED_THINKING_PREFIX)
  ) {
    body = JSON.stringify(withoutUnsignedThinking(parsed));
  }
  // A rewritten body is sent as plain JSON.
  if (body !== client.raw) headers = { ...client.headers, 'content-encoding': undefined };
  return { path: client.path, body, headers, stripUsageChunk, translation: null };
}

function sameApi(
  attempt: PlannedAttempt,
  api: TranslatableApi,
  client: ClientRequest,
  parsed: Record<string, unknown>,
): PreparedRequest {
  const model = attempt.model!;
  const headers = { ...client.headers, 'content-encoding': undefined };
  if (api === 'gemini') {
    // Gemini names the model in the path; the body stays as sent.
    const path = client.path.replace(/(\/models\/)[^/:]+(:)/, `$1${encodeURIComponent(model)}$2`);
    return { path, body: client.raw, headers: client.headers, stripUsageChunk: false, translation: null };
  }
  let body: Record<string, unknown> = { ...parsed, model };
  let stripUsageChunk = false;
  if (api === 'chat' && needsUsageInjection(client.endpoint, parsed)) {
    body = withStreamUsage(body);
    stripUsageChunk = true;
  }
  if (api === 'anthropic') body = withoutUnsignedThinking(body);
  return { path: client.path, body: JSON.stringify(body), headers, stripUsageChunk, translation: null };
}

function translated(
  attempt: PlannedAttempt,
  clientApi: TranslatableApi,
  client: ClientRequest,
  parsed: Record<string, unknown>,
): PreparedRequest {
  const model = attempt.model!;
  const upstreamApi = attempt.upstreamApi!;
  const ctx: TranslateContext = {
    requestedModel: client.requestedModel ?? '',
    upstreamModel: model,
    toolNames: new ToolNameMap(),
    keepCacheControl: upstreamApi === 'anthropic' || (attempt.provider.cacheControl ?? /claude/i.test(model)),
    clientWantsStreamUsage:
      clientApi === 'chat' &&
      (parsed.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true,
    geminiSse: clientApi === 'gemini' && /[?&]alt=sse(&|$)/.test(client.path),
    customToolNames: new Set(),
  };
  const clientSide = TRANSLATORS[clientApi];
  const upstreamSide = TRANSLATORS[upstreamApi];
  const chat: ChatRequest = clientSide.requestToChat(parsed, ctx);
  chat.model = model;
  chat.stream = client.stream;
  const body = upstreamSide.requestFromChat(chat, ctx);
  const headers: IncomingHttpHeaders = {
    'content-type': 'application/json',
    accept: client.stream ? 'text/event-stream' : 'application/json',
  };
  if (client.headers['user-agent']) headers['user-agent'] = client.headers['user-agent'];
  if (upstreamApi === 'anthropic') headers['anthropic-version'] = '2023-06-01';
  return {
    path: upstreamPath(upstreamApi, model, client.stream),
    body: JSON.stringify(body),
    headers,
    stripUsageChunk: false,
    translation: { client: clientSide, upstream: upstreamSide, ctx },
  };
}

function upstreamPath(api: TranslatableApi, model: string, stream: boolean): string {
  switch (api) {
    case 'anthropic':
      return '/v1/messages';
    case 'chat':
      return '/v1/chat/completions';
    case 'responses':
      return '/v1/responses';
    case 'gemini':
      return `/v1beta/models/${encodeURIComponent(model)}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`;
  }
}

export function needsUsageInjection(endpoint: Endpoint, body: Record<string, unknown>): boolean {
  if (endpoint !== 'openai-chat' && endpoint !== 'openai-completions') return false;
  if (body.stream !== true) return false;
  const options = body.stream_options as { include_usage?: unknown } | null | undefined;
  return options?.include_usage !== true;
}

/** Without include_usage an OpenAI chat stream carries no usage at all (protocols.md §1.1). */
function withStreamUsage(body: Record<string, unknown>): Record<string, unknown> {
  const options =
    typeof body.stream_options === 'object' && body.stream_options !== null ? body.stream_options : {};
  return { ...body, stream_options: { ...options, include_usage: true } };
}

/**
 * Thinking blocks that another model produced carry Farebox's marker instead of an Anthropic signature;
 * Anthropic would reject them, so they are removed before the request reaches it.
 */
export function withoutUnsignedThinking(body: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(body.messages)) return body;
  let changed = false;
  const messages = body.messages.map((message: unknown) => {
    const content = (message as { content?: unknown } | null)?.content;
    if (!Array.isArray(content)) return message;
    const kept = content.filter(
      (block: unknown) =>
        !(
          (block as { type?: unknown })?.type === 'thinking' &&
          isFareboxSignature((block as { signature?: unknown }).signature)
        ),
    );
    if (kept.length === content.length) return message;
    changed = true;
    // Anthropic rejects empty content; a turn that held only such thinking keeps a short note instead.
    return {
      ...(message as object),
      content: kept.length > 0 ? kept : [{ type: 'text', text: '(thinking omitted)' }],
    };
  });
  return changed ? { ...body, messages } : body;
}
