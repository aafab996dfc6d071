import { calcPrice } from '@pydantic/genai-prices';
import type {
  ModelInfo,
  ModelPrice,
  PriceCalculation,
  PriceOptions,
  Provider,
  TieredPrices,
  Usage,
} from '@pydantic/genai-prices';
import {
  UNPRICED,
  breakdownFromCosts,
  roundUsd,
  tokenCost,
  type PerBucket,
  type PricedCost,
} from '../../../shared/pricing';
import { promptTokens, type TokenUsage } from '../../../shared/usage';

// Differences below this between calcPrice's total and our per-bucket sum are float noise, not a charge.
const NOISE_USD = 1e-10;

/** A genai-prices entry, resolved once per (model name, provider hint). */
export interface GenaiEntry {
  /** The name genai-prices matched. */
  readonly name: string;
  /** A provider holding only the matched model. */
  readonly provider: Provider;
  /** "<provider>/<model>". */
  readonly ref: string;
  /** Present when the entry can be priced without calcPrice (see priceFast). */
  readonly fast: FastPrice | undefined;
}

/** `model` must come from a calcPrice that succeeded: genai-prices has then validated its price units. */
export function genaiEntry(name: string, provider: Provider, model: ModelInfo): GenaiEntry {
  return {
    name,
    // A one-model provider: later calls skip genai-prices' scans over every provider and model.
    provider: { id: provider.id, name: provider.name, api_pattern: provider.api_pattern, models: [model] },
    ref: `${provider.id}/${model.id}`,
    fast: compileFastPrice(model.prices),
  };
}

export function tryCalc(usage: Usage, name: string, options: PriceOptions): PriceCalculation | null {
  try {
    return calcPrice(usage, name, options);
  } catch {
    // A malformed entry (or usage genai-prices rejects) must not become a $0 charge.
    return null;
  }
}

export function priceGenaiEntry(
  entry: GenaiEntry,
  usage: TokenUsage,
  at: Date | undefined,
  dataVersion: string,
): PricedCost {
  return priceFast(entry, usage, dataVersion) ?? priceViaCalcPrice(entry, usage, at, dataVersion);
}

/** The reference pricing: genai-prices' calcPrice gives the total, the entry's rates the per-bucket split. */
export function priceViaCalcPrice(
  entry: GenaiEntry,
  usage: TokenUsage,
  at: Date | undefined,
  dataVersion: string,
): PricedCost {
  const prompt = promptTokens(usage);
  const genaiUsage: Usage = {
    // genai-prices nests its buckets: cache reads and writes are part of input, 1h writes part of writes.
    input_tokens: prompt,
    cache_read_tokens: usage.cacheReadTokens,
    cache_write_tokens: usage.cacheWrite5mTokens + usage.cacheWrite1hTokens,
    cache_write_1h_tokens: usage.cacheWrite1hTokens,
    output_tokens: usage.outputTokens,
    output_reasoning_tokens: Math.min(usage.reasoningTokens, usage.outputTokens),
  };
  const result = tryCalc(genaiUsage, entry.name, {
    provider: entry.provider,
    ...(at ? { timestamp: at } : {}),
  });
  if (!result) return { ...UNPRICED };
  return priced(
    entry,
    usage,
    bucketRates(rateSet(result.model_price), prompt),
    result.total_price,
    dataVersion,
  );
}

/**
 * Prices an unconditional entry without calcPrice, repeating its arithmetic operation for operation so the
 * result is identical. Undefined when the entry or this usage needs calcPrice.
 */
export function priceFast(entry: GenaiEntry, usage: TokenUsage, dataVersion: string): PricedCost | undefined {
  const plan = entry.fast;
  if (!plan) return undefined;
  const prompt = promptTokens(usage);
  const total = fastTotal(plan, usage, prompt);
  if (total === undefined) return undefined;
  return priced(entry, usage, plan.fixedRates ?? bucketRates(plan.rates, prompt), total, dataVersion);
}

// ---------------------------------------------------------------------------------------------- rates

interface Tiers {
  readonly base: number;
  /** Sorted by start, as genai-prices sorts them (stable: among equal starts the later one wins). */
  readonly tiers: readonly { readonly start: number; readonly price: number }[];
}
type Rate = number | Tiers;

interface RateSet {
  input?: Rate;
  cacheRead?: Rate;
  cacheWrite?: Rate;
  cacheWrite1h?: Rate;
  output?: Rate;
  outputReasoning?: Rate;
}
type RateKey = keyof RateSet;

/** $/MTok per bucket for one request, parents' rates filled in. */
interface BucketRates extends PerBucket {
  outputReasoning: number;
}

const RATE_KEYS = new Map<string, RateKey>([
  ['input_mtok', 'input'],
  ['cache_read_mtok', 'cacheRead'],
  ['cache_write_mtok', 'cacheWrite'],
  ['cache_write_1h_mtok', 'cacheWrite1h'],
  ['output_mtok', 'output'],
  ['output_reasoning_mtok', 'outputReasoning'],
]);

function sortedTiers(value: TieredPrices): Tiers {
  return { base: value.base, tiers: [...value.tiers].sort((a, b) => a.start - b.start) };
}

function rateSet(prices: ModelPrice): RateSet {
  const set: RateSet = {};
  for (const [key, name] of RATE_KEYS) {
    const value = prices[key];
    if (value !== undefined) set[name] = typeof value === 'number' ? value : sortedTiers(value);
  }
  return set;
}

function rateAt(rate: Rate | undefined, prompt: number): number | undefined {
  return rate === undefined || typeof rate === 'number' ? rate : tierPrice(rate, prompt);
}

/** Tiers apply to the whole request when its prompt is strictly above their start. */
function tierPrice(rate: Tiers, prompt: number): number {
  let price = rate.base;
  for (const tier of rate.tiers) {
    if (prompt > tier.start) price = tier.price;
  }
  return price;
}

/** Same fallbacks as genai-prices' unit hierarchy: an unpriced bucket is charged at its parent's rate. */
function bucketRates(set: RateSet, prompt: number): BucketRates {
  const input = rateAt(set.input, prompt) ?? 0;
  const cacheWrite = rateAt(set.cacheWrite, prompt) ?? input;
  const output = rateAt(set.output, prompt) ?? 0;
  return {
    input,
    cacheRead: rateAt(set.cacheRead, prompt) ?? input,
    cacheWrite5m: cacheWrite,
    cacheWrite1h: rateAt(set.cacheWrite1h, prompt) ?? cacheWrite,
    output,
    outputReasoning: rateAt(set.outputReasoning, prompt) ?? output,
  };
}

function priced(
  entry: GenaiEntry,
  usage: TokenUsage,
  rates: BucketRates,
  totalPrice: number,
  dataVersion: string,
): PricedCost {
  const reasoning = Math.min(usage.reasoningTokens, usage.outputTokens);
  const costs: PerBucket = {
    input: tokenCost(usage.inputTokens, rates.input),
    cacheRead: tokenCost(usage.cacheReadTokens, rates.cacheRead),
    cacheWrite5m: tokenCost(usage.cacheWrite5mTokens, rates.cacheWrite5m),
    cacheWrite1h: tokenCost(usage.cacheWrite1hTokens, rates.cacheWrite1h),
    output:
      tokenCost(usage.outputTokens - reasoning, rates.output) + tokenCost(reasoning, rates.outputReasoning),
  };
  const bucketSum = costs.input + costs.cacheRead + costs.cacheWrite5m + costs.cacheWrite1h + costs.output;
  const other = totalPrice - bucketSum;
  const total = roundUsd(totalPrice);
  return {
    costUsd: total,
    priceSource: dataVersion,
    priceRef: entry.ref,
    breakdown: { ...breakdownFromCosts(costs, Math.abs(other) < NOISE_USD ? 0 : other), total },
  };
}

// ---------------------------------------------------------------------------------------------- fast path

type TokenBucket = 'input' | 'cacheRead' | 'cacheWrite' | 'cacheWrite1h' | 'output';

interface FastPrice {
  /** genai-prices sums its per-unit charges in the entry's key order; float addition is not associative. */
  readonly terms: readonly { readonly bucket: TokenBucket; readonly rate: Rate }[];
  readonly rates: Readonly<RateSet>;
  /** The bucket rates when no price is tiered (they then do not depend on the request). */
  readonly fixedRates: Readonly<BucketRates> | undefined;
}

const TOKEN_BUCKETS = new Map<string, TokenBucket>([
  ['input_mtok', 'input'],
  ['cache_read_mtok', 'cacheRead'],
  ['cache_write_mtok', 'cacheWrite'],
  ['cache_write_1h_mtok', 'cacheWrite1h'],
  ['output_mtok', 'output'],
]);

/**
 * Prices of usage Farebox never reports (tool calls, audio/image/video tokens, pages, durations). genai-prices
 * charges them for 0 units, and none is a parent of a unit Farebox reports (input, cache read/write/1h write,
 * output, output reasoning), so they take no tokens from the charged leaves: the entry prices exactly as
 * without them. Not here: requests_kcount (genai-prices always counts one request) and output_reasoning_mtok
 * (moves reasoning tokens out of the output leaf). Any other key also goes through calcPrice.
 */
const UNREPORTED_KEYS = new Set([
  'web_searches_kcount',
  'storage_searches_kcount',
  'input_audio_mtok',
  'output_audio_mtok',
  'cache_audio_read_mtok',
  'input_image_mtok',
  'output_image_mtok',
  'cache_image_read_mtok',
  'input_video_mtok',
  'output_video_mtok',
  'output_citation_mtok',
  'audio_hours',
  'input_audio_hours',
  'input_document_kpages',
  'input_annotated_document_kpages',
  'input_text_messages_kcount',
]);

/** A plan for an unconditional entry priced only by token keys (plus UNREPORTED_KEYS); else undefined. */
function compileFastPrice(prices: ModelInfo['prices']): FastPrice | undefined {
  // A list of conditional prices depends on the request time; calcPrice picks the one in force.
  if (Array.isArray(prices)) return undefined;
  const terms: { bucket: TokenBucket; rate: Rate }[] = [];
  const rates: RateSet = {};
  for (const [key, value] of Object.entries(prices)) {
    if (value === undefined) continue;
    const rate = validRate(value);
    if (rate === undefined) return undefined;
    const bucket = TOKEN_BUCKETS.get(key);
    if (bucket) {
      terms.push({ bucket, rate });
      rates[bucket] = rate;
    } else if (!UNREPORTED_KEYS.has(key)) {
      return undefined;
    }
  }
  const tiered = terms.some((t) => typeof t.rate !== 'number');
  return { terms, rates, fixedRates: tiered ? undefined : bucketRates(rates, 0) };
}

/** The rate with tiers sorted, or undefined when genai-prices would reject the value. */
function validRate(value: unknown): Rate | undefined {
  const price = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  if (price(value)) return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { base, tiers } = value as Record<string, unknown>;
  if (!price(base) || !Array.isArray(tiers)) return undefined;
  const valid: { start: number; price: number }[] = [];
  for (const tier of tiers as unknown[]) {
    if (typeof tier !== 'object' || tier === null || Array.isArray(tier)) return undefined;
    const { start, price: tierPrice } = tier as Record<string, unknown>;
    if (typeof start !== 'number' || !Number.isSafeInteger(start) || start < 0 || !price(tierPrice)) {
      return undefined;
    }
    valid.push({ start, price: tierPrice });
  }
  return sortedTiers({ base, tiers: valid });
}

/** genai-prices' total_price for `usage`, or undefined when only calcPrice can say (it may throw). */
function fastTotal(plan: FastPrice, usage: TokenUsage, prompt: number): number | undefined {
  // genai-prices rejects non-finite usage; overflowing sums are left to it.
  if (!Number.isFinite(prompt)) return undefined;
  const { rates } = plan;
  // genai-prices charges each priced unit for the tokens its priced sub-units do not claim, most specific
  // unit first (1h writes, reads, writes); unpriced sub-units stay with their parent.
  const write1hLeaf = usage.cacheWrite1hTokens;
  const readLeaf = usage.cacheReadTokens;
  const writes = usage.cacheWrite5mTokens + usage.cacheWrite1hTokens;
  const writeLeaf = rates.cacheWrite1h === undefined ? writes : writes - write1hLeaf;
  let claimed = 0;
  if (rates.cacheWrite1h !== undefined) claimed += write1hLeaf;
  if (rates.cacheRead !== undefined) claimed += readLeaf;
  if (rates.cacheWrite !== undefined) claimed += writeLeaf;
  const inputLeaf = prompt - claimed;
  // Only fractional counts can make a leaf negative; genai-prices' tolerance rules then decide.
  if (inputLeaf < 0 || writeLeaf < 0) return undefined;

  let input = 0;
  let output = 0;
  for (const { bucket, rate } of plan.terms) {
    let tokens: number;
    switch (bucket) {
      case 'input':
        tokens = inputLeaf;
        break;
      case 'cacheRead':
        tokens = readLeaf;
        break;
      case 'cacheWrite':
        tokens = writeLeaf;
        break;
      case 'cacheWrite1h':
        tokens = write1hLeaf;
        break;
      case 'output':
        output +=
          typeof rate === 'number'
            ? (rate * usage.outputTokens) / 1e6
            : tieredCharge(rate, usage.outputTokens, prompt);
        continue;
    }
    input += typeof rate === 'number' ? (rate * tokens) / 1e6 : tieredCharge(rate, tokens, prompt);
  }
  return input + output;
}

/** genai-prices' charge for a tiered price, with its own order of operations (per unit = 1e6). */
function tieredCharge(rate: Tiers, tokens: number, prompt: number): number {
  const usd = tokens <= 0 ? 0 : (tierPrice(rate, prompt) * tokens) / 1e6;
  return (usd * 1e6) / 1e6;
}
