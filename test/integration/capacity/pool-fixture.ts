import type { Db } from '../../../electron/core/store/open-database';
import type { PoolInput } from '../../../electron/core/capacity/pool-schema';

/**
 * A hand-worked day of traffic for reserved-capacity reports.
 *
 * Pool "ptu-east": provisioned on provider "azure", deployment gpt-4.1, covering gpt-4.1*; 2 units at
 * $1/unit-hour; 12,000 input-token equivalents per minute for both units (6,000 per unit); an output token
 * counts as 4 input tokens; cache reads are free against capacity.
 *
 * Request shape A (gpt-4.1 at list prices $10/M input, $1/M cache read, $40/M output):
 *   2,000 uncached input + 3,000 cache-read + 250 output = 5,250 tokens
 *   consumption   = 2,000 + 4 × 250 = 3,000 token-equivalents (cache reads free)
 *   list price    = 2,000 × $10/M + 3,000 × $1/M + 250 × $40/M = $0.02 + $0.003 + $0.01 = $0.033
 *   ⇒ $0.033 / 3,000 = $11 per million token-equivalents
 *
 * The day (1,440 minutes):
 *   - every minute one pool request A                          (3,000 = 25 % of capacity)
 *   - 14:00–14:59 three more pool requests A each minute       (12,000 = 100 %)
 *     and two on-demand requests A on "openai" (spillover)     (demand 18,000 = 150 %)
 *
 * Pool "ptu-west": provisioned on "azure", deployment gpt-4o, covering gpt-4o*; 1 unit of 6,000 tokens/min,
 * output weight 4, reserved at $73/month (= $2.40 a day: $73 × 24 h ÷ 730 h).
 * Request shape B (gpt-4o, $10/M input, $40/M output): 2,000 input + 250 output → 3,000 equivalents, $0.03.
 *   - 09:00–09:59 two pool requests B each minute              (6,000 = 100 %)
 *     and two on-demand requests B (spillover)                 (demand 12,000 = 200 %)
 *
 * Plan "claude-max": subscription on "claude-max" at $200/month; 100 requests of claude-sonnet-4-5 billed to
 * the plan at $0.15 list price each = $15.
 * Plan "codex-pro": subscription on "codex" at $200/month; 10 requests of gpt-5-codex at $0.10 = $1.
 *
 * Noise that no report may count: a pool row just after the day, an in-flight pool row, a rejected
 * gpt-4.1 row, an on-demand claude-sonnet-4-5 row (not covered), and a gpt-4.1 subscription row.
 */
export const POOLS: PoolInput[] = [
  {
    id: 'ptu-east',
    name: 'Azure PTU, East US',
    kind: 'provisioned',
    provider: 'azure',
    deployment: 'gpt-4.1',
    models: ['gpt-4.1*'],
    capacity: { tokensPerMinute: 12_000, outputWeight: 4, cachedCounts: false },
    price: { perUnitHour: 1, units: 2 },
  },
  {
    id: 'ptu-west',
    kind: 'provisioned',
    provider: 'azure',
    deployment: 'gpt-4o',
    models: ['gpt-4o*'],
    capacity: { tokensPerMinute: 6_000, outputWeight: 4 },
    price: { perMonth: 73, units: 1 },
  },
  {
    id: 'claude-max',
    name: 'Claude Max 20x',
    kind: 'subscription',
    provider: 'claude-max',
    models: ['claude-*'],
    price: { perMonth: 200 },
  },
  { id: 'codex-pro', kind: 'subscription', provider: 'codex', models: ['gpt-*'], price: { perMonth: 200 } },
];

export const PROVIDERS = [
  { id: 'azure', dialect: 'openai', baseUrl: 'https://example.openai.azure.com/openai/v1' },
  { id: 'openai', dialect: 'openai', baseUrl: 'https://api.openai.com/v1' },
  { id: 'anthropic', dialect: 'anthropic', baseUrl: 'https://api.anthropic.com' },
  { id: 'claude-max', dialect: 'anthropic', baseUrl: 'https://api.anthropic.com' },
  { id: 'codex', dialect: 'openai', baseUrl: 'https://chatgpt.com/backend-api/codex' },
] as const;

const MINUTE = 60_000;

interface Row {
  startedAt: number;
  provider: string;
  model: string;
  input: number;
  cacheRead?: number;
  output: number;
  cost: number | null;
  poolId?: string | null;
  billing?: 'on_demand' | 'pool' | 'subscription';
  outcome?: string;
}

let sequence = 0;

export function insertRows(db: Db, rows: readonly Row[]): void {
  const insert = db.prepare(
    `INSERT INTO requests (id, started_at, finished_at, tool, dialect, endpoint, provider, requested_model,
       served_model, stream, status, outcome, input_tokens, cache_read_tokens, output_tokens, cost_usd,
       price_source, pool_id, billing)
     VALUES (@id, @startedAt, @startedAt + 1000, 'codex', 'openai', 'chat', @provider, @model, @model, 0, 200,
       @outcome, @input, @cacheRead, @output, @cost, @priceSource, @poolId, @billing)`,
  );
  db.transaction(() => {
    for (const row of rows) {
      sequence += 1;
      insert.run({
        id: `req-${sequence}`,
        startedAt: row.startedAt,
        provider: row.provider,
        model: row.model,
        outcome: row.outcome ?? 'ok',
        input: row.input,
        cacheRead: row.cacheRead ?? 0,
        output: row.output,
        cost: row.cost,
        priceSource: row.cost === null ? 'unpriced' : 'override',
        poolId: row.poolId ?? null,
        billing: row.billing ?? (row.poolId ? 'pool' : 'on_demand'),
      });
    }
  })();
}

const A = { model: 'gpt-4.1', input: 2_000, cacheRead: 3_000, output: 250, cost: 0.033 };
const B = { model: 'gpt-4o', input: 2_000, output: 250, cost: 0.03 };

/** Inserts the day described above, starting at `dayStart` (ms). */
export function insertDay(db: Db, dayStart: number): void {
  const rows: Row[] = [];
  for (let minute = 0; minute < 1440; minute += 1) {
    const at = dayStart + minute * MINUTE + 5_000;
    rows.push({ ...A, startedAt: at, provider: 'azure', poolId: 'ptu-east' });
    if (minute >= 14 * 60 && minute < 15 * 60) {
      for (let i = 1; i <= 3; i += 1)
        rows.push({ ...A, startedAt: at + i, provider: 'azure', poolId: 'ptu-east' });
      for (let i = 4; i <= 5; i += 1) rows.push({ ...A, startedAt: at + i, provider: 'openai' });
    }
    if (minute >= 9 * 60 && minute < 10 * 60) {
      for (let i = 1; i <= 2; i += 1)
        rows.push({ ...B, startedAt: at + i, provider: 'azure', poolId: 'ptu-west' });
      for (let i = 3; i <= 4; i += 1) rows.push({ ...B, startedAt: at + i, provider: 'openai' });
    }
  }
  for (let i = 0; i < 100; i += 1) {
    rows.push({
      startedAt: dayStart + 8 * 3_600_000 + i * MINUTE,
      provider: 'claude-max',
      model: 'claude-sonnet-4-5',
      input: 1_000,
      cacheRead: 40_000,
      output: 2_000,
      cost: 0.15,
      billing: 'subscription',
    });
  }
  for (let i = 0; i < 10; i += 1) {
    rows.push({
      startedAt: dayStart + 20 * 3_600_000 + i * MINUTE,
      provider: 'codex',
      model: 'gpt-5-codex',
      input: 10_000,
      output: 1_000,
      cost: 0.1,
      billing: 'subscription',
    });
  }
  // Noise.
  rows.push({ ...A, startedAt: dayStart + 1440 * MINUTE + 30_000, provider: 'azure', poolId: 'ptu-east' });
  rows.push({
    ...A,
    startedAt: dayStart + 60 * MINUTE,
    provider: 'azure',
    poolId: 'ptu-east',
    outcome: 'in_flight',
  });
  rows.push({ ...A, startedAt: dayStart + 61 * MINUTE, provider: 'openai', outcome: 'rejected', cost: 0 });
  rows.push({ ...A, startedAt: dayStart + 62 * MINUTE, provider: 'anthropic', model: 'claude-sonnet-4-5' });
  rows.push({ ...A, startedAt: dayStart + 63 * MINUTE, provider: 'openai', billing: 'subscription' });
  insertRows(db, rows);
}
