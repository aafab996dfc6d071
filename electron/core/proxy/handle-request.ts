import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import type { Outcome, ProviderDialect } from '../../../shared/dialects';
import type { ApiDialect, AttemptRecord, FallbackTrigger } from '../../../shared/routing';
import { ZERO_USAGE } from '../../../shared/usage';
import type { ResolvedProvider } from '../config/load-config';
import { usageReaderFor } from '../dialects/usage-reader';
import type { UsageObservation } from '../dialects/usage-types';
import type { BudgetLedger, Reservation } from '../budgets/budget-ledger';
import { poolTarget } from '../capacity/pool-schema';
import { tokenCounts } from '../capacity/pool-tracker';
import { requestFacts, type RequestFacts } from '../routing/request-facts';
import type { RouteDecision } from '../routing/rule-match';
import type { RequestEntry } from '../store/request-entry';
import { newRequestId } from '../store/request-id';
import { translatableApiOf, TranslationError, type TranslatableApi } from '../translate';
import {
  passThroughAttempt,
  prepareRequest,
  targetAttempt,
  type ClientRequest,
  type PlannedAttempt,
  type PreparedRequest,
} from './attempt-plan';
import { decodeRequestBody } from './decode-body';
import { budgetErrorBody, upstreamErrorMessage } from './error-bodies';
import { sendError, sendJson } from './send-json';
import { guardRequest } from './host-guard';
import { priceEntry } from './price-entry';
import type { InFlightRequest, ProxyContext } from './proxy-context';
import { readBody } from './read-body';
import { relayPassThrough } from './relay-passthrough';
import { relayTranslated, sendTranslatedError } from './relay-translated';
import { round3, type RequestRun } from './request-run';
import { identifyTool, sessionIdOf } from './request-identity';
import { guessDialect, matchRoute, type RouteMatch } from './routes';
import { callUpstream, HEADERS_TIMEOUT_MS, readBodyText } from './upstream-call';
import { buildUpstreamTarget, redactSecrets } from './upstream-request';

const VENDOR: Record<ProviderDialect, string> = {
  anthropic: 'anthropic',
  openai: 'openai',
  gemini: 'google-genai',
};

const API_DIALECT: Record<TranslatableApi, ApiDialect> = {
  anthropic: 'anthropic',
  chat: 'openai-chat',
  responses: 'openai-responses',
  gemini: 'gemini',
};

const DEFAULT_FALLBACK: ReadonlySet<FallbackTrigger> = new Set<FallbackTrigger>([
  'connection',
  'timeout',
  '429',
  '5xx',
]);

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
  if (ctx.admin && url.startsWith('/_farebox') && (await ctx.admin(req, res))) return;
  const route = matchRoute(method, url, req.headers);
  if (route.endpoint === null) {
    sendError(res, route.dialect, route.status, route.message);
    return;
  }
  await proxyRoute(ctx, req, res, route);
}

async function proxyRoute(ctx: ProxyContext, req: IncomingMessage, res: ServerResponse, route: RouteMatch) {
  const started = performance.now();
  const defaultProvider = ctx.config.providerFor[route.dialect];
  const entry = newEntry(
    route,
    defaultProvider,
    identifyTool(route.prefixTool, req.headers, VENDOR[route.dialect]),
  );
  let observation: (() => UsageObservation) | null = null;
  let settled = false;
  let provider = defaultProvider;
  let routed = false;
  let attemptStarted = 0;
  let reservation: { ledger: BudgetLedger; held: Reservation } | null = null;
  /** The pool chosen for this request and the tokens held in its current minute. */
  let poolHold: { poolId: string; estimate: number } | null = null;
  const abort = new EventEmitter();

  const finish: RequestRun['finish'] = (outcome, status, errorMessage = null, then) => {
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
    const last = entry.attempts.at(-1);
    if (last && last.result === 'ok') {
      last.durationMs = round3(performance.now() - attemptStarted);
      if (entry.outcome !== 'ok') {
        last.result = 'error';
        last.error = entry.errorMessage;
      }
    }
    // A plain pass-through has one implicit attempt: the row itself says everything about it.
    if (!routed && entry.attempts.length === 1) entry.attempts = [];
    priceEntry(ctx, entry, run.reader, seen, provider, routed);
    if (reservation)
      reservation.ledger.settle(reservation.held, entry.billing === 'on_demand' ? (entry.costUsd ?? 0) : 0);
    if (poolHold) {
      if (entry.poolId === poolHold.poolId) {
        ctx.pools!.record(poolHold.poolId, tokenCounts(entry.usage), entry.startedAt, poolHold.estimate);
      } else {
        ctx.pools!.release(poolHold.poolId, poolHold.estimate, entry.startedAt);
      }
    }
    ctx.log.finish(entry, then, { alone: ctx.inFlight.size === 0 });
  };
  const run: RequestRun = {
    ctx,
    res,
    entry,
    started,
    clientDialect: route.dialect,
    clientEndpoint: route.endpoint,
    reader: usageReaderFor(route.endpoint),
    setObservation: (fn) => (observation = fn),
    finish,
    isSettled: () => settled,
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
  }
  entry.sessionId = sessionIdOf(req.headers, parsed);
  entry.taskId = taskIdOf(req.headers) ?? entry.sessionId;
  const client: ClientRequest = {
    endpoint: route.endpoint,
    path: route.upstreamPath,
    headers: req.headers,
    // A compressed body that was decoded is re-sent as sent; translation works on the parsed JSON.
    raw: body.body,
    parsed,
    requestedModel: entry.requestedModel,
    stream: entry.stream,
  };

  // Routing: which rule fires, and the targets to try in order.
  let decision: RouteDecision | null = null;
  let attempts: PlannedAttempt[] = [passThroughAttempt(defaultProvider, route.endpoint)];
  const clientApi = translatableApiOf(route.endpoint);
  const router = ctx.routing.router;
  const countsTokens = route.endpoint === 'anthropic-count-tokens';
  const budgets = ctx.budgets && !ctx.budgets.isEmpty ? ctx.budgets : null;
  // Facts are only built when something will ask: a plain pass-through stays as lean as before.
  const routing = !router.isEmpty && !ctx.routing.paused;
  const facts =
    parsed !== null && (clientApi !== null || countsTokens) && (routing || budgets || ctx.pools)
      ? requestFacts(
          API_DIALECT[clientApi ?? 'anthropic'],
          parsed,
          entry.tool,
          entry.requestedModel,
          req.headers,
          (id) => (budgets ? budgets.percentUsed(id) : null),
        )
      : null;
  if (facts !== null && routing) {
    decision = router.decide(facts);
    const first = decision.targets[0];
    if (countsTokens) {
      // Claude Code counts tokens before sending; when its messages go to another vendor, so does nothing
      // else: Farebox answers with its own estimate instead of asking Anthropic with a key it may not have.
      const firstProvider = first ? ctx.providersById.get(first.provider) : undefined;
      if (firstProvider && firstProvider.dialect !== 'anthropic') {
        const answer = JSON.stringify({ input_tokens: facts.estimatedInputTokens() });
        entry.provider = 'farebox';
        run.reader = null;
        finish('ok', 200, null, () => sendJson(res, 200, answer));
        return;
      }
    } else {
      entry.ruleId = decision.rule?.id ?? null;
      entry.tags = decision.tags;
      if (decision.action === 'reject' && decision.reject) {
        const { status, message } = decision.reject;
        const text = `${message} (rule "${decision.rule!.id}")`;
        finish('rejected', status, text, () => sendError(res, route.dialect, status, text));
        return;
      }
      if (decision.targets.length > 0) {
        routed = true;
        attempts = decision.targets.flatMap((target) => {
          const targetProvider = ctx.providersById.get(target.provider);
          return targetProvider ? [targetAttempt(target, targetProvider, route.endpoint, entry.stream)] : [];
        });
      }
    }
  }

  // Reserved capacity first: a pool covering the model with headroom this minute takes the request, and the
  // on-demand targets follow as spillover (also on the pool's own 429).
  if (ctx.pools && facts && clientApi !== null) {
    const model = attempts[0]!.model ?? entry.requestedModel;
    // Output counts at the pool's weight (Azure: 4 input tokens per output token for gpt-4.1 and later).
    const weight = model ? ctx.pools.outputWeightFor(model) : 1;
    const estimate = model ? facts.estimatedInputTokens() + weight * EXPECTED_OUTPUT_TOKENS : 0;
    const pool = model ? ctx.pools.choose(model, estimate, entry.startedAt, { reserve: true }) : null;
    const poolProvider = pool ? ctx.providersById.get(pool.provider) : undefined;
    if (pool && poolProvider && model) {
      const target = poolTarget(pool, model);
      attempts = [
        { ...targetAttempt(target, poolProvider, route.endpoint, entry.stream), poolId: pool.id },
        ...attempts,
      ];
      poolHold = { poolId: pool.id, estimate };
      routed = routed || target.model !== entry.requestedModel;
    } else if (pool) {
      ctx.pools.release(pool.id, estimate, entry.startedAt);
    }
  }

  // Budgets: a downgrade threshold changes the target; a block threshold refuses the request; otherwise the
  // request's worst case is held against every budget it falls under until it settles.
  if (budgets && facts && clientApi !== null) {
    const subject = (attempt: PlannedAttempt) => ({
      tool: entry.tool,
      tags: entry.tags,
      provider: attempt.provider.id,
      model: attempt.model ?? entry.requestedModel ?? '',
    });
    const downgrade = budgets.downgradeFor(subject(attempts[0]!));
    if (downgrade) {
      const planned = downgrade.targets.flatMap((target) => {
        const targetProvider = ctx.providersById.get(target.provider);
        return targetProvider ? [targetAttempt(target, targetProvider, route.endpoint, entry.stream)] : [];
      });
      if (planned.length > 0) {
        attempts = planned;
        routed = true;
        entry.tags = [...entry.tags, `budget-downgrade:${downgrade.budget.id}`];
      }
    }
    const admission = budgets.admit(subject(attempts[0]!), worstCaseUsd(ctx, attempts, facts, entry));
    if (admission.kind === 'block') {
      const { status, body } = budgetErrorBody(route.dialect, admission.message);
      finish('rejected', status, admission.message, () => sendJson(res, status, body));
      return;
    }
    reservation = { ledger: budgets, held: admission.reservation };
  }

  ctx.inFlight.add(inFlight);
  ctx.log.begin(entry);
  res.on('close', () => {
    if (settled || res.writableFinished) return;
    abort.emit('abort');
    finish('client_aborted', entry.status, 'client closed the connection before the response completed');
  });

  const fallbackOn = decision?.fallbackOn ?? DEFAULT_FALLBACK;
  const headersTimeout = decision?.timeoutMs ?? HEADERS_TIMEOUT_MS;
  const failWith = (status: number, message: string, outcome: Outcome = 'upstream_error') =>
    finish(outcome, status, message, () =>
      sendError(res, route.dialect, status, redactSecrets(message, ctx.secrets)),
    );

  // A chain never retries a target that already failed for this request (an alias may list it again).
  const failedTargets = new Set<string>();
  for (let index = 0; index < attempts.length; index++) {
    const attempt = attempts[index]!;
    const targetKey = `${attempt.provider.id}\u0000${attempt.model ?? ''}`;
    if (failedTargets.has(targetKey)) continue;
    failedTargets.add(targetKey);
    const isLast = attempts
      .slice(index + 1)
      .every((next) => failedTargets.has(`${next.provider.id}\u0000${next.model ?? ''}`));
    const record = (result: AttemptRecord['result'], status: number | null, error: string | null) => {
      const now = performance.now();
      entry.attempts.push({
        provider: attempt.provider.id,
        model: attempt.model ?? entry.requestedModel ?? '',
        endpoint: attempt.upstreamEndpoint,
        status,
        result,
        error: error === null ? null : redactSecrets(error, ctx.secrets).slice(0, 500),
        startedMs: round3(attemptStarted - started),
        durationMs: round3(now - attemptStarted),
      });
    };
    provider = attempt.provider;
    entry.provider = provider.id;
    entry.upstreamEndpoint = attempt.upstreamEndpoint;
    run.reader = usageReaderFor(attempt.upstreamEndpoint);
    observation = null;
    if (attempt.model !== null) entry.servedModel = attempt.model;

    let prepared: PreparedRequest;
    try {
      prepared = prepareRequest(attempt, client);
    } catch (error) {
      const message =
        error instanceof TranslationError
          ? error.message
          : `could not translate the request for ${provider.id}: ${(error as Error).message}`;
      attemptStarted = performance.now();
      record('error', null, message);
      if (!isLast) continue;
      failWith(error instanceof TranslationError ? error.status : 500, message, 'proxy_error');
      return;
    }
    if (prepared.translation && provider.apiKeys.length === 0) {
      // A translated request carries the client's key for another vendor: never forward it.
      const message = `provider "${provider.id}" has no apiKey; requests translated from ${route.dialect} need one`;
      attemptStarted = performance.now();
      record('error', null, message);
      if (!isLast) continue;
      failWith(502, message, 'proxy_error');
      return;
    }

    const pool = ctx.keyPools.get(provider.id);
    const triedKeys = new Set<number>();
    let nextTarget = false;
    while (!nextTarget) {
      const key = pool?.pick(triedKeys) ?? null;
      if (key) triedKeys.add(key.index);
      const target = buildUpstreamTarget(provider, prepared.path, prepared.headers, key?.key);
      attemptStarted = performance.now();
      const result = await callUpstream(
        ctx.agent,
        target,
        req.method ?? 'POST',
        prepared.body,
        abort,
        provider.id,
        headersTimeout,
      );
      if (settled) {
        if (result.ok) result.response.body.destroy();
        return;
      }
      if (!result.ok) {
        record(result.kind, null, result.message);
        if (!isLast && (fallbackOn.has(result.kind) || attempt.poolId !== undefined)) {
          nextTarget = true;
          continue;
        }
        failWith(result.status, result.message);
        return;
      }
      const upstream = result.response;
      const status = upstream.statusCode;
      noteResponseHeaders(ctx, entry, provider, upstream.headers);
      if (status >= 400) {
        if (status === 429 && key) pool!.rest(key.index, upstream.headers['retry-after']);
        const rotateKey = status === 429 && key !== null && pool!.hasUntried(triedKeys);
        // A pool's 429 means its capacity is used up this minute: spill to on-demand, whatever the rule says.
        if (status === 429 && attempt.poolId) ctx.pools!.markFull(attempt.poolId, Date.now());
        const fallBack = !isLast && (triggersOnStatus(fallbackOn, status) || attempt.poolId !== undefined);
        if (rotateKey || fallBack || prepared.translation) {
          const text = await readBodyText(upstream.body, 64 * 1024);
          const message = `provider "${provider.id}" answered ${status}: ${upstreamErrorMessage(text) ?? 'no details'}`;
          record('status', status, message);
          if (rotateKey) continue;
          if (fallBack) {
            nextTarget = true;
            continue;
          }
          // The last target failed: its error, in the client's dialect.
          entry.status = status;
          sendTranslatedError(run, status, message);
          return;
        }
        record('status', status, null);
        await relayPassThrough(run, upstream, { stripUsageChunk: prepared.stripUsageChunk, mayRetry: false });
        return;
      }
      record('ok', status, null);
      if (attempt.poolId) {
        entry.poolId = attempt.poolId;
        entry.billing = 'pool';
      }
      const mayRetry = !isLast && (fallbackOn.has('connection') || attempt.poolId !== undefined);
      const end = prepared.translation
        ? await relayTranslated(run, upstream, prepared.translation, { stream: entry.stream, mayRetry })
        : await relayPassThrough(run, upstream, { stripUsageChunk: prepared.stripUsageChunk, mayRetry });
      if (end.done) return;
      // Failed before the first byte reached the client: the next target answers instead, unnoticed.
      const last = entry.attempts.at(-1)!;
      last.result = 'stream_cut';
      last.error = end.message;
      last.durationMs = round3(performance.now() - attemptStarted);
      entry.responseBytes = 0;
      entry.ttfbMs = null;
      if (attempt.poolId) {
        entry.poolId = null;
        entry.billing = 'on_demand';
      }
      nextTarget = true;
    }
  }
}

/** The caller's own task id (`x-farebox-task`), so cost per task works for any tool. */
function taskIdOf(headers: IncomingMessage['headers']): string | null {
  const value = headers['x-farebox-task'];
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text ? text.slice(0, 200) : null;
}

/**
 * What the response headers say about the request: the provider's request id (to match the tools' own logs
 * on import), and whether a flat-rate plan paid for it (subscription responses carry plan-window headers).
 */
function noteResponseHeaders(
  ctx: ProxyContext,
  entry: RequestEntry,
  provider: ResolvedProvider,
  headers: Record<string, string | string[] | undefined>,
): void {
  const requestId = headers['request-id'] ?? headers['x-request-id'];
  entry.upstreamRequestId = (Array.isArray(requestId) ? requestId[0] : requestId) ?? null;
  if (
    headers['anthropic-ratelimit-unified-status'] !== undefined ||
    headers['x-codex-primary-used-percent'] !== undefined
  ) {
    entry.billing = 'subscription';
  }
  try {
    ctx.observeResponse?.(entry, provider, headers);
  } catch (error) {
    ctx.diagnostic(`reading response headers failed: ${(error as Error).message}`);
  }
}

/**
 * The most a request can cost at any target it may be sent to: 1.5 × its estimated input (the estimate is
 * about four characters per token; real tokenizers vary, the margin keeps the reservation above the actual
 * cost) plus its output cap (32,000 when the client sets none). Null when no target is priced.
 */
function worstCaseUsd(
  ctx: ProxyContext,
  attempts: readonly PlannedAttempt[],
  facts: RequestFacts,
  entry: RequestEntry,
): number | null {
  const usage = {
    ...ZERO_USAGE,
    inputTokens: Math.ceil(facts.estimatedInputTokens() * WORST_CASE_INPUT_FACTOR),
    outputTokens: facts.maxOutputTokens() ?? DEFAULT_WORST_CASE_OUTPUT,
  };
  let worst: number | null = null;
  for (const attempt of attempts) {
    const model = attempt.model ?? entry.requestedModel;
    if (!model) continue;
    const priced = ctx.priceBook.price(model, usage, {
      providerDialect: attempt.provider.dialect,
      providerBaseUrl: attempt.provider.baseUrl,
      at: new Date(entry.startedAt),
    });
    if (priced.costUsd !== null) worst = Math.max(worst ?? 0, priced.costUsd);
  }
  return worst;
}

const WORST_CASE_INPUT_FACTOR = 1.5;
/**
 * A pool's headroom is judged on the estimated input plus a typical coding-turn answer (~300 tokens), not
 * the output cap: the cap would keep reserved capacity, which is paid for whether used or not, mostly idle.
 * A minute can run over by what the estimates missed; the pool's own 429 then spills the rest to on-demand.
 */
const EXPECTED_OUTPUT_TOKENS = 300;
const DEFAULT_WORST_CASE_OUTPUT = 32_000;

function triggersOnStatus(on: ReadonlySet<FallbackTrigger>, status: number): boolean {
  if (on.has(status)) return true;
  if (status === 429) return on.has('429');
  return status >= 500 && on.has('5xx');
}

function newEntry(route: RouteMatch, provider: ResolvedProvider, tool: string): RequestEntry {
  return {
    id: newRequestId(),
    startedAt: Date.now(),
    finishedAt: null,
    ttfbMs: null,
    durationMs: null,
    tool,
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
    upstreamEndpoint: route.endpoint,
    ruleId: null,
    baselineCostUsd: null,
    baselinePriceRef: null,
    attempts: [],
    tags: [],
    upstreamRequestId: null,
    taskId: null,
    poolId: null,
    billing: 'on_demand',
    source: 'proxy',
  };
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

export type { Dispatcher };
