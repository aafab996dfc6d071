import { describe, expect, it } from 'vitest';
import { costFromOverride, isValidUsage, roundUsd, type PriceOverride } from '../../../shared/pricing';
import { ZERO_USAGE, type TokenUsage } from '../../../shared/usage';

function usage(parts: Partial<TokenUsage>): TokenUsage {
  return { ...ZERO_USAGE, ...parts };
}

describe('roundUsd', () => {
  it('removes float noise at 12 decimals without rounding to cents', () => {
    expect(roundUsd(0.1 + 0.2)).toBe(0.3);
    // One token at $3/MTok is three micro-dollars, not $0.00.
    expect(roundUsd((1 * 3) / 1e6)).toBe(0.000003);
    expect(roundUsd(1.2345678901236)).toBe(1.234567890124);
  });
});

describe('costFromOverride', () => {
  const full: PriceOverride = { input: 2, output: 8, cacheRead: 0.5, cacheWrite: 2.5, cacheWrite1h: 4 };

  it('prices every bucket at its own rate', () => {
    // input 1000*2 = 2000 -> 0.002; read 2000*0.5 = 1000 -> 0.001; 5m 400*2.5 = 1000 -> 0.001;
    // 1h 100*4 = 400 -> 0.0004; output 300*8 = 2400 -> 0.0024; total 0.0068
    expect(
      costFromOverride(
        usage({
          inputTokens: 1000,
          cacheReadTokens: 2000,
          cacheWrite5mTokens: 400,
          cacheWrite1hTokens: 100,
          outputTokens: 300,
          reasoningTokens: 200,
        }),
        full,
      ),
    ).toEqual({
      input: 0.002,
      cacheRead: 0.001,
      cacheWrite5m: 0.001,
      cacheWrite1h: 0.0004,
      output: 0.0024,
      total: 0.0068,
    });
  });

  it('falls back to the input rate for cache reads and writes, and to the write rate for 1h writes', () => {
    const u = usage({ cacheReadTokens: 1000, cacheWrite5mTokens: 1000, cacheWrite1hTokens: 1000 });
    // all three at $1/MTok: 1000*1 = 1000 -> 0.001 each
    expect(costFromOverride(u, { input: 1, output: 2 })).toMatchObject({
      cacheRead: 0.001,
      cacheWrite5m: 0.001,
      cacheWrite1h: 0.001,
      total: 0.003,
    });
    // 1h falls back to cacheWrite 1.25: 1000*1.25 = 1250 -> 0.00125
    expect(costFromOverride(u, { input: 1, output: 2, cacheWrite: 1.25 }).cacheWrite1h).toBe(0.00125);
  });

  describe('tiers', () => {
    const tiered: PriceOverride = {
      input: 3,
      output: 15,
      cacheRead: 0.3,
      tiers: [{ aboveInputTokens: 200_000, input: 6, output: 22.5, cacheRead: 0.6 }],
    };

    it('stays on the base rates at exactly the threshold', () => {
      // prompt 150000 + 50000 = 200000 (not above): 150000*3 = 450000 -> 0.45; 50000*0.3 = 15000 -> 0.015;
      // 1000*15 = 15000 -> 0.015; total 0.48
      const cost = costFromOverride(
        usage({ inputTokens: 150_000, cacheReadTokens: 50_000, outputTokens: 1000 }),
        tiered,
      );
      expect(cost).toMatchObject({ input: 0.45, cacheRead: 0.015, output: 0.015, total: 0.48 });
    });

    it('prices the whole request at the tier once the prompt is above it', () => {
      // prompt 150000 + 50001 = 200001: 150000*6 = 900000 -> 0.9; 50001*0.6 = 30000.6 -> 0.0300006;
      // 1000*22.5 = 22500 -> 0.0225; total 0.9525006
      const cost = costFromOverride(
        usage({ inputTokens: 150_000, cacheReadTokens: 50_001, outputTokens: 1000 }),
        tiered,
      );
      expect(cost).toMatchObject({ input: 0.9, cacheRead: 0.0300006, output: 0.0225, total: 0.9525006 });
    });

    it('uses the highest threshold exceeded, whatever the configured order', () => {
      const o: PriceOverride = {
        input: 1,
        output: 1,
        tiers: [
          { aboveInputTokens: 500_000, input: 4, output: 4 },
          { aboveInputTokens: 100_000, input: 2, output: 2 },
        ],
      };
      // 600000*4 = 2400000 -> 2.4
      expect(costFromOverride(usage({ inputTokens: 600_000 }), o).total).toBe(2.4);
      // 200000*2 = 400000 -> 0.4
      expect(costFromOverride(usage({ inputTokens: 200_000 }), o).total).toBe(0.4);
    });
  });

  it('rounds away float noise but keeps sub-cent amounts', () => {
    // 3 tokens * $0.1/MTok = 3.0000000000000004e-7 in floats -> 3e-7
    expect(costFromOverride(usage({ inputTokens: 3 }), { input: 0.1, output: 0 }).total).toBe(3e-7);
  });

  it('prices zero usage at zero', () => {
    expect(costFromOverride(ZERO_USAGE, full)).toEqual({
      input: 0,
      cacheRead: 0,
      cacheWrite5m: 0,
      cacheWrite1h: 0,
      output: 0,
      total: 0,
    });
  });
});

describe('isValidUsage', () => {
  it('rejects negative and non-finite counts', () => {
    expect(isValidUsage(usage({ inputTokens: 5 }))).toBe(true);
    expect(isValidUsage(usage({ inputTokens: -1 }))).toBe(false);
    expect(isValidUsage(usage({ outputTokens: Number.NaN }))).toBe(false);
    expect(isValidUsage(usage({ cacheReadTokens: Infinity }))).toBe(false);
  });
});
