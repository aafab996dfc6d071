import { describe, expect, it } from 'vitest';
import {
  formatMonth,
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

  it('keeps fractions of a cent visible', () => {
    expect(formatUsd(0.00123, 'en-US')).toBe('$0.0012');
  });

  it('says "unpriced", never $0, for an unknown price', () => {
    expect(formatUsd(null, 'en-US')).toBe('unpriced');
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
