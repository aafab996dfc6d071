import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roundUsd } from '../../../shared/pricing';
import {
  poolReport,
  type ProvisionedPoolReport,
  type SubscriptionPoolReport,
} from '../../../electron/core/capacity/pool-report';
import { poolSchema, validatePools, type PoolConfig } from '../../../electron/core/capacity/pool-schema';
import { observeSubscriptionHeaders } from '../../../electron/core/capacity/subscription-headers';
import { createPriceBook } from '../../../electron/core/economics/price-book';
import { openDatabase, type Db } from '../../../electron/core/store/open-database';
import { insertDay, insertRows, POOLS, PROVIDERS } from './pool-fixture';

const DAY = Date.parse('2026-03-10T00:00:00Z');
const NEXT_DAY = Date.parse('2026-03-11T00:00:00Z');
const NOW = Date.parse('2026-03-12T09:30:00Z');
const RANGE = { from: DAY, until: NEXT_DAY };

let dir: string;
let db: Db;
let pools: PoolConfig[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'farebox-pools-'));
  db = openDatabase(join(dir, 'farebox.db'));
  insertDay(db, DAY);
  const checked = validatePools(POOLS, new Set(PROVIDERS.map((p) => p.id)));
  expect(checked.problems).toEqual([]);
  pools = checked.pools;
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function provisioned(id: string, range = RANGE, now = NOW, list = pools): ProvisionedPoolReport {
  const entry = poolReport(db, list, undefined, range, now).pools.find((p) => p.id === id);
  if (entry?.kind !== 'provisioned') throw new Error(`no provisioned pool ${id}`);
  return entry;
}

function subscription(id: string): SubscriptionPoolReport {
  const entry = poolReport(db, pools, undefined, RANGE, NOW).pools.find((p) => p.id === id);
  if (entry?.kind !== 'subscription') throw new Error(`no subscription ${id}`);
  return entry;
}

describe('a provisioned pool over a hand-worked day (see pool-fixture.ts)', () => {
  it('measures traffic, utilization and the reservation', () => {
    const r = provisioned('ptu-east');
    // 1,440 minutes × 1 request + 60 busy minutes × 3 more = 1,620 requests.
    expect(r.requests).toBe(1_620);
    expect(r.unpricedRequests).toBe(0);
    // Tokens: 1,620 × (2,000 + 3,000 + 250) = 8,505,000.
    expect(r.tokens).toEqual({
      input: 3_240_000,
      cacheRead: 4_860_000,
      cacheWrite: 0,
      output: 405_000,
      total: 8_505_000,
    });
    // Consumption: 1,620 × 3,000 = 4,860,000 token-equivalents (the 4,860,000 cache reads are free).
    expect(r.consumedTokens).toBe(4_860_000);
    expect(r.period).toEqual({
      from: '2026-03-10T00:00:00.000Z',
      until: '2026-03-11T00:00:00.000Z',
      minutes: 1_440,
      hours: 24,
    });
    // Average: 4,860,000 ÷ (12,000 × 1,440 = 17,280,000) = 28.125 %.
    // Peak minute: 4 × 3,000 = 12,000 = 100 % (first at 14:00); with the 2 spilled requests 18,000 = 150 %.
    expect(r.utilization).toEqual({
      average: 0.28125,
      peakMinute: 1,
      peakMinuteAt: '2026-03-10T14:00:00.000Z',
      peakDemand: 1.5,
      activeMinutes: 1_440,
      minutesAtCapacity: 60,
      minutesWithSpillover: 60,
    });
    // Reservation: 2 units × 24 h × $1 = $48; one unit $24 for the day, $730 for a 730-hour month.
    expect(r.reservationUsd).toBe(48);
    expect(r.unitUsd).toBe(24);
    expect(r.unitMonthUsd).toBe(730);
  });

  it('compares the reservation with the same traffic on demand', () => {
    const r = provisioned('ptu-east');
    // On-demand equivalent: 1,620 × $0.033 = $53.46; the reservation saved $53.46 − $48 = $5.46.
    expect(r.onDemandEquivalentUsd).toBe(53.46);
    expect(r.savingsUsd).toBe(5.46);
    // Effective: $48 ÷ 8,505,000 tokens × 1e6 = $5.643739.../M; on demand $53.46 ÷ 8.505 = $6.285714.../M (= 44/7).
    expect(r.effectiveUsdPerMTok).toBeCloseTo(48 / 8.505, 12);
    expect(r.onDemandUsdPerMTok).toBeCloseTo(44 / 7, 12);
    // Spillover: 60 minutes × 2 requests = 120 on-demand gpt-4.1 requests, 360,000 equivalents, 120 × $0.033.
    expect(r.spillover).toEqual({
      requests: 120,
      unpricedRequests: 0,
      tokens: { input: 240_000, cacheRead: 360_000, cacheWrite: 0, output: 30_000, total: 630_000 },
      consumedTokens: 360_000,
      costUsd: 3.96,
    });
    // All on demand: $53.46 + $3.96 = $57.42; paid: $48 + $3.96 = $51.96.
    expect(r.allOnDemandUsd).toBe(57.42);
    expect(r.paidUsd).toBe(51.96);
    // Blend: $57.42 ÷ 5,220,000 equivalents = $11 per million.
    expect(r.usdPerMTokEquivalent).toBe(11);
    // Break-even: $48 ÷ ($11/M × 12,000 × 1,440 = $190.08) = 25.2525... %.
    expect(r.breakEvenUtilization).toBe(Number((48 / 190.08).toFixed(12)));
  });

  it('recommends removing a unit, with the arithmetic', () => {
    const r = provisioned('ptu-east');
    // N units: N × $24 + (demand above N × 6,000 per minute) × $11/M.
    //   0 units: $0 + 5,220,000 × $11/M = $57.42
    //   1 unit:  $24 + 60 busy minutes × (18,000 − 6,000) = 720,000 × $11/M = $7.92 → $31.92
    //   2 units: $48 + 60 × (18,000 − 12,000) = 360,000 → $3.96 → $51.96 (now)
    //   3 units: $72 + 0 → $72
    // Cheapest: 1 unit, saving $51.96 − $31.92 = $20.04 for the day.
    expect(r.recommendation.options).toEqual([
      { units: 0, reservationUsd: 0, spilloverTokens: 5_220_000, spilloverUsd: 57.42, totalUsd: 57.42 },
      { units: 1, reservationUsd: 24, spilloverTokens: 720_000, spilloverUsd: 7.92, totalUsd: 31.92 },
      { units: 2, reservationUsd: 48, spilloverTokens: 360_000, spilloverUsd: 3.96, totalUsd: 51.96 },
      { units: 3, reservationUsd: 72, spilloverTokens: 0, spilloverUsd: 0, totalUsd: 72 },
    ]);
    expect(r.recommendation.action).toBe('remove');
    expect(r.recommendation.units).toBe(1);
    expect(r.recommendation.summary).toBe('remove 1 unit');
    const text = r.recommendation.explanation;
    expect(text).toContain('Utilization 28.1% on average over 1,440 minutes');
    expect(text).toContain('peak minute 100.0% of 12,000 tokens/min (2026-03-10T14:00Z)');
    expect(text).toContain('peak demand with spillover 150.0%');
    expect(text).toContain('120 request(s) for covered models went on demand (spillover $3.96)');
    expect(text).toContain('would have cost $53.46 on demand against $48.00 reserved (saved $5.46)');
    expect(text).toContain(
      'Break-even utilization 25.3% = $48.00 reserved ÷ $190.08 (12,000 tokens/min × 1,440 min at $11.00 per million token-equivalents)',
    );
    expect(text).toContain('Each unit (6,000 tokens/min) costs $24.00 for the period ($730.00/month)');
    expect(text).toContain('  1 unit: $24.00 + $7.92 spillover (720,000 token-equivalents) = $31.92');
    expect(text).toContain('  2 units (now): $48.00 + $3.96 spillover (360,000 token-equivalents) = $51.96');
    expect(text).toContain('→ remove 1 unit: $31.92 instead of $51.96, saving $20.04 for the period.');
  });

  it('recommends adding a unit when the spillover costs more than a unit', () => {
    const r = provisioned('ptu-west');
    // 60 minutes × 2 pool requests B = 120 requests, 360,000 equivalents, $3.60 at list price.
    expect(r.requests).toBe(120);
    expect(r.onDemandEquivalentUsd).toBe(3.6);
    // Reservation: $73/month × 24 h ÷ 730 h = $2.40.
    expect(r.reservationUsd).toBe(2.4);
    // Average 360,000 ÷ (6,000 × 1,440 = 8,640,000) = 4.1666... %; peak minute 100 %, demand 200 %.
    expect(r.utilization.average).toBe(Number((360_000 / 8_640_000).toFixed(12)));
    expect(r.utilization.peakDemand).toBe(2);
    // Spillover 120 × $0.03 = $3.60. Blend $7.20 ÷ 720,000 = $10/M.
    expect(r.spillover.costUsd).toBe(3.6);
    expect(r.usdPerMTokEquivalent).toBe(10);
    // Break-even: $2.40 ÷ ($10/M × 6,000 × 1,440 = $86.40) = 2.777... %.
    expect(r.breakEvenUtilization).toBe(Number((2.4 / 86.4).toFixed(12)));
    //   1 unit (now): $2.40 + 60 × 6,000 = 360,000 × $10/M = $3.60 → $6.00
    //   2 units:      $4.80 + 0 → $4.80        3 units: $7.20        0 units: $7.20
    expect(r.recommendation.options!.map((o) => [o.units, o.totalUsd])).toEqual([
      [0, 7.2],
      [1, 6],
      [2, 4.8],
      [3, 7.2],
    ]);
    expect(r.recommendation.summary).toBe('add 1 unit');
    expect(r.recommendation.explanation).toContain(
      '→ add 1 unit: $4.80 instead of $6.00, saving $1.20 for the period (+$73.00/month of reservation',
    );
  });

  it('clips the period to the term and to now', () => {
    const clipped = pools.map((p) =>
      p.id === 'ptu-east'
        ? poolSchema.parse({ ...POOLS[0], term: { start: '2026-03-10T12:00:00Z', end: '2027-03-10' } })
        : p,
    );
    // From the term's start (12:00) to now (18:00): 360 minutes, one pool request each plus 3 × 60 in the busy
    // hour (14:00–15:00 is inside) = 540 requests; reservation 2 units × 6 h × $1 = $12.
    const r = provisioned('ptu-east', RANGE, Date.parse('2026-03-10T18:00:00Z'), clipped);
    expect(r.period).toMatchObject({ from: '2026-03-10T12:00:00.000Z', until: '2026-03-10T18:00:00.000Z' });
    expect(r.period.minutes).toBe(360);
    expect(r.requests).toBe(540);
    expect(r.reservationUsd).toBe(12);
    // 1 unit: $6 + 60 × 12,000 × $11/M = $7.92 → $13.92 vs 2 units: $12 + $3.96 = $15.96; the term runs to 2027.
    expect(r.recommendation.explanation).toContain(
      '→ remove 1 unit: $13.92 instead of $15.96, saving $2.04 for the period; the term commits them until 2027-03-10, so remove them at renewal.',
    );
    // A range entirely before the term: nothing to compare.
    const before = provisioned('ptu-east', { from: DAY - 86_400_000, until: DAY }, NOW, clipped);
    expect(before.period.minutes).toBe(0);
    expect(before.reservationUsd).toBe(0);
    expect(before.recommendation.summary).toBe('keep');
  });

  it('prices unpriced pool rows with the price book, and falls back to it for the break-even', () => {
    const local = openDatabase(':memory:');
    try {
      insertRows(local, [
        {
          startedAt: DAY + 1_000,
          provider: 'azure',
          model: 'house-ptu-model',
          input: 1_000,
          output: 100,
          cost: null,
          poolId: 'house',
        },
      ]);
      const pool = poolSchema.parse({
        id: 'house',
        kind: 'provisioned',
        provider: 'azure',
        deployment: 'house-ptu-model',
        models: ['house-*'],
        capacity: { tokensPerMinute: 1_000, outputWeight: 4 },
        price: { perUnitHour: 0.5 },
      });
      const book = createPriceBook({ overrides: { 'house-ptu-model': { input: 2, output: 8 } } });
      const withBook = poolReport(local, [pool], book, RANGE, NOW).pools[0] as ProvisionedPoolReport;
      // 1,000 × $2/M + 100 × $8/M = $0.0028; 1,400 equivalents → $2 per million.
      expect(withBook.onDemandEquivalentUsd).toBe(0.0028);
      expect(withBook.unpricedRequests).toBe(0);
      expect(withBook.usdPerMTokEquivalent).toBe(2);
      const without = poolReport(local, [pool], undefined, RANGE, NOW).pools[0] as ProvisionedPoolReport;
      expect(without.unpricedRequests).toBe(1);
      expect(without.breakEvenUtilization).toBeNull();
      expect(without.recommendation.summary).toBe('keep');
      // No traffic at all: the break-even uses the deployment's input price ($2/M): $12 ÷ ($2/M × 1,000 ×
      // 1,440 = $2.88) = 416.7 %; with no demand, the cheapest count is none.
      const empty = poolReport(local, [pool], book, { from: NEXT_DAY, until: NEXT_DAY + 86_400_000 }, NOW)
        .pools[0] as ProvisionedPoolReport;
      expect(empty.breakEvenUtilization).toBe(Number((12 / 2.88).toFixed(12)));
      expect(empty.recommendation.summary).toBe('remove 1 unit (all)');
    } finally {
      local.close();
    }
  });
});

describe('subscriptions over the same day', () => {
  it('keeps a plan whose traffic is worth more at list prices', () => {
    observeSubscriptionHeaders(
      db,
      'claude-max',
      {
        'anthropic-ratelimit-unified-status': 'allowed',
        'anthropic-ratelimit-unified-representative-claim': 'five_hour',
        'anthropic-ratelimit-unified-5h-utilization': '0.42',
        'anthropic-ratelimit-unified-5h-reset': String((NOW + 2 * 3_600_000 + 13 * 60_000) / 1000),
        'anthropic-ratelimit-unified-7d-utilization': '0.18',
        'anthropic-ratelimit-unified-7d-reset': String((NOW + 3 * 86_400_000) / 1000),
      },
      NOW - 60_000,
    );
    const r = subscription('claude-max');
    // Plan: $200/month × 24 h ÷ 730 h = $6.575342...; traffic: 100 × $0.15 = $15 → 2.28125× the plan.
    expect(r.planUsd).toBe(roundUsd((200 * 24) / 730));
    expect(r.requests).toBe(100);
    expect(r.listPriceUsd).toBe(15);
    expect(r.valueRatio).toBe(2.28125);
    expect(r.savingsUsd).toBe(roundUsd(15 - (200 * 24) / 730));
    expect(r.recommendation.summary).toBe('keep plan');
    expect(r.recommendation.explanation).toBe(
      "The 100 request(s) billed to the plan would have cost $15.00 at list prices, 2.28× the plan's " +
        '$200.00/month × 24 h ÷ 730 h = $6.575342 for the period; paying per token would have cost $8.424658 more → keep plan.',
    );
    const five = r.windows.find((w) => w.window === 'five_hour')!;
    expect(five).toMatchObject({
      utilization: 0.42,
      windowMinutes: 300,
      resetsInMs: 2 * 3_600_000 + 13 * 60_000,
    });
    expect(r.windows.map((w) => w.window)).toEqual(['five_hour', 'seven_day', 'unified']);
  });

  it('drops a plan whose traffic is worth less than the fee', () => {
    const r = subscription('codex-pro');
    // 10 × $0.10 = $1 against $6.575342 → paying per token would have saved $5.575342.
    expect(r.listPriceUsd).toBe(1);
    expect(r.savingsUsd).toBe(roundUsd(1 - (200 * 24) / 730));
    expect(r.recommendation.summary).toBe('drop plan');
    expect(r.recommendation.explanation).toContain(
      'paying per token would have saved $5.575342 → drop plan.',
    );
    expect(r.windows).toEqual([]);
  });
});
