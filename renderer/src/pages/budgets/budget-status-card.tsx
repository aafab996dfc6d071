import type { BudgetStatus } from '../../../../shared/budgets';
import { Countdown } from '../../components/countdown';
import { Money } from '../../components/money';
import { Meter } from '../../components/stat-card';
import { formatPercent, formatUsd } from '../../lib/format';

const PERIOD_LABELS: Record<BudgetStatus['period'], string> = {
  day: 'Daily',
  week: 'Weekly',
  month: 'Monthly',
};

export function periodLabel(period: BudgetStatus['period']): string {
  return PERIOD_LABELS[period];
}

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** One budget in force: spend against the amount, thresholds, forecast and the reset. */
export function BudgetStatusCard({ status }: { status: BudgetStatus }) {
  const headingId = `budget-status-${status.id}`;
  const ratio = status.amountUsd > 0 ? status.spentUsd / status.amountUsd : 0;
  const forecastRatio = status.amountUsd > 0 ? status.forecast.projectedUsd / status.amountUsd : 0;
  return (
    <article className="fb-card budget-status" aria-labelledby={headingId}>
      <header className="budget-status-head">
        <h3 id={headingId}>{status.name || status.id}</h3>
        <span className="fb-muted">
          {periodLabel(status.period)} · {status.timeZone}
        </span>
      </header>
      <p className="budget-figure">
        <Money value={status.spentUsd} /> <span className="fb-muted">of</span>{' '}
        <Money value={status.amountUsd} />
        <span className={`fb-badge ${ratio >= 1 ? 'is-bad' : ratio >= 0.8 ? 'is-warn' : 'is-ok'}`}>
          {formatPercent(status.percentUsed / 100, undefined, 1)} used
        </span>
      </p>
      <Meter
        label={`${status.name || status.id}: spent of budget`}
        value={status.spentUsd}
        max={status.amountUsd}
        valueText={`${formatUsd(status.spentUsd)} of ${formatUsd(status.amountUsd)}`}
      />
      {status.reservedUsd > 0 && (
        <p className="fb-muted">
          <Money value={status.reservedUsd} /> held by requests in flight (worst case)
        </p>
      )}
      <ul className="budget-thresholds" aria-label="Thresholds">
        {status.thresholds.map((t) => (
          <li key={`${t.percent}-${t.action}`} className={`fb-badge ${t.reached ? 'is-bad' : ''}`}>
            {t.action} at {t.percent} %{t.reached ? ' — reached' : ''}
          </li>
        ))}
        {status.thresholds.length === 0 && (
          <li className="fb-muted">No thresholds: nothing happens at the limit.</li>
        )}
      </ul>
      <dl className="fb-facts">
        <dt>Forecast</dt>
        <dd>
          <Money value={status.forecast.projectedUsd} estimate /> by the reset{' '}
          <span className="fb-muted">
            (likely <Money value={status.forecast.lowUsd} estimate /> –{' '}
            <Money value={status.forecast.highUsd} estimate />,{' '}
            <Money value={status.forecast.dailyRateUsd} estimate /> a day)
          </span>
          {forecastRatio > 1 && <span className="fb-warn-text"> — over budget at this pace</span>}
        </dd>
        {status.forecast.runsOutAt && (
          <>
            <dt>Runs out</dt>
            <dd className="fb-warn-text">
              <time dateTime={status.forecast.runsOutAt}>{when(status.forecast.runsOutAt)}</time> at the
              current pace (estimate)
            </dd>
          </>
        )}
        <dt>Resets</dt>
        <dd>
          <Countdown to={status.resetsAt} /> <span className="fb-muted">({when(status.resetsAt)})</span>
        </dd>
      </dl>
      {status.alerts.length > 0 && (
        <details className="budget-alerts">
          <summary>
            {status.alerts.length} alert{status.alerts.length === 1 ? '' : 's'} this period
          </summary>
          <ul>
            {status.alerts.map((alert) => (
              <li key={`${alert.percent}-${alert.action}-${alert.firedAt}`}>
                <time dateTime={alert.firedAt}>{when(alert.firedAt)}</time>: {alert.action} at {alert.percent}{' '}
                % (
                <Money value={alert.spentUsd} /> spent)
              </li>
            ))}
          </ul>
        </details>
      )}
    </article>
  );
}
