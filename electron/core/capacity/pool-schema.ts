import { z } from 'zod';
import type { CapacityModel } from './pool-math';

/**
 * A reserved-capacity pool in the config file (protocols.md §8): provisioned throughput (Azure PTU, Bedrock
 * model units, xAI units) or a flat-rate subscription (Claude Max, ChatGPT Pro). Pools are validated one by
 * one (validatePools), so a broken pool is reported and left out while the others keep working.
 */

const name = z.string().min(1);

const isoInstant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .describe('An ISO 8601 date (UTC midnight) or date-time');

const capacitySchema = z
  .strictObject({
    tokensPerMinute: z
      .number()
      .positive()
      .describe('Input-token equivalents per minute for ALL units together (units × TPM per unit)'),
    outputWeight: z
      .number()
      .nonnegative()
      .default(1)
      .describe('How many input tokens one output token counts as (Azure: 4 for gpt-4.1 and later)'),
    cachedCounts: z
      .boolean()
      .default(false)
      .describe('Whether cache-read input tokens count against capacity (Azure: no)'),
  })
  .describe('What the pool serves per minute; required for provisioned pools');

const priceSchema = z
  .strictObject({
    perUnitHour: z
      .number()
      .nonnegative()
      .optional()
      .describe('USD per unit-hour, billed whether used or not (Azure: ~$1 per global PTU-hour)'),
    units: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('How many units the pool has (default 1); perUnitHour is per unit, perMonth for all of them'),
    perMonth: z
      .number()
      .nonnegative()
      .optional()
      .describe('USD per month for the whole pool (a reservation or a plan fee), pro-rated over 730 h'),
  })
  .describe('One of perUnitHour or perMonth');

const termSchema = z
  .strictObject({
    start: isoInstant.optional().describe('When the pool starts costing (inclusive)'),
    end: isoInstant.optional().describe('When it stops (exclusive): nothing is charged or routed after it'),
  })
  .describe('The reservation or plan term; default: always');

export const poolSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'use letters, digits, ".", "_" or "-"')
      .describe('Recorded as pool_id on the requests it serves'),
    name: z.string().optional(),
    kind: z
      .enum(['provisioned', 'subscription'])
      .describe('provisioned throughput (PTU, model units) or a flat-rate subscription'),
    provider: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lowercase letters, digits, ".", "_" or "-"')
      .describe('The provider id (from `providers`) the pool lives on'),
    deployment: name
      .optional()
      .describe(
        'The model (deployment) name on that provider that serves the pool; default: the requested model',
      ),
    models: z
      .array(name)
      .min(1)
      .describe('Requested model globs the pool covers (* and ?, case-insensitive)'),
    capacity: capacitySchema.optional(),
    price: priceSchema,
    term: termSchema.optional(),
  })
  .superRefine((pool, ctx) => {
    const problem = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const { perUnitHour, perMonth } = pool.price;
    if ((perUnitHour === undefined) === (perMonth === undefined)) {
      problem(['price'], 'give exactly one of perUnitHour or perMonth');
    }
    if (pool.kind === 'provisioned' && pool.capacity === undefined) {
      problem(['capacity'], 'a provisioned pool needs its capacity (tokensPerMinute)');
    }
    if (pool.kind === 'subscription') {
      if (pool.capacity !== undefined) {
        problem(['capacity'], 'only provisioned pools have a capacity; a plan reports its own windows');
      }
      if (perUnitHour !== undefined) problem(['price', 'perUnitHour'], 'a subscription is priced perMonth');
    }
    const start = pool.term?.start === undefined ? undefined : Date.parse(pool.term.start);
    const end = pool.term?.end === undefined ? undefined : Date.parse(pool.term.end);
    if (start !== undefined && end !== undefined && start >= end) {
      problem(['term', 'end'], 'the term must end after it starts');
    }
  });

export type PoolInput = z.input<typeof poolSchema>;
export type PoolConfig = z.output<typeof poolSchema>;
export type ProvisionedPool = PoolConfig & { kind: 'provisioned'; capacity: CapacityModel };
export type SubscriptionPool = PoolConfig & { kind: 'subscription' };
/** A provisioned pool the tracker can route to. */
export type ResolvedPool = ProvisionedPool;

export function isProvisioned(pool: PoolConfig): pool is ProvisionedPool {
  return pool.kind === 'provisioned' && pool.capacity !== undefined;
}

/** How many units the pool has (price.units, default 1). */
export function poolUnits(pool: PoolConfig): number {
  return pool.price.units ?? 1;
}

/** The term as ms since the epoch (open ends are ±Infinity). */
export function poolTerm(pool: PoolConfig): { start: number; end: number } {
  return {
    start: pool.term?.start === undefined ? -Infinity : Date.parse(pool.term.start),
    end: pool.term?.end === undefined ? Infinity : Date.parse(pool.term.end),
  };
}

/** Where a request the pool serves goes: the pool's provider, its deployment or else the requested model. */
export function poolTarget(pool: PoolConfig, model: string): { provider: string; model: string } {
  return { provider: pool.provider, model: pool.deployment ?? model };
}

export interface PoolsValidation {
  /** The pools that can be used, in config order; invalid pools are left out, never fatal. */
  pools: PoolConfig[];
  /** One line per problem, naming the pool and field: `pools[1] "ptu-east": capacity.tokensPerMinute: ...`. */
  problems: string[];
}

/**
 * Validates the config's `pools` section pool by pool, so one broken pool is reported and skipped while the
 * others keep working. `providers` holds the configured provider ids (a Map of id → dialect or a Set).
 */
export function validatePools(raw: unknown, providers: { has(id: string): boolean }): PoolsValidation {
  const pools: PoolConfig[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { pools, problems };
  if (!Array.isArray(raw)) return { pools, problems: ['pools: expected an array of pools'] };
  const ids = new Set<string>();
  raw.forEach((candidate: unknown, index: number) => {
    const label = poolLabel(candidate, index);
    const parsed = poolSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${label}: ${describeIssue(issue)}`);
      return;
    }
    const pool = parsed.data;
    const own: string[] = [];
    if (!providers.has(pool.provider)) own.push(`provider: no provider with id "${pool.provider}"`);
    if (ids.has(pool.id)) own.push(`id: duplicate pool id "${pool.id}"`);
    if (own.length > 0) {
      for (const problem of own) problems.push(`${label}: ${problem}`);
      return;
    }
    ids.add(pool.id);
    pools.push(pool);
  });
  return { pools, problems };
}

function poolLabel(candidate: unknown, index: number): string {
  const id = (candidate as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? `pools[${index}] "${id}"` : `pools[${index}]`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
  return `${path || '(pool)'}: ${issue.message}`;
}
