import { describe, expect, it } from 'vitest';
import {
  isProvisioned,
  poolSchema,
  poolTarget,
  poolTerm,
  poolUnits,
  validatePools,
} from '../../../../electron/core/capacity/pool-schema';

const PROVIDERS: ReadonlyMap<string, string> = new Map([
  ['azure', 'openai'],
  ['claude-max', 'anthropic'],
]);

const PTU = {
  id: 'ptu-east',
  kind: 'provisioned',
  provider: 'azure',
  deployment: 'gpt-41-ptu',
  models: ['gpt-4.1*'],
  capacity: { tokensPerMinute: 45_000 },
  price: { perUnitHour: 1, units: 15 },
  term: { start: '2026-01-01', end: '2027-01-01' },
};

const MAX = {
  id: 'claude-max',
  kind: 'subscription',
  provider: 'claude-max',
  models: ['claude-*'],
  price: { perMonth: 200 },
};

/** Problems of one pool placed behind a valid one (so its index is 1). */
function problemsOf(pool: unknown): string[] {
  return validatePools([MAX, pool], PROVIDERS).problems;
}

describe('pool schema', () => {
  it('parses a provisioned pool with the capacity defaults', () => {
    const pool = poolSchema.parse(PTU);
    expect(pool.capacity).toEqual({ tokensPerMinute: 45_000, outputWeight: 1, cachedCounts: false });
    expect(isProvisioned(pool)).toBe(true);
    expect(poolUnits(pool)).toBe(15);
    expect(poolTerm(pool)).toEqual({
      start: Date.parse('2026-01-01T00:00:00Z'),
      end: Date.parse('2027-01-01T00:00:00Z'),
    });
    expect(poolTarget(pool, 'gpt-4.1')).toEqual({ provider: 'azure', model: 'gpt-41-ptu' });
  });

  it('parses a subscription; without a deployment the requested model is the target', () => {
    const pool = poolSchema.parse(MAX);
    expect(isProvisioned(pool)).toBe(false);
    expect(poolUnits(pool)).toBe(1);
    expect(poolTerm(pool)).toEqual({ start: -Infinity, end: Infinity });
    expect(poolTarget(pool, 'claude-opus-4-1')).toEqual({ provider: 'claude-max', model: 'claude-opus-4-1' });
  });

  it('accepts term date-times with an offset', () => {
    const pool = poolSchema.parse({ ...PTU, term: { start: '2026-01-01T09:00:00+01:00' } });
    expect(poolTerm(pool).start).toBe(Date.parse('2026-01-01T08:00:00Z'));
  });
});

describe('validatePools', () => {
  it('keeps valid pools in order with no problems', () => {
    const result = validatePools([PTU, MAX], PROVIDERS);
    expect(result.problems).toEqual([]);
    expect(result.pools.map((p) => p.id)).toEqual(['ptu-east', 'claude-max']);
  });

  it('treats a missing section as no pools, and a non-array as a problem', () => {
    expect(validatePools(undefined, PROVIDERS)).toEqual({ pools: [], problems: [] });
    expect(validatePools({ id: 'x' }, PROVIDERS)).toEqual({
      pools: [],
      problems: ['pools: expected an array of pools'],
    });
  });

  it('names the pool and field of each problem, and one bad pool never takes the others down', () => {
    const result = validatePools(
      [
        PTU,
        { ...PTU, id: 'no-capacity', capacity: undefined },
        { ...MAX, id: 'bad-plan', capacity: { tokensPerMinute: 1 }, price: { perUnitHour: 2 } },
        MAX,
      ],
      PROVIDERS,
    );
    expect(result.pools.map((p) => p.id)).toEqual(['ptu-east', 'claude-max']);
    expect(result.problems).toEqual([
      'pools[1] "no-capacity": capacity: a provisioned pool needs its capacity (tokensPerMinute)',
      'pools[2] "bad-plan": capacity: only provisioned pools have a capacity; a plan reports its own windows',
      'pools[2] "bad-plan": price.perUnitHour: a subscription is priced perMonth',
    ]);
  });

  it('reports field errors with their paths', () => {
    expect(problemsOf({ ...PTU, capacity: { tokensPerMinute: -5, outputWeight: 'four' } })).toEqual([
      'pools[1] "ptu-east": capacity.tokensPerMinute: Too small: expected number to be >0',
      'pools[1] "ptu-east": capacity.outputWeight: Invalid input: expected number, received string',
    ]);
    expect(problemsOf({ ...PTU, kind: 'reserved' })[0]).toMatch(/^pools\[1\] "ptu-east": kind: /);
    expect(problemsOf({ ...PTU, models: [] })[0]).toMatch(/^pools\[1\] "ptu-east": models: /);
    expect(problemsOf({ ...PTU, extra: true })[0]).toMatch(
      /^pools\[1\] "ptu-east": \(pool\): Unrecognized key/,
    );
    expect(problemsOf({ ...PTU, id: 'has space' })).toEqual([
      'pools[1] "has space": id: use letters, digits, ".", "_" or "-"',
    ]);
    expect(problemsOf('nope')).toEqual(['pools[1]: (pool): Invalid input: expected object, received string']);
  });

  it('needs exactly one price', () => {
    expect(problemsOf({ ...PTU, price: { units: 2 } })).toEqual([
      'pools[1] "ptu-east": price: give exactly one of perUnitHour or perMonth',
    ]);
    expect(problemsOf({ ...PTU, price: { perUnitHour: 1, perMonth: 260 } })).toEqual([
      'pools[1] "ptu-east": price: give exactly one of perUnitHour or perMonth',
    ]);
    expect(problemsOf({ ...PTU, price: { perMonth: 3_900, units: 15 } })).toEqual([]);
  });

  it('checks the term, the provider and duplicate ids', () => {
    expect(problemsOf({ ...PTU, term: { start: '2027-01-01', end: '2026-01-01' } })).toEqual([
      'pools[1] "ptu-east": term.end: the term must end after it starts',
    ]);
    expect(problemsOf({ ...PTU, term: { start: 'next monday' } })[0]).toMatch(
      /^pools\[1\] "ptu-east": term\.start: /,
    );
    expect(problemsOf({ ...PTU, provider: 'bedrock' })).toEqual([
      'pools[1] "ptu-east": provider: no provider with id "bedrock"',
    ]);
    expect(problemsOf({ ...PTU, id: 'claude-max' })).toEqual([
      'pools[1] "claude-max": id: duplicate pool id "claude-max"',
    ]);
  });

  it('takes a Set of provider ids as well', () => {
    expect(validatePools([PTU], new Set(['azure'])).problems).toEqual([]);
  });
});
