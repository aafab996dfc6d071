import type { Endpoint, ProviderDialect } from '../../../shared/dialects';

export interface RouteMatch {
  endpoint: Endpoint;
  dialect: ProviderDialect;
  /** Path and query to send upstream (the /t/<tool> prefix removed, /v1 restored where the client left it out). */
  upstreamPath: string;
  /** Gemini names the model in the path. */
  pathModel: string | null;
  /** Gemini streams by action name; the other dialects say so in the body. */
  pathStream: boolean;
  /** Tool named by the /t/<tool>/ prefix. */
  prefixTool: string | null;
}

export interface RouteMiss {
  endpoint: null;
  /** Best guess of the client's dialect, so the error can be in its shape. */
  dialect: ProviderDialect;
  status: 404 | 405;
  message: string;
  prefixTool: string | null;
}

type Headers = Record<string, string | string[] | undefined>;

const TOOL_PREFIX = /^\/t\/([A-Za-z0-9._-]{1,64})(?=\/)/;
const GEMINI_MODEL_ACTION =
  /^\/(v1beta|v1|v1alpha)\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/;
const GEMINI_ACTIONS: Record<string, Endpoint> = {
  generateContent: 'gemini-generate',
  streamGenerateContent: 'gemini-stream-generate',
  countTokens: 'gemini-count-tokens',
};

/** POST routes that accept the path with or without the /v1 prefix (SDKs differ in where they put it). */
const POST_ROUTES: Record<string, { endpoint: Endpoint; dialect: ProviderDialect }> = {
  '/v1/messages': { endpoint: 'anthropic-messages', dialect: 'anthropic' },
  '/v1/messages/count_tokens': { endpoint: 'anthropic-count-tokens', dialect: 'anthropic' },
  '/v1/chat/completions': { endpoint: 'openai-chat', dialect: 'openai' },
  '/v1/responses': { endpoint: 'openai-responses', dialect: 'openai' },
  '/v1/embeddings': { endpoint: 'openai-embeddings', dialect: 'openai' },
  '/v1/completions': { endpoint: 'openai-completions', dialect: 'openai' },
};

export function matchRoute(method: string, rawUrl: string, headers: Headers): RouteMatch | RouteMiss {
  let url = rawUrl;
  let prefixTool: string | null = null;
  const prefix = TOOL_PREFIX.exec(url);
  if (prefix) {
    prefixTool = prefix[1]!.toLowerCase();
    url = url.slice(prefix[0].length);
  }
  const queryStart = url.indexOf('?');
  // Claude Code posts to /v1/messages?beta=true: match on the path alone, forward the query unchanged.
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const query = queryStart === -1 ? '' : url.slice(queryStart);
  const hit = (
    endpoint: Endpoint,
    dialect: ProviderDialect,
    upstream: string,
    model: string | null = null,
  ) => ({
    endpoint,
    dialect,
    upstreamPath: upstream + query,
    pathModel: model,
    pathStream: endpoint === 'gemini-stream-generate',
    prefixTool,
  });

  const post = POST_ROUTES[path] ?? POST_ROUTES[`/v1${path}`];
  if (post) {
    if (method !== 'POST')
      return miss(post.dialect, 405, `${method} is not allowed on ${path}; use POST`, prefixTool);
    return hit(post.endpoint, post.dialect, path.startsWith('/v1/') ? path : `/v1${path}`);
  }

  const gemini = GEMINI_MODEL_ACTION.exec(path);
  if (gemini) {
    if (method !== 'POST')
      return miss('gemini', 405, `${method} is not allowed on ${path}; use POST`, prefixTool);
    return hit(GEMINI_ACTIONS[gemini[3]!]!, 'gemini', path, decodeModel(gemini[2]!));
  }

  if (/^\/(v1beta|v1alpha)\/models(\/[^/:]+)?$/.test(path)) {
    if (method !== 'GET')
      return miss('gemini', 405, `${method} is not allowed on ${path}; use GET`, prefixTool);
    return hit('gemini-models', 'gemini', path);
  }

  if (/^(\/v1)?\/models(\/[^/]+)?$/.test(path)) {
    const dialect = looksAnthropic(headers) ? 'anthropic' : 'openai';
    if (method !== 'GET')
      return miss(dialect, 405, `${method} is not allowed on ${path}; use GET`, prefixTool);
    const upstream = path.startsWith('/v1/') ? path : `/v1${path}`;
    return hit(dialect === 'anthropic' ? 'anthropic-models' : 'openai-models', dialect, upstream);
  }

  return miss(guessDialect(path, headers), 404, `Unknown endpoint ${method} ${path}`, prefixTool);
}

/** A malformed %-escape must not take the request down: keep the raw segment. */
function decodeModel(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function miss(
  dialect: ProviderDialect,
  status: 404 | 405,
  message: string,
  prefixTool: string | null,
): RouteMiss {
  return { endpoint: null, dialect, status, message, prefixTool };
}

export function looksAnthropic(headers: Headers): boolean {
  return headers['anthropic-version'] !== undefined || headers['x-api-key'] !== undefined;
}

/** The client's dialect judged from its path and headers alone, for errors on requests no route matched. */
export function guessDialect(path: string, headers: Headers): ProviderDialect {
  if (path.includes('/v1beta') || headers['x-goog-api-key'] !== undefined) return 'gemini';
  if (looksAnthropic(headers)) return 'anthropic';
  return 'openai';
}
