import { useMemo } from 'react';
import type { BudgetStatus } from '../../../../shared/budgets';
import { useNow, Countdown } from '../../components/countdown';
import { chartColors } from '../../components/chart-theme';
import { EChart } from '../../components/echart';
import { EmptyState } from '../../components/empty-state';
import { Money } from '../../components/money';
import { Card } from '../../components/page';
import { Meter } from '../../components/stat-card';
import { formatPercent, formatTime } from '../../lib/format';
import { useTheme } from '../../stores/theme-store';
import { burnDownOption } from './overview-charts';

/** Daily spends, when the core adds them to BudgetStatus (see the note in the report). */
function dailySpendsOf(budget: BudgetStatus): readonly number[] | undefined {
  const daily = (budget as BudgetStatus & { dailySpendsUsd?: unknown }).dailySpendsUsd;
  return Array.isArray(daily) && daily.every((d) => typeof d === 'number') ? (daily as number[]) : undefined;
}

function BudgetPanel({ budget, now }: { budget: BudgetStatus; now: number }) {
  const theme = useTheme((s) => s.theme);
  const option = useMemo(
    () => burnDownOption(budget, chartColors(theme), now, dailySpendsOf(budget)),
    [budget, theme, now],
  );
  const ratio = budget.amountUsd > 0 ? budget.spentUsd / budget.amountUsd : 0;
  const block = budget.thresholds.find((t) => t.action === 'block');
  return (
    <article className="budget" aria-label={`Budget ${budget.name}`}>
      <header className="budget-header">
        <h3>{budget.name}</h3>
        <span className="muted">
          {budget.period === 'day' ? 'daily' : budget.period === 'week' ? 'weekly' : 'monthly'} ·{' '}
          <Countdown to={budget.resetsAt} />
        </span>
      </header>
      <p className="budget-figures">
        <Money value={budget.spentUsd} /> of <Money value={budget.amountUsd} />{' '}
        <span className="muted">({formatPercent(ratio)})</span>
        {budget.reservedUsd > 0 && (
          <span className="muted">
            {' '}
            · <Money value={budget.reservedUsd} /> held by requests in flight
          </span>
        )}
      </p>
      <Meter
        label={`${budget.name} used`}
        value={budget.spentUsd}
        max={budget.amountUsd}
        warnAt={0.8}
        badAt={block ? block.percent / 100 : 1}
        valueText={`${formatPercent(ratio)} used`}
      />
      <p className="muted budget-forecast">
        Forecast at the current pace: <Money value={budget.forecast.projectedUsd} estimate /> (range{' '}
        <Money value={budget.forecast.lowUsd} estimate />–<Money value={budget.forecast.highUsd} estimate />)
        {budget.forecast.runsOutAt && (
          <strong className="tone-bad-text"> · runs out {formatTime(budget.forecast.runsOutAt)}</strong>
        )}
      </p>
      <EChart
        option={option}
        height={200}
        label={`Burn-down of ${budget.name}: budget left over the period, with forecast`}
      />
    </article>
  );
}

export function BudgetsCard({
  budgets,
  error,
  loading,
}: {
  budgets: BudgetStatus[];
  error: string | null;
  loading: boolean;
}) {
  // Minute resolution is plenty for a month-long chart; it keeps the option stable between renders.
  const now = useNow(60_000);
  return (
    <Card title="Budgets" wide actions={<a href="#/budgets">Manage budgets</a>}>
      {error && budgets.length === 0 ? (
        <p className="muted">Budgets could not be loaded: {error}</p>
      ) : budgets.length === 0 ? (
        loading ? (
          <p className="muted">Loading…</p>
        ) : (
          <EmptyState title="No budgets yet" compact action={{ label: 'Set a budget', href: '#/budgets' }}>
            <p>
              A budget caps on-demand spend per day, week or month, warns at thresholds and can downgrade or
              block requests at its limit.
            </p>
          </EmptyState>
        )
      ) : (
        <div className="budget-grid">
          {budgets.map((budget) => (
            <BudgetPanel key={budget.id} budget={budget} now={now} />
          ))}
        </div>
      )}
    </Card>
  );
}
