import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bucketStarts, spendSeries } from '../../../../electron/core/store/dashboard-queries';
import type { Db } from '../../../../electron/core/store/open-database';
import type { RequestEntry } from '../../../../electron/core/store/request-entry';
import { entry, store, storeInFlight, tempDatabase } from './fixtures';

let db: Db;
let close: () => void;
beforeEach(() => ({ db, close } = tempDatabase()));
afterEach(() => close());

const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const at = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h, mi);

describe('bucket math', () => {
  it('hour buckets are UTC hours, the range widened to whole hours, every bucket present', () => {
    store(db, [
      entry({ startedAt: at(2025, 11, 3, 10, 15), costUsd: 1 }),
      entry({ startedAt: at(2025, 11, 3, 10, 45), costUsd: 2 }),
      entry({ startedAt: at(2025, 11, 3, 12, 30), costUsd: 4 }),
      entry({ startedAt: at(2025, 11, 3, 13, 0), costUsd: 8 }), // == until: outside
    ]);
    const s = spendSeries(db, {
      from: iso(at(2025, 11, 3, 10, 20)),
      until: iso(at(2025, 11, 3, 13)),
      bucket: 'hour',
      groupBy: 'tool',
    });
    expect(s.buckets).toEqual([
      '2025-11-03T10:00:00.000Z',
      '2025-11-03T11:00:00.000Z',
      '2025-11-03T12:00:00.000Z',
    ]);
    expect(s.series).toEqual([{ key: 'claude-code', costUsd: [3, 0, 4], requests: [2, 0, 1] }]);
  });

  it('an empty range still has all its buckets, with no series', () => {
    const s = spendSeries(db, {
      from: '2025-11-01T00:00:00Z',
      until: '2025-11-04T00:00:00Z',
      bucket: 'day',
      groupBy: 'model',
      timeZone: 'UTC',
    });
    expect(s.buckets).toEqual([
      '2025-11-01T00:00:00.000Z',
      '2025-11-02T00:00:00.000Z',
      '2025-11-03T00:00:00.000Z',
    ]);
    expect(s.series).toEqual([]);
    expect(s.rows).toEqual([]);
    expect(
      spendSeries(db, {
        from: '2025-11-04T00:00:00Z',
        until: '2025-11-01T00:00:00Z',
        bucket: 'day',
        groupBy: 'model',
      }),
    ).toEqual({ buckets: [], series: [], rows: [] });
  });

  it('day buckets are local days: 25 hours on the day New York falls back, 23 on the day it springs forward', () => {
    const fall = bucketStarts(at(2025, 11, 1, 12), at(2025, 11, 3, 12), 'day', 'America/New_York');
    expect(fall.map(iso)).toEqual([
      '2025-11-01T04:00:00.000Z',
      '2025-11-02T04:00:00.000Z',
      '2025-11-03T05:00:00.000Z',
      '2025-11-04T05:00:00.000Z',
    ]);
    expect(fall[2]! - fall[1]!).toBe(25 * H);
    const spring = bucketStarts(at(2025, 3, 9, 12), at(2025, 3, 9, 13), 'day', 'America/New_York');
    expect(spring[1]! - spring[0]!).toBe(23 * H);
  });

  it('puts requests in the local day they happened, across a DST change', () => {
    store(db, [
      entry({ startedAt: at(2025, 11, 2, 3, 30), costUsd: 1 }), // Nov 1, 23:30 EDT
      entry({ startedAt: at(2025, 11, 3, 4, 30), costUsd: 2 }), // Nov 2, 23:30 EST (the 25-hour day)
      entry({ startedAt: at(2025, 11, 3, 5, 30), costUsd: 4 }), // Nov 3, 00:30 EST
    ]);
    const s = spendSeries(db, {
      from: '2025-11-01T04:00:00Z',
      until: '2025-11-04T05:00:00Z',
      bucket: 'day',
      groupBy: 'provider',
      timeZone: 'America/New_York',
    });
    expect(s.series[0]!.costUsd).toEqual([1, 2, 4]);
    const tokyo = spendSeries(db, {
      from: '2025-11-01T00:00:00Z',
      until: '2025-11-04T00:00:00Z',
      bucket: 'day',
      groupBy: 'provider',
      timeZone: 'Asia/Tokyo',
    });
    expect(tokyo.buckets[0]).toBe('2025-10-31T15:00:00.000Z');
    // 03:30Z on Nov 2 is 12:30 on Nov 2 in Tokyo; 04:30Z and 05:30Z on Nov 3 are 13:30 and 14:30 on Nov 3.
    expect(tokyo.series[0]!.costUsd).toEqual([0, 1, 6, 0]);
  });

  it('approximates half-hour zones by the hour midpoint on the rollup, and is exact on the raw log (project)', () => {
    // Kolkata is UTC+5:30: 18:10Z is 23:40 on Nov 2, 18:40Z is 00:10 on Nov 3.
    store(db, [
      entry({ startedAt: at(2025, 11, 2, 18, 10), costUsd: 1, tags: ['web'] }),
      entry({ startedAt: at(2025, 11, 2, 18, 40), costUsd: 2, tags: ['web'] }),
    ]);
    const query = {
      from: '2025-11-01T18:30:00Z',
      until: '2025-11-03T18:30:00Z',
      bucket: 'day' as const,
      timeZone: 'Asia/Kolkata',
    };
    const byTool = spendSeries(db, { ...query, groupBy: 'tool' });
    expect(byTool.buckets).toEqual(['2025-11-01T18:30:00.000Z', '2025-11-02T18:30:00.000Z']);
    // The UTC hour 18:00–19:00 straddles local midnight; its midpoint (18:30Z) is Nov 3.
    expect(byTool.series[0]!.costUsd).toEqual([0, 3]);
    const byProject = spendSeries(db, { ...query, groupBy: 'project' });
    expect(byProject.series[0]!.costUsd).toEqual([1, 2]);
  });

  it('matches the raw log exactly in a whole-hour zone, day by day, over weeks of random traffic', () => {
    const entries: RequestEntry[] = [];
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const start = at(2025, 3, 20);
    const models = ['claude-sonnet-4-5', 'gpt-5', 'gemini-2.5-pro'];
    for (let i = 0; i < 1500; i++) {
      const model = models[Math.floor(random() * models.length)]!;
      entries.push(
        entry({
          startedAt: start + Math.floor(random() * 21 * 24 * H),
          requestedModel: model,
          servedModel: model,
          provider: model.split('-')[0]!,
          costUsd: random() < 0.1 ? null : Math.round(random() * 1e6) / 1e7,
        }),
      );
    }
    store(db, entries);
    const timeZone = 'Europe/Berlin'; // springs forward on March 30
    const s = spendSeries(db, {
      from: iso(start),
      until: iso(start + 21 * 24 * H),
      bucket: 'day',
      groupBy: 'model',
      timeZone,
    });
    const day = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    const bucketDays = s.buckets.map((b) => day.format(Date.parse(b)));
    for (const series of s.series) {
      const expected = new Array<number>(s.buckets.length).fill(0);
      const counts = new Array<number>(s.buckets.length).fill(0);
      for (const e of entries) {
        if (e.servedModel !== series.key) continue;
        const index = bucketDays.indexOf(day.format(e.startedAt));
        if (index < 0) continue;
        expected[index]! += e.costUsd ?? 0;
        counts[index]! += 1;
      }
      expect(series.requests).toEqual(counts);
      series.costUsd.forEach((cost, i) => expect(cost).toBeCloseTo(expected[i]!, 10));
    }
    expect(s.rows.reduce((n, r) => n + r.requests, 0)).toBe(
      entries.filter((e) => bucketDays.includes(day.format(e.startedAt))).length,
    );
  });

  it('rejects a bad date and a bad time zone', () => {
    expect(() =>
      spendSeries(db, { from: 'yesterday', until: iso(0), bucket: 'day', groupBy: 'model' }),
    ).toThrow(/from must be an ISO 8601 date/);
    expect(() =>
      spendSeries(db, {
        from: iso(0),
        until: iso(H),
        bucket: 'day',
        groupBy: 'model',
        timeZone: 'Mars/Olympus',
      }),
    ).toThrow(RangeError);
  });
});

describe('grouping', () => {
  beforeEach(() => {
    store(db, [
      entry({ startedAt: at(2025, 11, 3, 9), costUsd: 0.5, tags: ['farebox', 'cheap'] }),
      entry({
        startedAt: at(2025, 11, 3, 9, 30),
        tool: 'codex',
        dialect: 'openai',
        provider: 'openai',
        requestedModel: 'gpt-5',
        servedModel: 'gpt-5-mini',
        ruleId: 'codex-mini',
        costUsd: 0.25,
        tags: ['website'],
        usage: {
          inputTokens: 1000,
          cacheReadTokens: 0,
          cacheWrite5mTokens: 0,
          cacheWrite1hTokens: 0,
          outputTokens: 100,
          reasoningTokens: 0,
        },
      }),
      entry({
        startedAt: at(2025, 11, 3, 11),
        tool: 'codex',
        provider: 'openai',
        costUsd: null,
        servedModel: null,
      }),
      entry({ startedAt: at(2025, 11, 3, 11), costUsd: 2 }),
    ]);
    // Still running: not in any bucket.
    storeInFlight(db, entry({ startedAt: at(2025, 11, 3, 11, 5) }));
  });
  const query = { from: '2025-11-03T00:00:00Z', until: '2025-11-04T00:00:00Z', bucket: 'hour' as const };

  it('by model (served, else requested), largest cost first, with tokens and unpriced counts', () => {
    const s = spendSeries(db, { ...query, groupBy: 'model' });
    expect(s.buckets).toHaveLength(24);
    expect(s.rows.map((r) => [r.key, r.requests, r.costUsd, r.unpricedRequests])).toEqual([
      ['claude-sonnet-4-5-20250929', 2, 2.5, 0],
      ['gpt-5-mini', 1, 0.25, 0],
      ['claude-sonnet-4-5', 1, 0, 1],
    ]);
    expect(s.rows[1]).toMatchObject({
      inputTokens: 1000,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 100,
    });
    expect(s.rows[0]).toMatchObject({
      inputTokens: 20,
      cacheReadTokens: 200,
      cacheWriteTokens: 50,
      outputTokens: 80,
    });
    expect(s.series[0]!.costUsd[9]).toBe(0.5);
    expect(s.series[0]!.costUsd[11]).toBe(2);
  });

  it('by provider, tool and rule', () => {
    const keys = (groupBy: 'provider' | 'tool' | 'rule') =>
      spendSeries(db, { ...query, groupBy }).rows.map((r) => [r.key, r.requests, r.costUsd]);
    expect(keys('provider')).toEqual([
      ['anthropic', 2, 2.5],
      ['openai', 2, 0.25],
    ]);
    expect(keys('tool')).toEqual([
      ['claude-code', 2, 2.5],
      ['codex', 2, 0.25],
    ]);
    expect(keys('rule')).toEqual([
      ['(no rule)', 3, 2.5],
      ['codex-mini', 1, 0.25],
    ]);
  });

  it('by project: the first tag, from the raw log', () => {
    const s = spendSeries(db, { ...query, groupBy: 'project' });
    expect(s.rows.map((r) => [r.key, r.requests, r.costUsd, r.unpricedRequests])).toEqual([
      ['(none)', 2, 2, 1],
      ['farebox', 1, 0.5, 0],
      ['website', 1, 0.25, 0],
    ]);
  });

  it('series and rows agree', () => {
    for (const groupBy of ['model', 'provider', 'tool', 'rule', 'project'] as const) {
      const s = spendSeries(db, { ...query, groupBy });
      for (const [i, series] of s.series.entries()) {
        expect(series.key).toBe(s.rows[i]!.key);
        expect(series.requests.reduce((a, b) => a + b, 0)).toBe(s.rows[i]!.requests);
        expect(series.costUsd.reduce((a, b) => a + b, 0)).toBeCloseTo(s.rows[i]!.costUsd, 12);
      }
    }
  });
});
