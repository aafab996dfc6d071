import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatMonth,
  formatPercent,
  formatUsdCompact,
  usdDecimals,
  formatSpend,
  formatUsd,
  inputTokensOf,
  modelOf,
} from '../../../renderer/src/lib/format';

describe('money formatting', () => {
  it('always shows the currency', () => {
    expect(formatUsd(12.5, 'en-US')).toBe('$12.50');
    expect(formatUsd(0, 'en-US')).toBe('$0.00');
    expect(formatUsd(12.5, 'de-DE')).toMatch(/12,50\s\$/);
  });

  it('keeps fractions of a cent visible: two decimals from $1, significant digits below', () => {
    expect(formatUsd(0.00123, 'en-US')).toBe('$0.00123');
    expect(formatUsd(1234.5678, 'en-US')).toBe('$1,234.57');
    expect(formatUsd(1, 'en-US')).toBe('$1.00');
    expect(formatUsd(0.5, 'en-US')).toBe('$0.50');
    expect(formatUsd(0.123456, 'en-US')).toBe('$0.123');
    expect(formatUsd(0.0000123, 'en-US')).toBe('$0.000012');
    expect(formatUsd(-0.0042, 'en-US')).toBe('-$0.0042');
    expect(usdDecimals(0)).toBe(2);
    expect(usdDecimals(0.05)).toBe(4);
  });

  it('never rounds a tiny amount down to $0', () => {
    expect(formatUsd(0.0000001, 'en-US')).toBe('< $0.000001');
    expect(formatUsd(0.000001, 'en-US')).toBe('$0.000001');
  });

  it('has short forms for axes, percentages and countdowns', () => {
    expect(formatUsdCompact(1500, 'en-US')).toBe('$1.5K');
    expect(formatUsdCompact(0.004, 'en-US')).toBe('$0.004');
    expect(formatPercent(0.256, 'en-US')).toBe('26%');
    expect(formatPercent(0.256, 'en-US', 1)).toBe('25.6%');
    expect(formatDuration(-5)).toBe('now');
    expect(formatDuration(42_000)).toBe('42s');
    expect(formatDuration(125_000)).toBe('2m 05s');
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe('2h 05m');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3d 4h');
  });

  it('says "unpriced", never $0, for an unknown price', () => {
    expect(formatUsd(null, 'en-US')).toBe('unpriced');
    expect(formatUsd(undefined, 'en-US')).toBe('unpriced');
    expect(formatUsd(Number.NaN, 'en-US')).toBe('unpriced');
    expect(formatSpend({ costUsd: 0, requests: 3, unpricedRequests: 3 }, 'en-US')).toBe('unpriced');
    expect(formatSpend({ costUsd: 1, requests: 3, unpricedRequests: 1 }, 'en-US')).toBe('$1.00 + 1 unpriced');
    expect(formatSpend({ costUsd: 1, requests: 3, unpricedRequests: 0 }, 'en-US')).toBe('$1.00');
  });
});

describe('request fields', () => {
  it('prefers the served model and counts cached input as input', () => {
    expect(modelOf({ servedModel: 'a', requestedModel: 'b' })).toBe('a');
    expect(modelOf({ servedModel: null, requestedModel: 'b' })).toBe('b');
    expect(inputTokensOf({ inputTokens: 10, cacheReadTokens: 5, cacheWriteTokens: 2 })).toBe(17);
  });

  it('names the month', () => {
    expect(formatMonth('2025-11', 'en-US')).toBe('November 2025');
    expect(formatMonth('garbage', 'en-US')).toBe('garbage');
  });
});
