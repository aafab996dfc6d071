import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { simulate, SimulationError } from '../../../../electron/core/outcomes/simulator';
import { markOutcome } from '../../../../electron/core/outcomes/task-outcomes';
import { openDatabase, type Db } from '../../../../electron/core/store/open-database';
import { insertRequest } from './request-rows';

let dir: string;
let db: Db;

const MIN = 60_000;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'farebox-simulate-'));
  db = openDatabase(join(dir, 'farebox.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('simulate: reserved capacity, hand-worked (3 minutes, 1 unit of 10,000 tokens/min at $2/unit-hour)', () => {
  /*
   * Period 10:00–10:03 UTC: 3 minutes = 0.05 h. Output weight 1, cache reads do not count. gpt-4.1 list
   * prices $2/M input, $8/M output.
   *
   *   minute  request  input   output  U        list price
   *   10:00   r1       6,000   2,000    8,000   0.012 + 0.016 = $0.028
   *   10:01   r2       9,000   1,000   10,000   0.018 + 0.008 = $0.026
   *   10:01   r3       4,000   1,000    5,000   0.008 + 0.008 = $0.016
   *   10:02   r4       1,500     500    2,000   0.003 + 0.004 = $0.007   (billed by a subscription)
   *
   * Left out: a request at 10:03:00 (the period's end is exclusive) and an in-flight row.
   *
   * (a) on-demand spend = 0.028 + 0.026 + 0.016 = $0.070; subscription traffic at list price $0.007;
   *     all traffic at list price = $0.077.
   * (b) C = 1 × 10,000 = 10,000 per minute.
   *     10:00: U = 8,000 ≤ C, all served.
   *     10:01: U = 15,000 > C: 5,000 spill. Minute list price $0.042; spill = 0.042 × 5,000 ÷ 15,000 = $0.014.
   *     10:02: U = 2,000, all served.
   *     Reservation = 1 × 0.05 h × $2 = $0.10. Total = 0.10 + 0.014 + 0 (nothing outside) = $0.114.
   *     Versus $0.077 at list price: 0.077 − 0.114 = −$0.037 (costs $0.037 more).
   *     Consumed Σ U = 25,000; served = 8,000 + 10,000 + 2,000 = 20,000; C × minutes = 30,000.
   *     Average utilization 20,000 ÷ 30,000 = 2/3; demand 25,000 ÷ 30,000 = 5/6; peak 15,000 ÷ 10,000 = 1.5.
   *     Blended price 0.077 ÷ 25,000 = $3.08/M; at full use 30,000 × 3.08e-6 = $0.0924;
   *     break-even utilization 0.10 ÷ 0.0924 = 1.0822… (never pays off at this price).
   */
  const T0 = Date.UTC(2026, 2, 2, 10, 0);
  beforeEach(() => {
    const r = (seconds: number, input: number, output: number, costUsd: number, extra = {}) =>
      insertRequest(db, {
        startedAt: T0 + seconds * 1000,
        inputTokens: input,
        outputTokens: output,
        costUsd,
        ...extra,
      });
    r(5, 6_000, 2_000, 0.028);
    r(70, 9_000, 1_000, 0.026);
    r(100, 4_000, 1_000, 0.016);
    r(150, 1_500, 500, 0.007, { billing: 'subscription' });
    r(180, 50_000, 0, 0.1); // 10:03:00, outside
    r(20, 50_000, 0, 0.1, { outcome: 'in_flight' });
  });
  const period = { from: T0, until: T0 + 3 * MIN };
  const unit = { units: 1, tokensPerMinutePerUnit: 10_000, pricePerUnitHour: 2 };

  it('(a) what was paid', () => {
    const { paid, reserved, outcome, from, until } = simulate(db, period);
    expect([from, until]).toEqual(['2026-03-02T10:00:00.000Z', '2026-03-02T10:03:00.000Z']);
    expect(paid).toEqual({
      requests: 4,
      onDemandUsd: 0.07,
      onDemand: { requests: 3, listPriceUsd: 0.07, unpricedRequests: 0 },
      pool: { requests: 0, listPriceUsd: 0, unpricedRequests: 0 },
      subscription: { requests: 1, listPriceUsd: 0.007, unpricedRequests: 0 },
      listPriceUsd: 0.077,
      unpricedRequests: 0,
    });
    expect(reserved).toBeNull();
    expect(outcome).toBeNull();
  });

  it('(b) reservation + spillover pro-rated minute by minute', () => {
    const b = simulate(db, { ...period, reserved: unit }).reserved!;
    expect(b).toMatchObject({
      capacityPerMinute: 10_000,
      outputWeight: 1,
      cachedCounts: false,
      models: ['*'],
      minutes: 3,
      hours: 0.05,
      reservationUsd: 0.1,
      coveredRequests: 4,
      coveredListPriceUsd: 0.077,
      consumedTokens: 25_000,
      servedTokens: 20_000,
      activeMinutes: 3,
      spilledTokens: 5_000,
      spillMinutes: 1,
      spillUsd: 0.014,
      spillUnpricedRequests: 0,
      outsideRequests: 0,
      outsideListPriceUsd: 0,
      totalUsd: 0.114,
      savingsVsListPriceUsd: -0.037,
      peakMinute: '2026-03-02T10:01:00.000Z',
      listPriceAtFullUseUsd: 0.0924,
    });
    expect(b.spill).toEqual([
      {
        minute: '2026-03-02T10:01:00.000Z',
        requests: 2,
        consumedTokens: 15_000,
        capacityTokens: 10_000,
        spilledTokens: 5_000,
        listPriceUsd: 0.042,
        spillUsd: 0.014,
        unpricedRequests: 0,
      },
    ]);
    expect(b.averageUtilization).toBeCloseTo(2 / 3, 12);
    expect(b.demandUtilization).toBeCloseTo(5 / 6, 12);
    expect(b.peakMinuteUtilization).toBe(1.5);
    expect(b.blendedUsdPerToken).toBeCloseTo(3.08e-6, 15);
    expect(b.breakEvenUtilization).toBeCloseTo(0.1 / 0.0924, 12);
  });

  it('(b) with 2 units nothing spills: 2 × 0.05 h × $2 = $0.20', () => {
    const b = simulate(db, { ...period, reserved: { ...unit, units: 2 } }).reserved!;
    // C = 20,000: the busiest minute (15,000) fits. Served = consumed = 25,000 of 60,000.
    expect(b).toMatchObject({ spillUsd: 0, spilledTokens: 0, spill: [], reservationUsd: 0.2, totalUsd: 0.2 });
    expect(b.averageUtilization).toBeCloseTo(25_000 / 60_000, 12);
    expect(b.peakMinuteUtilization).toBe(0.75);
    expect(b.savingsVsListPriceUsd).toBe(-0.123); // 0.077 − 0.2
  });
});

describe('simulate: output weight, cache rules, covered models and unpriced traffic, hand-worked', () => {
  /*
   * Period 09:00–09:02 UTC: 2 minutes = 1/30 h. 2 units × 3,000 tokens/min = C 6,000; $1/unit-hour; output
   * weight 4; cache reads do not count; the reservation covers "gpt-4.1*" only.
   *
   *   minute  request  model         input  cache r/w     output  U                               list price
   *   09:00   g1       gpt-4.1       2,000  10,000 read   500     2,000 + 4 × 500 = 4,000          $0.020
   *   09:00   g2       gpt-4.1-mini  1,000  1,000 write   500     1,000 + 1,000 + 4 × 500 = 4,000  $0.004
   *   09:00   g3       GPT-4.1       1,000  -             0       1,000                            unpriced
   *   09:01   g4       claude-sonnet-4-5 (not covered)                                             $0.050
   *   09:01   g5       gpt-4.1       3,000  -             0       3,000                            $0.006 (pool)
   *
   * 09:00: U = 9,000 > 6,000: 3,000 spill; priced list price $0.024 → 0.024 × 3,000 ÷ 9,000 = $0.008 (g3 is
   *        unpriced: its share is unknown, counted in spillUnpricedRequests).
   * 09:01: U = 3,000, all served. g4 is outside: $0.05 at list price.
   * Reservation = 2 × 1/30 h × $1 = $0.066666666667. Total = 0.066666666667 + 0.008 + 0.05 = $0.124666666667.
   * (a) on demand: 0.02 + 0.004 + 0.05 = $0.074 (g3 unpriced); pool $0.006; all at list price $0.08.
   *     Savings = 0.08 − 0.124666666667 = −$0.044666666667.
   * Served 6,000 + 3,000 = 9,000 of C × minutes = 12,000 → 0.75; demand 12,000 ÷ 12,000 = 1; peak 1.5.
   * Blended: covered priced $0.030 over priced U 11,000 → at full use 0.03 × 12,000 ÷ 11,000 = $0.032727272727;
   * break-even 0.0666… ÷ 0.0327… = 2.037037…
   */
  const T0 = Date.UTC(2026, 2, 2, 9, 0);
  beforeEach(() => {
    insertRequest(db, {
      startedAt: T0 + 1_000,
      requestedModel: 'gpt-4.1',
      inputTokens: 2_000,
      cacheReadTokens: 10_000,
      outputTokens: 500,
      costUsd: 0.02,
    });
    insertRequest(db, {
      startedAt: T0 + 2_000,
      requestedModel: 'gpt-4.1-mini',
      inputTokens: 1_000,
      cacheWrite5mTokens: 600,
      cacheWrite1hTokens: 400,
      outputTokens: 500,
      costUsd: 0.004,
    });
    insertRequest(db, {
      startedAt: T0 + 59_999,
      requestedModel: 'GPT-4.1',
      inputTokens: 1_000,
      costUsd: null,
    });
    insertRequest(db, {
      startedAt: T0 + MIN,
      requestedModel: 'claude-sonnet-4-5',
      inputTokens: 20_000,
      outputTokens: 1_000,
      costUsd: 0.05,
    });
    insertRequest(db, {
      startedAt: T0 + MIN + 30_000,
      requestedModel: 'gpt-4.1',
      inputTokens: 3_000,
      costUsd: 0.006,
      billing: 'pool',
    });
  });
  const reserved = {
    units: 2,
    tokensPerMinutePerUnit: 3_000,
    pricePerUnitHour: 1,
    outputWeight: 4,
    cachedCounts: false,
    models: ['gpt-4.1*'],
  };

  it('replays the period with the pool-math formulas', () => {
    const r = simulate(db, { from: T0, until: T0 + 2 * MIN, reserved });
    expect(r.paid).toMatchObject({
      requests: 5,
      onDemandUsd: 0.074,
      pool: { requests: 1, listPriceUsd: 0.006, unpricedRequests: 0 },
      listPriceUsd: 0.08,
      unpricedRequests: 1,
    });
    const b = r.reserved!;
    expect(b).toMatchObject({
      capacityPerMinute: 6_000,
      models: ['gpt-4.1*'],
      reservationUsd: 0.066666666667,
      coveredRequests: 4,
      coveredListPriceUsd: 0.03,
      coveredUnpricedRequests: 1,
      consumedTokens: 12_000,
      servedTokens: 9_000,
      spilledTokens: 3_000,
      spillUsd: 0.008,
      spillUnpricedRequests: 1,
      outsideRequests: 1,
      outsideListPriceUsd: 0.05,
      totalUsd: 0.124666666667,
      savingsVsListPriceUsd: -0.044666666667,
      peakMinute: '2026-03-02T09:00:00.000Z',
      peakMinuteUtilization: 1.5,
      listPriceAtFullUseUsd: 0.032727272727,
    });
    expect(b.spill).toEqual([
      {
        minute: '2026-03-02T09:00:00.000Z',
        requests: 3,
        consumedTokens: 9_000,
        capacityTokens: 6_000,
        spilledTokens: 3_000,
        listPriceUsd: 0.024,
        spillUsd: 0.008,
        unpricedRequests: 1,
      },
    ]);
    expect(b.averageUtilization).toBeCloseTo(0.75, 12);
    expect(b.demandUtilization).toBeCloseTo(1, 12);
    expect(b.breakEvenUtilization).toBeCloseTo(2.037037037037, 9);
  });

  it('counting cache reads adds them to U: the first minute then spills 13,000 of 19,000', () => {
    // 09:00: U = 9,000 + 10,000 cache reads = 19,000; spill 13,000 → 0.024 × 13,000 ÷ 19,000 = $0.016421052632.
    const b = simulate(db, {
      from: T0,
      until: T0 + 2 * MIN,
      reserved: { ...reserved, cachedCounts: true },
    }).reserved!;
    expect(b.spilledTokens).toBe(13_000);
    expect(b.spillUsd).toBe(0.016421052632);
  });
});

describe('simulate: outcome-based pricing, hand-worked', () => {
  /*
   * Tasks in the period: T1 $0.40, T2 $1.10, T3 $2.00, T4 $0.50 resolved; T5 $3.00 failed; T6 $0.70 abandoned;
   * T7 $0.30 open; plus $0.25 of requests in no task. All traffic at list price = $8.25.
   * At $1.50 per resolved task: 4 × $1.50 = $6.00; failed and abandoned tasks cost nothing; the open one is not
   * resolved in the period; the untasked requests stay at list price: total = 6.00 + 0.25 = $6.25.
   * Versus all traffic at list price: 8.25 − 6.25 = $2.00 saved.
   */
  const T0 = Date.UTC(2026, 2, 2, 12, 0);
  beforeEach(() => {
    const costs: Array<[string | null, number]> = [
      ['T1', 0.4],
      ['T2', 1.1],
      ['T3', 2],
      ['T4', 0.5],
      ['T5', 3],
      ['T6', 0.7],
      ['T7', 0.3],
      [null, 0.25],
    ];
    costs.forEach(([taskId, costUsd], i) => insertRequest(db, { startedAt: T0 + i * MIN, taskId, costUsd }));
    for (const t of ['T1', 'T2', 'T3', 'T4']) markOutcome(db, t, 'resolved');
    markOutcome(db, 'T5', 'failed');
    markOutcome(db, 'T6', 'abandoned');
  });

  it('4 resolved × $1.50 = $6', () => {
    const r = simulate(db, { from: T0, until: T0 + 60 * MIN, perResolvedTask: 1.5 });
    expect(r.paid.listPriceUsd).toBe(8.25);
    expect(r.outcome).toEqual({
      perResolvedTaskUsd: 1.5,
      tasks: 7,
      resolvedTasks: 4,
      failedTasks: 1,
      abandonedTasks: 1,
      openTasks: 1,
      resolvedUsd: 6,
      failedOrAbandonedUsd: 0,
      tasksListPriceUsd: 8,
      untaskedRequests: 1,
      untaskedListPriceUsd: 0.25,
      untaskedUnpricedRequests: 0,
      totalUsd: 6.25,
      savingsVsListPriceUsd: 2,
    });
  });

  it('$3 per resolved task costs more than paying per token: 4 × 3 + 0.25 − 8.25 = $4 more', () => {
    const c = simulate(db, { from: T0, until: T0 + 60 * MIN, perResolvedTask: 3 }).outcome!;
    expect(c.resolvedUsd).toBe(12);
    expect(c.totalUsd).toBe(12.25);
    expect(c.savingsVsListPriceUsd).toBe(-4);
  });
});

describe('simulate: edges', () => {
  it('an empty period costs the reservation and nothing else', () => {
    const from = Date.UTC(2026, 0, 1);
    // 24 h × 3 units × $0.50 = $36.
    const r = simulate(db, {
      from,
      until: from + 24 * 3_600_000,
      reserved: { units: 3, tokensPerMinutePerUnit: 1_000, pricePerUnitHour: 0.5 },
      perResolvedTask: 2,
    });
    expect(r.paid.listPriceUsd).toBe(0);
    expect(r.reserved).toMatchObject({
      reservationUsd: 36,
      totalUsd: 36,
      savingsVsListPriceUsd: -36,
      averageUtilization: 0,
      peakMinuteUtilization: 0,
      peakMinute: null,
      blendedUsdPerToken: null,
      breakEvenUtilization: null,
      activeMinutes: 0,
    });
    expect(r.outcome).toMatchObject({ tasks: 0, resolvedUsd: 0, totalUsd: 0 });
  });

  it('rejects an empty period and impossible reservations', () => {
    const ok = { units: 1, tokensPerMinutePerUnit: 1_000, pricePerUnitHour: 1 };
    expect(() => simulate(db, { from: 10, until: 10 })).toThrow(SimulationError);
    expect(() => simulate(db, { from: Number.NaN, until: 10 })).toThrow(/finite/);
    expect(() => simulate(db, { from: 0, until: 10, reserved: { ...ok, units: 0 } })).toThrow(/units/);
    expect(() =>
      simulate(db, { from: 0, until: 10, reserved: { ...ok, tokensPerMinutePerUnit: -1 } }),
    ).toThrow(/tokens per minute/);
    expect(() => simulate(db, { from: 0, until: 10, reserved: { ...ok, pricePerUnitHour: -1 } })).toThrow(
      /unit-hour/,
    );
    expect(() => simulate(db, { from: 0, until: 10, reserved: { ...ok, outputWeight: -4 } })).toThrow(
      /weight/,
    );
    expect(() => simulate(db, { from: 0, until: 10, reserved: { ...ok, models: [''] } })).toThrow(/glob/);
    expect(() => simulate(db, { from: 0, until: 10, perResolvedTask: -1 })).toThrow(/resolved task/);
  });
});
