import type { Agent, Dispatcher } from 'undici';
import type { ProviderDialect } from '../../../shared/dialects';
import type { ProviderSummary, ProviderTestResult } from '../../../shared/dashboard';
import type { FareboxConfig, ResolvedProvider } from '../config/load-config';
import { buildUpstreamTarget, redactSecrets } from '../proxy/upstream-request';

export const PROVIDER_TEST_TIMEOUT_MS = 10_000;
/** Model lists of aggregators (OpenRouter) run to megabytes; enough to count them, never more. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const DIALECTS = ['anthropic', 'openai', 'gemini'] as const;

/** The model-list request per dialect (the configured key is added by buildUpstreamTarget). */
const MODEL_LIST: Record<ProviderDialect, { path: string; headers: Record<string, string> }> = {
  anthropic: { path: '/v1/models', headers: { 'anthropic-version': '2023-06-01' } },
  openai: { path: '/v1/models', headers: {} },
  gemini: { path: '/v1beta/models', headers: {} },
};

/**
 * Every provider that can serve traffic: the configured ones, plus a public default that serves a dialect no
 * configured provider speaks (the config loader falls back to it).
 */
export function allProviders(config: FareboxConfig): ResolvedProvider[] {
  const providers = [...config.providers];
  for (const dialect of DIALECTS) {
    const provider = config.providerFor[dialect];
    if (!providers.includes(provider) && !providers.some((p) => p.id === provider.id))
      providers.push(provider);
  }
  return providers;
}

/** What the dashboard shows per provider: never a key, only how many are configured. */
export function providerSummaries(config: FareboxConfig): ProviderSummary[] {
  return allProviders(config).map((provider) => ({
    id: provider.id,
    dialect: provider.dialect,
    baseUrl: displayUrl(provider),
    keyCount: provider.apiKeys.length,
    isDefaultFor: DIALECTS.filter((dialect) => config.providerFor[dialect] === provider),
  }));
}

export interface ProviderTestOptions {
  /** Deadline for the whole check (every key, headers and body); default 10 s. */
  timeoutMs?: number;
}

/**
 * Asks the provider for its model list, once per configured key (in parallel, by index in the message so a
 * revoked key among several shows up), or once without a key when the client's key passes through. Nothing
 * is billed: model lists are free. The message never contains a key.
 */
export async function testProvider(
  config: FareboxConfig,
  agent: Agent,
  id: string,
  options: ProviderTestOptions = {},
): Promise<ProviderTestResult> {
  const provider = allProviders(config).find((p) => p.id === id);
  if (!provider) return { ok: false, status: null, latencyMs: null, message: `No provider with id "${id}".` };
  const timeoutMs = options.timeoutMs ?? PROVIDER_TEST_TIMEOUT_MS;
  const keys = provider.apiKeys.length > 0 ? provider.apiKeys : [undefined];
  const checks = await Promise.all(keys.map((key) => checkOnce(agent, provider, key, timeoutMs)));
  const secrets = provider.apiKeys;
  const result = summarize(provider, checks);
  return { ...result, message: redactSecrets(result.message, secrets) };
}

interface Check {
  ok: boolean;
  status: number | null;
  latencyMs: number | null;
  /** Why it failed, or how many models it listed. */
  detail: string;
  models: number | null;
}

async function checkOnce(
  agent: Agent,
  provider: ResolvedProvider,
  apiKey: string | undefined,
  timeoutMs: number,
): Promise<Check> {
  const list = MODEL_LIST[provider.dialect];
  const target = buildUpstreamTarget(
    provider,
    list.path,
    { ...list.headers, accept: 'application/json', 'user-agent': 'farebox-provider-check' },
    apiKey,
  );
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const started = performance.now();
  let latencyMs: number | null = null;
  try {
    const response = await agent.request({
      origin: target.origin,
      path: target.path,
      method: 'GET',
      headers: target.headers,
      signal: controller.signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    latencyMs = Math.round(performance.now() - started);
    const body = await readLimited(response.body);
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    return {
      ok,
      status: response.statusCode,
      latencyMs,
      detail: ok ? '' : errorText(body, response.statusCode),
      models: ok ? countModels(body) : null,
    };
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).name;
    const detail =
      timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT'
        ? `no answer from ${target.origin} within ${formatSeconds(timeoutMs)}`
        : `could not reach ${target.origin} (${code})`;
    return { ok: false, status: null, latencyMs, detail, models: null };
  } finally {
    clearTimeout(timer);
  }
}

function summarize(provider: ResolvedProvider, checks: Check[]): ProviderTestResult {
  const failed = checks.filter((c) => !c.ok);
  const first = checks[0]!;
  const shown = failed[0] ?? first;
  const status = shown.status;
  const latencyMs = shown.latencyMs;
  const models = checks.find((c) => c.models !== null)?.models ?? null;
  const listed = models === null ? '' : `, ${models} model${models === 1 ? '' : 's'} listed`;
  if (provider.apiKeys.length === 0) {
    if (first.ok) return { ok: true, status, latencyMs, message: `Reachable without a key${listed}.` };
    if (status === 401 || status === 403) {
      return {
        ok: false,
        status,
        latencyMs,
        message:
          `Reachable, but it wants a key (HTTP ${status}). No key is configured for "${provider.id}": ` +
          'your tools’ own keys pass through, so Farebox cannot check them.',
      };
    }
    return { ok: false, status, latencyMs, message: failure(first) };
  }
  if (failed.length === 0) {
    const keys = checks.length === 1 ? 'Key accepted' : `All ${checks.length} keys accepted`;
    return { ok: true, status, latencyMs, message: `${keys}${listed}.` };
  }
  if (checks.length === 1) return { ok: false, status, latencyMs, message: failure(first) };
  const parts = checks.map((c, i) => (c.ok ? `key ${i + 1}: accepted` : `key ${i + 1}: ${failure(c)}`));
  return {
    ok: false,
    status,
    latencyMs,
    message: `${failed.length} of ${checks.length} keys failed. ${parts.join('; ')}.`,
  };
}

function failure(check: Check): string {
  return check.status === null ? capitalize(check.detail) : `HTTP ${check.status}: ${check.detail}`;
}

/** The provider's own explanation (all three dialects put it in error.message), else the start of the body. */
function errorText(body: string, status: number): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const message =
      typeof parsed.error === 'object' && typeof parsed.error?.message === 'string'
        ? parsed.error.message
        : typeof parsed.error === 'string'
          ? parsed.error
          : typeof parsed.message === 'string'
            ? parsed.message
            : null;
    if (message) return oneLine(message);
  } catch {
    // Not JSON: an HTML error page or plain text.
  }
  const text = oneLine(body);
  return text === '' ? `the provider answered ${status} with no explanation` : text;
}

function countModels(body: string): number | null {
  try {
    const parsed = JSON.parse(body) as { data?: unknown; models?: unknown };
    const list = Array.isArray(parsed.data)
      ? parsed.data
      : Array.isArray(parsed.models)
        ? parsed.models
        : null;
    return list ? list.length : null;
  } catch {
    return null;
  }
}

function readLimited(body: Dispatcher.ResponseData['body']): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else body.destroy();
    });
    body.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    body.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    body.on('error', (error) => (size > MAX_BODY_BYTES ? resolve('') : reject(error)));
  });
}

/** The base URL without user info or query (either could carry a credential). */
function displayUrl(provider: ResolvedProvider): string {
  try {
    const url = new URL(provider.baseUrl);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return redactSecrets(url.toString().replace(/\/$/, ''), provider.apiKeys);
  } catch {
    return redactSecrets(provider.baseUrl, provider.apiKeys);
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
