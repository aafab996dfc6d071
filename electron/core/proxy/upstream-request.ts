import type { IncomingHttpHeaders } from 'node:http';
import type { ProviderDialect } from '../../../shared/dialects';
import type { ResolvedProvider } from '../config/load-config';

/** Hop-by-hop and framing headers are per connection; the proxy recomputes them. */
const DROPPED_REQUEST_HEADERS = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'content-length',
  // Ask for identity so usage can be read from the body; compression buys nothing on loopback to the client.
  'accept-encoding',
]);

const AUTH_HEADERS: Record<ProviderDialect, string> = {
  anthropic: 'x-api-key',
  openai: 'authorization',
  gemini: 'x-goog-api-key',
};

const CLIENT_AUTH_HEADERS = ['authorization', 'x-api-key', 'x-goog-api-key', 'api-key'];

export interface UpstreamTarget {
  origin: string;
  path: string;
  headers: Record<string, string | string[]>;
}

/**
 * Builds the upstream request: the provider's base URL joined with the client's path (a base that already
 * ends in /v1 or /v1beta does not get it twice), the client's headers minus hop-by-hop ones, and the
 * provider's key in place of the client's when one is configured.
 */
export function buildUpstreamTarget(
  provider: ResolvedProvider,
  clientPath: string,
  clientHeaders: IncomingHttpHeaders,
  apiKey: string | undefined = provider.apiKey,
): UpstreamTarget {
  const { origin, basePath } = parsedBase(provider);
  let path = clientPath;
  const firstSegment = /^\/(v1beta|v1alpha|v1)(?=\/|\?|$)/.exec(path)?.[0];
  if (firstSegment && basePath.endsWith(firstSegment)) path = path.slice(firstSegment.length);
  if (apiKey && provider.dialect === 'gemini') path = withoutQueryKey(path);

  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(clientHeaders)) {
    if (value === undefined || DROPPED_REQUEST_HEADERS.has(name) || name.startsWith('x-farebox-')) continue;
    headers[name] = value;
  }
  headers['accept-encoding'] = 'identity';
  if (apiKey) {
    for (const name of CLIENT_AUTH_HEADERS) delete headers[name];
    const authHeader = AUTH_HEADERS[provider.dialect];
    headers[authHeader] = authHeader === 'authorization' ? `Bearer ${apiKey}` : apiKey;
  }
  return { origin, path: basePath + path, headers };
}

const parsedBases = new WeakMap<ResolvedProvider, { origin: string; basePath: string }>();

/** Parsing the base URL once per provider keeps `new URL` off the per-request path. */
function parsedBase(provider: ResolvedProvider): { origin: string; basePath: string } {
  let parsed = parsedBases.get(provider);
  if (!parsed) {
    const base = new URL(provider.baseUrl);
    parsed = { origin: base.origin, basePath: base.pathname.replace(/\/+$/, '') };
    parsedBases.set(provider, parsed);
  }
  return parsed;
}

/** Gemini clients may put their key in ?key=; a configured key replaces it. */
function withoutQueryKey(path: string): string {
  const queryStart = path.indexOf('?');
  if (queryStart === -1) return path;
  const params = new URLSearchParams(path.slice(queryStart + 1));
  params.delete('key');
  const query = params.toString();
  return path.slice(0, queryStart) + (query ? `?${query}` : '');
}

const DROPPED_RESPONSE_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'trailer',
  'upgrade',
  'proxy-authenticate',
]);

/** Upstream response headers the client should see (rate limits, request ids, content type ...). */
export function clientResponseHeaders(
  upstream: Record<string, string | string[] | undefined>,
  bodyRewritten: boolean,
): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(upstream)) {
    if (value === undefined || DROPPED_RESPONSE_HEADERS.has(name)) continue;
    if (bodyRewritten && name === 'content-length') continue;
    headers[name] = value;
  }
  return headers;
}

/** Removes every configured key from a text before it is logged, stored or sent back. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret.length >= 4) result = result.split(secret).join('[redacted]');
  return result;
}
