import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { ModelInfo, ModelPrice, Provider } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import {
  genaiEntry,
  priceFast,
  priceGenaiEntry,
  priceViaCalcPrice,
  tryCalc,
  type GenaiEntry,
} from '../../../../electron/core/economics/genai-price';
import { ZERO_USAGE, type TokenUsage } from '../../../../shared/usage';

// The fast path must give exactly what calcPrice-based pricing gives (same floats, not merely close), for
// every bundled entry it takes and for usages that cross the tiers.

const SOURCE = 'genai-prices@test';
const AT = new Date('2026-01-15T12:00:00Z');

function usage(parts: Partial<TokenUsage>): TokenUsage {
  return { ...ZERO_USAGE, ...parts };
}

const USAGES: Record<string, TokenUsage> = {
  zero: ZERO_USAGE,
  small: usage({ inputTokens: 1000, outputTokens: 100 }),
  'small with reasoning': usage({
    inputTokens: 1234,
    cacheReadTokens: 567,
    outputTokens: 890,
    reasoningTokens: 456,
  }),
  'cache-heavy with 5m and 1h writes': usage({
    inputTokens: 2100,
    cacheReadTokens: 120_000,
    cacheWrite5mTokens: 15_000,
    cacheWrite1hTokens: 9000,
    outputTokens: 1200,
  }),
  'only cache writes': usage({ cacheWrite5mTokens: 3333, cacheWrite1hTokens: 7777, outputTokens: 1 }),
  'exactly 200k prompt': usage({
    inputTokens: 150_000,
    cacheReadTokens: 40_000,
    cacheWrite5mTokens: 10_000,
    outputTokens: 2000,
  }),
  'just over 200k prompt': usage({
    inputTokens: 150_000,
    cacheReadTokens: 40_000,
    cacheWrite5mTokens: 10_000,
    cacheWrite1hTokens: 1,
    outputTokens: 2000,
  }),
  '271999 prompt': usage({ inputTokens: 271_999, outputTokens: 10 }),
  '272000 prompt': usage({ inputTokens: 272_000, outputTokens: 10 }),
  'over 272k, cache-heavy': usage({
    inputTokens: 12_345,
    cacheReadTokens: 250_000,
    cacheWrite5mTokens: 7000,
    cacheWrite1hTokens: 3001,
    outputTokens: 4321,
    reasoningTokens: 4000,
  }),
  'over 1M prompt': usage({ inputTokens: 48_577, cacheReadTokens: 1_000_000, outputTokens: 65_536 }),
  'huge output': usage({ inputTokens: 10, outputTokens: 50_000_000, reasoningTokens: 49_999_999 }),
  'reasoning above output': usage({
    inputTokens: 7,
    cacheReadTokens: 13,
    cacheWrite5mTokens: 17,
    cacheWrite1hTokens: 19,
    outputTokens: 23,
    reasoningTokens: 29,
  }),
};

/** An entry as the price book would hold it; the name matches exactly, as after resolution. */
function entryFor(provider: Provider, model: ModelInfo): GenaiEntry {
  return genaiEntry(model.id, provider, { ...model, match: { equals: model.id } });
}

/** genai-prices must accept the entry at all, or the price book never resolves to it. */
function resolvable(entry: GenaiEntry): boolean {
  return tryCalc({}, entry.name, { provider: entry.provider }) !== null;
}

/** "<usage>: fast <json> vs calcPrice <json>" for every usage the two paths disagree on. */
function mismatches(entry: GenaiEntry): string[] {
  const out: string[] = [];
  for (const [label, u] of Object.entries(USAGES)) {
    const fast = priceFast(entry, u, SOURCE);
    const reference = priceViaCalcPrice(entry, u, AT, SOURCE);
    if (reference.costUsd === null || !isDeepStrictEqual(fast, reference)) {
      out.push(
        `${entry.ref} ${label}: fast ${JSON.stringify(fast)} vs calcPrice ${JSON.stringify(reference)}`,
      );
    }
  }
  return out;
}

const data = JSON.parse(readFileSync(join(process.cwd(), 'resources/prices/genai-prices.json'), 'utf8')) as {
  providers: Provider[];
};
const bundled = data.providers.flatMap((p) => p.models.map((m) => entryFor(p, m)));
const fastEntries = bundled.filter((e) => e.fast !== undefined && resolvable(e));

describe('fast path over the bundled data', () => {
  it('is taken by the common models and most unconditional entries', () => {
    const refs = new Set(fastEntries.map((e) => e.ref));
    for (const ref of [
      'anthropic/claude-sonnet-4-5',
      'anthropic/claude-haiku-4-5',
      'openai/gpt-4o-mini',
      'openai/gpt-5.4',
      'google/gemini-2.5-flash',
      'google/gemini-2.5-pro',
    ]) {
      expect(refs, ref).toContain(ref);
    }
    expect(fastEntries.length).toBeGreaterThan(1500);
  });

  it('is not taken by conditional prices, per-request fees or reasoning-specific output prices', () => {
    const slow = new Set(bundled.filter((e) => e.fast === undefined).map((e) => e.ref));
    for (const ref of [
      'anthropic/claude-sonnet-4-6', // start_date
      'deepseek/deepseek-chat', // time_of_date
      'perplexity/sonar-pro', // requests_kcount
      'perplexity/sonar-deep-research', // output_reasoning_mtok
    ]) {
      expect(slow, ref).toContain(ref);
    }
  });

  it('prices every such entry exactly as calcPrice does', () => {
    const failures = fastEntries.flatMap(mismatches);
    expect(failures.slice(0, 20)).toEqual([]);
    // genai-prices 0.1.8 data: 1664 entries x 13 usages = 21,632 comparisons
    expect(fastEntries.length * Object.keys(USAGES).length).toBeGreaterThan(19_500);
  });
});

describe('fast path on unusual entries', () => {
  const provider: Provider = {
    id: 'acme',
    name: 'Acme',
    api_pattern: 'https://api\\.acme\\.test',
    models: [],
  };
  const model = (id: string, prices: ModelPrice): ModelInfo => ({ id, match: { equals: id }, prices });
  const tiers = (base: number, ...t: [start: number, price: number][]) => ({
    base,
    tiers: t.map(([start, price]) => ({ start, price })),
  });
  const entries = [
    // Unsorted tiers, and two tiers with the same start (genai-prices' stable sort lets the later one win).
    model('unsorted-tiers', {
      output_mtok: tiers(10, [272_000, 30], [200_000, 20], [200_000, 25]),
      cache_write_1h_mtok: tiers(6, [200_000, 12]),
      input_mtok: tiers(3, [1_000_000, 9], [200_000, 6]),
      cache_read_mtok: 0.3,
      cache_write_mtok: tiers(3.75, [200_000, 7.5], [1_000_000, 11]),
    }),
    // Tiers on output only: the tier still follows the prompt.
    model('output-tiers', { input_mtok: 1, output_mtok: tiers(2, [1000, 4]) }),
    // Writes priced but reads not: reads fall back to input.
    model('writes-only', { input_mtok: 1.1, cache_write_mtok: 1.7, output_mtok: 3.3 }),
    model('input-only', { input_mtok: 0.07 }),
    model('unreported-only', { web_searches_kcount: 10, audio_hours: 0.3, input_audio_hours: 0.2 }),
    model('empty', {}),
    model('fractions', { input_mtok: 0.1, cache_read_mtok: 0.01, cache_write_mtok: 0.125, output_mtok: 0.7 }),
  ].map((m) => entryFor(provider, m));

  it.each(entries.map((e) => [e.ref, e] as const))('%s', (_ref, entry) => {
    expect(resolvable(entry)).toBe(true);
    expect(entry.fast).toBeDefined();
    expect(mismatches(entry)).toEqual([]);
  });
});

describe('fallback to calcPrice', () => {
  const sonnet = fastEntries.find((e) => e.ref === 'anthropic/claude-sonnet-4-5');
  const deepseek = bundled.find((e) => e.ref === 'deepseek/deepseek-chat');

  it('leaves usage it cannot be sure of to calcPrice, with the same result', () => {
    if (!sonnet) throw new Error('anthropic/claude-sonnet-4-5 is missing from the data');
    const awkward = [
      // Fractional counts: leaves may be float noise below zero, which genai-prices clamps or rejects.
      usage({ inputTokens: 0.1, cacheReadTokens: 0.2, cacheWrite5mTokens: 0.3, cacheWrite1hTokens: 0.7 }),
      usage({ inputTokens: 1.5, cacheReadTokens: 2.25, outputTokens: 3.125, reasoningTokens: 0.5 }),
      // Overflowing prompt: genai-prices rejects it.
      usage({ inputTokens: Number.MAX_VALUE, cacheReadTokens: Number.MAX_VALUE }),
    ];
    for (const u of awkward) {
      expect(priceGenaiEntry(sonnet, u, AT, SOURCE)).toStrictEqual(priceViaCalcPrice(sonnet, u, AT, SOURCE));
    }
    expect(priceFast(sonnet, awkward[2] ?? ZERO_USAGE, SOURCE)).toBeUndefined();
  });

  it('keeps conditional prices on calcPrice, which picks the price in force', () => {
    if (!deepseek) throw new Error('deepseek/deepseek-chat is missing from the data');
    const u = USAGES['cache-heavy with 5m and 1h writes'] ?? ZERO_USAGE;
    expect(priceFast(deepseek, u, SOURCE)).toBeUndefined();
    expect(priceGenaiEntry(deepseek, u, AT, SOURCE)).toStrictEqual(
      priceViaCalcPrice(deepseek, u, AT, SOURCE),
    );
  });
});
