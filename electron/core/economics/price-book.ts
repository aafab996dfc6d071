import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { updatePrices } from '@pydantic/genai-prices';
import type { PriceOptions, Provider } from '@pydantic/genai-prices';
import type { ProviderDialect } from '../../../shared/dialects';
import {
  UNPRICED,
  costFromOverride,
  isValidUsage,
  type PriceOverride,
  type PricedCost,
} from '../../../shared/pricing';
import type { TokenUsage } from '../../../shared/usage';
import { genaiEntry, priceGenaiEntry, tryCalc, type GenaiEntry } from './genai-price';

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

interface PriceData {
  readonly file: string;
  readonly version: string;
  readonly providers: Provider[];
}

type Resolution =
  | { kind: 'override'; pattern: string; override: PriceOverride }
  | { kind: 'genai'; entry: GenaiEntry }
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
      if (found.kind === 'genai') return priceGenaiEntry(found.entry, usage, hint?.at, dataVersion);
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
      if (result) return { kind: 'genai', entry: genaiEntry(name, result.provider, result.model) };
    }
  }
  return undefined;
}
