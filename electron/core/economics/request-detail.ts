import { findProvider } from '@pydantic/genai-prices';
import type { CostBreakdown, RequestDetail } from '../../../shared/dashboard';
import type { ProviderDialect } from '../../../shared/dialects';
import { roundUsd, type PricedCost } from '../../../shared/pricing';
import { promptTokens, type TokenUsage } from '../../../shared/usage';
import type { Db } from '../store/open-database';
import { rowToRecord, type RequestRow } from '../store/request-entry';
import { genaiEntry, priceGenaiEntry, tryCalc } from './genai-price';
import { nameCandidates, type PriceBook, type PriceHint } from './price-book';

/** Recomputed and stored costs further apart than this are different prices, not float noise. */
const SAME_COST_USD = 1e-10;

type Pricer = (usage: TokenUsage) => PricedCost;
type Rates = NonNullable<RequestDetail['prices']>;

/**
 * One request with its cost split by token bucket and the per-million prices that produced it.
 *
 * The split is recomputed from the row's tokens with the price entry the row was priced with (`price_ref`: an
 * override or a genai-prices entry; the served model's, or the requested model's for a pool deployment without a
 * list price), at the request's time. It is returned only when it reproduces the stored cost_usd (the buckets
 * then add up to it exactly); when the entry's prices changed since (new price data, an edited override) or
 * the entry is gone, breakdown and prices are null rather than a split of a different cost. Unpriced rows have
 * neither; rows that cost nothing without a price entry (rejected, never billed, free endpoints) have a zero
 * breakdown and no prices.
 *
 * Prices are the rates in force for this request (the long-context tier its prompt falls in), with the
 * entry's fallbacks applied (a missing cache rate is charged at the input rate, as the cost was). cacheWrite
 * is the 5-minute write rate, or the 1-hour one for a row that only wrote 1-hour cache. A per-request fee
 * (genai-prices requests_kcount) is counted in inputUsd.
 */
export function requestDetail(db: Db, priceBook: PriceBook, id: string): RequestDetail | null {
  const row = db.prepare<[string], RequestRow>(`SELECT * FROM requests WHERE id = ?`).get(id);
  if (!row) return null;
  const record = rowToRecord(row);
  const cost = row.cost_usd;
  if (cost === null) return { record, breakdown: null, prices: null };
  if (row.price_ref === null) {
    return { record, breakdown: cost === 0 ? zeroBreakdown() : null, prices: null };
  }
  const usage = usageOf(row);
  const pricer = pricerFor(priceBook, row, usage);
  const priced = pricer?.(usage);
  if (
    !pricer ||
    !priced?.breakdown ||
    priced.costUsd === null ||
    Math.abs(priced.costUsd - cost) > SAME_COST_USD
  ) {
    return { record, breakdown: null, prices: null };
  }
  const b = priced.breakdown;
  return {
    record,
    breakdown: fitToTotal(
      {
        inputUsd: b.input + (b.other ?? 0),
        cacheReadUsd: b.cacheRead,
        cacheWriteUsd: b.cacheWrite5m + b.cacheWrite1h,
        outputUsd: b.output,
      },
      cost,
    ),
    prices: ratesOf(pricer, usage),
  };
}

function usageOf(row: RequestRow): TokenUsage {
  return {
    inputTokens: row.input_tokens,
    cacheReadTokens: row.cache_read_tokens,
    cacheWrite5mTokens: row.cache_write_5m_tokens,
    cacheWrite1hTokens: row.cache_write_1h_tokens,
    outputTokens: row.output_tokens,
    reasoningTokens: row.reasoning_tokens,
  };
}

function zeroBreakdown(): CostBreakdown {
  return { inputUsd: 0, cacheReadUsd: 0, cacheWriteUsd: 0, outputUsd: 0, totalUsd: 0 };
}

/**
 * The buckets, each rounded like every stored amount (roundUsd), with the largest one absorbing the rounding
 * residue so that they add up to the stored total.
 */
function fitToTotal(buckets: Omit<CostBreakdown, 'totalUsd'>, total: number): CostBreakdown {
  const keys = ['inputUsd', 'cacheReadUsd', 'cacheWriteUsd', 'outputUsd'] as const;
  const fitted = { ...buckets, totalUsd: total };
  for (const key of keys) fitted[key] = roundUsd(buckets[key]);
  const largest = keys.reduce((a, b) => (Math.abs(fitted[b]) > Math.abs(fitted[a]) ? b : a));
  const others = keys.filter((k) => k !== largest).reduce((sum, k) => sum + fitted[k], 0);
  fitted[largest] = roundUsd(total - others);
  return fitted;
}

// ---------------------------------------------------------------------------------------------- the entry

const ENDPOINT_DIALECT: Array<[string, ProviderDialect]> = [
  ['anthropic-', 'anthropic'],
  ['openai-', 'openai'],
  ['gemini-', 'gemini'],
];

/**
 * A function pricing any usage with the row's price entry, or null when that entry cannot be found any more.
 * The price book is asked first (overrides, and genai-prices entries found by the served or requested model
 * with the upstream's or the client's dialect as hint); an entry the proxy found through a provider's base
 * URL (OpenRouter, Azure...) is then looked up by its id.
 */
function pricerFor(priceBook: PriceBook, row: RequestRow, usage: TokenUsage): Pricer | null {
  const ref = row.price_ref!;
  const at = new Date(row.started_at);
  const models = [...new Set([row.served_model, row.requested_model])].filter((m): m is string => !!m);
  const upstream = ENDPOINT_DIALECT.find(([prefix]) =>
    (row.upstream_endpoint ?? row.endpoint).startsWith(prefix),
  );
  const dialects = [...new Set([upstream?.[1], row.dialect as ProviderDialect])].filter(
    (d): d is ProviderDialect => d !== undefined,
  );
  const hints: PriceHint[] = [...dialects.map((d) => ({ providerDialect: d, at })), { at }];
  for (const model of models) {
    for (const hint of hints) {
      if (priceBook.price(model, usage, hint).priceRef === ref) return (u) => priceBook.price(model, u, hint);
    }
  }
  if (ref.startsWith('override:')) return null;
  return genaiPricer(ref, models, at, priceBook.dataVersion);
}

/** The genai-prices entry "<provider>/<model>" itself (the price book above has loaded its data set). */
function genaiPricer(ref: string, models: readonly string[], at: Date, dataVersion: string): Pricer | null {
  const slash = ref.indexOf('/');
  if (slash <= 0) return null;
  const provider = findProvider({ providerId: ref.slice(0, slash) });
  const model = provider?.models.find((m) => m.id === ref.slice(slash + 1));
  if (!provider || !model) return null;
  const only = { ...provider, models: [model] };
  for (const name of [...models.flatMap(nameCandidates), model.id]) {
    const found = tryCalc({}, name, { provider: only, timestamp: at });
    if (found) {
      const entry = genaiEntry(name, found.provider, found.model);
      return (u) => priceGenaiEntry(entry, u, at, dataVersion);
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------- rates

/**
 * The entry's per-million rates for this request, read back from the entry itself: each input-side bucket
 * priced alone at the request's prompt size (which selects the long-context tier), the output rate on a
 * million output tokens after the same prompt. Rounded to the precision the probe carries.
 */
function ratesOf(pricer: Pricer, usage: TokenUsage): Rates | null {
  const prompt = promptTokens(usage);
  const probe = Math.max(prompt, 1);
  const decimals = Math.min(12, Math.floor(Math.log10(probe)) + 5);
  const inputSide = (bucket: keyof typeof INPUT_SIDE) => {
    const amount = pricer({ ...ZERO, [bucket]: probe }).breakdown?.[INPUT_SIDE[bucket]];
    return amount === undefined ? null : Number(((amount * 1e6) / probe).toFixed(decimals));
  };
  const output = pricer({ ...ZERO, inputTokens: prompt, outputTokens: 1e6 }).breakdown?.output;
  const onlyLongWrites = usage.cacheWrite5mTokens === 0 && usage.cacheWrite1hTokens > 0;
  const rates: Rates = {
    input: inputSide('inputTokens'),
    cacheRead: inputSide('cacheReadTokens'),
    cacheWrite: inputSide(onlyLongWrites ? 'cacheWrite1hTokens' : 'cacheWrite5mTokens'),
    output: output === undefined ? null : roundUsd(output),
  };
  return Object.values(rates).every((r) => r === null) ? null : rates;
}

/** Input-side usage buckets and their breakdown fields. */
const INPUT_SIDE = {
  inputTokens: 'input',
  cacheReadTokens: 'cacheRead',
  cacheWrite5mTokens: 'cacheWrite5m',
  cacheWrite1hTokens: 'cacheWrite1h',
} as const;

const ZERO: TokenUsage = {
  inputTokens: 0,
  cacheReadTokens: 0,
  cacheWrite5mTokens: 0,
  cacheWrite1hTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
};
