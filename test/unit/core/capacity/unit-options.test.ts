import { describe, expect, it } from 'vitest';
import { pct, unitOptions, usd } from '../../../../electron/core/capacity/pool-report';

describe('unitOptions', () => {
  it('walks to the cheapest unit count, several units away if need be', () => {
    // 10 minutes at 5,000 token-equivalents; a unit serves 1,000/min and costs $1; spillover $0.0002 a token.
    // N ≤ 5 units: $N + (5,000 − 1,000 N) × 10 min × $0.0002 = $N + $2 (5 − N) = $(10 − N); 6 units: $6.
    const options = unitOptions(1, 1_000, 1, Array(10).fill(5_000), 0.0002);
    expect(options.map((o) => [o.units, o.totalUsd])).toEqual([
      [0, 10],
      [1, 9],
      [2, 8],
      [4, 6],
      [5, 5],
      [6, 6],
    ]);
    expect(options.find((o) => o.units === 2)).toEqual({
      units: 2,
      reservationUsd: 2,
      spilloverTokens: 30_000,
      spilloverUsd: 6,
      totalUsd: 8,
    });
  });

  it('values spillover minute by minute, not from the period average', () => {
    // Average demand 1,000/min fits one unit, but the 2,000 minute spills 1,000 tokens.
    const options = unitOptions(1, 1_000, 0.1, [2_000, 0], 0.001);
    expect(options.find((o) => o.units === 1)).toMatchObject({ spilloverTokens: 1_000, totalUsd: 1.1 });
    // One more unit ($0.10) absorbs $1 of spillover.
    expect(options.map((o) => [o.units, o.totalUsd])).toEqual([
      [0, 2],
      [1, 1.1],
      [2, 0.2],
      [3, 0.3],
    ]);
  });

  it('keeps the count on ties and without demand removes every unit', () => {
    expect(unitOptions(2, 1_000, 1, [2_000], 0.001).map((o) => [o.units, o.totalUsd])).toEqual([
      [1, 2],
      [2, 2],
      [3, 3],
    ]);
    expect(unitOptions(3, 1_000, 1, [], 0).map((o) => [o.units, o.totalUsd])).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ]);
  });
});

describe('money and percentages in words', () => {
  it('shows cents for whole cents and micro-dollars otherwise', () => {
    expect(usd(1_488)).toBe('$1,488.00');
    expect(usd(3.96)).toBe('$3.96');
    expect(usd(0.002691)).toBe('$0.002691');
    expect(usd(-5.46)).toBe('-$5.46');
    expect(usd(1_234_567.1234567)).toBe('$1,234,567.123457');
    expect(pct(0.28125)).toBe('28.1%');
  });
});
