import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { budgetAlertNotice, notifyBudgetAlerts } from '../../../electron/main/budget-notifications';
import { budgetAlert, budgetStatus, fakeCore } from './fake-core';

const at = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10);

describe('budgetAlertNotice', () => {
  it('names the budget, the percent and the spend, and says what the next threshold will do', () => {
    const notice = budgetAlertNotice(budgetAlert(), [budgetStatus()], at);
    expect(notice).toEqual({
      title: 'Budget "Monthly" reached 80%',
      body: '$40.00 of $50.00 spent. Nothing changes yet; at 100% new requests are blocked. It resets 2025-12-01.',
      urgency: 'normal',
    });
  });

  it('picks the nearest threshold that acts', () => {
    const status = budgetStatus({
      thresholds: [
        { percent: 50, action: 'notify', reached: true },
        { percent: 100, action: 'block', reached: false },
        { percent: 75, action: 'notify', reached: false },
        { percent: 90, action: 'downgrade', reached: false },
      ],
    });
    const notice = budgetAlertNotice(budgetAlert({ percent: 50, spentUsd: 25 }), [status], at);
    expect(notice.body).toContain('at 90% requests go to a cheaper model');
  });

  it('says when nothing will be blocked or downgraded', () => {
    const status = budgetStatus({ thresholds: [{ percent: 80, action: 'notify', reached: true }] });
    expect(budgetAlertNotice(budgetAlert(), [status], at).body).toBe(
      '$40.00 of $50.00 spent. Nothing is blocked or downgraded by this budget; it resets 2025-12-01.',
    );
  });

  it('says that requests are downgraded or blocked from now on', () => {
    const downgrade = budgetAlertNotice(budgetAlert({ percent: 90, action: 'downgrade' }), [], at);
    expect(downgrade.body).toContain(
      'now go to the cheaper model set for this threshold until it resets 2025-12-01',
    );
    const block = budgetAlertNotice(budgetAlert({ percent: 100, action: 'block', spentUsd: 50.2 }), [], at);
    expect(block).toEqual({
      title: 'Budget "Monthly" reached 100%',
      body: '$50.20 of $50.00 spent. New requests under this budget are blocked until it resets 2025-12-01.',
      urgency: 'critical',
    });
  });
});

describe('notifyBudgetAlerts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('notifies on every alert the core announces, after the core call returns, until stopped', () => {
    const core = fakeCore();
    vi.mocked(core.budgets).mockReturnValue([budgetStatus()]);
    const notify = vi.fn();
    const stop = notifyBudgetAlerts(core, notify, vi.fn(), at);
    core.emitBudgetAlert(budgetAlert());
    expect(core.budgets).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(notify).toHaveBeenCalledWith(expect.objectContaining({ title: 'Budget "Monthly" reached 80%' }));
    core.emitBudgetAlert(budgetAlert({ percent: 90 }));
    stop();
    core.emitBudgetAlert(budgetAlert({ percent: 100, action: 'block' }));
    vi.advanceTimersByTime(0);
    expect(notify).toHaveBeenCalledTimes(1);
  });

  it('still notifies when the budget status cannot be read', () => {
    const core = fakeCore();
    vi.mocked(core.budgets).mockImplementation(() => {
      throw new Error('database is locked');
    });
    const notify = vi.fn();
    const onError = vi.fn();
    notifyBudgetAlerts(core, notify, onError, at);
    core.emitBudgetAlert(budgetAlert());
    vi.advanceTimersByTime(0);
    expect(onError).toHaveBeenCalled();
    expect(notify).toHaveBeenCalledTimes(1);
  });
});
