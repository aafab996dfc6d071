import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BudgetLedger, type BudgetAlert } from '../../../../electron/core/budgets/budget-ledger';
import type { BudgetConfig } from '../../../../electron/core/budgets/budget-schema';
import { validateBudgets } from '../../../../electron/core/budgets/validate-budgets';
import { openDatabase, type Db } from '../../../../electron/core/store/open-database';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'farebox-budget-'));
  db = openDatabase(join(dir, 'farebox.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const NOW = Date.UTC(2026, 10, 15, 12);
const SUBJECT = {
  tool: 'claude-code',
  tags: [] as string[],
  provider: 'anthropic',
  model: 'claude-sonnet-4-5',
};

function budget(overrides: Partial<BudgetConfig> = {}): BudgetConfig {
  return {
    id: 'b',
    period: 'month',
    timeZone: 'UTC',
    weekStartsOn: 'mon',
    scope: {},
    amountUsd: 10,
    thresholds: [
      { percent: 80, action: 'notify' },
      { percent: 100, action: 'block' },
    ],
    ...overrides,
  };
}

function insertSpend(cost: number, fields: Record<string, unknown> = {}) {
  const row = {
    id: `r${Math.random()}`,
    started_at: NOW - 3_600_000,
    tool: 'claude-code',
    dialect: 'anthropic',
    endpoint: 'anthropic-messages',
    provider: 'anthropic',
    served_model: 'claude-sonnet-4-5',
    stream: 0,
    outcome: 'ok',
    cost_usd: cost,
    price_source: 'test',
    billing: 'on_demand',
    ...fields,
  };
  const columns = Object.keys(row);
  db.prepare(
    `INSERT INTO requests (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  ).run(row);
}

describe('BudgetLedger', () => {
  it('starts from the period’s on-demand spend in the log, scope applied', () => {
    insertSpend(3);
    insertSpend(2, { tool: 'codex' });
    insertSpend(4, { billing: 'subscription' }); // paid by a plan: not spend
    insertSpend(5, { started_at: Date.UTC(2026, 9, 31, 23) }); // last month
    const ledger = new BudgetLedger(
      db,
      [budget({ scope: { tools: ['claude-*'] } }), budget({ id: 'all' })],
      {},
      NOW,
    );
    expect(ledger.states(NOW).map((s) => [s.config.id, s.spentUsd])).toEqual([
      ['b', 3],
      ['all', 5],
    ]);
  });

  it('holds worst cases of requests in flight, blocks what would pass the limit, and settles to the actual cost', () => {
    insertSpend(7);
    const ledger = new BudgetLedger(db, [budget()], {}, NOW);
    const first = ledger.admit(SUBJECT, 2, NOW);
    expect(first.kind).toBe('ok');
    // $7 spent + $2 held: another $2 worst case would reach $11.
    const second = ledger.admit(SUBJECT, 2, NOW);
    expect(second).toMatchObject({ kind: 'block', spentUsd: 7 });
    expect((second as { message: string }).message).toContain('$7.00 of $10.00 this month');
    expect((second as { message: string }).message).toContain('$2.00 more held by requests in flight');
    expect((second as { message: string }).message).toContain('resets 2026-12-01 00:00 (UTC)');
    if (first.kind !== 'ok') throw new Error('unreachable');
    ledger.settle(first.reservation, 0.5, NOW);
    expect(ledger.states(NOW)[0]).toMatchObject({ spentUsd: 7.5, reservedUsd: 0 });
    expect(ledger.admit(SUBJECT, 2, NOW).kind).toBe('ok');
  });

  it('fires each threshold once per period, stored so a restart does not repeat it', () => {
    insertSpend(7.9);
    const alerts: BudgetAlert[] = [];
    const ledger = new BudgetLedger(db, [budget()], {}, NOW);
    ledger.onAlert((a) => alerts.push(a));
    const admitted = ledger.admit(SUBJECT, 0.5, NOW);
    if (admitted.kind !== 'ok') throw new Error('blocked');
    ledger.settle(admitted.reservation, 0.2, NOW);
    expect(alerts.map((a) => [a.percent, a.action, a.spentUsd])).toEqual([[80, 'notify', 8.1]]);
    const again = new BudgetLedger(db, [budget()], {}, NOW);
    const later: BudgetAlert[] = [];
    again.onAlert((a) => later.push(a));
    const next = again.admit(SUBJECT, 0.1, NOW);
    if (next.kind !== 'ok') throw new Error('blocked');
    again.settle(next.reservation, 0.1, NOW);
    expect(later).toEqual([]);
  });

  it('starts a new period from the log when the old one ends', () => {
    insertSpend(9);
    const ledger = new BudgetLedger(db, [budget()], {}, NOW);
    expect(ledger.admit(SUBJECT, 2, NOW).kind).toBe('block');
    const nextMonth = Date.UTC(2026, 11, 1, 0, 1);
    expect(ledger.admit(SUBJECT, 2, nextMonth).kind).toBe('ok');
    expect(ledger.percentUsed('b', nextMonth)).toBe(0);
  });

  it('names the downgrade target of the highest downgrade threshold reached', () => {
    insertSpend(9.5);
    const aliases = { cheap: { provider: 'openai', model: 'gpt-5-nano' } };
    const ledger = new BudgetLedger(
      db,
      [
        budget({
          thresholds: [
            { percent: 50, action: 'downgrade', target: { provider: 'openai', model: 'gpt-5-mini' } },
            { percent: 90, action: 'downgrade', target: 'cheap' },
          ],
        }),
      ],
      aliases,
      NOW,
    );
    expect(ledger.downgradeFor(SUBJECT, NOW)?.targets).toEqual([aliases.cheap]);
  });
});

describe('validateBudgets', () => {
  const providers = new Map([
    ['anthropic', 'anthropic'],
    ['openai', 'openai'],
  ]);

  it('names the budget and field, and keeps the valid ones', () => {
    const result = validateBudgets(
      [
        { id: 'ok', amountUsd: 50 },
        { id: 'bad-amount', amountUsd: -1 },
        { id: 'bad-zone', amountUsd: 5, timeZone: 'Mars/Olympus' },
        { id: 'no-target', amountUsd: 5, thresholds: [{ percent: 90, action: 'downgrade' }] },
        {
          id: 'unknown-alias',
          amountUsd: 5,
          thresholds: [{ percent: 90, action: 'downgrade', target: 'cheapest' }],
        },
        { id: 'bad-provider', amountUsd: 5, scope: { providers: ['nope'] } },
        { id: 'ok', amountUsd: 1 },
      ],
      providers,
      {},
    );
    expect(result.budgets.map((b) => b.id)).toEqual(['ok']);
    expect(result.problems).toEqual([
      expect.stringMatching(/^budgets\[1\] "bad-amount": amountUsd: /),
      'budgets[2] "bad-zone": timeZone: unknown time zone "Mars/Olympus"',
      'budgets[3] "no-target": thresholds[0].target: a downgrade needs a target or alias',
      'budgets[4] "unknown-alias": thresholds[0].target: no alias named "cheapest"',
      'budgets[5] "bad-provider": scope.providers: no provider with id "nope"',
      'budgets[6] "ok": id: duplicate budget id "ok"',
    ]);
    expect(result.budgets[0]).toMatchObject({ period: 'month', thresholds: [], scope: {} });
  });
});
