import { describe, expect, it } from 'vitest';
import {
  observeSubscriptionHeaders,
  parseSubscriptionHeaders,
  readWindows,
  storeWindows,
} from '../../../../electron/core/capacity/subscription-headers';
import { openDatabase } from '../../../../electron/core/store/open-database';

const NOW = Date.parse('2026-03-12T09:30:00Z'); // 1773307800 s
const FIVE_H_RESET_S = 1_773_316_800; // 2026-03-12T12:00:00Z
const WEEK_RESET_S = 1_773_792_000; // 2026-03-18T00:00:00Z

/** What a Claude Max 20x subscription (OAuth) response carries. */
const CLAUDE_MAX = {
  'content-type': 'application/json',
  'request-id': 'req_011CVxYz',
  'anthropic-ratelimit-unified-status': 'allowed',
  'anthropic-ratelimit-unified-reset': String(FIVE_H_RESET_S),
  'anthropic-ratelimit-unified-representative-claim': 'five_hour',
  'anthropic-ratelimit-unified-fallback-percentage': '0.5',
  'anthropic-ratelimit-unified-5h-status': 'allowed',
  'anthropic-ratelimit-unified-5h-reset': String(FIVE_H_RESET_S),
  'anthropic-ratelimit-unified-5h-utilization': '0.37',
  'anthropic-ratelimit-unified-7d-status': 'allowed_warning',
  'anthropic-ratelimit-unified-7d-reset': String(WEEK_RESET_S),
  'anthropic-ratelimit-unified-7d-utilization': '0.81',
  'anthropic-ratelimit-unified-7d_sonnet-utilization': '0.12',
  'anthropic-ratelimit-unified-7d_sonnet-reset': String(WEEK_RESET_S),
  'anthropic-ratelimit-unified-overage-status': 'rejected',
  'anthropic-ratelimit-unified-overage-disabled-reason': 'org_level_disabled',
};

/** What a ChatGPT Pro Codex response carries. */
const CODEX_PRO = {
  'x-codex-plan-type': 'pro',
  'x-codex-active-limit': 'codex',
  'x-codex-primary-used-percent': '23',
  'x-codex-primary-window-minutes': '300',
  'x-codex-primary-reset-after-seconds': '9000',
  'x-codex-secondary-used-percent': '57.5',
  'x-codex-secondary-window-minutes': '10080',
  'x-codex-secondary-reset-at': String(WEEK_RESET_S),
  'x-codex-credits-has-credits': 'False',
};

describe('parseSubscriptionHeaders', () => {
  it('reads a Claude Max header set into its windows', () => {
    expect(parseSubscriptionHeaders(CLAUDE_MAX, NOW)).toEqual([
      {
        window: 'five_hour',
        utilization: 0.37,
        resetsAt: FIVE_H_RESET_S * 1000,
        windowMinutes: 300,
        status: 'allowed',
      },
      {
        window: 'seven_day',
        utilization: 0.81,
        resetsAt: WEEK_RESET_S * 1000,
        windowMinutes: 10_080,
        status: 'allowed_warning',
      },
      {
        window: 'seven_day_sonnet',
        utilization: 0.12,
        resetsAt: WEEK_RESET_S * 1000,
        windowMinutes: 10_080,
        status: null,
      },
      { window: 'overage', utilization: null, resetsAt: null, windowMinutes: null, status: 'rejected' },
      // The plan as a whole: its status and reset, with the binding (representative) window's utilization.
      {
        window: 'unified',
        utilization: 0.37,
        resetsAt: FIVE_H_RESET_S * 1000,
        windowMinutes: 300,
        status: 'allowed',
      },
    ]);
  });

  it('reads a Codex Pro header set (fetch Headers, any case)', () => {
    const headers = new Headers(
      Object.entries(CODEX_PRO).map(([k, v]): [string, string] => [k.toUpperCase(), v]),
    );
    expect(parseSubscriptionHeaders(headers, NOW)).toEqual([
      // reset-after-seconds is relative to when the response was seen.
      { window: 'primary', utilization: 0.23, resetsAt: NOW + 9_000_000, windowMinutes: 300, status: null },
      {
        window: 'secondary',
        utilization: 0.575,
        resetsAt: WEEK_RESET_S * 1000,
        windowMinutes: 10_080,
        status: null,
      },
    ]);
  });

  it('accepts Node header records with array values and [name, value] pairs', () => {
    const windows = parseSubscriptionHeaders(
      { 'x-codex-primary-used-percent': ['40', '99'], 'X-Codex-Primary-Window-Minutes': 300 },
      NOW,
    );
    expect(windows).toEqual([
      { window: 'primary', utilization: 0.4, resetsAt: null, windowMinutes: 300, status: null },
    ]);
    expect(
      parseSubscriptionHeaders(
        [
          ['anthropic-ratelimit-unified-5h-utilization', '0.5'],
          ['anthropic-ratelimit-unified-7d-sonnet-utilization', '0.25'],
        ],
        NOW,
      ).map((w) => [w.window, w.utilization]),
    ).toEqual([
      ['five_hour', 0.5],
      ['seven_day_sonnet', 0.25],
    ]);
    // fetch joins repeated headers with ", ": the first value wins.
    const joined = new Headers();
    joined.append('x-codex-primary-used-percent', '10');
    joined.append('x-codex-primary-used-percent', '90');
    expect(parseSubscriptionHeaders(joined, NOW)[0]?.utilization).toBe(0.1);
  });

  it('finds nothing in ordinary API responses', () => {
    expect(
      parseSubscriptionHeaders(
        {
          'anthropic-ratelimit-requests-limit': '4000',
          'anthropic-ratelimit-tokens-remaining': '390000',
          'x-ratelimit-remaining-tokens': '149984',
        },
        NOW,
      ),
    ).toEqual([]);
    expect(parseSubscriptionHeaders({}, NOW)).toEqual([]);
  });

  it('drops garbage values instead of trusting them', () => {
    const windows = parseSubscriptionHeaders(
      {
        'anthropic-ratelimit-unified-5h-utilization': 'NaN',
        'anthropic-ratelimit-unified-5h-reset': '99999999999999999999',
        'anthropic-ratelimit-unified-5h-status': '<script>alert(1)</script>',
        'anthropic-ratelimit-unified-7d-utilization': '0x10',
        'anthropic-ratelimit-unified-7d-reset': '',
        'anthropic-ratelimit-unified-7d-status': 'Allowed',
        'anthropic-ratelimit-unified-7d_x-utilization': '-0.2',
        'anthropic-ratelimit-unified-7d_y-utilization': '1e400',
        'anthropic-ratelimit-unified-7d_z-utilization': '250',
        'x-codex-primary-used-percent': '12abc',
        'x-codex-primary-window-minutes': 'garbage',
        'x-codex-primary-reset-after-seconds': '-60',
        'x-codex-secondary-used-percent': '150',
        'x-codex-secondary-window-minutes': '1.5',
        'x-codex-secondary-reset-at': '1773792000000',
      },
      NOW,
    );
    expect(windows).toEqual([
      // Only the word survives (lowercased).
      { window: 'seven_day', utilization: null, resetsAt: null, windowMinutes: 10_080, status: 'allowed' },
      // Percentages are capped at 100 %; a reset given in milliseconds is recognised as such.
      {
        window: 'secondary',
        utilization: 1,
        resetsAt: WEEK_RESET_S * 1000,
        windowMinutes: null,
        status: null,
      },
    ]);
    // A percentage from a proxy that re-emits Anthropic's fraction as percent.
    expect(
      parseSubscriptionHeaders({ 'anthropic-ratelimit-unified-5h-utilization': '42' }, NOW)[0]?.utilization,
    ).toBe(0.42);
  });

  it('bounds what a flood of window headers can produce, and survives hostile objects', () => {
    const flood: Record<string, string> = {};
    for (let i = 0; i < 500; i += 1) flood[`anthropic-ratelimit-unified-7d_m${i}-utilization`] = '0.1';
    expect(parseSubscriptionHeaders(flood, NOW).length).toBeLessThanOrEqual(16);
    const hostile = {
      *[Symbol.iterator]() {
        yield ['x-codex-primary-used-percent', '5'] as const;
        throw new Error('boom');
      },
    };
    expect(parseSubscriptionHeaders(hostile, NOW)).toEqual([
      { window: 'primary', utilization: 0.05, resetsAt: null, windowMinutes: null, status: null },
    ]);
    expect(parseSubscriptionHeaders(null as never, NOW)).toEqual([]);
  });
});

describe('storing windows', () => {
  it('upserts the latest observation per provider and window, and reads them back', () => {
    const db = openDatabase(':memory:');
    try {
      expect(observeSubscriptionHeaders(db, 'claude-max', CLAUDE_MAX, NOW)).toHaveLength(5);
      observeSubscriptionHeaders(db, 'codex', CODEX_PRO, NOW);
      expect(readWindows(db).map((w) => `${w.provider}/${w.window}`)).toEqual([
        'claude-max/five_hour',
        'claude-max/overage',
        'claude-max/seven_day',
        'claude-max/seven_day_sonnet',
        'claude-max/unified',
        'codex/primary',
        'codex/secondary',
      ]);
      // A later response replaces the window; an older one (arriving late) does not.
      storeWindows(
        db,
        'codex',
        [{ window: 'primary', utilization: 0.3, resetsAt: null, windowMinutes: 300, status: null }],
        NOW + 1_000,
      );
      storeWindows(
        db,
        'codex',
        [{ window: 'primary', utilization: 0.1, resetsAt: null, windowMinutes: 300, status: null }],
        NOW - 1_000,
      );
      expect(readWindows(db, 'codex')).toEqual([
        {
          provider: 'codex',
          window: 'primary',
          utilization: 0.3,
          resetsAt: null,
          windowMinutes: 300,
          status: null,
          observedAt: NOW + 1_000,
        },
        {
          provider: 'codex',
          window: 'secondary',
          utilization: 0.575,
          resetsAt: WEEK_RESET_S * 1000,
          windowMinutes: 10_080,
          status: null,
          observedAt: NOW,
        },
      ]);
      // Ordinary responses store nothing.
      expect(observeSubscriptionHeaders(db, 'openai', { 'x-request-id': 'req_1' }, NOW)).toEqual([]);
      expect(readWindows(db, 'openai')).toEqual([]);
    } finally {
      db.close();
    }
  });
});
