import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPriceBook, nameCandidates } from '../../../../electron/core/economics/price-book';
import { ZERO_USAGE, type TokenUsage } from '../../../../shared/usage';

// Expected values are worked by hand from resources/prices/genai-prices.json (genai-prices 0.1.8), in USD per
// million tokens: cost = tokens * rate / 1e6.

function usage(parts: Partial<TokenUsage>): TokenUsage {
  return { ...ZERO_USAGE, ...parts };
}

const book = createPriceBook();
const SOURCE = 'genai-prices@0.1.8';

describe('data', () => {
  it('names the bundled package version', () => {
    const file = JSON.parse(
      readFileSync(join(process.cwd(), 'resources/prices/genai-prices.json'), 'utf8'),
    ) as {
      packageVersion: string;
    };
    expect(file.packageVersion).toBe('0.1.8');
    expect(book.dataVersion).toBe(SOURCE);
  });
});

describe('Anthropic', () => {
  it('prices claude-sonnet-4-5 with cache reads, 5m writes and 1h writes', () => {
    // input 1000*3 = 3000 -> 0.003; read 2000*0.3 = 600 -> 0.0006; 5m 3000*3.75 = 11250 -> 0.01125;
    // 1h 4000*6 = 24000 -> 0.024; output 500*15 = 7500 -> 0.0075; total 0.04635
    const cost = book.price(
      'claude-sonnet-4-5',
      usage({
        inputTokens: 1000,
        cacheReadTokens: 2000,
        cacheWrite5mTokens: 3000,
        cacheWrite1hTokens: 4000,
        outputTokens: 500,
      }),
      { providerDialect: 'anthropic' },
    );
    expect(cost).toEqual({
      costUsd: 0.04635,
      priceSource: SOURCE,
      priceRef: 'anthropic/claude-sonnet-4-5',
      breakdown: {
        input: 0.003,
        cacheRead: 0.0006,
        cacheWrite5m: 0.01125,
        cacheWrite1h: 0.024,
        output: 0.0075,
        total: 0.04635,
      },
    });
  });

  it('prices a request above 200k prompt tokens entirely at the long-context tier', () => {
    // prompt 150000 + 40000 + 10000 + 1000 = 201000 > 200000, so every bucket uses the tier:
    // input 150000*6 = 900000 -> 0.9; read 40000*0.6 = 24000 -> 0.024; 5m 10000*7.5 = 75000 -> 0.075;
    // 1h 1000*12 = 12000 -> 0.012; output 2000*22.5 = 45000 -> 0.045; total 1.056
    const cost = book.price(
      'claude-sonnet-4-5',
      usage({
        inputTokens: 150_000,
        cacheReadTokens: 40_000,
        cacheWrite5mTokens: 10_000,
        cacheWrite1hTokens: 1000,
        outputTokens: 2000,
      }),
    );
    expect(cost.costUsd).toBe(1.056);
    expect(cost.breakdown).toEqual({
      input: 0.9,
      cacheRead: 0.024,
      cacheWrite5m: 0.075,
      cacheWrite1h: 0.012,
      output: 0.045,
      total: 1.056,
    });
  });

  it('stays on base rates at exactly 200k prompt tokens', () => {
    // prompt 150000 + 40000 + 10000 = 200000 (not above): 150000*3 = 450000 -> 0.45; 40000*0.3 = 12000 -> 0.012;
    // 10000*3.75 = 37500 -> 0.0375; output 2000*15 = 30000 -> 0.03; total 0.5295
    const cost = book.price(
      'claude-sonnet-4-5',
      usage({
        inputTokens: 150_000,
        cacheReadTokens: 40_000,
        cacheWrite5mTokens: 10_000,
        outputTokens: 2000,
      }),
    );
    expect(cost.costUsd).toBe(0.5295);
  });

  it('uses the price in force at the request time (claude-sonnet-4-6 lost its 200k tier on 2026-03-13)', () => {
    const u = usage({ inputTokens: 250_000 });
    // before: 250000*6 = 1500000 -> 1.5; after: 250000*3 = 750000 -> 0.75
    expect(book.price('claude-sonnet-4-6', u, { at: new Date('2026-01-01T00:00:00Z') }).costUsd).toBe(1.5);
    expect(book.price('claude-sonnet-4-6', u, { at: new Date('2026-04-01T00:00:00Z') }).costUsd).toBe(0.75);
  });
});

describe('OpenAI', () => {
  it('prices gpt-4o with cached input', () => {
    // input 1000*2.5 = 2500 -> 0.0025; cached 3000*1.25 = 3750 -> 0.00375; output 200*10 = 2000 -> 0.002;
    // total 0.00825
    const cost = book.price(
      'gpt-4o',
      usage({ inputTokens: 1000, cacheReadTokens: 3000, outputTokens: 200 }),
      {
        providerDialect: 'openai',
      },
    );
    expect(cost).toMatchObject({ costUsd: 0.00825, priceRef: 'openai/gpt-4o' });
    expect(cost.breakdown).toMatchObject({ input: 0.0025, cacheRead: 0.00375, output: 0.002 });
  });

  it('prices gpt-5 with cached input and reasoning inside output', () => {
    // input 10000*1.25 = 12500 -> 0.0125; cached 20000*0.125 = 2500 -> 0.0025;
    // output 5000*10 = 50000 -> 0.05 (the 4000 reasoning tokens are part of the 5000); total 0.065
    const cost = book.price(
      'gpt-5',
      usage({ inputTokens: 10_000, cacheReadTokens: 20_000, outputTokens: 5000, reasoningTokens: 4000 }),
      { providerDialect: 'openai' },
    );
    expect(cost).toMatchObject({ costUsd: 0.065, priceRef: 'openai/gpt-5' });
    expect(cost.breakdown).toMatchObject({ input: 0.0125, cacheRead: 0.0025, output: 0.05, total: 0.065 });
  });

  it('applies the gpt-5.4 long-context tier from 272000 prompt tokens (data threshold: above 271999)', () => {
    // 272000*5 = 1360000 -> 1.36 (tier); 271999*2.5 = 679997.5 -> 0.6799975 (base)
    expect(book.price('gpt-5.4', usage({ inputTokens: 272_000 })).costUsd).toBe(1.36);
    expect(book.price('gpt-5.4', usage({ inputTokens: 271_999 })).costUsd).toBe(0.6799975);
  });
});

describe('Gemini', () => {
  it('prices gemini-2.5-pro with cached tokens and thoughts', () => {
    // input 8000*1.25 = 10000 -> 0.01; cached 2000*0.125 = 250 -> 0.00025;
    // output (candidates 500 + thoughts 1000) 1500*10 = 15000 -> 0.015; total 0.02525
    const cost = book.price(
      'gemini-2.5-pro',
      usage({ inputTokens: 8000, cacheReadTokens: 2000, outputTokens: 1500, reasoningTokens: 1000 }),
      { providerDialect: 'gemini' },
    );
    expect(cost).toMatchObject({ costUsd: 0.02525, priceRef: 'google/gemini-2.5-pro' });
    expect(cost.breakdown).toMatchObject({ input: 0.01, cacheRead: 0.00025, output: 0.015 });
  });

  it('prices a gemini-2.5-pro prompt above 200k at the higher tier', () => {
    // prompt 210000: 190000*2.5 = 475000 -> 0.475; 20000*0.25 = 5000 -> 0.005; 1000*15 = 15000 -> 0.015; 0.495
    const cost = book.price(
      'gemini-2.5-pro',
      usage({ inputTokens: 190_000, cacheReadTokens: 20_000, outputTokens: 1000 }),
    );
    expect(cost.costUsd).toBe(0.495);
  });
});

describe('name normalisation', () => {
  // claude-sonnet-4-5, input 1000*3 = 3000 -> 0.003 + output 100*15 = 1500 -> 0.0015 = 0.0045
  const sonnet = usage({ inputTokens: 1000, outputTokens: 100 });

  it.each([
    'claude-sonnet-4-5-20250929',
    'anthropic/claude-sonnet-4-5',
    'Anthropic/Claude-Sonnet-4-5',
    'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    'anthropic.claude-sonnet-4-5-20250929-v1:0',
    'claude-sonnet-4-5@20250929',
  ])('resolves %s to anthropic/claude-sonnet-4-5', (name) => {
    expect(book.price(name, sonnet)).toMatchObject({
      costUsd: 0.0045,
      priceRef: 'anthropic/claude-sonnet-4-5',
    });
  });

  it('resolves a Gemini modelVersion (models/...)', () => {
    // input 1000*0.3 = 300 -> 0.0003; output 1000*2.5 = 2500 -> 0.0025; total 0.0028
    const cost = book.price('models/gemini-2.5-flash', usage({ inputTokens: 1000, outputTokens: 1000 }));
    expect(cost).toMatchObject({ costUsd: 0.0028, priceRef: 'google/gemini-2.5-flash' });
  });

  it('drops an unknown dated suffix (gpt-4o-2099-01-01 -> gpt-4o)', () => {
    // 1000*2.5 = 2500 -> 0.0025
    expect(book.price('openai/gpt-4o-2099-01-01', usage({ inputTokens: 1000 }))).toMatchObject({
      costUsd: 0.0025,
      priceRef: 'openai/gpt-4o',
    });
  });

  it('lists candidates from most to least specific', () => {
    expect(nameCandidates('US.Anthropic.claude-sonnet-4-5-20250929-v1:0')).toEqual([
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'claude-sonnet-4-5-20250929-v1:0',
      'claude-sonnet-4-5-20250929',
      'claude-sonnet-4-5',
    ]);
    expect(nameCandidates('gpt-4o-2024-08-06')).toEqual(['gpt-4o-2024-08-06', 'gpt-4o']);
    expect(nameCandidates('openrouter/qwen/qwen3-coder')).toEqual([
      'openrouter/qwen/qwen3-coder',
      'qwen3-coder',
    ]);
  });
});

describe('provider hints', () => {
  it('uses the base URL to find providers that a model name alone does not reveal', () => {
    const u = usage({ inputTokens: 1000, outputTokens: 100 });
    // Perplexity has no model_match, so without the URL the name is unknown.
    expect(book.price('sonar-pro', u).costUsd).toBeNull();
    // input 1000*3 = 3000 -> 0.003; output 100*15 = 1500 -> 0.0015; per-request fee $14 per 1000 -> 0.014;
    // total 0.0185 (the fee is reported as `other`)
    const cost = book.price('sonar-pro', u, {
      providerDialect: 'openai',
      providerBaseUrl: 'https://api.perplexity.ai',
    });
    expect(cost).toMatchObject({ costUsd: 0.0185, priceRef: 'perplexity/sonar-pro' });
    expect(cost.breakdown).toEqual({
      input: 0.003,
      cacheRead: 0,
      cacheWrite5m: 0,
      cacheWrite1h: 0,
      output: 0.0015,
      other: 0.014,
      total: 0.0185,
    });
  });
});

describe('overrides', () => {
  const overridden = createPriceBook({
    overrides: {
      'claude-sonnet-4-5': { input: 1, output: 2 },
      'My-Local-*': { input: 0.5, output: 1 },
      'claude-*': { input: 100, output: 100 },
      'claude-opus-*': { input: 7, output: 7 },
      'big-ctx-model': {
        input: 1,
        output: 4,
        cacheRead: 0.1,
        tiers: [{ aboveInputTokens: 100_000, input: 2, output: 6, cacheRead: 0.2 }],
      },
    },
  });

  it('beats the bundled data, also for prefixed and dated names', () => {
    // input 1000*1 = 1000 -> 0.001; output 1000*2 = 2000 -> 0.002; total 0.003
    const u = usage({ inputTokens: 1000, outputTokens: 1000 });
    for (const name of ['claude-sonnet-4-5', 'anthropic/claude-sonnet-4-5-20250929']) {
      expect(overridden.price(name, u)).toEqual({
        costUsd: 0.003,
        priceSource: 'override',
        priceRef: 'override:claude-sonnet-4-5',
        breakdown: {
          input: 0.001,
          cacheRead: 0,
          cacheWrite5m: 0,
          cacheWrite1h: 0,
          output: 0.002,
          total: 0.003,
        },
      });
    }
  });

  it('matches globs case-insensitively, most specific first', () => {
    // input 2000*0.5 = 1000 -> 0.001; output 1000*1 = 1000 -> 0.001; total 0.002
    expect(
      overridden.price('my-local-llama-70b', usage({ inputTokens: 2000, outputTokens: 1000 })),
    ).toMatchObject({
      costUsd: 0.002,
      priceRef: 'override:My-Local-*',
    });
    // claude-opus-* (12 literal chars) beats claude-* (7): 1000*7 = 7000 -> 0.007
    expect(overridden.price('claude-opus-4-1', usage({ inputTokens: 1000 }))).toMatchObject({
      costUsd: 0.007,
      priceRef: 'override:claude-opus-*',
    });
  });

  it('applies an override tier to the whole request', () => {
    // prompt 90000 + 20000 = 110000 > 100000: 90000*2 = 180000 -> 0.18; 20000*0.2 = 4000 -> 0.004;
    // output 1000*6 = 6000 -> 0.006; total 0.19
    const cost = overridden.price(
      'big-ctx-model',
      usage({ inputTokens: 90_000, cacheReadTokens: 20_000, outputTokens: 1000 }),
    );
    expect(cost).toMatchObject({ costUsd: 0.19, priceRef: 'override:big-ctx-model' });
    expect(cost.breakdown).toMatchObject({ input: 0.18, cacheRead: 0.004, output: 0.006 });
  });

  it('rejects negative or non-finite prices', () => {
    expect(() => createPriceBook({ overrides: { x: { input: -1, output: 1 } } })).toThrow(/non-negative/);
    expect(() => createPriceBook({ overrides: { x: { input: Number.NaN, output: 1 } } })).toThrow(
      /non-negative/,
    );
  });
});

describe('unpriced and zero', () => {
  it('returns unpriced (null, never $0) for an unknown model', () => {
    expect(book.price('totally-unknown-model-xyz', usage({ inputTokens: 1000, outputTokens: 1000 }))).toEqual(
      {
        costUsd: null,
        priceSource: 'unpriced',
        priceRef: null,
        breakdown: null,
      },
    );
  });

  it('prices zero usage of a known model as a real $0', () => {
    expect(book.price('claude-sonnet-4-5', ZERO_USAGE)).toEqual({
      costUsd: 0,
      priceSource: SOURCE,
      priceRef: 'anthropic/claude-sonnet-4-5',
      breakdown: { input: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0, total: 0 },
    });
  });

  it('refuses to price invalid usage', () => {
    expect(book.price('claude-sonnet-4-5', usage({ inputTokens: -5 })).costUsd).toBeNull();
  });
});

describe('data file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'farebox-prices-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const dataFile = join(dir, 'prices.json');
  writeFileSync(
    dataFile,
    JSON.stringify({
      source: '@pydantic/genai-prices',
      packageVersion: '9.9.9-test',
      extractedAt: '2026-01-01T00:00:00.000Z',
      providers: [
        {
          id: 'acme',
          name: 'Acme',
          api_pattern: 'https://api\\.acme\\.test',
          model_match: { starts_with: 'acme-' },
          models: [{ id: 'acme-1', match: { equals: 'acme-1' }, prices: { input_mtok: 1, output_mtok: 2 } }],
        },
      ],
    }),
  );

  it('prices from the given file, and books on different files do not disturb each other', () => {
    const custom = createPriceBook({ dataFile });
    expect(custom.dataVersion).toBe('genai-prices@9.9.9-test');
    // input 1000*1 = 1000 -> 0.001; output 1000*2 = 2000 -> 0.002; total 0.003
    expect(custom.price('acme-1', usage({ inputTokens: 1000, outputTokens: 1000 }))).toMatchObject({
      costUsd: 0.003,
      priceSource: 'genai-prices@9.9.9-test',
      priceRef: 'acme/acme-1',
    });
    expect(custom.price('claude-haiku-4-5', usage({ inputTokens: 1000 })).costUsd).toBeNull();
    // A name the default book has not resolved yet still resolves against its own data: 1000*1 -> 0.001
    expect(book.price('claude-haiku-4-5', usage({ inputTokens: 1000 })).costUsd).toBe(0.001);
    expect(book.price('acme-1', usage({ inputTokens: 1000 })).costUsd).toBeNull();
    expect(custom.price('acme-1', usage({ outputTokens: 1000 }), { at: new Date() }).costUsd).toBe(0.002);
  });
});
