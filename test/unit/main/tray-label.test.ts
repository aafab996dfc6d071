import { describe, expect, it } from 'vitest';
import { budgetLine, formatUsd, trayText, worstBudget } from '../../../electron/main/tray-label';
import { budgetStatus } from './fake-core';

const reached = (percents: Array<[number, 'notify' | 'downgrade' | 'block']>, at: number) =>
  percents.map(([percent, action]) => ({ percent, action, reached: at >= percent }));

describe('formatUsd', () => {
  it('shows dollars and cents, with a floor for tiny amounts', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(12.345)).toBe('$12.35');
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(0.0012)).toBe('<$0.01');
  });
});

describe('budgetLine', () => {
  it('shows the percent rounded down, the name and a round amount', () => {
    const budget = budgetStatus({
      percentUsed: 92.9,
      spentUsd: 46.45,
      thresholds: reached(
        [
          [80, 'notify'],
          [100, 'block'],
        ],
        92.9,
      ),
    });
    expect(budgetLine(budget)).toBe('⚠ 92% of Monthly $50');
  });

  it('marks a blocking budget and leaves a quiet one unmarked', () => {
    const blocked = budgetStatus({ percentUsed: 100, thresholds: reached([[100, 'block']], 100) });
    expect(budgetLine(blocked)).toBe('⛔ 100% of Monthly $50');
    expect(budgetLine(budgetStatus({ percentUsed: 20, amountUsd: 12.5 }))).toBe('20% of Monthly $12.50');
  });
});

describe('worstBudget', () => {
  it('prefers the most severe state, then the fullest budget', () => {
    const calm = budgetStatus({ id: 'calm', percentUsed: 95, thresholds: [] });
    const warned = budgetStatus({ id: 'warned', percentUsed: 60, thresholds: reached([[50, 'notify']], 60) });
    const blocked = budgetStatus({
      id: 'blocked',
      percentUsed: 40,
      thresholds: reached([[40, 'block']], 40),
    });
    expect(worstBudget([calm, warned])?.id).toBe('warned');
    expect(worstBudget([calm, warned, blocked])?.id).toBe('blocked');
    expect(worstBudget([budgetStatus({ id: 'a', percentUsed: 10 }), calm])?.id).toBe('calm');
    expect(worstBudget([])).toBeNull();
  });
});

describe('trayText', () => {
  it('shows month-to-date spend alone when there are no budgets', () => {
    expect(trayText({ month: { totalUsd: 12.34, unpricedRequests: 0 }, budgets: [], paused: false })).toEqual(
      {
        title: '$12.34',
        tooltip: 'Farebox\n$12.34 this month',
        lines: ['$12.34 this month'],
      },
    );
  });

  it('adds the worst budget, in the title only once a threshold is reached', () => {
    const quiet = trayText({
      month: { totalUsd: 10, unpricedRequests: 0 },
      budgets: [budgetStatus()],
      paused: false,
    });
    expect(quiet.title).toBe('$10.00');
    expect(quiet.lines).toEqual(['$10.00 this month', '20% of Monthly $50']);

    const warned = trayText({
      month: { totalUsd: 46, unpricedRequests: 2 },
      budgets: [budgetStatus({ percentUsed: 92, thresholds: reached([[80, 'notify']], 92) })],
      paused: false,
    });
    expect(warned.title).toBe('$46.00 ⚠ 92%');
    expect(warned.tooltip).toBe('Farebox\n$46.00 this month (+2 unpriced requests)\n⚠ 92% of Monthly $50');
  });

  it('says when routing is paused', () => {
    const text = trayText({ month: { totalUsd: 1, unpricedRequests: 1 }, budgets: [], paused: true });
    expect(text.title).toBe('$1.00 ⏸');
    expect(text.lines).toEqual([
      '$1.00 this month (+1 unpriced request)',
      'Routing paused: requests go straight to their provider',
    ]);
  });
});
