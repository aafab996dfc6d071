import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pools } from '../../../electron/cli/pools-command';
import { UsageError, type Io } from '../../../electron/cli/commands';
import type {
  ProvisionedPoolReport,
  SubscriptionPoolReport,
} from '../../../electron/core/capacity/pool-report';
import { databasePath } from '../../../electron/core/paths';
import { openDatabase } from '../../../electron/core/store/open-database';
import { insertDay, POOLS, PROVIDERS } from './pool-fixture';

// February has no daylight-saving change in the usual time zones, so the local month is whole days.
const DAY = new Date(2026, 1, 10).getTime();
const NOW = new Date(2026, 1, 11).getTime();

let dataDir: string;

function capture(): Io & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (line) => lines.push(line), err: (line) => errors.push(line) };
}

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'farebox-pools-cli-'));
  const db = openDatabase(databasePath(dataDir));
  insertDay(db, DAY);
  db.close();
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify({
      providers: PROVIDERS,
      pools: [...POOLS, { id: 'broken', kind: 'provisioned', provider: 'nowhere', models: ['x'], price: {} }],
    }),
  );
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('farebox pools', () => {
  it('reports the month so far with the hand-worked figures (see pool-fixture.ts)', () => {
    const io = capture();
    const report = pools({ dataDir, month: '2026-02', json: true, now: NOW }, io);
    expect(JSON.parse(io.lines.join('\n'))).toEqual(report);
    // The broken pool is reported and left out; the others work.
    expect(io.errors).toEqual([
      'farebox: pools[4] "broken": price: give exactly one of perUnitHour or perMonth (pool left out)',
      'farebox: pools[4] "broken": capacity: a provisioned pool needs its capacity (tokensPerMinute) (pool left out)',
    ]);
    expect(report.pools.map((p) => p.id)).toEqual(['ptu-east', 'ptu-west', 'claude-max', 'codex-pro']);

    const east = report.pools[0] as ProvisionedPoolReport;
    // February 1st to 11th: 10 days = 14,400 minutes; reservation 2 units × 240 h × $1 = $480.
    expect(east.period.minutes).toBe(14_400);
    expect(east.reservationUsd).toBe(480);
    // 4,860,000 ÷ (12,000 × 14,400 = 172,800,000) = 2.8125 %; break-even $480 ÷ ($11/M × 172,800,000 =
    // $1,900.80) = 25.25 %.
    expect(east.utilization.average).toBe(0.028125);
    expect(east.breakEvenUtilization).toBe(Number((480 / 1900.8).toFixed(12)));
    expect(east.onDemandEquivalentUsd).toBe(53.46);
    expect(east.allOnDemandUsd).toBe(57.42);
    // 0 units: $57.42; 1 unit: $240 + $7.92 = $247.92; 2 units (now): $480 + $3.96 = $483.96; 3: $720.
    expect(east.recommendation.options!.map((o) => [o.units, o.totalUsd])).toEqual([
      [0, 57.42],
      [1, 247.92],
      [2, 483.96],
      [3, 720],
    ]);
    expect(east.recommendation.summary).toBe('remove 2 units (all)');

    const west = report.pools[1] as ProvisionedPoolReport;
    // $73/month × 240 h ÷ 730 h = $24; 1 unit: $24 + $3.60 = $27.60 against $7.20 all on demand.
    expect(west.reservationUsd).toBe(24);
    expect(west.recommendation.summary).toBe('remove 1 unit (all)');

    const max = report.pools[2] as SubscriptionPoolReport;
    // $200/month × 240 h ÷ 730 h = $65.753425 against $15 of list-price traffic.
    expect(max.planUsd).toBe(65.753424657534);
    expect(max.listPriceUsd).toBe(15);
    expect(max.recommendation.summary).toBe('drop plan');
  });

  it('prints a table per pool with the recommendation and its arithmetic', () => {
    const io = capture();
    pools({ dataDir, month: '2026-02', now: NOW }, io);
    const text = io.lines.join('\n');
    expect(text).toContain('ptu-east (Azure PTU, East US): provisioned on azure / gpt-4.1, models gpt-4.1*');
    expect(text).toContain(
      '  capacity           2 unit(s) × 6,000 = 12,000 tokens/min (output ×4, cached reads free)',
    );
    expect(text).toContain('  requests           1,620, 8,505,000 tokens, 4,860,000 token-equivalents');
    expect(text).toContain(
      '  utilization        2.8% average, 100.0% peak minute, 150.0% peak demand; 60 min at capacity',
    );
    expect(text).toContain('  reservation        $480.00');
    expect(text).toContain('  on-demand equiv.   $53.46 (lost $426.54)');
    expect(text).toContain('  spillover          120 request(s), $3.96');
    expect(text).toContain('  all on demand      $57.42');
    expect(text).toContain('  break-even         25.3%');
    expect(text).toContain('  recommendation     remove 2 units (all)');
    expect(text).toContain(
      '    → remove 2 units (all): $57.42 instead of $483.96, saving $426.54 for the period.',
    );
    expect(text).toContain('claude-max (Claude Max 20x): subscription on claude-max');
    expect(text).toContain('  plan               $200.00/month → $65.753425 for the period');
    expect(text).toContain('  windows            none reported yet');
    expect(text).toContain('  recommendation     drop plan');
  });

  it('says so when no pools are configured, and rejects a bad month', () => {
    const empty = mkdtempSync(join(tmpdir(), 'farebox-pools-empty-'));
    try {
      const io = capture();
      const report = pools({ dataDir: empty, month: '2026-02', now: NOW }, io);
      expect(report.pools).toEqual([]);
      expect(io.lines.join('\n')).toContain(
        `No pools configured: add a "pools" section to ${join(empty, 'config.json')}.`,
      );
      expect(() => pools({ dataDir: empty, month: '2026-13' }, capture())).toThrow(UsageError);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
