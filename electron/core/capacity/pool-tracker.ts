import { globToRegex } from '../routing/regex';
import type { Db } from '../store/open-database';
import type { TokenUsage } from '../../../shared/usage';
import { consumedTokens, type TokenCounts } from './pool-math';
import { isProvisioned, poolTerm, type PoolConfig, type ResolvedPool } from './pool-schema';

export const MINUTE_MS = 60_000;
/** Minute buckets kept per pool: the current minute and a few before it (requests that started earlier). */
export const KEEP_MINUTES = 3;

/** One pool's consumption in one clock minute, in input-token equivalents. */
export interface MinuteUsage {
  /** Start of the minute, ms since the epoch. */
  minute: number;
  /** Recorded consumption of requests that started in this minute. */
  consumed: number;
  /** Estimates of requests chosen with `reserve` that have not been recorded or released yet. */
  reserved: number;
  /** The pool answered 429 in this minute: no headroom until the minute ends. */
  full: boolean;
}

/** A stored request the tracker can be seeded from (see recentPoolUsage). */
export interface PoolUsageRow {
  poolId: string;
  startedAt: number;
  tokens: TokenCounts;
}

interface Tracked {
  pool: ResolvedPool;
  globs: RegExp[];
  term: { start: number; end: number };
  /** Oldest first, at most KEEP_MINUTES. */
  buckets: MinuteUsage[];
}

/**
 * Which provisioned pool has headroom right now (protocols.md §8.4): consumption per clock minute, in
 * input-token equivalents (uncached input + cache writes + outputWeight × output, + cache reads if they count),
 * against the pool's tokensPerMinute. One per proxy, in memory; a few minutes of buckets per pool.
 *
 * Proxy use: `choose(model, estimate, now, { reserve: true })` before forwarding; when it returns a pool, try
 * `poolTarget(pool, model)` first and the on-demand target after it (spillover, also on the pool's own 429,
 * after `markFull`). Once the pool served the request, `record(pool.id, tokens, now, estimate)`; when it did
 * not (429, error before any token), `release(pool.id, estimate, now)`.
 */
export class PoolTracker {
  private readonly tracked: Tracked[];
  private readonly byId = new Map<string, Tracked>();

  constructor(pools: readonly PoolConfig[]) {
    this.tracked = pools.filter(isProvisioned).map((pool) => ({
      pool,
      globs: pool.models.map(globToRegex),
      term: poolTerm(pool),
      buckets: [],
    }));
    for (const t of this.tracked) this.byId.set(t.pool.id, t);
  }

  /** The provisioned pools, in config order. */
  get pools(): readonly ResolvedPool[] {
    return this.tracked.map((t) => t.pool);
  }

  /** The output-token weight of the first pool covering `model` (1 when none does), to size an estimate. */
  outputWeightFor(model: string): number {
    const t = this.tracked.find((candidate) => candidate.globs.some((glob) => glob.test(model)));
    return t?.pool.capacity.outputWeight ?? 1;
  }

  /**
   * The first pool (config order) that covers `model`, is within its term, was not marked full this minute,
   * and whose current-minute consumption (+ reservations) plus `estimatedTokens` stays within capacity; null
   * when there is none. With `reserve`, the estimate is held against the minute until record() or release().
   */
  choose(
    model: string,
    estimatedTokens: number,
    now: number = Date.now(),
    options: { reserve?: boolean } = {},
  ): ResolvedPool | null {
    const estimate = Number.isFinite(estimatedTokens) && estimatedTokens > 0 ? estimatedTokens : 0;
    const minute = minuteOf(now);
    for (const t of this.tracked) {
      if (now < t.term.start || now >= t.term.end) continue;
      if (!t.globs.some((glob) => glob.test(model))) continue;
      const bucket = t.buckets.find((b) => b.minute === minute);
      if (bucket?.full) continue;
      const used = bucket ? bucket.consumed + bucket.reserved : 0;
      const capacity = t.pool.capacity.tokensPerMinute;
      if (used >= capacity || used + estimate > capacity) continue;
      if (options.reserve && estimate > 0) {
        const held = this.bucket(t, minute);
        if (held) held.reserved += estimate;
      }
      return t.pool;
    }
    return null;
  }

  /**
   * Adds a served request's consumption to the minute it started in (`at`). `reserved` is the estimate
   * choose() held for it, released now. Unknown pools and minutes older than the kept ones are ignored.
   */
  record(poolId: string, tokens: TokenCounts, at: number, reserved = 0): void {
    const t = this.byId.get(poolId);
    if (!t || !Number.isFinite(at)) return;
    const bucket = this.bucket(t, minuteOf(at));
    if (!bucket) return;
    const consumed = consumedTokens(sanitize(tokens), t.pool.capacity);
    bucket.consumed += consumed;
    releaseFrom(bucket, reserved);
  }

  /** Gives back an estimate choose() held for a request the pool did not serve after all. */
  release(poolId: string, reserved: number, at: number): void {
    const t = this.byId.get(poolId);
    if (!t || !Number.isFinite(at)) return;
    const bucket = t.buckets.find((b) => b.minute === minuteOf(at));
    if (bucket) releaseFrom(bucket, reserved);
  }

  /** The pool answered 429: no headroom until the current minute ends. */
  markFull(poolId: string, now: number = Date.now()): void {
    const t = this.byId.get(poolId);
    if (!t || !Number.isFinite(now)) return;
    const bucket = this.bucket(t, minuteOf(now));
    if (bucket) bucket.full = true;
  }

  /** Rebuilds the recent minutes after a restart (rows from recentPoolUsage); adds to what is there. */
  seed(rows: Iterable<PoolUsageRow>): void {
    for (const row of rows) this.record(row.poolId, row.tokens, row.startedAt);
  }

  /** The pool's current minute: consumption, reservations, capacity and what is left. */
  usage(
    poolId: string,
    now: number = Date.now(),
  ): { consumed: number; reserved: number; capacity: number; headroom: number; full: boolean } | null {
    const t = this.byId.get(poolId);
    if (!t) return null;
    const bucket = t.buckets.find((b) => b.minute === minuteOf(now));
    const consumed = bucket?.consumed ?? 0;
    const reserved = bucket?.reserved ?? 0;
    const capacity = t.pool.capacity.tokensPerMinute;
    const full = bucket?.full ?? false;
    return {
      consumed,
      reserved,
      capacity,
      full,
      headroom: full ? 0 : Math.max(0, capacity - consumed - reserved),
    };
  }

  /** The kept minute buckets of a pool, oldest first (copies). */
  minutes(poolId: string): MinuteUsage[] {
    return (this.byId.get(poolId)?.buckets ?? []).map((b) => ({ ...b }));
  }

  /** The bucket for `minute`, created if needed; null when it is older than every kept minute. */
  private bucket(t: Tracked, minute: number): MinuteUsage | null {
    const found = t.buckets.find((b) => b.minute === minute);
    if (found) return found;
    const oldest = t.buckets[0];
    if (t.buckets.length >= KEEP_MINUTES && oldest && minute < oldest.minute) return null;
    const created: MinuteUsage = { minute, consumed: 0, reserved: 0, full: false };
    const at = t.buckets.findIndex((b) => b.minute > minute);
    if (at === -1) t.buckets.push(created);
    else t.buckets.splice(at, 0, created);
    while (t.buckets.length > KEEP_MINUTES) t.buckets.shift();
    return created;
  }
}

/**
 * Pool-served requests that started at or after `since` (e.g. now − KEEP_MINUTES minutes), for
 * PoolTracker.seed after a restart.
 */
export function recentPoolUsage(db: Db, since: number): PoolUsageRow[] {
  return db
    .prepare<
      [number],
      {
        pool_id: string;
        started_at: number;
        input_tokens: number;
        cache_read_tokens: number;
        cache_write_tokens: number;
        output_tokens: number;
      }
    >(
      `SELECT pool_id, started_at, input_tokens, cache_read_tokens,
         cache_write_5m_tokens + cache_write_1h_tokens AS cache_write_tokens, output_tokens
       FROM requests
       WHERE pool_id IS NOT NULL AND started_at >= ? AND outcome != 'in_flight'
       ORDER BY started_at`,
    )
    .all(since)
    .map((row) => ({
      poolId: row.pool_id,
      startedAt: row.started_at,
      tokens: {
        inputTokens: row.input_tokens,
        cacheReadTokens: row.cache_read_tokens,
        cacheWriteTokens: row.cache_write_tokens,
        outputTokens: row.output_tokens,
      },
    }));
}

/** A request's normalised usage as the pool math counts it (both cache-write lifetimes are writes). */
export function tokenCounts(usage: TokenUsage): TokenCounts {
  return {
    inputTokens: usage.inputTokens,
    cacheReadTokens: usage.cacheReadTokens,
    cacheWriteTokens: usage.cacheWrite5mTokens + usage.cacheWrite1hTokens,
    outputTokens: usage.outputTokens,
  };
}

export function minuteOf(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

function releaseFrom(bucket: MinuteUsage, reserved: number): void {
  if (Number.isFinite(reserved) && reserved > 0) bucket.reserved = Math.max(0, bucket.reserved - reserved);
}

/** Token counts from a provider are untrusted: anything but a finite, non-negative number counts as 0. */
function sanitize(tokens: TokenCounts): TokenCounts {
  const n = (value: number) => (Number.isFinite(value) && value > 0 ? value : 0);
  return {
    inputTokens: n(tokens.inputTokens),
    cacheReadTokens: n(tokens.cacheReadTokens),
    cacheWriteTokens: n(tokens.cacheWriteTokens),
    outputTokens: n(tokens.outputTokens),
  };
}
