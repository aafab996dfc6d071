import { describe, expect, it } from 'vitest';
import { poolSchema, type PoolInput } from '../../../../electron/core/capacity/pool-schema';
import {
  KEEP_MINUTES,
  PoolTracker,
  recentPoolUsage,
  tokenCounts,
} from '../../../../electron/core/capacity/pool-tracker';
import { openDatabase } from '../../../../electron/core/store/open-database';

const T0 = Date.parse('2026-03-10T14:00:00Z');
const MINUTE = 60_000;

function pool(input: Partial<PoolInput> & { id: string }) {
  return poolSchema.parse({
    kind: 'provisioned',
    provider: 'azure',
    models: ['gpt-4.1*'],
    capacity: { tokensPerMinute: 10_000, outputWeight: 4 },
    price: { perUnitHour: 1, units: 2 },
    ...input,
  });
}

/** input + cache reads + output, no cache writes. */
function tokens(input: number, output: number, cacheRead = 0) {
  return { inputTokens: input, cacheReadTokens: cacheRead, cacheWriteTokens: 0, outputTokens: output };
}

describe('PoolTracker.choose', () => {
  it('picks a covering pool while the minute has headroom, and none for other models', () => {
    const tracker = new PoolTracker([pool({ id: 'east' })]);
    expect(tracker.choose('gpt-4.1', 4_000, T0)?.id).toBe('east');
    expect(tracker.choose('GPT-4.1-mini', 4_000, T0)?.id).toBe('east');
    expect(tracker.choose('claude-sonnet-4-5', 10, T0)).toBeNull();
    // 6,000 uncached input + 4 × 500 output = 8,000 of 10,000; cache reads are free.
    tracker.record('east', tokens(6_000, 500, 50_000), T0 + 1_000);
    expect(tracker.usage('east', T0 + 2_000)).toEqual({
      consumed: 8_000,
      reserved: 0,
      capacity: 10_000,
      headroom: 2_000,
      full: false,
    });
    expect(tracker.choose('gpt-4.1', 2_000, T0 + 2_000)?.id).toBe('east');
    expect(tracker.choose('gpt-4.1', 2_001, T0 + 2_000)).toBeNull();
  });

  it('counts cached reads when the pool says they count, and cache writes always', () => {
    const tracker = new PoolTracker([
      pool({ id: 'east', capacity: { tokensPerMinute: 10_000, outputWeight: 4, cachedCounts: true } }),
    ]);
    tracker.record(
      'east',
      { inputTokens: 1_000, cacheReadTokens: 3_000, cacheWriteTokens: 500, outputTokens: 100 },
      T0,
    );
    // 1,000 + 500 + 4 × 100 + 3,000 = 4,900.
    expect(tracker.usage('east', T0)?.consumed).toBe(4_900);
  });

  it('spills to the next pool in config order, and to none when all are full', () => {
    const tracker = new PoolTracker([
      pool({ id: 'first', capacity: { tokensPerMinute: 5_000, outputWeight: 4 } }),
      pool({ id: 'second', capacity: { tokensPerMinute: 5_000, outputWeight: 4 } }),
    ]);
    tracker.record('first', tokens(4_000, 0), T0);
    expect(tracker.choose('gpt-4.1', 1_000, T0)?.id).toBe('first');
    expect(tracker.choose('gpt-4.1', 1_001, T0)?.id).toBe('second');
    tracker.record('second', tokens(5_000, 0), T0);
    expect(tracker.choose('gpt-4.1', 1_001, T0)).toBeNull();
    // A request larger than the whole pool never fits.
    expect(new PoolTracker([pool({ id: 'x' })]).choose('gpt-4.1', 10_001, T0)).toBeNull();
  });

  it('starts every clock minute with full headroom', () => {
    const tracker = new PoolTracker([pool({ id: 'east' })]);
    tracker.record('east', tokens(10_000, 0), T0 + 59_999);
    expect(tracker.choose('gpt-4.1', 1, T0 + 59_999)).toBeNull();
    expect(tracker.choose('gpt-4.1', 10_000, T0 + MINUTE)?.id).toBe('east');
    // A request that started in the previous minute is counted there, not in the current one.
    tracker.record('east', tokens(3_000, 0), T0 + 30_000);
    expect(tracker.usage('east', T0 + MINUTE)?.consumed).toBe(0);
    expect(tracker.usage('east', T0)?.consumed).toBe(13_000);
  });

  it('has no headroom for the rest of the minute after the pool’s own 429', () => {
    const tracker = new PoolTracker([pool({ id: 'east' })]);
    tracker.markFull('east', T0 + 10_000);
    expect(tracker.choose('gpt-4.1', 1, T0 + 59_000)).toBeNull();
    expect(tracker.usage('east', T0 + 59_000)).toMatchObject({ full: true, headroom: 0 });
    expect(tracker.choose('gpt-4.1', 1, T0 + MINUTE)?.id).toBe('east');
  });

  it('holds reservations for concurrent requests until they are recorded or released', () => {
    const tracker = new PoolTracker([pool({ id: 'east' })]);
    // Four concurrent 3,000-token requests: three fit in 10,000, the fourth spills.
    const chosen = [1, 2, 3, 4].map(
      () => tracker.choose('gpt-4.1', 3_000, T0, { reserve: true })?.id ?? null,
    );
    expect(chosen).toEqual(['east', 'east', 'east', null]);
    expect(tracker.usage('east', T0)).toMatchObject({ consumed: 0, reserved: 9_000, headroom: 1_000 });
    // One finishes smaller than estimated, one fails before any token.
    tracker.record('east', tokens(1_000, 250), T0 + 5_000, 3_000);
    tracker.release('east', 3_000, T0 + 6_000);
    expect(tracker.usage('east', T0)).toMatchObject({ consumed: 2_000, reserved: 3_000, headroom: 5_000 });
    // Releasing more than is held never goes negative; without `reserve` nothing is held.
    tracker.release('east', 1e9, T0);
    tracker.choose('gpt-4.1', 3_000, T0);
    expect(tracker.usage('east', T0)).toMatchObject({ reserved: 0 });
  });

  it('routes only within the pool’s term', () => {
    const tracker = new PoolTracker([
      pool({ id: 'east', term: { start: '2026-03-10T14:00:30Z', end: '2026-03-11' } }),
    ]);
    expect(tracker.choose('gpt-4.1', 1, T0)).toBeNull();
    expect(tracker.choose('gpt-4.1', 1, T0 + 30_000)?.id).toBe('east');
    expect(tracker.choose('gpt-4.1', 1, Date.parse('2026-03-11T00:00:00Z'))).toBeNull();
  });

  it('ignores subscriptions, unknown pools and garbage token counts', () => {
    const plan = poolSchema.parse({
      id: 'max',
      kind: 'subscription',
      provider: 'claude-max',
      models: ['*'],
      price: { perMonth: 200 },
    });
    const tracker = new PoolTracker([plan, pool({ id: 'east' })]);
    expect(tracker.pools.map((p) => p.id)).toEqual(['east']);
    expect(tracker.choose('gpt-4.1', Number.NaN, T0)?.id).toBe('east');
    tracker.record('max', tokens(1, 1), T0);
    tracker.record('nope', tokens(1, 1), T0);
    tracker.markFull('nope', T0);
    tracker.record('east', tokens(Number.NaN, -5, Infinity), T0);
    tracker.record('east', tokens(1, 1), Number.NaN);
    expect(tracker.usage('east', T0)?.consumed).toBe(0);
    expect(tracker.usage('nope', T0)).toBeNull();
  });
});

describe('PoolTracker memory', () => {
  it('keeps only the last few minutes of buckets per pool', () => {
    const tracker = new PoolTracker([pool({ id: 'east' })]);
    for (let i = 0; i < 10_000; i += 1) tracker.record('east', tokens(10, 0), T0 + i * MINUTE);
    const kept = tracker.minutes('east');
    expect(kept).toHaveLength(KEEP_MINUTES);
    expect(kept.map((b) => b.minute)).toEqual(
      Array.from({ length: KEEP_MINUTES }, (_, i) => T0 + (10_000 - KEEP_MINUTES + i) * MINUTE),
    );
    // A late record for a minute older than every kept one is dropped rather than evicting a newer one.
    tracker.record('east', tokens(10, 0), T0);
    expect(tracker.minutes('east').map((b) => b.minute)).toEqual(kept.map((b) => b.minute));
    // A late record inside the kept window still lands in its minute.
    tracker.record('east', tokens(5, 0), kept[0]!.minute + 1);
    expect(tracker.minutes('east')[0]!.consumed).toBe(15);
  });
});

describe('seeding after a restart', () => {
  it('rebuilds the current minute from pool rows in the database', () => {
    const db = openDatabase(':memory:');
    try {
      const insert = db.prepare(
        `INSERT INTO requests (id, started_at, tool, dialect, endpoint, provider, stream, outcome, input_tokens,
           cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, price_source, pool_id,
           billing)
         VALUES (?, ?, 'codex', 'openai', 'chat', 'azure', 0, ?, ?, 0, ?, ?, ?, 'override', ?, ?)`,
      );
      insert.run('a', T0 + 1_000, 'ok', 2_000, 100, 50, 500, 'east', 'pool');
      insert.run('b', T0 + 2_000, 'in_flight', 9_000, 0, 0, 0, 'east', 'pool');
      insert.run('c', T0 + 3_000, 'ok', 9_000, 0, 0, 0, null, 'on_demand');
      insert.run('d', T0 - 10 * MINUTE, 'ok', 9_000, 0, 0, 0, 'east', 'pool');
      const rows = recentPoolUsage(db, T0 - KEEP_MINUTES * MINUTE);
      expect(rows).toEqual([
        {
          poolId: 'east',
          startedAt: T0 + 1_000,
          tokens: { inputTokens: 2_000, cacheReadTokens: 0, cacheWriteTokens: 150, outputTokens: 500 },
        },
      ]);
      const tracker = new PoolTracker([pool({ id: 'east' })]);
      tracker.seed(rows);
      // 2,000 + 150 + 4 × 500 = 4,150.
      expect(tracker.usage('east', T0 + 5_000)?.consumed).toBe(4_150);
    } finally {
      db.close();
    }
  });

  it('converts a request’s usage to the pool’s token counts', () => {
    expect(
      tokenCounts({
        inputTokens: 1,
        cacheReadTokens: 2,
        cacheWrite5mTokens: 3,
        cacheWrite1hTokens: 4,
        outputTokens: 5,
        reasoningTokens: 1,
      }),
    ).toEqual({ inputTokens: 1, cacheReadTokens: 2, cacheWriteTokens: 7, outputTokens: 5 });
  });
});
