import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPriceBook, type PriceHint } from '../../../../electron/core/economics/price-book';
import { requestDetail } from '../../../../electron/core/economics/request-detail';
import type { Db } from '../../../../electron/core/store/open-database';
import type { RequestEntry } from '../../../../electron/core/store/request-entry';
import type { RequestDetail } from '../../../../shared/dashboard';
import type { TokenUsage } from '../../../../shared/usage';
import { entry, store, tempDatabase } from './fixtures';

let db: Db;
let close: () => void;
beforeEach(() => ({ db, close } = tempDatabase()));
afterEach(() => close());

const priceBook = createPriceBook({
  overrides: {
    'acme-coder*': {
      input: 2,
      output: 8,
      cacheRead: 0.2,
      cacheWrite: 2.5,
      tiers: [{ aboveInputTokens: 100_000, input: 4, output: 16, cacheRead: 0.4 }],
    },
  },
});
const STARTED = Date.UTC(2025, 10, 3, 10);
const ANTHROPIC: PriceHint = { providerDialect: 'anthropic', providerBaseUrl: 'https://api.anthropic.com' };

function usage(overrides: Partial<TokenUsage> = {}): TokenUsage {
  return {
    inputTokens: 1234,
    cacheReadTokens: 45_678,
    cacheWrite5mTokens: 3_210,
    cacheWrite1hTokens: 0,
    outputTokens: 987,
    reasoningTokens: 123,
    ...overrides,
  };
}

/** Prices a request as the proxy does (price-entry.ts) and stores it. */
function priced(
  model: string,
  u: TokenUsage,
  hint: PriceHint,
  overrides: Partial<RequestEntry> = {},
): RequestEntry {
  const cost = priceBook.price(model, u, { ...hint, at: new Date(STARTED) });
  const e = entry({
    startedAt: STARTED,
    servedModel: model,
    usage: u,
    costUsd: cost.costUsd,
    priceSource: cost.priceSource,
    priceRef: cost.priceRef,
    ...overrides,
  });
  store(db, [e]);
  return e;
}

function expectSumsToCost(detail: RequestDetail | null, cost: number | null): void {
  const b = detail!.breakdown!;
  expect(b.totalUsd).toBe(cost);
  expect(Math.abs(b.inputUsd + b.cacheReadUsd + b.cacheWriteUsd + b.outputUsd - cost!)).toBeLessThanOrEqual(
    1e-12,
  );
}

describe('requestDetail', () => {
  it('splits a data-priced request by bucket, with the entry’s per-million prices', () => {
    const u = usage();
    const e = priced('claude-sonnet-4-5-20250929', u, ANTHROPIC);
    expect(e.priceRef).toBe('anthropic/claude-sonnet-4-5');
    const detail = requestDetail(db, priceBook, e.id)!;
    expect(detail.record.id).toBe(e.id);
    expect(detail.record.costUsd).toBe(e.costUsd);
    expectSumsToCost(detail, e.costUsd);
    expect(detail.prices).toEqual({ input: 3, cacheRead: 0.3, cacheWrite: 3.75, output: 15 });
    const b = detail.breakdown!;
    expect(b.inputUsd).toBeCloseTo((1234 * 3) / 1e6, 12);
    expect(b.cacheReadUsd).toBeCloseTo((45_678 * 0.3) / 1e6, 12);
    expect(b.cacheWriteUsd).toBeCloseTo((3_210 * 3.75) / 1e6, 12);
    expect(b.outputUsd).toBeCloseTo((987 * 15) / 1e6, 12);
  });

  it('gives the long-context tier’s prices when the prompt is above 200k tokens', () => {
    const e = priced('claude-sonnet-4-5-20250929', usage({ cacheReadTokens: 240_000 }), ANTHROPIC);
    const detail = requestDetail(db, priceBook, e.id);
    expectSumsToCost(detail, e.costUsd);
    expect(detail!.prices).toEqual({ input: 6, cacheRead: 0.6, cacheWrite: 7.5, output: 22.5 });
  });

  it('gives the 1-hour write rate for a row that only wrote 1-hour cache', () => {
    const e = priced(
      'claude-sonnet-4-5',
      usage({ cacheWrite5mTokens: 0, cacheWrite1hTokens: 5000 }),
      ANTHROPIC,
    );
    const detail = requestDetail(db, priceBook, e.id);
    expectSumsToCost(detail, e.costUsd);
    expect(detail!.prices!.cacheWrite).toBe(6);
    expect(detail!.breakdown!.cacheWriteUsd).toBeCloseTo((5000 * 6) / 1e6, 12);
  });

  it('splits an override-priced request, tier included', () => {
    for (const [u, prices] of [
      [usage(), { input: 2, cacheRead: 0.2, cacheWrite: 2.5, output: 8 }],
      // Above 100k prompt tokens the tier applies; its cache write falls back to its input rate.
      [usage({ cacheReadTokens: 150_000 }), { input: 4, cacheRead: 0.4, cacheWrite: 4, output: 16 }],
    ] as const) {
      const e = priced('acme-coder-32b', u, { providerDialect: 'openai' }, { provider: 'vllm' });
      expect(e.priceSource).toBe('override');
      expect(e.priceRef).toBe('override:acme-coder*');
      const detail = requestDetail(db, priceBook, e.id);
      expectSumsToCost(detail, e.costUsd);
      expect(detail!.prices).toEqual(prices);
    }
  });

  it('finds an entry the proxy found through a provider’s base URL (OpenRouter)', () => {
    const e = priced(
      'anthropic/claude-sonnet-4.5',
      usage(),
      { providerDialect: 'openai', providerBaseUrl: 'https://openrouter.ai/api/v1' },
      { provider: 'openrouter', upstreamEndpoint: 'openai-chat' },
    );
    expect(e.priceRef).toBe('openrouter/anthropic/claude-sonnet-4.5');
    const detail = requestDetail(db, priceBook, e.id);
    expectSumsToCost(detail, e.costUsd);
    expect(detail!.prices!.input).toBeGreaterThan(0);
  });

  it('counts a per-request fee in inputUsd (Perplexity)', () => {
    const u = usage({ cacheReadTokens: 0, cacheWrite5mTokens: 0, reasoningTokens: 0 });
    const e = priced(
      'sonar',
      u,
      { providerDialect: 'openai', providerBaseUrl: 'https://api.perplexity.ai' },
      { provider: 'perplexity', dialect: 'openai', endpoint: 'openai-chat', upstreamEndpoint: 'openai-chat' },
    );
    expect(e.priceRef).toBe('perplexity/sonar');
    const detail = requestDetail(db, priceBook, e.id)!;
    expectSumsToCost(detail, e.costUsd);
    expect(detail.breakdown!.inputUsd).toBeGreaterThan((1234 * detail.prices!.input!) / 1e6);
  });

  it('values a pool deployment at the requested model’s prices, as the proxy did', () => {
    const u = usage({ cacheWrite5mTokens: 0 });
    const asRequested = priceBook.price('gpt-4.1', u, { providerDialect: 'openai', at: new Date(STARTED) });
    const e = entry({
      startedAt: STARTED,
      provider: 'azure',
      requestedModel: 'gpt-4.1',
      servedModel: 'gpt41-ptu',
      usage: u,
      costUsd: asRequested.costUsd,
      priceSource: asRequested.priceSource,
      priceRef: asRequested.priceRef,
      poolId: 'azure-ptu',
      billing: 'pool',
    });
    store(db, [e]);
    const detail = requestDetail(db, priceBook, e.id);
    expectSumsToCost(detail, e.costUsd);
    expect(detail!.prices).toEqual({ input: 2, cacheRead: 0.5, cacheWrite: 2, output: 8 });
  });

  it('has no breakdown for an unpriced request, and a zero one for a request nobody billed', () => {
    const unpriced = entry({
      servedModel: 'llama-local',
      costUsd: null,
      priceSource: 'unpriced',
      priceRef: null,
    });
    const rejected = entry({
      outcome: 'rejected',
      status: 403,
      servedModel: null,
      usage: usage({
        inputTokens: 0,
        cacheReadTokens: 0,
        cacheWrite5mTokens: 0,
        outputTokens: 0,
        reasoningTokens: 0,
      }),
      costUsd: 0,
      priceSource: 'not-billed',
      priceRef: null,
    });
    store(db, [unpriced, rejected]);
    expect(requestDetail(db, priceBook, unpriced.id)).toMatchObject({ breakdown: null, prices: null });
    expect(requestDetail(db, priceBook, unpriced.id)!.record.servedModel).toBe('llama-local');
    expect(requestDetail(db, priceBook, rejected.id)).toMatchObject({
      breakdown: { inputUsd: 0, cacheReadUsd: 0, cacheWriteUsd: 0, outputUsd: 0, totalUsd: 0 },
      prices: null,
    });
  });

  it('gives no split when today’s prices no longer reproduce the stored cost', () => {
    const e = priced('claude-sonnet-4-5', usage(), ANTHROPIC, {});
    db.prepare(`UPDATE requests SET cost_usd = cost_usd * 2 WHERE id = ?`).run(e.id);
    expect(requestDetail(db, priceBook, e.id)).toMatchObject({ breakdown: null, prices: null });
    const gone = priced('claude-sonnet-4-5', usage(), ANTHROPIC, { priceRef: 'override:retired-*' });
    expect(requestDetail(db, priceBook, gone.id)).toMatchObject({ breakdown: null, prices: null });
  });

  it('is null for an unknown id', () => {
    expect(requestDetail(db, priceBook, 'no-such-request')).toBeNull();
  });
});
