/**
 * Fills a data directory's farebox.db with realistic request history for the dashboard benchmark:
 *
 *   npx tsx test/bench/generate-requests.ts --data-dir DIR [--count 1000000] [--days 90] [--seed 1]
 *
 * Requests spread over the last `--days` days with a working-hours rhythm (fewer at night and at weekends):
 * Claude Code, Codex, Gemini CLI and a few chat tools; dated snapshots as served models; routing rules that
 * substitute cheaper models, chains that fall back on 529s and timeouts, a reserved-capacity pool that spills
 * over on its 429s, subscription traffic, rejects, upstream errors, unpriced local models, an override-priced
 * model and project tags. Costs and baselines come from the real price book; rows and their hourly rollups are
 * written through the real RequestLog (finish + commitFinished, one transaction per batch), so the rollups
 * are consistent with the rows by construction. Appends to an existing database.
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Endpoint, ProviderDialect } from '../../shared/dialects';
import type { AttemptRecord } from '../../shared/routing';
import type { TokenUsage } from '../../shared/usage';
import { createPriceBook, type PriceBook, type PriceHint } from '../../electron/core/economics/price-book';
import { openDatabase } from '../../electron/core/store/open-database';
import type { Billing, RequestEntry } from '../../electron/core/store/request-entry';
import { newRequestId } from '../../electron/core/store/request-id';
import { RequestLog } from '../../electron/core/store/request-log';

const DAY_MS = 86_400_000;
const BATCH = 20_000;

/** Price overrides the generated history assumes (a self-hosted coder model billed by its host). */
export const GENERATOR_OVERRIDES = { 'qwen3-coder*': { input: 0.3, output: 1.2, cacheRead: 0.03 } };

// ---------------------------------------------------------------------------------------------- random

/** mulberry32: small, fast, seedable. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    /** Log-uniform between min and max: token counts spread over orders of magnitude. */
    logInt: (min: number, max: number) => Math.round(Math.exp(Math.log(min) + next() * Math.log(max / min))),
    pick<T>(items: readonly T[]): T {
      return items[Math.floor(next() * items.length)]!;
    },
    weighted<T>(items: readonly (readonly [T, number])[]): T {
      const total = items.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return items[items.length - 1]![0];
    },
  };
}
type Rng = ReturnType<typeof rng>;

// ---------------------------------------------------------------------------------------------- providers

interface Provider {
  id: string;
  dialect: ProviderDialect;
  baseUrl: string;
}

const PROVIDERS: Record<string, Provider> = {
  anthropic: { id: 'anthropic', dialect: 'anthropic', baseUrl: 'https://api.anthropic.com' },
  openai: { id: 'openai', dialect: 'openai', baseUrl: 'https://api.openai.com' },
  gemini: { id: 'gemini', dialect: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com' },
  openrouter: { id: 'openrouter', dialect: 'openai', baseUrl: 'https://openrouter.ai/api/v1' },
  deepseek: { id: 'deepseek', dialect: 'openai', baseUrl: 'https://api.deepseek.com' },
  azure: { id: 'azure', dialect: 'openai', baseUrl: 'https://contoso.openai.azure.com/openai' },
  ollama: { id: 'ollama', dialect: 'openai', baseUrl: 'http://127.0.0.1:11434' },
  vllm: { id: 'vllm', dialect: 'openai', baseUrl: 'http://gpu-box.local:8000' },
};

/** What a vendor answers as the model for an alias (dated snapshots). */
const SNAPSHOT: Record<string, string> = {
  'claude-sonnet-4-5': 'claude-sonnet-4-5-20250929',
  'claude-haiku-4-5': 'claude-haiku-4-5-20251001',
  'claude-opus-4-1': 'claude-opus-4-1-20250805',
  'gpt-5': 'gpt-5-2025-08-07',
  'gpt-5-mini': 'gpt-5-mini-2025-08-07',
  'gpt-4.1': 'gpt-4.1-2025-04-14',
  'gpt-4.1-mini': 'gpt-4.1-mini-2025-04-14',
};

const PROJECTS = ['farebox', 'website', 'infra', 'research', 'mobile-app'] as const;

// ---------------------------------------------------------------------------------------------- scenarios

interface Target {
  provider: Provider;
  model: string;
  endpoint: Endpoint;
}

interface Plan {
  tool: string;
  dialect: ProviderDialect;
  endpoint: Endpoint;
  requestedModel: string;
  /** Targets in order; the last one answers unless the request fails. */
  targets: Target[];
  /** How each earlier target failed. */
  failures: Array<{ result: AttemptRecord['result']; status: number | null; error: string | null }>;
  routed: boolean;
  ruleId: string | null;
  tags: string[];
  billing: Billing;
  poolId: string | null;
  usage: TokenUsage;
}

function anthropicUsage(r: Rng, small: boolean): TokenUsage {
  const output = r.logInt(20, small ? 800 : 4000);
  const thinking = r.chance(0.3) ? Math.round(output * (0.2 + r.next() * 0.5)) : 0;
  const write1h = r.chance(0.05) ? r.logInt(500, 20_000) : 0;
  return {
    inputTokens: r.int(1, 60),
    cacheReadTokens: r.chance(0.92) ? r.logInt(small ? 2_000 : 12_000, small ? 40_000 : 190_000) : 0,
    cacheWrite5mTokens: r.chance(0.6) ? r.logInt(50, 12_000) : 0,
    cacheWrite1hTokens: write1h,
    outputTokens: output,
    reasoningTokens: thinking,
  };
}

function openaiUsage(r: Rng, reasoning: boolean): TokenUsage {
  const prompt = r.logInt(800, 90_000);
  const cached = r.chance(0.75) ? Math.floor((prompt * (0.4 + r.next() * 0.55)) / 64) * 64 : 0;
  const output = r.logInt(30, 5000);
  return {
    inputTokens: prompt - cached,
    cacheReadTokens: cached,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    outputTokens: output,
    reasoningTokens: reasoning ? Math.round(output * (0.3 + r.next() * 0.5)) : 0,
  };
}

function geminiUsage(r: Rng): TokenUsage {
  const prompt = r.logInt(2_000, 250_000);
  const cached = r.chance(0.5) ? Math.floor(prompt * (0.3 + r.next() * 0.6)) : 0;
  const output = r.logInt(40, 6000);
  return {
    inputTokens: prompt - cached,
    cacheReadTokens: cached,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    outputTokens: output,
    reasoningTokens: Math.round(output * r.next() * 0.6),
  };
}

const target = (provider: string, model: string, endpoint: Endpoint): Target => ({
  provider: PROVIDERS[provider]!,
  model,
  endpoint,
});

function plan(r: Rng, project: string | null): Plan {
  const tool = r.weighted([
    ['claude-code', 48],
    ['codex', 20],
    ['gemini-cli', 10],
    ['cursor', 6],
    ['aider', 6],
    ['cline', 4],
    ['openai-sdk', 6],
  ] as const);
  const projectTags = project ? [project] : [];
  const base = {
    tool,
    failures: [],
    routed: false,
    ruleId: project ? 'project-tags' : null,
    tags: projectTags,
    billing: 'on_demand' as Billing,
    poolId: null,
  };
  switch (tool) {
    case 'claude-code': {
      const requested = r.weighted([
        ['claude-sonnet-4-5', 70],
        ['claude-haiku-4-5', 20],
        ['claude-opus-4-1', 10],
      ] as const);
      const usage = anthropicUsage(r, requested === 'claude-haiku-4-5');
      const common = {
        ...base,
        dialect: 'anthropic' as const,
        endpoint: 'anthropic-messages' as const,
        requestedModel: requested,
        usage,
        billing: (r.chance(0.25) ? 'subscription' : 'on_demand') as Billing,
      };
      const roll = r.next();
      if (requested === 'claude-sonnet-4-5' && roll < 0.12) {
        // Small subagent turns go to Haiku.
        return {
          ...common,
          usage: anthropicUsage(r, true),
          targets: [target('anthropic', 'claude-haiku-4-5', 'anthropic-messages')],
          routed: true,
          ruleId: 'haiku-for-small-turns',
          tags: ['cheap', ...projectTags],
        };
      }
      if (requested === 'claude-sonnet-4-5' && roll < 0.17) {
        // A chain: Anthropic first, OpenRouter when Anthropic is overloaded or slow.
        const first = target('anthropic', 'claude-sonnet-4-5', 'anthropic-messages');
        const fails = r.chance(0.35);
        const timeout = r.chance(0.3);
        return {
          ...common,
          billing: 'on_demand',
          targets: fails
            ? [first, target('openrouter', 'anthropic/claude-sonnet-4.5', 'openai-chat')]
            : [first],
          failures: fails
            ? [
                timeout
                  ? { result: 'timeout', status: null, error: 'no response headers within 20000 ms' }
                  : { result: 'status', status: 529, error: 'provider "anthropic" answered 529: Overloaded' },
              ]
            : [],
          routed: true,
          ruleId: 'sonnet-with-fallback',
          tags: projectTags,
        };
      }
      if (requested === 'claude-opus-4-1' && roll < 0.3) {
        return {
          ...common,
          targets: [target('anthropic', 'claude-sonnet-4-5', 'anthropic-messages')],
          routed: true,
          ruleId: 'opus-to-sonnet-off-hours',
          tags: ['downgrade', ...projectTags],
        };
      }
      return { ...common, targets: [target('anthropic', requested, 'anthropic-messages')] };
    }
    case 'codex': {
      const requested = r.weighted([
        ['gpt-5', 65],
        ['gpt-5-mini', 35],
      ] as const);
      const common = {
        ...base,
        dialect: 'openai' as const,
        endpoint: 'openai-responses' as const,
        requestedModel: requested,
        usage: openaiUsage(r, true),
        billing: (r.chance(0.3) ? 'subscription' : 'on_demand') as Billing,
      };
      if (requested === 'gpt-5' && r.chance(0.2)) {
        return {
          ...common,
          targets: [target('openai', 'gpt-5-mini', 'openai-responses')],
          routed: true,
          ruleId: 'codex-mini-for-edits',
          tags: ['cheap', ...projectTags],
        };
      }
      return { ...common, targets: [target('openai', requested, 'openai-responses')] };
    }
    case 'gemini-cli': {
      const requested = r.chance(0.6) ? 'gemini-2.5-pro' : 'gemini-2.5-flash';
      const common = {
        ...base,
        dialect: 'gemini' as const,
        endpoint: 'gemini-stream-generate' as const,
        requestedModel: requested,
        usage: geminiUsage(r),
      };
      if (requested === 'gemini-2.5-pro' && r.chance(0.15)) {
        return {
          ...common,
          targets: [target('gemini', 'gemini-2.5-flash', 'gemini-stream-generate')],
          routed: true,
          ruleId: 'flash-for-gemini-cli',
          tags: ['cheap', ...projectTags],
        };
      }
      return { ...common, targets: [target('gemini', requested, 'gemini-stream-generate')] };
    }
    default: {
      // Chat-completions tools and scripts: hosted, routed-to-cheap, pooled and local models.
      const requested = r.weighted([
        ['gpt-4.1', 30],
        ['gpt-4.1-mini', 15],
        ['deepseek-chat', 12],
        ['qwen3-coder-30b', 10],
        ['llama-3.3-70b', 8],
        ['cheap', 10],
        ['claude-sonnet-4-5', 15],
      ] as const);
      const common = {
        ...base,
        dialect: 'openai' as const,
        endpoint: 'openai-chat' as const,
        requestedModel: requested,
        usage: openaiUsage(r, false),
      };
      switch (requested) {
        case 'gpt-4.1': {
          if (r.chance(0.45)) {
            // The reserved pool takes it while it has headroom; its 429 spills over to on-demand.
            const spills = r.chance(0.12);
            const pool = target('azure', 'gpt41-ptu', 'openai-chat');
            return {
              ...common,
              targets: spills ? [pool, target('openai', 'gpt-4.1', 'openai-chat')] : [pool],
              failures: spills
                ? [
                    {
                      result: 'status',
                      status: 429,
                      error: 'provider "azure" answered 429: capacity exceeded',
                    },
                  ]
                : [],
              routed: true,
              billing: spills ? 'on_demand' : 'pool',
              poolId: spills ? null : 'azure-ptu',
            };
          }
          return { ...common, targets: [target('openai', 'gpt-4.1', 'openai-chat')] };
        }
        case 'gpt-4.1-mini':
          return { ...common, targets: [target('openai', requested, 'openai-chat')] };
        case 'deepseek-chat':
          return { ...common, targets: [target('deepseek', requested, 'openai-chat')] };
        case 'qwen3-coder-30b':
          return { ...common, targets: [target('vllm', requested, 'openai-chat')] };
        case 'llama-3.3-70b':
          return { ...common, targets: [target('ollama', requested, 'openai-chat')] };
        case 'cheap': {
          // An alias: a chain of cheap hosted models, the local one as a last resort.
          const failsOver = r.chance(0.08);
          return {
            ...common,
            targets: failsOver
              ? [
                  target('deepseek', 'deepseek-chat', 'openai-chat'),
                  target('vllm', 'qwen3-coder-30b', 'openai-chat'),
                ]
              : [target('deepseek', 'deepseek-chat', 'openai-chat')],
            failures: failsOver
              ? [{ result: 'connection', status: null, error: 'connect ECONNREFUSED api.deepseek.com' }]
              : [],
            routed: true,
            ruleId: null,
          };
        }
        default:
          // Claude through a chat client: translated to the Anthropic API.
          return {
            ...common,
            targets: [target('anthropic', 'claude-sonnet-4-5', 'anthropic-messages')],
            routed: false,
          };
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------- entries

const ZERO: TokenUsage = {
  inputTokens: 0,
  cacheReadTokens: 0,
  cacheWrite5mTokens: 0,
  cacheWrite1hTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
};

interface Session {
  id: string;
  project: string | null;
  left: number;
}

export function makeEntry(
  r: Rng,
  priceBook: PriceBook,
  startedAt: number,
  session: Session | null,
): RequestEntry {
  const p = plan(r, session?.project ?? null);
  const duration = r.logInt(300, 90_000);
  const entry: RequestEntry = {
    id: newRequestId(startedAt),
    startedAt,
    finishedAt: startedAt + duration,
    ttfbMs: Math.round(r.logInt(150, 4000) * 1000) / 1000,
    durationMs: duration,
    tool: p.tool,
    sessionId: session?.id ?? null,
    dialect: p.dialect,
    endpoint: p.endpoint,
    provider: p.targets[0]!.provider.id,
    requestedModel: p.requestedModel,
    servedModel: null,
    stream: p.tool !== 'openai-sdk',
    status: 200,
    outcome: 'ok',
    errorMessage: null,
    usage: { ...ZERO },
    costUsd: null,
    priceSource: 'unpriced',
    priceRef: null,
    requestBytes: r.logInt(2_000, 900_000),
    responseBytes: r.logInt(400, 60_000),
    upstreamEndpoint: p.targets[0]!.endpoint,
    ruleId: p.ruleId,
    baselineCostUsd: null,
    baselinePriceRef: null,
    attempts: [],
    tags: p.tags,
    upstreamRequestId: null,
    taskId: session?.id ?? null,
    poolId: null,
    billing: p.billing,
    source: 'proxy',
  };

  // A few requests are refused before any upstream is asked.
  if (p.tool === 'claude-code' && p.requestedModel === 'claude-opus-4-1' && r.chance(0.03)) {
    entry.outcome = 'rejected';
    entry.status = 403;
    entry.errorMessage = 'Opus is reserved for reviews (rule "no-opus-for-chores")';
    entry.ruleId = 'no-opus-for-chores';
    entry.costUsd = 0;
    entry.priceSource = 'not-billed';
    entry.baselineCostUsd = 0;
    entry.tags = [];
    entry.responseBytes = 200;
    return entry;
  }
  if (r.chance(0.002)) {
    entry.outcome = 'proxy_error';
    entry.status = 400;
    entry.errorMessage = 'the request body is not valid JSON';
    entry.costUsd = 0;
    entry.priceSource = 'not-billed';
    entry.baselineCostUsd = 0;
    return entry;
  }

  let started = r.int(1, 40);
  p.targets.forEach((t, index) => {
    const failure = p.failures[index];
    const took = failure?.result === 'timeout' ? 20_000 : r.logInt(80, 3000);
    entry.attempts.push({
      provider: t.provider.id,
      model: t.model,
      endpoint: t.endpoint,
      status: failure ? failure.status : 200,
      result: failure ? failure.result : 'ok',
      error: failure ? failure.error : null,
      startedMs: started,
      durationMs: took,
    });
    started += took;
  });
  const last = p.targets[p.targets.length - 1]!;
  entry.provider = last.provider.id;
  entry.upstreamEndpoint = last.endpoint;
  entry.servedModel = last.model;
  if (p.poolId) entry.poolId = p.poolId;

  // Upstream failures on the (last) target: nothing billed.
  const fail = r.next();
  if (fail < 0.025) {
    const status = r.weighted([
      [429, 4],
      [500, 1],
      [529, 3],
      [503, 1],
    ] as const);
    entry.outcome = 'upstream_error';
    entry.status = status;
    entry.errorMessage =
      status === 429
        ? `provider "${last.provider.id}" answered 429: rate limit exceeded for ${last.model}`
        : status === 529
          ? `provider "${last.provider.id}" answered 529: Overloaded`
          : `provider "${last.provider.id}" answered ${status}: internal error`;
    entry.attempts.at(-1)!.result = 'status';
    entry.attempts.at(-1)!.status = status;
    entry.attempts.at(-1)!.error = entry.errorMessage;
    entry.costUsd = 0;
    entry.priceSource = 'not-billed';
    entry.baselineCostUsd = 0;
    entry.poolId = null;
    entry.billing = p.billing === 'pool' ? 'on_demand' : p.billing;
    if (!p.routed && entry.attempts.length === 1) entry.attempts = [];
    return entry;
  }
  if (fail < 0.035) {
    // The client hung up mid-stream: tokens were probably billed, but none were reported.
    entry.outcome = 'client_aborted';
    entry.status = 200;
    entry.errorMessage = 'the upstream response carried no usage';
    entry.attempts.at(-1)!.result = 'error';
    entry.attempts.at(-1)!.error = 'client closed the connection';
    if (!p.routed && entry.attempts.length === 1) entry.attempts = [];
    return entry;
  }
  if (fail < 0.0355) {
    entry.outcome = 'interrupted';
    entry.status = null;
    entry.errorMessage = 'Farebox stopped before this request finished';
    if (!p.routed && entry.attempts.length === 1) entry.attempts = [];
    return entry;
  }

  entry.usage = p.usage;
  entry.servedModel = SNAPSHOT[last.model] ?? last.model;
  entry.upstreamRequestId = `req_${entry.id.replace(/-/g, '').slice(8, 32)}`;
  const hint = (provider: Provider): PriceHint => ({
    providerDialect: provider.dialect,
    providerBaseUrl: provider.baseUrl,
    at: new Date(startedAt),
  });
  const priced = priceBook.price(entry.servedModel, entry.usage, hint(last.provider));
  entry.costUsd = priced.costUsd;
  entry.priceSource = priced.priceSource;
  entry.priceRef = priced.priceRef;
  if (priced.costUsd === null && entry.poolId !== null) {
    // A pool deployment has no list price: valued at the requested model's.
    const asRequested = priceBook.price(p.requestedModel, entry.usage, hint(PROVIDERS.openai!));
    entry.costUsd = asRequested.costUsd;
    entry.priceSource = asRequested.priceSource;
    entry.priceRef = asRequested.priceRef;
  }
  if (!p.routed) {
    entry.attempts = entry.attempts.length === 1 ? [] : entry.attempts;
    entry.baselineCostUsd = entry.costUsd;
    entry.baselinePriceRef = entry.priceRef;
  } else {
    const baseline = priceBook.price(p.requestedModel, entry.usage, {
      providerDialect: p.dialect,
      providerBaseUrl: PROVIDERS[p.dialect === 'gemini' ? 'gemini' : p.dialect]!.baseUrl,
      at: new Date(startedAt),
    });
    entry.baselineCostUsd = baseline.costUsd;
    entry.baselinePriceRef = baseline.priceRef;
  }
  return entry;
}

// ---------------------------------------------------------------------------------------------- time

/** Start times over [from, until), oldest first: working hours and weekdays are busier (local time). */
function startTimes(r: Rng, count: number, from: number, until: number): Float64Array {
  const HOUR_WEIGHT = [
    0.05, 0.03, 0.02, 0.02, 0.02, 0.04, 0.1, 0.3, 0.7, 1, 1, 0.95, 0.7, 0.85, 1, 1, 0.95, 0.8, 0.55, 0.4,
    0.35, 0.3, 0.2, 0.1,
  ];
  const times = new Float64Array(count);
  let n = 0;
  while (n < count) {
    const t = from + Math.floor(r.next() * (until - from));
    const local = new Date(t);
    const weekend = local.getDay() === 0 || local.getDay() === 6;
    if (r.next() < HOUR_WEIGHT[local.getHours()]! * (weekend ? 0.3 : 1)) times[n++] = t;
  }
  return times.sort();
}

// ---------------------------------------------------------------------------------------------- main

export interface GenerateOptions {
  dataDir: string;
  count: number;
  days: number;
  seed: number;
  /** Defaults to now. */
  until?: number;
  onProgress?: (written: number) => void;
}

/** Writes `count` requests; returns how many were stored and how long it took. */
export function generateRequests(options: GenerateOptions): { rows: number; ms: number } {
  const began = performance.now();
  const r = rng(options.seed);
  const until = options.until ?? Date.now();
  const from = until - options.days * DAY_MS;
  const priceBook = createPriceBook({ overrides: GENERATOR_OVERRIDES });
  const db = openDatabase(join(options.dataDir, 'farebox.db'));
  // A bigger page cache than the app's default keeps the indexes in memory while millions of rows go in.
  db.pragma('cache_size = -262144');
  const log = new RequestLog(db, (error) => {
    throw error;
  });
  const sessions = new Map<string, Session>();
  const times = startTimes(r, options.count, from, until);
  let written = 0;
  try {
    for (let i = 0; i < times.length; i++) {
      const startedAt = times[i]!;
      // One ongoing session per "desk" (a handful of parallel agents): each lasts a few dozen requests.
      const desk = `desk-${r.int(1, 6)}`;
      let session = sessions.get(desk);
      if (!session || session.left <= 0) {
        session = {
          id: `sess-${startedAt.toString(36)}-${r.int(0, 1e9).toString(36)}`,
          project: r.chance(0.55) ? r.pick(PROJECTS) : null,
          left: r.logInt(5, 200),
        };
        sessions.set(desk, session);
      }
      session.left -= 1;
      log.finish(makeEntry(r, priceBook, startedAt, r.chance(0.93) ? session : null));
      if ((i + 1) % BATCH === 0 || i + 1 === times.length) {
        log.commitFinished();
        written = i + 1;
        options.onProgress?.(written);
      }
    }
    const left = log.flush();
    if (left > 0) throw new Error(`${left} rows could not be written`);
  } finally {
    log.close();
    db.close();
  }
  return { rows: written, ms: performance.now() - began };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      count: { type: 'string', default: '1000000' },
      days: { type: 'string', default: '90' },
      seed: { type: 'string', default: '1' },
    },
  });
  const dataDir = values['data-dir'];
  const count = Number(values.count);
  const days = Number(values.days);
  const seed = Number(values.seed);
  if (!dataDir || !(count > 0) || !(days > 0) || !Number.isFinite(seed)) {
    process.stderr.write(
      'usage: npx tsx test/bench/generate-requests.ts --data-dir DIR [--count 1000000] [--days 90] [--seed 1]\n',
    );
    process.exit(2);
  }
  const result = generateRequests({
    dataDir,
    count: Math.floor(count),
    days,
    seed,
    onProgress: (written) => process.stderr.write(`\r[generate] ${written.toLocaleString('en-US')} rows`),
  });
  process.stderr.write('\n');
  const rate = Math.round(result.rows / (result.ms / 1000));
  process.stdout.write(
    `${result.rows.toLocaleString('en-US')} requests in ${(result.ms / 1000).toFixed(1)} s ` +
      `(${rate.toLocaleString('en-US')} rows/s) → ${join(dataDir, 'farebox.db')}\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
