import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calcPrice, updatePrices } from '@pydantic/genai-prices';
import type { ModelPrice, PriceCalculation, PriceOptions, Provider, Usage } from '@pydantic/genai-prices';
import type { ProviderDialect } from '../../../shared/dialects';
import {
  UNPRICED,
  breakdownFromCosts,
  costFromOverride,
  isValidUsage,
  roundUsd,
  tokenCost,
  type PriceOverride,
  type PricedCost,
} from '../../../shared/pricing';
import { promptTokens, type TokenUsage } from '../../../shared/usage';

export interface PriceHint {
  providerDialect?: ProviderDialect;
  providerBaseUrl?: string;
  /** When the request happened; selects date-constrained prices. Defaults to now. */
  at?: Date;
}

export interface PriceBook {
  /** "genai-prices@<packageVersion>" of the loaded data file. */
  readonly dataVersion: string;
  price(model: string, usage: TokenUsage, hint?: PriceHint): PricedCost;
}

export interface PriceBookOptions {
  /** Keyed by exact model name or a glob with `*`; matched case-insensitively. Fixed for the book's life. */
  overrides?: Record<string, PriceOverride>;
  /** Defaults to resources/prices/genai-prices.json (written by `npm run prices:update`). */
  dataFile?: string;
}

const DIALECT_PROVIDER: Record<ProviderDialect, string> = {
  anthropic: 'anthropic',
  openai: 'openai',
  gemini: 'google',
};
const MEMO_LIMIT = 2048;
// Differences below this between calcPrice's total and our per-bucket sum are float noise, not a charge.
const NOISE_USD = 1e-10;

interface PriceData {
  readonly file: string;
  readonly version: string;
  readonly providers: Provider[];
}

type Resolution =
  | { kind: 'override'; pattern: string; override: PriceOverride }
  | { kind: 'genai'; name: string; provider: Provider; ref: string }
  | { kind: 'none' };

interface OverrideGlob {
  pattern: string;
  regex: RegExp;
  override: PriceOverride;
}

export function createPriceBook(options: PriceBookOptions = {}): PriceBook {
  const data = loadData(resolve(options.dataFile ?? defaultDataFile()));
  const dataVersion = `genai-prices@${data.version}`;
  const overrides = compileOverrides(options.overrides ?? {});
  const memo = new Map<string, Resolution>();

  function resolveModel(model: string, hint: PriceHint | undefined): Resolution {
    const key = `${hint?.providerDialect ?? ''}\u0000${hint?.providerBaseUrl ?? ''}\u0000${model}`;
    const hit = memo.get(key);
    if (hit) {
      // Re-insert so the map's insertion order doubles as least-recently-used order.
      memo.delete(key);
      memo.set(key, hit);
      return hit;
    }
    const names = nameCandidates(model);
    const found = overrides.find(names) ?? findInGenaiPrices(data, names, hint) ?? { kind: 'none' };
    if (memo.size >= MEMO_LIMIT) {
      const oldest = memo.keys().next();
      if (!oldest.done) memo.delete(oldest.value);
    }
    memo.set(key, found);
    return found;
  }

  return {
    dataVersion,
    price(model, usage, hint) {
      if (!isValidUsage(usage)) return { ...UNPRICED };
      const found = resolveModel(model, hint);
      if (found.kind === 'override') {
        const breakdown = costFromOverride(usage, found.override);
        return {
          costUsd: breakdown.total,
          priceSource: 'override',
          priceRef: `override:${found.pattern}`,
          breakdown,
        };
      }
      if (found.kind === 'genai') return priceWithGenai(found, usage, hint?.at, dataVersion);
      return { ...UNPRICED };
    },
  };
}

// ---------------------------------------------------------------------------------------------- data file

const loaded = new Map<string, PriceData>();
/** genai-prices keeps one process-global data set; this is the file it currently holds. */
let activeFile: string | undefined;

function defaultDataFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'resources', 'prices')))
      return join(dir, 'resources', 'prices', 'genai-prices.json');
    const parent = dirname(dir);
    if (parent === dir) throw new Error('price book: no resources/prices folder above ' + import.meta.url);
    dir = parent;
  }
}

function loadData(file: string): PriceData {
  const cached = loaded.get(file);
  if (cached) return cached;
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isPriceFile(parsed)) {
    throw new Error(`price book: ${file} is not a genai-prices data file (run npm run prices:update)`);
  }
  const data: PriceData = { file, version: parsed.packageVersion, providers: parsed.providers };
  loaded.set(file, data);
  return data;
}

function isPriceFile(value: unknown): value is { packageVersion: string; providers: Provider[] } {
  if (typeof value !== 'object' || value === null) return false;
  const { packageVersion, providers } = value as Record<string, unknown>;
  return (
    typeof packageVersion === 'string' &&
    Array.isArray(providers) &&
    providers.length > 0 &&
    providers.every(
      (p: unknown) =>
        typeof p === 'object' &&
        p !== null &&
        typeof (p as Record<string, unknown>).id === 'string' &&
        Array.isArray((p as Record<string, unknown>).models),
    )
  );
}

/** Makes `data` the set genai-prices resolves names against (synchronous for a plain array). */
function activate(data: PriceData): void {
  if (activeFile === data.file) return;
  updatePrices(({ setProviderData }) => setProviderData(data.providers));
  activeFile = data.file;
}

// ---------------------------------------------------------------------------------------------- names

const PREFIX = /^(?:anthropic\/|openai\/|models\/|google\/|gemini\/|(?:[a-z]{2,6}\.)?anthropic\.)/;
const VERSION_SUFFIX = /-v\d+:\d+$/; // Bedrock: anthropic.claude-...-v1:0
const DATE_SUFFIX = /(?:-\d{8}|-\d{4}-\d{2}-\d{2}|@\d{8})$/;

/**
 * The name as given (lowercased), then with provider prefixes stripped, then without version/date suffixes,
 * and last the part after the final `/` (routers such as `openrouter/<vendor>/<model>`).
 */
export function nameCandidates(model: string): string[] {
  const out = [model.trim().toLowerCase()];
  let name = out[0] ?? '';
  for (let stripped = name.replace(PREFIX, ''); stripped !== name; stripped = name.replace(PREFIX, '')) {
    name = stripped;
    out.push(name);
  }
  for (const suffix of [VERSION_SUFFIX, DATE_SUFFIX]) {
    name = name.replace(suffix, '');
    out.push(name);
  }
  out.push(name.slice(name.lastIndexOf('/') + 1));
  return [...new Set(out)].filter((n) => n !== '');
}

// ---------------------------------------------------------------------------------------------- overrides

function compileOverrides(overrides: Record<string, PriceOverride>) {
  const exact = new Map<string, { pattern: string; override: PriceOverride }>();
  const globs: OverrideGlob[] = [];
  for (const [pattern, override] of Object.entries(overrides)) {
    assertValidOverride(pattern, override);
    const key = pattern.trim().toLowerCase();
    if (!key.includes('*')) {
      exact.set(key, { pattern, override });
      continue;
    }
    const source = key
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    globs.push({ pattern, regex: new RegExp(`^${source}$`, 'i'), override });
  }
  // The most specific glob (most literal characters) wins; ties keep configuration order (sort is stable).
  const literal = (g: OverrideGlob) => g.pattern.replace(/\*/g, '').length;
  globs.sort((a, b) => literal(b) - literal(a));

  return {
    find(names: string[]): Resolution | undefined {
      for (const name of names) {
        const hit = exact.get(name);
        if (hit) return { kind: 'override', ...hit };
      }
      for (const glob of globs) {
        if (names.some((name) => glob.regex.test(name))) {
          return { kind: 'override', pattern: glob.pattern, override: glob.override };
        }
      }
      return undefined;
    },
  };
}

function assertValidOverride(pattern: string, o: PriceOverride): void {
  const rates = [o, ...(o.tiers ?? [])].flatMap((r) => [
    r.input,
    r.output,
    r.cacheRead,
    r.cacheWrite,
    r.cacheWrite1h,
  ]);
  const thresholds = (o.tiers ?? []).map((t) => t.aboveInputTokens);
  const ok = (n: number | undefined) => n === undefined || (Number.isFinite(n) && n >= 0);
  if (!rates.every(ok) || !thresholds.every((n) => Number.isFinite(n) && n >= 0)) {
    throw new Error(
      `price override "${pattern}": prices and tier thresholds must be finite, non-negative numbers`,
    );
  }
}

// ---------------------------------------------------------------------------------------------- genai-prices

function findInGenaiPrices(
  data: PriceData,
  names: string[],
  hint: PriceHint | undefined,
): Resolution | undefined {
  activate(data);
  const attempts: PriceOptions[] = [];
  // The base URL identifies the actual vendor (OpenRouter, DeepSeek, Azure...), so it beats the dialect.
  if (hint?.providerBaseUrl) attempts.push({ providerApiUrl: hint.providerBaseUrl });
  if (hint?.providerDialect) attempts.push({ providerId: DIALECT_PROVIDER[hint.providerDialect] });
  attempts.push({});
  for (const options of attempts) {
    for (const name of names) {
      const result = tryCalc({}, name, options);
      if (!result) continue;
      // A one-model provider: later calls skip genai-prices' scans over every provider and model.
      const provider: Provider = {
        id: result.provider.id,
        name: result.provider.name,
        api_pattern: result.provider.api_pattern,
        models: [result.model],
      };
      return { kind: 'genai', name, provider, ref: `${result.provider.id}/${result.model.id}` };
    }
  }
  return undefined;
}

function tryCalc(usage: Usage, name: string, options: PriceOptions): PriceCalculation | null {
  try {
    return calcPrice(usage, name, options);
  } catch {
    // A malformed entry (or usage genai-prices rejects) must not become a $0 charge.
    return null;
  }
}

function priceWithGenai(
  found: Extract<Resolution, { kind: 'genai' }>,
  usage: TokenUsage,
  at: Date | undefined,
  dataVersion: string,
): PricedCost {
  const prompt = promptTokens(usage);
  const reasoning = Math.min(usage.reasoningTokens, usage.outputTokens);
  const genaiUsage: Usage = {
    // genai-prices nests its buckets: cache reads and writes are part of input, 1h writes part of writes.
    input_tokens: prompt,
    cache_read_tokens: usage.cacheReadTokens,
    cache_write_tokens: usage.cacheWrite5mTokens + usage.cacheWrite1hTokens,
    cache_write_1h_tokens: usage.cacheWrite1hTokens,
    output_tokens: usage.outputTokens,
    output_reasoning_tokens: reasoning,
  };
  const result = tryCalc(genaiUsage, found.name, {
    provider: found.provider,
    ...(at ? { timestamp: at } : {}),
  });
  if (!result) return { ...UNPRICED };

  // Same fallbacks as genai-prices' unit hierarchy: an unpriced bucket is charged at its parent's rate.
  const rate = (key: string) => tierRate(result.model_price, key, prompt);
  const input = rate('input_mtok') ?? 0;
  const cacheWrite = rate('cache_write_mtok') ?? input;
  const output = rate('output_mtok') ?? 0;
  const costs = {
    input: tokenCost(usage.inputTokens, input),
    cacheRead: tokenCost(usage.cacheReadTokens, rate('cache_read_mtok') ?? input),
    cacheWrite5m: tokenCost(usage.cacheWrite5mTokens, cacheWrite),
    cacheWrite1h: tokenCost(usage.cacheWrite1hTokens, rate('cache_write_1h_mtok') ?? cacheWrite),
    output:
      tokenCost(usage.outputTokens - reasoning, output) +
      tokenCost(reasoning, rate('output_reasoning_mtok') ?? output),
  };
  const bucketSum = costs.input + costs.cacheRead + costs.cacheWrite5m + costs.cacheWrite1h + costs.output;
  const other = result.total_price - bucketSum;
  const total = roundUsd(result.total_price);
  return {
    costUsd: total,
    priceSource: dataVersion,
    priceRef: found.ref,
    breakdown: { ...breakdownFromCosts(costs, Math.abs(other) < NOISE_USD ? 0 : other), total },
  };
}

/** The $/MTok rate of `key` for a request of `prompt` tokens; tiers apply when the prompt is above `start`. */
function tierRate(prices: ModelPrice, key: string, prompt: number): number | undefined {
  const value = prices[key];
  if (value === undefined || typeof value === 'number') return value;
  let rate = value.base;
  for (const tier of [...value.tiers].sort((a, b) => a.start - b.start)) {
    if (prompt > tier.start) rate = tier.price;
  }
  return rate;
}
